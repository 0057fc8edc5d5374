package job_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

const day = 24 * time.Hour

// TestPatchUnderReviewLeavesTheLivePostingAlone: on a board that reviews
// edits, a PATCH of a published job's lists changes only the edit waiting
// for review; the public posting keeps its locations and tags.
func TestPatchUnderReviewLeavesTheLivePostingAlone(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		env.Configure(t, b, func(s *appboard.SettingsInput) { s.ReviewEdits = true })
		emp := env.NewEmployer(t, b, "emma@acme.example", "Nova Pharma")
		j := env.PublishedJob(t, b, emp, systemtest.Posting("Analytical Chemist"))

		got, err := env.Jobs.Patch(ctx, b.Tenant, app.Actor{UserID: emp.UserID}, j.ID(), []byte(`{"locations":["Zurich, Switzerland"],"tags":["HPLC"]}`))
		if err != nil {
			t.Fatal(err)
		}
		s := got.Snapshot()
		if s.Revision == nil || s.Revision.Posting.Locations[0] != "Zurich, Switzerland" || s.Revision.Posting.Tags[0] != "HPLC" {
			t.Fatalf("the edit waiting for review: %+v", s.Revision)
		}
		live, err := env.Jobs.PublicJob(ctx, b.Tenant, j.ID())
		if err != nil {
			t.Fatal(err)
		}
		if p := live.Job.Posting; p.Locations[0] != "Basel, Switzerland" || p.Tags[0] != "GMP" {
			t.Errorf("live posting changed before review: %v %v", p.Locations, p.Tags)
		}
	})
}

// TestPatchRefusesBadFieldsAndKeepsTheJob: a PATCH that fails validation
// names the field and leaves the job as it was.
func TestPatchRefusesBadFieldsAndKeepsTheJob(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		emp := env.NewEmployer(t, b, "emma@acme.example", "Nova Pharma")
		actor := app.Actor{UserID: emp.UserID}
		j, err := env.Jobs.Create(ctx, b.Tenant, actor, emp.CompanyID, systemtest.Posting("Lab Scientist"))
		if err != nil {
			t.Fatal(err)
		}
		// A field of the wrong type is a malformed body (the API names the
		// field from its own decoding); a bad value names its field.
		for body, field := range map[string]string{`{"workplace":"on the moon"}`: "workplace", `{"title":""}`: "title", `{"tags":"GMP"}`: ""} {
			_, err := env.Jobs.Patch(ctx, b.Tenant, actor, j.ID(), []byte(body))
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid || (field != "" && de.Fields[field] == "") {
				t.Errorf("PATCH %s: %v, want a validation error naming %q", body, err, field)
			}
		}
		again, _, err := env.Jobs.Manage(ctx, b.Tenant, actor, j.ID())
		if err != nil {
			t.Fatal(err)
		}
		if p := again.Snapshot().Posting; p.Title != "Lab Scientist" || p.Workplace != "onsite" {
			t.Errorf("a refused PATCH changed the job: %q %q", p.Title, p.Workplace)
		}
	})
}

// TestExpiryAndRenewalFollowTheClock: a job expires when the clock passes
// its run, not before, and a renewal publishes it for a new run from then.
func TestExpiryAndRenewalFollowTheClock(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		emp := env.NewEmployer(t, b, "emma@acme.example", "Nova Pharma")
		j := env.PublishedJob(t, b, emp, systemtest.Posting("Quality Auditor"))
		end := *j.Snapshot().ExpiresAt

		env.Clock.Advance(end.Sub(env.Clock.Now()) - time.Minute)
		if n, err := env.Jobs.ExpireDue(ctx); err != nil || n != 0 {
			t.Fatalf("a minute before the end: %d expired, %v", n, err)
		}
		env.Clock.Advance(2 * time.Minute)
		if n, err := env.Jobs.ExpireDue(ctx); err != nil || n != 1 {
			t.Fatalf("a minute after the end: %d expired, %v; want 1", n, err)
		}
		if _, err := env.Jobs.PublicJob(ctx, b.Tenant, j.ID()); err == nil {
			t.Error("an expired job is still public")
		}
		renewed, err := env.Jobs.Renew(ctx, b.Tenant, app.Actor{UserID: emp.UserID}, j.ID())
		if err != nil {
			t.Fatal(err)
		}
		s := renewed.Snapshot()
		if s.Status != job.StatusPublished || s.ExpiresAt == nil || s.ExpiresAt.Sub(env.Clock.Now()) != 30*day {
			t.Errorf("renewed: %s until %v, want published for 30 days from %v", s.Status, s.ExpiresAt, env.Clock.Now())
		}
	})
}
