package web_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/store"
)

// jobStatusOf reads a job's status and featured_until from the database.
func jobStatusOf(t *testing.T, h *harness, id string) (string, *time.Time) {
	t.Helper()
	var row struct {
		Status        string     `bun:"status"`
		FeaturedUntil *time.Time `bun:"featured_until"`
	}
	if err := h.db.NewRaw("SELECT status, featured_until FROM jobs WHERE id = ?", id).Scan(context.Background(), &row); err != nil {
		t.Fatalf("read job %s: %v", id, err)
	}
	return row.Status, row.FeaturedUntil
}

// jobClone copies a job n times under new ids with the given expiry and
// returns the new ids. It is much faster than posting through the API.
func jobClone(t *testing.T, h *harness, srcID string, n int, expiresAt time.Time) []string {
	t.Helper()
	ids := make([]string, n)
	gen := store.UUIDs{}
	cols := "tenant_id, company_id, slug, title, description, description_html, keywords, employment_type, workplace, locations, applicant_countries, " +
		"salary_min, salary_max, salary_currency, salary_period, salary_year_max, category, seniority, tags, apply_url, apply_email, closing_date, " +
		"status, rejection_reason, published_at, featured_until, closed_at, created_by, created_at, updated_at"
	ctx := context.Background()
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ids {
		ids[i] = gen.New()
		if _, err := tx.ExecContext(ctx, "INSERT INTO jobs (id, expires_at, "+cols+") SELECT ?, ?, "+cols+" FROM jobs WHERE id = ?",
			ids[i], expiresAt.UTC(), srcID); err != nil {
			_ = tx.Rollback()
			t.Fatalf("clone jobs: %v", err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("clone jobs: %v", err)
	}
	return ids
}

func TestJobSchedulerExpiresExactlyTheDueJobs(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		a, b := h.newBoard("alpha"), h.newBoard("beta")
		past, soon, later := time.Now().Add(-time.Minute), time.Now().Add(time.Hour), time.Now().Add(48*time.Hour)
		type want struct {
			status   string
			featured bool
		}
		expect := map[string]want{}
		for _, f := range []fixture{a, b} {
			owner := jobOwnerOf(h, f)
			tm := jobNewTeam(t, h, f, "emma@nova.example", "Nova Pharma", true)
			cases := []struct {
				name          string
				expires       time.Time
				featuredUntil *time.Time
				want          want
			}{
				{"due", past, nil, want{"expired", false}},
				// The paid period stays with the expired job, for a renewal.
				{"due and featured", past, &later, want{"expired", true}},
				{"not due", soon, nil, want{"published", false}},
				{"featured period over", soon, &past, want{"published", false}},
				{"featured period running", soon, &later, want{"published", true}},
			}
			for _, tc := range cases {
				j := tm.publishJob(t, owner, jobPosting("Scheduler "+tc.name, nil))
				id := j["id"].(string)
				jobSetTime(t, h, "expires_at", id, tc.expires)
				if tc.featuredUntil != nil {
					jobSetTime(t, h, "featured_until", id, *tc.featuredUntil)
				}
				expect[id] = tc.want
			}
			// Jobs that are not published never expire, whatever their time.
			draft := tm.create(t, jobPosting("Scheduler draft", nil))["id"].(string)
			jobSetTime(t, h, "expires_at", draft, past)
			expect[draft] = want{"draft", false}
			closed := tm.publishJob(t, owner, jobPosting("Scheduler closed", nil))["id"].(string)
			jobMustStatus(t, "close", tm.action(closed, "close"), "closed")
			jobSetTime(t, h, "expires_at", closed, past)
			expect[closed] = want{"closed", false}
		}
		n, err := h.sys.Jobs.ExpireDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("ExpireDue expired %d jobs, want 4 (2 per board)", n)
		}
		for id, w := range expect {
			st, fu := jobStatusOf(t, h, id)
			if st != w.status || (fu != nil && fu.After(time.Now())) != w.featured {
				t.Errorf("job %s: status %s featured_until %v, want %s featured=%v", id, st, fu, w.status, w.featured)
			}
			if !w.featured && fu != nil && w.status == "published" {
				t.Errorf("finished featured period of %s not ended: %v", id, fu)
			}
		}
		if n, err := h.sys.Jobs.ExpireDue(ctx); err != nil || n != 0 {
			t.Errorf("second run: %d, %v; want 0", n, err)
		}
	})
}

func TestJobSchedulerRunsConcurrentlyOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		b := h.newBoard("acme")
		jobSettings(t, h, b, func(s *jobBoardSettings) { s.ReviewJobs = false })
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		src := tm.publishJob(t, jobStaffClient{}, jobPosting("Template Job", nil))["id"].(string)
		// More than one batch of 500, so the instances overlap batches.
		const due = 1234
		jobClone(t, h, src, due, time.Now().Add(-time.Hour))
		notDue := jobClone(t, h, src, 50, time.Now().Add(time.Hour))

		const instances = 4
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			total  int
			errs   []error
			start  = make(chan struct{})
			counts []int
		)
		for i := 0; i < instances; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				n, err := h.sys.Jobs.ExpireDue(ctx)
				mu.Lock()
				defer mu.Unlock()
				total += n
				counts = append(counts, n)
				if err != nil {
					errs = append(errs, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("concurrent ExpireDue failed: %v", errs)
		}
		if total != due {
			t.Errorf("instances expired %v jobs in total = %d, want %d", counts, total, due)
		}
		var expired, published int
		if err := h.db.NewRaw("SELECT count(*) FROM jobs WHERE status = 'expired'").Scan(ctx, &expired); err != nil {
			t.Fatal(err)
		}
		if err := h.db.NewRaw("SELECT count(*) FROM jobs WHERE status = 'published'").Scan(ctx, &published); err != nil {
			t.Fatal(err)
		}
		if expired != due || published != len(notDue)+1 {
			t.Errorf("after the run: %d expired (want %d), %d published (want %d)", expired, due, published, len(notDue)+1)
		}
		if n, err := h.sys.Jobs.ExpireDue(ctx); err != nil || n != 0 {
			t.Errorf("run after the concurrent ones: %d, %v; want 0", n, err)
		}
	})
}
