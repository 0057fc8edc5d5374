package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestJobStatsFlushesInBatches: counts of more jobs than one statement
// carries reach the database once each, added to what was saved before;
// a job that does not exist (deleted meanwhile) takes its counts with it
// and holds up no other; boards stay apart. On both databases.
func TestJobStatsFlushesInBatches(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		a, b := env.NewBoard(t, "stats-a"), env.NewBoard(t, "stats-b")
		empA := env.NewEmployer(t, a, "hr@stats-a.example", "Stats A")
		empB := env.NewEmployer(t, b, "hr@stats-b.example", "Stats B")
		var ids []string
		for i := range 3 {
			ids = append(ids, env.PublishedJob(t, a, empA, systemtest.Posting(fmt.Sprintf("Counted Chemist %d", i))).ID())
		}
		other := env.PublishedJob(t, b, empB, systemtest.Posting("Other Board Chemist")).ID()
		stats := store.NewJobStats(env.DB)
		for round := range 2 {
			for i, id := range ids {
				for range i + 1 {
					stats.Count(a.Tenant, id, appjob.CountView)
				}
				stats.Count(a.Tenant, id, appjob.CountApplyClick)
			}
			// More unknown jobs than one statement carries, around the real ones.
			for i := range 450 {
				stats.Count(a.Tenant, fmt.Sprintf("00000000-0000-4000-8000-%012d", i), appjob.CountView)
			}
			stats.Count(b.Tenant, other, appjob.CountWidgetImpression)
			if err := stats.Flush(ctx); err != nil {
				t.Fatalf("flush %d: %v", round+1, err)
			}
		}
		got, err := stats.Stats(ctx, a.Tenant, append(append([]string{}, ids...), other))
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			if want := (appjob.Stats{Views: int64(2 * (i + 1)), ApplyClicks: 2}); got[id] != want {
				t.Errorf("job %d: %+v, want %+v", i+1, got[id], want)
			}
		}
		if got[other] != (appjob.Stats{}) {
			t.Errorf("the other board's job is counted on this board: %+v", got[other])
		}
		gotB, err := stats.Stats(ctx, b.Tenant, []string{other})
		if err != nil {
			t.Fatal(err)
		}
		if gotB[other] != (appjob.Stats{WidgetImpressions: 2}) {
			t.Errorf("the other board's job: %+v, want two widget impressions", gotB[other])
		}
		var rows int
		if err := env.DB.NewRaw("SELECT count(*) FROM job_stats").Scan(ctx, &rows); err != nil {
			t.Fatal(err)
		}
		if rows != 4 {
			t.Errorf("%d rows of counts, want 4 (unknown jobs are dropped)", rows)
		}
	})
}

// TestJobStatsFlushDoesNotWaitForALockedJob: saving counts takes no lock
// on the counted jobs' rows, so a flush goes through while another
// transaction holds a job (the scheduler closing it, an edit), and it
// writes nothing to the jobs table. On PostgreSQL, where rows are locked.
func TestJobStatsFlushDoesNotWaitForALockedJob(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		if !env.DB.IsPostgres() {
			t.Skip("SQLite locks the whole database, not rows")
		}
		ctx := context.Background()
		a := env.NewBoard(t, "stats-lock")
		emp := env.NewEmployer(t, a, "hr@stats-lock.example", "Stats Lock")
		id := env.PublishedJob(t, a, emp, systemtest.Posting("Locked Chemist")).ID()
		tx, err := env.DB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = tx.Rollback() }()
		if _, err := tx.ExecContext(ctx, "SELECT 1 FROM jobs WHERE tenant_id = ? AND id = ? FOR UPDATE", a.Tenant.String(), id); err != nil {
			t.Fatal(err)
		}
		stats := store.NewJobStats(env.DB)
		stats.Count(a.Tenant, id, appjob.CountView)
		short, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		if err := stats.Flush(short); err != nil {
			t.Fatalf("flush while the job is locked: %v", err)
		}
		got, err := stats.Stats(ctx, a.Tenant, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		if got[id].Views != 1 {
			t.Errorf("views %d, want 1", got[id].Views)
		}
	})
}
