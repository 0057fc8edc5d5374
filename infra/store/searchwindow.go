package store

import (
	"context"
	"sync"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// searchWindow is how many of a board's newest open jobs a text search
// looks among first. The newest matches of a common word are all among
// them, and finding them there reads a few hundred narrow rows instead of
// every match of the board; a search that finds too few there is run
// again over the whole board, where its matches are few and cheap to read.
const searchWindow = 4000

// searchWindowTTL is how long a board's window start is used before it is
// found again. Any start gives the right answer (see Find): a stale one
// only makes the window a little wider or narrower.
const searchWindowTTL = time.Minute

// searchWindows caches each board's window start.
type searchWindows struct {
	mu sync.Mutex
	m  map[domain.TenantID]cachedWindow
}

type cachedWindow struct {
	// from is the publication time of the board's searchWindow-th newest
	// job; zero when the board has fewer (its search needs no window).
	from time.Time
	at   time.Time
}

// windowStart returns the publication time from which the board's newest
// searchWindow jobs were published; zero when the board has fewer.
func (d *DB) windowStart(ctx context.Context, tenant domain.TenantID) (time.Time, error) {
	d.windows.mu.Lock()
	w, ok := d.windows.m[tenant]
	d.windows.mu.Unlock()
	if ok && time.Since(w.at) < searchWindowTTL {
		return w.from, nil
	}
	var from []time.Time
	err := d.conn(ctx).NewSelect().TableExpr("job_index AS x").Column("x.published_at").
		Where("x.tenant_id = ?", tenant.String()).OrderExpr("x.published_at DESC, x.job_id DESC").
		Offset(searchWindow-1).Limit(1).Scan(ctx, &from)
	if err = translate(err); err != nil {
		return time.Time{}, err
	}
	w = cachedWindow{at: time.Now()}
	if len(from) == 1 {
		w.from = from[0]
	}
	d.windows.mu.Lock()
	if d.windows.m == nil {
		d.windows.m = map[domain.TenantID]cachedWindow{}
	}
	d.windows.m[tenant] = w
	d.windows.mu.Unlock()
	return w.from, nil
}
