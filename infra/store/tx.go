package store

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun"
)

type txKey struct{}

// RunInTx runs fn in a transaction; repositories called with fn's ctx join
// it. Nested calls reuse the outer transaction.
func (d *DB) RunInTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return fn(ctx)
	}
	err := d.DB.RunInTx(markTx(ctx), &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
	return translate(err)
}

// conn returns the transaction carried by ctx, or the pool.
func (d *DB) conn(ctx context.Context) bun.IDB {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return tx
	}
	return d.DB
}
