package alert_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	appalert "github.com/jobboard/jobboard/app/alert"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

var confirmToken = regexp.MustCompile(`/alerts/confirm/([A-Za-z0-9_-]+)`)

// TestConfirmedAlertMailsTheNewJobsOfItsSearchOnce: a subscription is
// mailed a confirmation and sends nothing until confirmed; once confirmed,
// the next pass after its period mails the jobs published in it that match
// its search (not the others), and a second pass mails nothing more.
func TestConfirmedAlertMailsTheNewJobsOfItsSearchOnce(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		emp := env.NewEmployer(t, b, "hr@nova.example", "Nova Labs")
		res, err := env.Alerts.Subscribe(ctx, b.Tenant, "203.0.113.9", appalert.SubscribeInput{Email: "cara@mail.example", Query: "chemist", Frequency: "daily"})
		if err != nil || !res.Mailed {
			t.Fatalf("subscribe: %+v %v", res, err)
		}
		mail, ok := env.Mails.Last()
		m := confirmToken.FindStringSubmatch(mail.Text)
		if !ok || mail.To != "cara@mail.example" || m == nil {
			t.Fatalf("confirmation mail to %q: %q", mail.To, mail.Text)
		}

		env.Clock.Advance(time.Hour)
		env.PublishedJob(t, b, emp, systemtest.Posting("Analytical Chemist"))
		env.PublishedJob(t, b, emp, systemtest.Posting("Clinical Monitor"))
		env.Clock.Advance(48 * time.Hour)
		if _, err := env.Alerts.RunPass(ctx); err != nil {
			t.Fatal(err)
		}
		if n := digests(env); n != 0 {
			t.Fatalf("%d digests before the alert was confirmed", n)
		}

		if _, err := env.Alerts.Confirm(ctx, b.Tenant, m[1]); err != nil {
			t.Fatalf("confirm: %v", err)
		}
		env.Clock.Advance(time.Hour)
		env.PublishedJob(t, b, emp, systemtest.Posting("Senior Chemist"))
		env.PublishedJob(t, b, emp, systemtest.Posting("Quality Lead"))
		env.Clock.Advance(48 * time.Hour)
		pass, err := env.Alerts.RunPass(ctx)
		if err != nil || pass.Sent != 1 {
			t.Fatalf("pass after the period: %+v %v", pass, err)
		}
		var digest string
		for _, msg := range env.Mails.Messages() {
			if msg.Headers["List-Unsubscribe"] != "" {
				digest = msg.Text
			}
		}
		if !strings.Contains(digest, "Senior Chemist") || strings.Contains(digest, "Quality Lead") {
			t.Errorf("digest:\n%s", digest)
		}
		again, err := env.Alerts.RunPass(ctx)
		if err != nil || again.Sent != 0 || digests(env) != 1 {
			t.Errorf("a second pass: %+v %v, %d digests in all", again, err, digests(env))
		}

		// The token of one board confirms nothing on another.
		other := env.NewBoard(t, "beta")
		if _, err := env.Alerts.Confirm(ctx, other.Tenant, m[1]); err == nil || domain.KindOf(err) == domain.KindInternal {
			t.Errorf("confirming on another board: %v", err)
		}
	})
}

// digests counts the alert digests sent.
func digests(env *systemtest.Env) int {
	n := 0
	for _, m := range env.Mails.Messages() {
		if m.Headers["List-Unsubscribe"] != "" {
			n++
		}
	}
	return n
}
