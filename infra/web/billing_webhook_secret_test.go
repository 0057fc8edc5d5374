package web_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

func TestWebhookWithoutASecretRefusesEverything(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			// The dev gateway (no STRIPE_SECRET_KEY) and no webhook secret.
			h := newHarness(t, storetest.Open(t, d), map[string]string{"STRIPE_WEBHOOK_SECRET": ""})
			s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
			o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
			body := billingCompleted(t, o)
			for name, sig := range map[string]string{
				"the former public development secret": billingSign(body, "whsec_development", time.Now()),
				"an empty secret":                      billingSign(body, "", time.Now()),
				"the harness secret":                   billingSign(body, billingWebhookSecret, time.Now()),
				"no signature":                         "",
			} {
				code, out, err := billingPost(h, s.f.Host, body, sig)
				if err != nil {
					t.Fatal(err)
				}
				var e errorBody
				if code != http.StatusNotFound || json.Unmarshal([]byte(out), &e) != nil || e.Error.Code != "webhooks_disabled" || e.Error.Message == "" {
					t.Errorf("%s: %d %s, want 404 webhooks_disabled", name, code, out)
				}
			}
			billingWantStatus(t, h, o, billing.StatusPending)
			if n := billingCount(t, h, "SELECT count(*) FROM payment_events"); n != 0 {
				t.Errorf("payment events recorded: %d", n)
			}
			if j := billingJob(t, h, s.f.ID, s.jobID); j.FeaturedUntil != nil {
				t.Errorf("featured by a forged webhook until %s", j.FeaturedUntil)
			}
		})
	}
}

func TestCheckoutSessionExpiredMarksTheOrderExpired(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		obj := billingSessionObject(o, "unpaid", "expired")
		delete(obj, "payment_intent")
		billingDeliver(t, h, s.f.Host, billingEvent(t, billingEventID("expired"), appbilling.EventExpired, obj))
		billingWantStatus(t, h, o, billing.StatusExpired)
		if n := billingFulfilments(t, h, o.ID); n != 0 {
			t.Errorf("fulfilments of an expired order: %d", n)
		}
		if j := billingJob(t, h, s.f.ID, s.jobID); j.FeaturedUntil != nil {
			t.Errorf("an expired checkout featured the job until %s", j.FeaturedUntil)
		}
		r := s.team.c.do(http.MethodGet, "/api/v1/orders/"+o.ID, nil, bearer(s.team.tok))
		if r.StatusCode != http.StatusOK || r.json(t)["status"] != "expired" {
			t.Errorf("GET order: %d %s", r.StatusCode, r.body)
		}
		// A late completion of the expired session does not revive it.
		billingDeliver(t, h, s.f.Host, billingCompleted(t, o))
		if got := billingStored(t, h, o.Tenant, o.ID); got.Status == billing.StatusPending {
			t.Errorf("order back to pending after a late event")
		}
	})
}

// errorBody is the contract's JSON error shape.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func TestPriceBelowStripesMinimumIsRefusedNamingTheAmount(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		for _, tc := range []struct {
			amount int
			want   int
		}{{1, http.StatusBadRequest}, {49, http.StatusBadRequest}, {0, http.StatusOK}, {50, http.StatusOK}} {
			r := jobSend(s.owner.c, http.MethodPut, "/api/v1/prices/featured", map[string]any{"currency": "EUR", "amount": tc.amount, "duration_days": 7}, s.owner.tok)
			if r.StatusCode != tc.want || tc.want == http.StatusBadRequest && r.errorField(t, "amount") == "" {
				t.Errorf("amount %d: %d %s, want %d", tc.amount, r.StatusCode, r.body, tc.want)
			}
		}
	})
}
