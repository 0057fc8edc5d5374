package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/migrations"
)

// skippedVersions are versions that were never released; every other
// version follows the one before it.
var skippedVersions = map[int]bool{8: true}

func TestMigrationVersionsAreContiguous(t *testing.T) {
	t.Parallel()
	seen := map[int]bool{}
	for _, name := range versions(t, migrations.Postgres()) {
		n, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil || len(strings.SplitN(name, "_", 2)[0]) != 4 {
			t.Fatalf("%s: a migration name starts with a four-digit version", name)
		}
		seen[n] = true
	}
	last := 0
	for n := range seen {
		last = max(last, n)
	}
	for n := 1; n <= last; n++ {
		if !seen[n] && !skippedVersions[n] {
			t.Errorf("migration %04d is missing: versions run on without gaps", n)
		}
		if seen[n] && skippedVersions[n] {
			t.Errorf("migration %04d exists but is listed as skipped", n)
		}
	}
}

// TestMigrationsGiveBothDialectsTheSameSchema compares the tables and
// columns each dialect has after every migration: a column added to one
// set of files only is caught here.
func TestMigrationsGiveBothDialectsTheSameSchema(t *testing.T) {
	if len(storetest.Dialects()) < 2 {
		t.Skip("needs TEST_DATABASE_URL to compare with PostgreSQL")
	}
	t.Parallel()
	var got []string
	for _, d := range storetest.Dialects() {
		db := storetest.OpenEmpty(t, d)
		if _, err := db.MigrateUp(context.Background()); err != nil {
			t.Fatalf("%s up: %v", d, err)
		}
		got = append(got, strings.Join(columns(t, db), "\n"))
	}
	if got[0] != got[1] {
		t.Fatalf("the dialects' schemas differ:\n%s", lineDiff(got[0], got[1]))
	}
}

// searchIndex is where the dialects differ by design: SQLite's full-text
// index of jobs.search is a set of FTS5 tables, which job_index rows reach
// by the job's rowid; PostgreSQL's job_index holds the tokens themselves.
func searchIndex(column string) bool {
	switch column {
	case "job_index.job_rowid", "job_index.search":
		return true
	}
	return strings.HasPrefix(column, "job_search")
}

// columns lists table.column for every application table, sorted, leaving
// out the search index.
func columns(t *testing.T, db *store.DB) []string {
	t.Helper()
	q := `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'bun_%' AND m.name NOT LIKE 'sqlite_%'`
	if db.IsPostgres() {
		q = `SELECT c.table_name || '.' || c.column_name FROM information_schema.columns AS c
JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = current_schema() AND c.table_name NOT LIKE 'bun_%' AND t.table_type = 'BASE TABLE'`
	}
	var out []string
	if err := db.NewRaw(q).Scan(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	out = slices.DeleteFunc(out, searchIndex)
	slices.Sort(out)
	return out
}

// lineDiff names the lines only one side has.
func lineDiff(a, b string) string {
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for _, l := range as {
		if !slices.Contains(bs, l) {
			fmt.Fprintf(&out, "only in the first: %s\n", l)
		}
	}
	for _, l := range bs {
		if !slices.Contains(as, l) {
			fmt.Fprintf(&out, "only in the second: %s\n", l)
		}
	}
	return out.String()
}
