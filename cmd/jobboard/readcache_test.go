package main

import (
	"context"
	"io"
	"testing"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/uptrace/bun"
)

// TestReadCacheIsolationAndInvalidation checks the read cache behind the
// public board: every board gets only its own jobs, and a change to a job
// or a company, even by plain SQL, shows at once.
func TestReadCacheIsolationAndInvalidation(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		if err := benchSeed(ctx, h.db, benchSeedOptions{Boards: 2, Companies: 4, Jobs: 60, Seed: 3, Skew: 1}, io.Discard); err != nil {
			t.Fatal(err)
		}
		var tenants []string
		if err := h.db.NewRaw("SELECT id FROM boards WHERE slug LIKE ? ORDER BY slug", benchSlugPrefix+"%").Scan(ctx, &tenants); err != nil || len(tenants) != 2 {
			t.Fatalf("bench boards: %v, %v", tenants, err)
		}
		find := func(tenant string) []appjob.Listing {
			t.Helper()
			page, err := h.sys.jobs.Find(ctx, domain.TenantID(tenant), appjob.SearchInput{Limit: 100}, true)
			if err != nil {
				t.Fatal(err)
			}
			return page.Items
		}
		// Twice each, so the second answers come from the cache.
		for range 2 {
			for _, tenant := range tenants {
				items := find(tenant)
				if len(items) == 0 {
					t.Fatalf("board %s: no jobs", tenant)
				}
				for _, it := range items {
					if it.Job.Tenant.String() != tenant {
						t.Fatalf("board %s was shown job %s of board %s", tenant, it.Job.ID, it.Job.Tenant)
					}
				}
			}
		}

		first := find(tenants[0])[0]
		if _, err := h.db.ExecContext(ctx, "UPDATE jobs SET title = ? WHERE tenant_id = ? AND id = ?", "Renamed by SQL", tenants[0], first.Job.ID); err != nil {
			t.Fatal(err)
		}
		if got := find(tenants[0])[0]; got.Job.ID != first.Job.ID || got.Job.Posting.Title != "Renamed by SQL" {
			t.Errorf("after the update the first job is %s %q; want %s with the new title", got.Job.ID, got.Job.Posting.Title, first.Job.ID)
		}
		l, err := h.sys.jobs.PublicJob(ctx, domain.TenantID(tenants[0]), first.Job.ID)
		if err != nil || l.Job.Posting.Title != "Renamed by SQL" {
			t.Errorf("job page after the update: %q, %v", l.Job.Posting.Title, err)
		}

		// Taking the company down in a transaction hides its jobs.
		err = h.db.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			_, err := tx.NewRaw("UPDATE companies SET taken_down_at = ? WHERE tenant_id = ? AND id = ?",
				time.Now().UTC(), tenants[0], first.Job.CompanyID).Exec(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range find(tenants[0]) {
			if it.Job.CompanyID == first.Job.CompanyID {
				t.Fatalf("job %s of a taken-down company is still listed", it.Job.ID)
			}
		}
		if _, err := h.sys.jobs.PublicJob(ctx, domain.TenantID(tenants[0]), first.Job.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("job page of a taken-down company: %v, want not found", err)
		}
	})
}
