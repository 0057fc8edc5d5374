package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/moderation"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestJobIndexFollowsEveryWrite: job_index, which lists and searches read,
// holds exactly the board's open jobs after each kind of write the
// database's triggers follow (publishing, a company's take-down and
// restoring, a job's take-down and restoring, closing, an edit of the
// words, featuring), and another board's rows never move. On both
// databases.
func TestJobIndexFollowsEveryWrite(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		a, b := env.NewBoard(t, "index-a"), env.NewBoard(t, "index-b")
		staff := app.UserActor(a.OwnerID)
		lab := env.NewEmployer(t, a, "hr@lab.example", "Index Lab")
		other := env.NewEmployer(t, a, "hr@other.example", "Other Works")
		j1 := env.PublishedJob(t, a, lab, systemtest.Posting("Analytical Chemist"))
		j2 := env.PublishedJob(t, a, lab, systemtest.Posting("Process Chemist"))
		j3 := env.PublishedJob(t, a, lab, systemtest.Posting("Quality Auditor"))
		j4 := env.PublishedJob(t, a, other, systemtest.Posting("Chemist Trainee"))
		k1 := env.PublishedJob(t, b, env.NewEmployer(t, b, "hr@b.example", "Board B Labs"), systemtest.Posting("Analytical Chemist"))

		indexed := func(tenant domain.TenantID) []string {
			t.Helper()
			var ids []string
			if err := env.DB.NewSelect().TableExpr("job_index").ColumnExpr("job_id").Where("tenant_id = ?", tenant.String()).Scan(ctx, &ids); err != nil {
				t.Fatal(err)
			}
			slices.Sort(ids)
			return ids
		}
		expect := func(step string, want ...string) {
			t.Helper()
			slices.Sort(want)
			if got := indexed(a.Tenant); !slices.Equal(got, want) {
				t.Errorf("%s: job_index holds %v, want %v", step, got, want)
			}
			if got := indexed(b.Tenant); !slices.Equal(got, []string{k1.ID()}) {
				t.Errorf("%s: the other board's job_index rows moved: %v", step, got)
			}
		}
		found := func(text string) []string {
			t.Helper()
			items, err := store.NewJobSearch(env.DB).Find(ctx, a.Tenant, appjob.Query{Text: text, Limit: 20, Now: time.Now().UTC()})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.Job.ID)
			}
			return ids
		}
		must := func(_ any, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}

		expect("published", j1.ID(), j2.ID(), j3.ID(), j4.ID())
		must(env.Moderation.TakeDown(ctx, a.Tenant, staff, moderation.KindCompany, lab.CompanyID, "spam"))
		expect("company taken down", j4.ID())
		if got := found("chemist"); !slices.Equal(got, []string{j4.ID()}) {
			t.Errorf("search with the company taken down: %v, want only %s", got, j4.ID())
		}
		must(env.Moderation.Restore(ctx, a.Tenant, staff, moderation.KindCompany, lab.CompanyID))
		expect("company restored", j1.ID(), j2.ID(), j3.ID(), j4.ID())
		must(env.Moderation.TakeDown(ctx, a.Tenant, staff, moderation.KindJob, j2.ID(), "spam"))
		expect("job taken down", j1.ID(), j3.ID(), j4.ID())
		must(env.Moderation.Restore(ctx, a.Tenant, staff, moderation.KindJob, j2.ID()))
		expect("job restored", j1.ID(), j2.ID(), j3.ID(), j4.ID())
		must(env.Jobs.Close(ctx, a.Tenant, app.UserActor(lab.UserID), j3.ID()))
		expect("job closed", j1.ID(), j2.ID(), j4.ID())

		// New words are found at once; the old ones no more.
		in := systemtest.Posting("Formulation Scientist")
		in.Locations = []string{"Lyon, France", "Basel, Switzerland"}
		must(env.Jobs.Update(ctx, a.Tenant, app.UserActor(lab.UserID), j1.ID(), in))
		expect("job edited", j1.ID(), j2.ID(), j4.ID())
		if got := found("formulation"); !slices.Equal(got, []string{j1.ID()}) {
			t.Errorf("search for the edited title: %v, want %s", got, j1.ID())
		}
		if got := found("analytical"); len(got) != 0 {
			t.Errorf("search for the old title still finds %v", got)
		}
		// The location facet reads the row's own locations.
		located := func(text string) map[string]int {
			t.Helper()
			facets, err := store.NewJobSearch(env.DB).Facets(ctx, a.Tenant, appjob.Query{Text: text, Now: time.Now().UTC()})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, v := range facets.Location {
				got[v.Value] = v.Count
			}
			return got
		}
		if got := located("formulation"); len(got) != 2 || got["Lyon, France"] != 1 || got["Basel, Switzerland"] != 1 {
			t.Errorf("locations of the edited job: %v, want Lyon and Basel once each", got)
		}
		in.Locations = []string{"Lyon, France"}
		in.Workplace = "hybrid"
		must(env.Jobs.Update(ctx, a.Tenant, app.UserActor(lab.UserID), j1.ID(), in))
		if got := located("formulation"); len(got) != 1 || got["Lyon, France"] != 1 {
			t.Errorf("locations after the second edit: %v, want only Lyon", got)
		}

		// Featuring changes no words: the row follows, and the job leads.
		until := time.Now().UTC().Add(48 * time.Hour)
		must(env.Jobs.Feature(ctx, a.Tenant, staff, j4.ID(), appjob.FeatureInput{Until: &until}))
		if got := found("chemist"); len(got) != 2 || got[0] != j4.ID() {
			t.Errorf("search after featuring %s: %v, want it first of two", j4.ID(), got)
		}
		if got := found("trainee"); !slices.Equal(got, []string{j4.ID()}) {
			t.Errorf("the featured job's words: %v, want %s", got, j4.ID())
		}
	})
}

// TestJobIndexRacesCompanyTakeDown: jobs approved while their company is
// taken down, in concurrent transactions, never stay in job_index once
// the take-down has committed, and jobs taken down while their company is
// restored never come back (each trigger would miss the row the other
// transaction has yet to commit; the job's trigger waits for the company
// row instead). Real goroutines, on both databases.
func TestJobIndexRacesCompanyTakeDown(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "index-race")
		staff := app.UserActor(b.OwnerID)
		for round := range 6 {
			emp := env.NewEmployer(t, b, fmt.Sprintf("hr@race%d.example", round), fmt.Sprintf("Race Labs %d", round))
			var pending []string
			for k := range 6 {
				j, err := env.Jobs.Create(ctx, b.Tenant, app.UserActor(emp.UserID), emp.CompanyID, systemtest.Posting(fmt.Sprintf("Race Chemist %d", k)))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := env.Jobs.Submit(ctx, b.Tenant, app.UserActor(emp.UserID), j.ID()); err != nil {
					t.Fatal(err)
				}
				pending = append(pending, j.ID())
			}
			var wg sync.WaitGroup
			start := make(chan struct{})
			for _, id := range pending {
				wg.Go(func() {
					<-start
					if _, err := env.Jobs.Approve(ctx, b.Tenant, staff, id); err != nil {
						t.Errorf("approve %s: %v", id, err)
					}
				})
			}
			wg.Go(func() {
				<-start
				if _, err := env.Moderation.TakeDown(ctx, b.Tenant, staff, moderation.KindCompany, emp.CompanyID, "spam"); err != nil {
					t.Errorf("take down: %v", err)
				}
			})
			close(start)
			wg.Wait()
			n, err := env.DB.NewSelect().TableExpr("job_index").Where("tenant_id = ? AND company_id = ?", b.Tenant.String(), emp.CompanyID).Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("round %d: %d jobs of the taken-down company are still in job_index", round, n)
			}
			// And back: the company restored while some of its jobs are
			// taken down; those stay out.
			start = make(chan struct{})
			for _, id := range pending[:3] {
				wg.Go(func() {
					<-start
					if _, err := env.Moderation.TakeDown(ctx, b.Tenant, staff, moderation.KindJob, id, "spam"); err != nil {
						t.Errorf("take down %s: %v", id, err)
					}
				})
			}
			wg.Go(func() {
				<-start
				if _, err := env.Moderation.Restore(ctx, b.Tenant, staff, moderation.KindCompany, emp.CompanyID); err != nil {
					t.Errorf("restore: %v", err)
				}
			})
			close(start)
			wg.Wait()
			var ids []string
			if err := env.DB.NewSelect().TableExpr("job_index").ColumnExpr("job_id").Where("tenant_id = ? AND company_id = ?", b.Tenant.String(), emp.CompanyID).
				Scan(ctx, &ids); err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(pending[3:])
			slices.Sort(ids)
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Fatalf("round %d: after the restore job_index holds %v, want the jobs not taken down %v", round, ids, want)
			}
		}
	})
}
