package store_test

import (
	"context"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/migrations"
)

func versions(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestMigrationSetsHaveTheSameVersions(t *testing.T) {
	t.Parallel()
	pg, lite := versions(t, migrations.Postgres()), versions(t, migrations.SQLite())
	if strings.Join(pg, ",") != strings.Join(lite, ",") {
		t.Fatalf("migration files differ:\npostgres: %v\nsqlite:   %v", pg, lite)
	}
	ups, downs := 0, 0
	for _, name := range pg {
		switch {
		case strings.HasSuffix(name, ".up.sql"):
			ups++
		case strings.HasSuffix(name, ".down.sql"):
			downs++
		default:
			t.Errorf("unexpected file %s", name)
		}
	}
	if ups == 0 || ups != downs {
		t.Fatalf("want one down per up, got %d up and %d down", ups, downs)
	}
}

func TestMigrationsApplyFromEmptyAndRollBack(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := storetest.OpenEmpty(t, d)
			applied, err := db.MigrateUp(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			if len(applied) == 0 {
				t.Fatal("up applied nothing on an empty database")
			}
			again, err := db.MigrateUp(ctx)
			if err != nil || len(again) != 0 {
				t.Fatalf("second up: applied %v, err %v", again, err)
			}
			statuses, err := db.MigrationStatuses(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range statuses {
				if !s.Applied {
					t.Errorf("%s not applied", s.Name)
				}
			}
			if n := countTables(t, db); n < 5 {
				t.Fatalf("want the schema's tables, found %d", n)
			}
			rolled, err := db.MigrateDown(ctx)
			if err != nil {
				t.Fatalf("down: %v", err)
			}
			if len(rolled) != len(applied) {
				t.Fatalf("rolled back %v, applied %v", rolled, applied)
			}
			if n := countTables(t, db); n != 0 {
				t.Fatalf("after rollback %d application tables remain", n)
			}
			if _, err := db.MigrateUp(ctx); err != nil {
				t.Fatalf("up after down: %v", err)
			}
		})
	}
}

// countTables counts the application's tables, leaving out bun's own.
func countTables(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'bun_%' AND name NOT LIKE 'sqlite_%'`
	if db.IsPostgres() {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE 'bun_%'`
	}
	if err := db.NewRaw(q).Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}
