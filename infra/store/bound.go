package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// A bound query is one of the few queries every page view runs (a job by
// its id, a page of jobs by their ids) with its text fixed and its
// arguments bound by PostgreSQL. Bun writes arguments into the text, so
// every statement it sends is new and PostgreSQL plans it again: for a
// job page that was about half of the query's cost. A bound query is
// prepared once per connection and its plan kept (pgx's statement cache).
// SQLite plans cheaply and compares times as text in bun's format, so
// there the text is formatted by bun as everywhere else.
type boundQuery struct {
	postgres, sqlite string
}

// bound returns the query of the given texts: postgres with $1, $2 …
// parameters, sqlite with bun's ? placeholders.
func bound(postgres, sqlite string) boundQuery {
	return boundQuery{postgres: postgres, sqlite: sqlite}
}

// numbered turns ? placeholders into $1, $2 …, for a text shared by both
// databases that has no other question marks.
func numbered(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// queryBound runs q with args in ctx's transaction or on the pool. On
// PostgreSQL args are bound as they are (ids as text, times as
// timestamptz, lists as arrays); on SQLite bun formats them (bun.In for
// lists).
func (d *DB) queryBound(ctx context.Context, q boundQuery, pgArgs, sqliteArgs []any) (*sql.Rows, error) {
	if !d.IsPostgres() {
		return d.conn(ctx).QueryContext(ctx, q.sqlite, sqliteArgs...)
	}
	var conn interface {
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	} = d.DB.DB
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		conn = st.tx.Tx
	}
	return conn.QueryContext(ctx, q.postgres, append([]any{pgx.QueryExecModeCacheStatement}, pgArgs...)...)
}
