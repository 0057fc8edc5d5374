package web_test

import (
	"context"
	"testing"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestReadCacheIsolationAndInvalidation checks the read cache behind the
// public board: every board gets only its own jobs, a change saved through
// a repository shows at once, and it leaves other boards' cached answers
// alone. The clock stands still, so that only writes can refresh an entry.
func TestReadCacheIsolationAndInvalidation(t *testing.T) {
	t.Parallel()
	clock := systemtest.NewClock(time.Now().UTC().Truncate(time.Second))
	eachDialectWith(t, system.Options{Clock: clock}, func(t *testing.T, h *harness) {
		ctx := context.Background()
		var tenants []string
		for _, slug := range []string{"acme", "beta"} {
			f := feedsNewBoard(t, h, slug, "Company of "+slug)
			for _, title := range []string{"Chemist", "Biologist", "Auditor"} {
				f.publishJob(t, title+" at "+slug, "Clinical", nil)
			}
			tenants = append(tenants, f.b.ID)
		}
		find := func(tenant string) []appjob.Listing {
			t.Helper()
			page, err := h.sys.Jobs.Find(ctx, domain.TenantID(tenant), appjob.SearchInput{Limit: 100}, true)
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
		first, other := find(tenants[0])[0], find(tenants[1])[0]

		// A change made behind the repositories' back is not seen while
		// the board's answers are cached: proof that they are.
		if _, err := h.db.ExecContext(ctx, "UPDATE jobs SET title = ? WHERE tenant_id = ? AND id = ?", "Renamed by SQL", tenants[1], other.Job.ID); err != nil {
			t.Fatal(err)
		}
		if got := find(tenants[1])[0]; got.Job.Posting.Title != other.Job.Posting.Title {
			t.Fatalf("board %s answered %q: its list was not cached", tenants[1], got.Job.Posting.Title)
		}

		// A job saved on the first board shows there at once ...
		cacheRenameJob(t, h, tenants[0], first.Job.ID, "Renamed Chemist")
		if got := find(tenants[0])[0]; got.Job.ID != first.Job.ID || got.Job.Posting.Title != "Renamed Chemist" {
			t.Errorf("after the update the first job is %s %q; want %s with the new title", got.Job.ID, got.Job.Posting.Title, first.Job.ID)
		}
		l, err := h.sys.Jobs.PublicJob(ctx, domain.TenantID(tenants[0]), first.Job.ID)
		if err != nil || l.Job.Posting.Title != "Renamed Chemist" {
			t.Errorf("job page after the update: %q, %v", l.Job.Posting.Title, err)
		}
		// ... and the second board's cached answers survive it.
		if got := find(tenants[1])[0]; got.Job.Posting.Title != other.Job.Posting.Title {
			t.Errorf("a write to board %s emptied board %s's cache (it answered %q)", tenants[0], tenants[1], got.Job.Posting.Title)
		}

		// Taking the company down in a transaction hides its jobs.
		cacheTakeDownCompany(t, h, tenants[0], first.Job.CompanyID)
		for _, it := range find(tenants[0]) {
			if it.Job.CompanyID == first.Job.CompanyID {
				t.Fatalf("job %s of a taken-down company is still listed", it.Job.ID)
			}
		}
		if _, err := h.sys.Jobs.PublicJob(ctx, domain.TenantID(tenants[0]), first.Job.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("job page of a taken-down company: %v, want not found", err)
		}
	})
}
