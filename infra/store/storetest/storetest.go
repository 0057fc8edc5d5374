// Package storetest gives tests a fresh, migrated database per test: SQLite
// always, and PostgreSQL too when TEST_DATABASE_URL is set.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jobboard/jobboard/infra/store"
)

// Dialects returns the dialects under test: sqlite, and postgres when
// TEST_DATABASE_URL is set.
func Dialects() []string {
	if os.Getenv("TEST_DATABASE_URL") != "" {
		return []string{store.SQLite, store.Postgres}
	}
	return []string{store.SQLite}
}

// Each runs fn as a subtest per dialect, each with its own fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh migrated database of the dialect, dropped when the
// test ends.
func Open(t testing.TB, dialect string) *store.DB {
	t.Helper()
	db := OpenEmpty(t, dialect)
	if _, err := db.MigrateUp(context.Background()); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	return db
}

// OpenEmpty returns a fresh database with no tables, dropped when the test
// ends.
func OpenEmpty(t testing.TB, dialect string) *store.DB {
	t.Helper()
	u := URL(t, dialect)
	db, err := store.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// URL returns the URL of a new empty database of the dialect: a file in the
// test's temporary directory, or a new schema on TEST_DATABASE_URL that is
// dropped when the test ends.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Skip("TEST_DATABASE_URL is not set")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := store.Open(context.Background(), base)
	if err != nil {
		t.Fatalf("open %s: %v", base, err)
	}
	ensureExtensions(t, admin)
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		_ = admin.Close()
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse TEST_DATABASE_URL: %v", err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}

var extensionsOnce sync.Once

// ensureExtensions installs the database-wide extensions the migrations
// use, once, before tests migrate their schemas in parallel: concurrent
// CREATE EXTENSION statements would race. A failure here is reported by
// the migration that needs the extension.
func ensureExtensions(_ testing.TB, admin *store.DB) {
	extensionsOnce.Do(func() {
		_, _ = admin.ExecContext(context.Background(), "CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public")
	})
}
