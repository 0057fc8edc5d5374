package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	appalert "github.com/jobboard/jobboard/app/alert"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
	"github.com/jobboard/jobboard/infra/store"
)

// The races users bring: payments, edits, moderation, expiry and alert
// confirmations arriving at the same moment, with real goroutines against
// the real store, on both databases. SQLite serialises writers and would
// pass without locks; PostgreSQL is where a lost update shows.

const (
	// raceRounds is how often each race is run.
	raceRounds = 20
	// raceWidth is how many concurrent fulfilments hit one row.
	raceWidth = 8
)

// race runs fn(0..n-1) in n goroutines released together and returns
// their errors by index.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// raceMustAll fails unless every racer succeeded.
func raceMustAll(t *testing.T, what string, errs []error) {
	t.Helper()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s #%d: %v", what, i, err)
		}
	}
}

// raceWebhook delivers a signed completed-checkout notice for o.
func raceWebhook(h *harness, host string, o billingOrder) error {
	body := billingCompleted(h.t, o)
	code, out, err := billingPost(h, host, body, billingSign(body, billingWebhookSecret, time.Now()))
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("webhook: %d %s", code, out)
	}
	return nil
}

// raceBuy creates n orders of one kind, each with its own checkout.
func raceBuy(t *testing.T, tm *jobTeam, n int, body map[string]any) []billingOrder {
	t.Helper()
	out := make([]billingOrder, n)
	for i := range out {
		out[i] = billingMustBuy(t, tm, body)
	}
	return out
}

// raceSame fails unless got is want to the second (both databases keep
// microseconds; a lost period is days).
func raceSame(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil || got.Sub(want).Abs() > time.Second {
		t.Fatalf("%s = %v, want %v (a paid period was lost or applied twice)", what, got, want)
	}
}

func TestRaceConcurrentFulfilmentsEachAddTheirPeriod(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "race-paid", "race@paid.example", "Racing Labs")
		const day = 24 * time.Hour

		t.Run("featured", func(t *testing.T) {
			// A first period, so that every round extends a running one
			// and the expected end is exact.
			until := time.Now().Add(day)
			jobMustStatus(t, "feature", s.owner.feature(s.jobID, &until), "published")
			for round := range raceRounds {
				before := billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil
				orders := raceBuy(t, s.team, raceWidth, map[string]any{"product": "featured", "job_id": s.jobID})
				raceMustAll(t, "featured webhook", race(raceWidth, func(i int) error { return raceWebhook(h, s.f.Host, orders[i]) }))
				after := billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil
				raceSame(t, fmt.Sprintf("round %d featured_until", round), after, before.Add(raceWidth*billingFeaturedDays*day))
			}
		})

		t.Run("premium", func(t *testing.T) {
			first := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
			billingDeliver(t, h, s.f.Host, billingCompleted(t, first))
			for round := range raceRounds {
				before := billingCompany(t, h, s.f.ID, s.team.companyID).PremiumUntil
				orders := raceBuy(t, s.team, raceWidth, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
				raceMustAll(t, "premium webhook", race(raceWidth, func(i int) error { return raceWebhook(h, s.f.Host, orders[i]) }))
				after := billingCompany(t, h, s.f.ID, s.team.companyID).PremiumUntil
				raceSame(t, fmt.Sprintf("round %d premium_until", round), after, before.Add(raceWidth*billingPremiumDays*day))
			}
		})

		t.Run("posting", func(t *testing.T) {
			const days = 10
			billingSetPrice(t, s, "job_posting", 2500, days)
			jobSettings(t, h, s.f, func(st *jobBoardSettings) { st.ReviewJobs = true })
			for round := range raceRounds {
				id := s.team.create(t, jobPosting(fmt.Sprintf("Paid Chemist %d", round), nil))["id"].(string)
				orders := raceBuy(t, s.team, raceWidth, map[string]any{"product": "job_posting", "job_id": id})
				raceMustAll(t, "posting webhook", race(raceWidth, func(i int) error { return raceWebhook(h, s.f.Host, orders[i]) }))
				if st := billingJob(t, h, s.f.ID, id).Status; st != "pending" {
					t.Fatalf("round %d: paid job is %s, want pending (waiting for review)", round, st)
				}
				m := jobMustStatus(t, "approve", s.owner.approve(id), "published")
				published, expires := jobTimeOf(t, m["published_at"]), jobTimeOf(t, m["expires_at"])
				if got, want := expires.Sub(published), raceWidth*days*day; (got - want).Abs() > time.Second {
					t.Fatalf("round %d: the job runs %v, want %v for %d paid postings", round, got, want, raceWidth)
				}
			}
		})
	})
}

func TestRaceEditsAndPaymentsBothSurvive(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "race-edit", "race@edit.example", "Editing Labs")
		const day = 24 * time.Hour
		until := time.Now().Add(day)
		jobMustStatus(t, "feature", s.owner.feature(s.jobID, &until), "published")
		first := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		billingDeliver(t, h, s.f.Host, billingCompleted(t, first))

		for round := range raceRounds {
			jobBefore := billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil
			coBefore := billingCompany(t, h, s.f.ID, s.team.companyID).PremiumUntil
			featured := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
			premium := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
			title := fmt.Sprintf("Edited Chemist %d", round)
			about := fmt.Sprintf("About Editing Labs, round %d.", round)
			raceMustAll(t, "edit racing payment", race(4, func(i int) error {
				switch i {
				case 0:
					return raceWebhook(h, s.f.Host, featured)
				case 1:
					return raceWebhook(h, s.f.Host, premium)
				case 2:
					if r := s.team.patch(s.jobID, map[string]any{"title": title}); r.StatusCode != http.StatusOK {
						return fmt.Errorf("PATCH job: %d %s", r.StatusCode, r.body)
					}
				case 3:
					r := jobSend(s.team.c, http.MethodPatch, "/api/v1/companies/"+s.team.companyID, map[string]any{"description": about}, s.team.tok)
					if r.StatusCode != http.StatusOK {
						return fmt.Errorf("PATCH company: %d %s", r.StatusCode, r.body)
					}
				}
				return nil
			}))
			j := billingJob(t, h, s.f.ID, s.jobID)
			raceSame(t, fmt.Sprintf("round %d featured_until", round), j.FeaturedUntil, jobBefore.Add(billingFeaturedDays*day))
			if j.Posting.Title != title {
				t.Fatalf("round %d: title %q, want %q (the edit was lost)", round, j.Posting.Title, title)
			}
			co := billingCompany(t, h, s.f.ID, s.team.companyID)
			raceSame(t, fmt.Sprintf("round %d premium_until", round), co.PremiumUntil, coBefore.Add(billingPremiumDays*day))
			if co.Profile.Description != about {
				t.Fatalf("round %d: description %q, want %q (the edit was lost)", round, co.Profile.Description, about)
			}
		}
	})
}

func TestRaceModerationAndEditBothSurvive(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("race-mod")
		owner := jobOwnerOf(h, f)
		tm := jobNewTeam(t, h, f, "race@mod.example", "Moderated Labs", true)
		jobSettings(t, h, f, func(st *jobBoardSettings) { st.ReviewJobs, st.ReviewEdits = true, false })
		for round := range raceRounds {
			id := tm.create(t, jobPosting(fmt.Sprintf("Reviewed Chemist %d", round), nil))["id"].(string)
			jobMustStatus(t, "submit", tm.action(id, "submit"), "pending")
			title := fmt.Sprintf("Reviewed and Edited Chemist %d", round)
			var approve response
			raceMustAll(t, "approve racing edit", race(2, func(i int) error {
				if i == 0 {
					approve = owner.approve(id)
					return nil
				}
				if r := tm.patch(id, map[string]any{"title": title}); r.StatusCode != http.StatusOK {
					return fmt.Errorf("PATCH: %d %s", r.StatusCode, r.body)
				}
				return nil
			}))
			// Either order is right, and the edit is kept in both: approved
			// then edited (published, as the board does not review edits),
			// or edited first, which takes a pending job back to draft so the
			// approval finds nothing to approve.
			j := billingJob(t, h, f.ID, id)
			want := map[int]string{http.StatusOK: "published", http.StatusConflict: "draft"}[approve.StatusCode]
			if want == "" || string(j.Status) != want || j.Posting.Title != title {
				t.Fatalf("round %d: approve answered %d, job %s titled %q; want %s and %q", round, approve.StatusCode, j.Status, j.Posting.Title, want, title)
			}
		}
	})
}

func TestRaceRenewalAndExpiryAgree(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("race-renew")
		owner := jobOwnerOf(h, f)
		tm := jobNewTeam(t, h, f, "race@renew.example", "Renewing Labs", true)
		jobs := store.NewJobs(h.db)
		tenant := domain.TenantID(f.ID)
		renewed, refused := 0, 0
		for round := range raceRounds {
			id := tm.publishJob(t, owner, jobPosting(fmt.Sprintf("Renewed Chemist %d", round), nil))["id"].(string)
			// The scheduler's pass as it runs a month and a day from now,
			// when the posting is over; the team renews at the same moment.
			later := time.Now().Add(31 * 24 * time.Hour)
			var renew response
			raceMustAll(t, "renew racing expiry", race(2, func(i int) error {
				if i == 0 {
					_, err := jobs.ExpireDue(context.Background(), tenant, later)
					return err
				}
				renew = tm.action(id, "renew")
				return nil
			}))
			j := billingJob(t, h, f.ID, id)
			switch renew.StatusCode {
			case http.StatusOK:
				renewed++
				if j.Status != "published" || j.ExpiresAt == nil || !j.ExpiresAt.After(time.Now().Add(29*24*time.Hour)) {
					t.Fatalf("round %d: renewal answered 200 but the job is %s until %v", round, j.Status, j.ExpiresAt)
				}
			case http.StatusConflict:
				refused++
				// The pass skips a row a renewal holds locked (instances
				// share the work that way); the next pass expires it.
				if j.Status == "published" {
					if _, err := jobs.ExpireDue(context.Background(), tenant, later); err != nil {
						t.Fatal(err)
					}
					j = billingJob(t, h, f.ID, id)
				}
				if j.Status != "expired" {
					t.Fatalf("round %d: renewal refused (job still live) but the job ends %s", round, j.Status)
				}
			default:
				t.Fatalf("round %d: renew answered %d %s", round, renew.StatusCode, renew.body)
			}
		}
		t.Logf("renewed after expiry %d times, refused before it %d times", renewed, refused)
	})
}

func TestRaceAlertConfirmAndSubscribe(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("race-alert")
		tenant := domain.TenantID(f.ID)
		ctx := context.Background()
		for round := range raceRounds {
			addr := fmt.Sprintf("reader%d@race.example", round)
			in := appalert.SubscribeInput{Email: addr, Query: "chemist", Frequency: "daily"}
			ip := fmt.Sprintf("10.9.%d.1", round)
			if _, err := h.sys.Alerts.Subscribe(ctx, tenant, ip, in); err != nil {
				t.Fatal(err)
			}
			token := raceConfirmToken(t, h, addr)
			var confirmErr error
			raceMustAll(t, "confirm racing subscribe", race(2, func(i int) error {
				if i == 0 {
					_, confirmErr = h.sys.Alerts.Confirm(ctx, tenant, token)
					return nil
				}
				_, err := h.sys.Alerts.Subscribe(ctx, tenant, ip, in)
				return err
			}))
			a := raceAlert(t, h, tenant, addr)
			switch {
			case confirmErr == nil && !a.Confirmed():
				t.Fatalf("round %d: the confirmation answered yes but the alert is unconfirmed (lost)", round)
			case confirmErr != nil && !errors.Is(confirmErr, alert.ErrTokenInvalid):
				t.Fatalf("round %d: confirm: %v", round, confirmErr)
			case confirmErr != nil && a.Confirmed():
				t.Fatalf("round %d: the confirmation was refused but the alert is confirmed", round)
			}
		}
	})
}

// raceConfirmToken is the token of the last confirmation mail to addr.
func raceConfirmToken(t *testing.T, h *harness, addr string) string {
	t.Helper()
	token := ""
	for _, m := range h.mails.Messages() {
		if mm := confirmLink.FindStringSubmatch(m.Text); mm != nil && strings.EqualFold(m.To, addr) {
			token = mm[1]
		}
	}
	if token == "" {
		t.Fatalf("no confirmation mail to %s", addr)
	}
	return token
}

// raceAlert reads addr's one alert.
func raceAlert(t *testing.T, h *harness, tenant domain.TenantID, addr string) *alert.Alert {
	t.Helper()
	ctx := context.Background()
	alerts := store.NewAlerts(h.db)
	sub, err := alerts.SubscriberByEmail(ctx, tenant, domain.Email(addr))
	if err != nil {
		t.Fatal(err)
	}
	list, err := alerts.Alerts(ctx, tenant, sub.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("alerts of %s: %d, %v; want one", addr, len(list), err)
	}
	return list[0]
}
