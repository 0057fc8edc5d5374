package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
)

// Every read-modify-write of an aggregate follows one rule: the row is read
// locked inside the transaction that writes it back. A repository's LockBy…
// method reads the row with SELECT … FOR UPDATE on PostgreSQL (SQLite runs
// write transactions one at a time: they begin IMMEDIATE), and records the
// row in the transaction's state; its Update refuses a row that was not
// recorded. So an Update outside a transaction, or after a plain read, fails
// on both databases in every test that reaches it, instead of silently
// losing a concurrent change on PostgreSQL only.

type txKey struct{}

// txState is the transaction a context carries and the rows it has locked.
type txState struct {
	tx     bun.Tx
	mu     sync.Mutex
	locked map[rowKey]struct{}
	// dirty are the boards whose public data the transaction wrote, and
	// platform whether it wrote a board's own row; see generations.go.
	dirty    map[domain.TenantID]struct{}
	platform bool
}

// rowKey names one row of a tenant-owned table.
type rowKey struct{ table, tenant, id string }

// RunInTx runs fn in a transaction; repositories called with fn's ctx join
// it. Nested calls reuse the outer transaction.
func (d *DB) RunInTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	st := &txState{locked: map[rowKey]struct{}{}}
	err := d.DB.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
		st.tx = tx
		return fn(context.WithValue(ctx, txKey{}, st))
	})
	if err == nil {
		d.committed(st)
	}
	return translate(err)
}

// conn returns the transaction carried by ctx, or the pool.
func (d *DB) conn(ctx context.Context) bun.IDB {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx
	}
	return d.DB
}

// errNoTx is a programming error: a locked read outside a transaction would
// release its lock at once.
var errNoTx = fmt.Errorf("store: a locked read needs a transaction (run it in TxRunner.RunInTx)")

// forUpdate prepares a locked read of one row: it returns q with the row
// lock added on PostgreSQL (of alias's rows only, when q joins others) and
// records the row as locked by ctx's transaction. The lock is FOR NO KEY
// UPDATE: it excludes every other writer of the row, yet does not wait for
// (or deadlock with) a transaction that only inserted a row referring to it,
// which holds the weaker KEY SHARE lock a foreign key takes; no transaction
// here changes a primary key.
func (d *DB) forUpdate(ctx context.Context, q *bun.SelectQuery, alias, table, tenant, id string) (*bun.SelectQuery, error) {
	if err := d.recordLock(ctx, table, tenant, id); err != nil {
		return nil, err
	}
	if d.IsPostgres() {
		if alias != "" {
			return q.For("NO KEY UPDATE OF " + alias), nil
		}
		return q.For("NO KEY UPDATE"), nil
	}
	return q, nil
}

// inserted notes that ctx's transaction, if there is one, inserted the row
// and so holds it: the same transaction may change it further.
func (d *DB) inserted(ctx context.Context, table, tenant, id string) {
	_ = d.recordLock(ctx, table, tenant, id)
}

// recordLock notes that ctx's transaction holds the row, having read it
// locked or inserted it.
func (d *DB) recordLock(ctx context.Context, table, tenant, id string) error {
	st, ok := ctx.Value(txKey{}).(*txState)
	if !ok {
		return errNoTx
	}
	st.mu.Lock()
	st.locked[rowKey{table, tenant, id}] = struct{}{}
	st.mu.Unlock()
	return nil
}

// requireLocked refuses to write a row back unless ctx's transaction read
// it locked (or inserted it): the write would otherwise overwrite whatever
// another transaction committed since the row was read.
func (d *DB) requireLocked(ctx context.Context, table, tenant, id string) error {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.mu.Lock()
		_, held := st.locked[rowKey{table, tenant, id}]
		st.mu.Unlock()
		if held {
			return nil
		}
	}
	return fmt.Errorf("store: %s row %s saved without reading it locked in the same transaction (use its LockByID inside RunInTx)", table, id)
}
