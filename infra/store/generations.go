package store

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/jobboard/jobboard/domain"
)

// Caches above the database (the read cache here, the page and host
// caches of the web layer) keep answers per board and forget them when the
// board's change generation moves. Invalidation is explicit: a repository
// that writes what a public page shows (jobs, companies, the board; and
// its prices, to be safe) calls changed with the board, and nothing else
// moves it. So a
// write to one board leaves every other board's cached answers alone.
//
// A write inside a transaction moves the generation at once, and again
// when the transaction commits: a reader between the write and the commit
// sees the old rows and may cache them under the new generation.
//
// The platform generation moves whenever any board's own row changes
// (created, renamed, moved to another domain, suspended): it guards what
// is cached per host name, including "no board here".

// generations holds a counter per board, created on first use.
type generations struct {
	m        sync.Map // tenant id → *atomic.Uint64
	platform atomic.Uint64
}

func (g *generations) counter(tenant domain.TenantID) *atomic.Uint64 {
	if c, ok := g.m.Load(tenant.String()); ok {
		return c.(*atomic.Uint64)
	}
	c, _ := g.m.LoadOrStore(tenant.String(), new(atomic.Uint64))
	return c.(*atomic.Uint64)
}

// Generation returns the board's change generation: it moves after every
// write that may change what the board's public pages show.
func (d *DB) Generation(tenant domain.TenantID) uint64 { return d.gens.counter(tenant).Load() }

// PlatformGeneration returns the counter that moves when any board's own
// row changes, which may change which board a host name serves.
func (d *DB) PlatformGeneration() uint64 { return d.gens.platform.Load() }

// changed records that ctx's work wrote public data of the board: its
// generation moves now and, inside a transaction, again after the commit.
func (d *DB) changed(ctx context.Context, tenant domain.TenantID) {
	d.gens.counter(tenant).Add(1)
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.mu.Lock()
		if st.dirty == nil {
			st.dirty = map[domain.TenantID]struct{}{}
		}
		st.dirty[tenant] = struct{}{}
		st.mu.Unlock()
	}
}

// boardChanged is changed for a write to the board's own row.
func (d *DB) boardChanged(ctx context.Context, tenant domain.TenantID) {
	d.gens.platform.Add(1)
	d.changed(ctx, tenant)
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.mu.Lock()
		st.platform = true
		st.mu.Unlock()
	}
}

// committed moves the generations a committed transaction changed.
func (d *DB) committed(st *txState) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for tenant := range st.dirty {
		d.gens.counter(tenant).Add(1)
	}
	if st.platform {
		d.gens.platform.Add(1)
	}
}
