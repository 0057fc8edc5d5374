// Package store is the bun adapter: row structs, repositories and queries
// for both PostgreSQL and SQLite, and the transaction runner.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/sqliteshim"
)

// Dialect names.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// DB is an open database with its dialect.
type DB struct {
	*bun.DB
	dialect string
	// gens are the boards' change generations; see generations.go.
	gens generations
	// gate admits public reads; see gate.go.
	gate *gate
	// poolSize is the connection pool's size.
	poolSize int
	// langs caches the boards' search languages; see searchindex.go.
	langs languages
	// windows caches where the boards' newest jobs begin; see
	// searchwindow.go.
	windows searchWindows
}

// Dialect returns Postgres or SQLite.
func (d *DB) Dialect() string { return d.dialect }

// IsPostgres reports whether the database is PostgreSQL.
func (d *DB) IsPostgres() bool { return d.dialect == Postgres }

// Open connects to the database named by a URL: sqlite:PATH or
// postgres://... . For SQLite it creates the parent directory and turns on
// WAL, foreign keys and a busy timeout on every connection.
func Open(ctx context.Context, databaseURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		return openPostgres(ctx, databaseURL)
	case strings.HasPrefix(databaseURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(databaseURL, "sqlite:"))
	default:
		return nil, fmt.Errorf("store: unsupported database URL %q", redact(databaseURL))
	}
}

func openPostgres(ctx context.Context, databaseURL string) (*DB, error) {
	dsn, err := postgresURL(databaseURL)
	if err != nil {
		return nil, err
	}
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	// Connections stay open once made: under load a smaller idle pool
	// closes and reopens PostgreSQL sessions by the dozen each second.
	sqldb.SetMaxOpenConns(postgresPool)
	sqldb.SetMaxIdleConns(postgresPool)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	sqldb.SetConnMaxLifetime(time.Hour)
	db := &DB{DB: bun.NewDB(sqldb, pgdialect.New()), dialect: Postgres, poolSize: postgresPool}
	db.LimitReads(0, 0)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: connect to postgres %s: %w", redact(databaseURL), err)
	}
	return db, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("store: sqlite URL needs a path, like sqlite:./data/jobboard.db")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create %s: %w", dir, err)
		}
	}
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
	sqldb, err := sql.Open(sqliteshim.ShimName, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	sqldb.SetMaxOpenConns(sqlitePool)
	sqldb.SetMaxIdleConns(sqlitePool)
	sqldb.SetConnMaxIdleTime(0)
	db := &DB{DB: bun.NewDB(sqldb, sqlitedialect.New()), dialect: SQLite, poolSize: sqlitePool}
	db.LimitReads(0, 0)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	return db, nil
}

// Connection pool sizes, and the default wait of a public read for a slot
// (see LimitReads).
const (
	postgresPool         = 32
	sqlitePool           = 8
	defaultReadQueueWait = 500 * time.Millisecond
)

// readQueueDepth is how many reads of one board may wait per read slot.
// The wait, not the queue, bounds how long a read waits: a queue as short
// as the slots refused most cheap reads of a board with more visitors at
// once than slots (SQLite has six) although they would have been answered
// in a few milliseconds.
const readQueueDepth = 8

// LimitReads bounds the public reads that use the database at once: slots
// of them (zero: three quarters of the connection pool, so that writes and
// signed-in pages always find a connection), each board's queue
// readQueueDepth times as long, and a wait of at most wait (zero: half a
// second) before a read is refused with ErrOverloaded.
func (d *DB) LimitReads(slots int, wait time.Duration) {
	if slots <= 0 {
		slots = max(1, d.poolSize*3/4)
	}
	if wait <= 0 {
		wait = defaultReadQueueWait
	}
	l := GateLimits{Slots: slots, QueuePerBoard: readQueueDepth * slots, Wait: wait}
	if d.gate == nil {
		d.gate = newGate(l)
		return
	}
	d.gate.setLimits(l)
}

// redact hides a password in a database URL for logs and errors.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Ping checks that the database answers within a second.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var one int
	if err := d.NewRaw("SELECT 1").Scan(ctx, &one); err != nil {
		return translate(err)
	}
	return nil
}

// postgresURL adds this program's connection defaults to a PostgreSQL URL;
// what the URL sets itself stands.
func postgresURL(databaseURL string) (string, error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "", fmt.Errorf("store: parse database URL: %w", err)
	}
	q := u.Query()
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", "3")
	}
	// JIT compilation costs hundreds of milliseconds on the board's list
	// and facet queries and gains nothing on queries this short.
	if q.Get("jit") == "" {
		q.Set("jit", "off")
	}
	// bun writes every value into the SQL text, so no two statements are
	// alike: preparing and caching each (pgx's default) costs a round trip
	// and a server-side plan per query for nothing. Exec mode sends each
	// statement once.
	if q.Get("default_query_exec_mode") == "" {
		q.Set("default_query_exec_mode", "exec")
	}
	// On this machine's loopback TLS only costs handshakes; elsewhere the
	// URL's sslmode (PostgreSQL's default: prefer) stands.
	if q.Get("sslmode") == "" && isLoopback(u.Hostname()) {
		q.Set("sslmode", "disable")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
