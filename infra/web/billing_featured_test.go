package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/infra/payments"
)

// An employer can feature a job while it waits for review; the paid time
// starts when a moderator approves it, so the wait costs nothing.
func TestBillingFeaturedBoughtWhilePendingStartsAtApproval(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		id := s.team.create(t, jobPosting("Pending Chemist", nil))["id"].(string)
		jobMustStatus(t, "submit", s.team.action(id, "submit"), "pending")

		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": id})
		if _, err := billingDevGateway(t, h).MarkPaid(payments.DevSessionID(o.ID)); err != nil {
			t.Fatal(err)
		}
		if r := jobSend(s.team.c, http.MethodGet, "/api/v1/orders/"+o.ID, nil, s.team.tok); r.StatusCode != http.StatusOK {
			t.Fatalf("order: %d %s", r.StatusCode, r.body)
		}
		billingWantStatus(t, h, o, billing.StatusPaid)
		snap := billingJob(t, h, s.f.ID, id)
		if snap.FeaturedUntil != nil || snap.FeaturedPending != billingFeaturedDays*24*time.Hour {
			t.Fatalf("paid while pending: featured_until %v, pending %v", snap.FeaturedUntil, snap.FeaturedPending)
		}
		if ids := jobIDs(t, s.team.c.get("/api/v1/featured-jobs")); jobContains(ids, id) {
			t.Error("a pending job is in the featured list")
		}

		before := time.Now()
		jobMustStatus(t, "approve", s.owner.approve(id), "published")
		billingPeriodOnce(t, "featured period from approval", billingJob(t, h, s.f.ID, id).FeaturedUntil, before, time.Now(), billingFeaturedDays)
		if ids := jobIDs(t, s.team.c.get("/api/v1/featured-jobs")); !jobContains(ids, id) {
			t.Errorf("approved featured job missing from the featured list: %v", ids)
		}
		if ids := jobIDs(t, s.team.c.get("/api/v1/jobs")); len(ids) == 0 || ids[0] != id {
			t.Errorf("featured job is not first in the list: %v", ids)
		}

		// A closed job cannot be featured.
		jobMustStatus(t, "close", s.team.action(s.jobID, "close"), "closed")
		if r := billingBuy(s.team, map[string]any{"product": "featured", "job_id": s.jobID}); r.StatusCode != http.StatusConflict {
			t.Errorf("featuring a closed job: %d, want 409", r.StatusCode)
		}
	})
}
