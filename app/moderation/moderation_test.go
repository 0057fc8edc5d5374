package moderation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/app"
	appboard "github.com/jobboard/jobboard/app/board"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/moderation"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestQueueDecisionsAndStaffOnly: a submitted job waits in the queue with
// its submitter, flagged when it carries a blocked word; a moderator
// approves one and rejects the other with a reason the team is mailed;
// people who are not staff see no queue and decide nothing; another
// board's staff cannot reach the item.
func TestQueueDecisionsAndStaffOnly(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		env.Configure(t, b, func(s *appboard.SettingsInput) { s.BlockedWords = []string{"crypto"} })
		emp := env.NewEmployer(t, b, "hr@nova.example", "Nova Labs")
		mod := app.UserActor(env.NewStaff(t, b, "mia@acme.example", "moderator"))
		team := app.UserActor(emp.UserID)

		submit := func(title string) string {
			t.Helper()
			j, err := env.Jobs.Create(ctx, b.Tenant, team, emp.CompanyID, systemtest.Posting(title))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := env.Jobs.Submit(ctx, b.Tenant, team, j.ID()); err != nil {
				t.Fatal(err)
			}
			return j.ID()
		}
		good, bad := submit("Analytical Chemist"), submit("Crypto Trader")

		q, err := env.Moderation.Queue(ctx, b.Tenant, mod)
		if err != nil || len(q) != 2 {
			t.Fatalf("queue: %+v %v", q, err)
		}
		for _, it := range q {
			if it.ID == bad && len(it.Signals) == 0 {
				t.Errorf("the job with a blocked word carries no signal")
			}
			if it.ID == good && len(it.Signals) != 0 {
				t.Errorf("the plain job carries signals: %+v", it.Signals)
			}
		}

		if _, err := env.Moderation.Queue(ctx, b.Tenant, team); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("the employer reads the queue: %v, want forbidden", err)
		}
		if _, err := env.Moderation.Approve(ctx, b.Tenant, team, moderation.KindJob, good); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("the employer approves: %v, want forbidden", err)
		}
		other := env.NewBoard(t, "beta")
		if _, err := env.Moderation.Approve(ctx, other.Tenant, app.UserActor(other.OwnerID), moderation.KindJob, good); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another board's owner approves: %v, want not found", err)
		}

		if out, err := env.Moderation.Approve(ctx, b.Tenant, mod, moderation.KindJob, good); err != nil || out.Status != "published" {
			t.Fatalf("approve: %+v %v", out, err)
		}
		if out, err := env.Moderation.Reject(ctx, b.Tenant, mod, moderation.KindJob, bad, appmoderation.RejectInput{Reason: "misleading", Message: "Say what the job is."}); err != nil || out.Status != "rejected" {
			t.Fatalf("reject: %+v %v", out, err)
		}
		mailed := false
		for _, m := range env.Mails.Messages() {
			mailed = mailed || (m.To == "hr@nova.example" && strings.Contains(m.Text, "Say what the job is."))
		}
		if !mailed {
			t.Error("the team was not mailed the moderator's message")
		}
		if q, err := env.Moderation.Queue(ctx, b.Tenant, mod); err != nil || len(q) != 0 {
			t.Errorf("queue after the decisions: %d items, %v", len(q), err)
		}
		if l, err := env.Jobs.PublicJob(ctx, b.Tenant, good); err != nil || l.Job.ID != good {
			t.Errorf("the approved job is not public: %v", err)
		}
		if _, err := env.Jobs.PublicJob(ctx, b.Tenant, bad); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("the rejected job is public: %v", err)
		}
	})
}
