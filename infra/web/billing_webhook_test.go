package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/infra/payments"
)

func TestBillingWebhookRefusesBadSignatures(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		if o.Status != "pending" || o.CheckoutURL == "" {
			t.Fatalf("new order: %+v", o)
		}
		body := billingCompleted(t, o)
		good := billingSign(body, billingWebhookSecret, time.Now())
		tampered := bytes.Replace(body, []byte(`"amount_total":9900`), []byte(`"amount_total":1`), 1)
		if bytes.Equal(tampered, body) {
			t.Fatal("the test body has no amount_total to tamper with")
		}
		cases := []struct {
			name      string
			body      []byte
			signature string
		}{
			{"tampered body", tampered, good},
			{"body with a changed order id", bytes.Replace(body, []byte(o.ID), []byte("00000000-0000-4000-8000-000000000000"), 1), good},
			{"wrong secret", body, billingSign(body, "whsec_someone_else", time.Now())},
			{"stale timestamp", body, billingSign(body, billingWebhookSecret, time.Now().Add(-10*time.Minute))},
			{"no signature", body, ""},
			{"garbage signature", body, "t=1,v1=deadbeef"},
		}
		for _, tc := range cases {
			code, out, err := billingPost(h, s.f.Host, tc.body, tc.signature)
			if err != nil {
				t.Fatal(err)
			}
			if code != http.StatusBadRequest {
				t.Errorf("%s: %d %s, want 400", tc.name, code, out)
			}
		}
		billingWantStatus(t, h, o, billing.StatusPending)
		if n := billingFulfilments(t, h, o.ID); n != 0 {
			t.Errorf("fulfilments after refused webhooks: %d, want 0", n)
		}
		if n := billingCount(t, h, "SELECT count(*) FROM payment_events"); n != 0 {
			t.Errorf("payment events recorded from refused webhooks: %d, want 0", n)
		}
		if j := billingJob(t, h, s.f.ID, s.jobID); j.FeaturedUntil != nil {
			t.Errorf("featured by a refused webhook until %s", j.FeaturedUntil)
		}
		// The same event, correctly signed, goes through.
		before := time.Now()
		billingDeliver(t, h, s.f.Host, body)
		billingWantStatus(t, h, o, billing.StatusPaid)
		billingPeriodOnce(t, "featured_until", billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil, before, time.Now(), billingFeaturedDays)
	})
}

func TestBillingWebhookConcurrentDuplicatesFulfilOnce(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		body := billingCompleted(t, o)
		sig := billingSign(body, billingWebhookSecret, time.Now())

		deliver := func(bodies [][]byte, sigs []string) {
			t.Helper()
			var wg sync.WaitGroup
			codes := make([]int, len(bodies))
			outs := make([]string, len(bodies))
			errs := make([]error, len(bodies))
			start := make(chan struct{})
			for i := range bodies {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					<-start
					codes[i], outs[i], errs[i] = billingPost(h, s.f.Host, bodies[i], sigs[i])
				}(i)
			}
			close(start)
			wg.Wait()
			for i := range bodies {
				if errs[i] != nil {
					t.Fatalf("delivery %d: %v", i, errs[i])
				}
				if codes[i] != http.StatusOK {
					t.Errorf("delivery %d: %d %s, want 200", i, codes[i], outs[i])
				}
			}
		}

		before := time.Now()
		// The same event five times at once.
		five := [][]byte{body, body, body, body, body}
		deliver(five, []string{sig, sig, sig, sig, sig})
		after := time.Now()
		billingWantStatus(t, h, o, billing.StatusPaid)
		if n := billingFulfilments(t, h, o.ID); n != 1 {
			t.Errorf("fulfilments after 5 concurrent deliveries: %d, want 1", n)
		}
		until := billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil
		billingPeriodOnce(t, "featured_until after 5 deliveries", until, before, after, billingFeaturedDays)

		// Five different notices of the same payment at once (completed and
		// async_payment_succeeded with their own event ids).
		var bodies [][]byte
		var sigs []string
		for i := 0; i < 5; i++ {
			typ := "checkout.session.completed"
			if i%2 == 1 {
				typ = "checkout.session.async_payment_succeeded"
			}
			b := billingEvent(t, billingEventID("dup"), typ, billingSessionObject(o, "paid", "complete"))
			bodies, sigs = append(bodies, b), append(sigs, billingSign(b, billingWebhookSecret, time.Now()))
		}
		deliver(bodies, sigs)
		if n := billingFulfilments(t, h, o.ID); n != 1 {
			t.Errorf("fulfilments after 5 more notices: %d, want 1", n)
		}
		if again := billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil; again == nil || !again.Equal(*until) {
			t.Errorf("featured_until moved from %v to %v on repeated notices", until, again)
		}
		anon := h.client(s.f.Host)
		if j := anon.get("/api/v1/jobs/" + s.jobID).json(t); j["featured"] != true {
			t.Errorf("GET job after payment: featured %v", j["featured"])
		}

		// The refund, delivered 5 times at once, revokes it once.
		refund := billingRefunded(t, o)
		rsig := billingSign(refund, billingWebhookSecret, time.Now())
		deliver([][]byte{refund, refund, refund, refund, refund}, []string{rsig, rsig, rsig, rsig, rsig})
		got := billingWantStatus(t, h, o, billing.StatusRefunded)
		if got.RefundedAt == nil {
			t.Error("refunded order has no refunded_at")
		}
		if j := billingJob(t, h, s.f.ID, s.jobID); j.FeaturedUntil != nil && j.FeaturedUntil.After(time.Now()) {
			t.Errorf("refunded featured order: job still featured until %s", j.FeaturedUntil)
		}
		if j := anon.get("/api/v1/jobs/" + s.jobID).json(t); j["featured"] != false {
			t.Errorf("GET job after refund: featured %v", j["featured"])
		}
		// A late payment notice after the refund changes nothing.
		billingDeliver(t, h, s.f.Host, billingCompleted(t, o))
		billingWantStatus(t, h, o, billing.StatusRefunded)
		if n := billingFulfilments(t, h, o.ID); n != 1 {
			t.Errorf("fulfilments after a late notice: %d, want 1", n)
		}
		if j := billingJob(t, h, s.f.ID, s.jobID); j.FeaturedUntil != nil {
			t.Errorf("late notice featured the refunded job again until %s", j.FeaturedUntil)
		}
	})
}

func TestBillingWebhookRefundBeforePayment(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		// Notices arrive out of order: the refund first, then the payment.
		billingDeliver(t, h, s.f.Host, billingRefunded(t, o))
		billingWantStatus(t, h, o, billing.StatusRefunded)
		billingDeliver(t, h, s.f.Host, billingCompleted(t, o))
		billingWantStatus(t, h, o, billing.StatusRefunded)
		if n := billingFulfilments(t, h, o.ID); n != 0 {
			t.Errorf("fulfilments of an order refunded before it was paid: %d, want 0", n)
		}
		if j := billingJob(t, h, s.f.ID, s.jobID); j.FeaturedUntil != nil {
			t.Errorf("refunded order featured the job until %s", j.FeaturedUntil)
		}

		// Premium profile the same way round.
		p := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		billingDeliver(t, h, s.f.Host, billingRefunded(t, p))
		billingDeliver(t, h, s.f.Host, billingCompleted(t, p))
		billingWantStatus(t, h, p, billing.StatusRefunded)
		if c := billingCompany(t, h, s.f.ID, s.team.companyID); c.PremiumUntil != nil {
			t.Errorf("refunded premium order made the company premium until %s", c.PremiumUntil)
		}
	})
}

func TestBillingWebhookCannotTouchAnotherBoardsOrder(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		b := billingNewShop(t, h, "beta", "bob@zeta.example", "Zeta Labs")
		oa := billingMustBuy(t, a.team, map[string]any{"product": "featured", "job_id": a.jobID})
		ob := billingMustBuy(t, b.team, map[string]any{"product": "featured", "job_id": b.jobID})

		// Board beta's id with acme's order id.
		wrongTenant := oa
		wrongTenant.Tenant = b.f.ID
		// Acme's id and order with beta's checkout session.
		obj := billingSessionObject(oa, "paid", "complete")
		obj["id"] = payments.DevSessionID(ob.ID)
		otherSession := billingEvent(t, billingEventID("xsession"), "checkout.session.completed", obj)
		for _, host := range []string{a.f.Host, b.f.Host} {
			billingDeliver(t, h, host, billingCompleted(t, wrongTenant))
			billingDeliver(t, h, host, otherSession)
			billingDeliver(t, h, host, billingRefunded(t, wrongTenant))
		}
		for _, o := range []billingOrder{oa, ob} {
			billingWantStatus(t, h, o, billing.StatusPending)
			if n := billingFulfilments(t, h, o.ID); n != 0 {
				t.Errorf("order %s fulfilled by another board's event: %d", o.ID, n)
			}
		}
		for _, sh := range []*billingShop{a, b} {
			if j := billingJob(t, h, sh.f.ID, sh.jobID); j.FeaturedUntil != nil {
				t.Errorf("job of %s featured by another board's event", sh.f.Slug)
			}
		}

		// Beta's real payment, received on acme's host, pays beta's order
		// only.
		billingDeliver(t, h, a.f.Host, billingCompleted(t, ob))
		billingWantStatus(t, h, ob, billing.StatusPaid)
		billingWantStatus(t, h, oa, billing.StatusPending)
		if j := billingJob(t, h, a.f.ID, a.jobID); j.FeaturedUntil != nil {
			t.Errorf("acme's job featured by beta's payment")
		}
		// A refund naming beta's board and acme's order leaves both alone.
		billingDeliver(t, h, a.f.Host, billingCompleted(t, oa))
		wrong := oa
		wrong.Tenant = b.f.ID
		billingDeliver(t, h, b.f.Host, billingRefunded(t, wrong))
		billingWantStatus(t, h, oa, billing.StatusPaid)
		billingWantStatus(t, h, ob, billing.StatusPaid)
		if j := billingJob(t, h, a.f.ID, a.jobID); j.FeaturedUntil == nil {
			t.Errorf("acme's featured period revoked by an event for another board")
		}
	})
}

func TestBillingWebhookCrashBeforeCommit(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		crashing := billingCrashingService(h)

		// Redelivery after a crash.
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		body := billingCompleted(t, o)
		if err := crashing.HandleWebhook(ctx, body, billingSign(body, billingWebhookSecret, time.Now())); err == nil {
			t.Fatal("the crashing service reported success")
		}
		billingWantStatus(t, h, o, billing.StatusPending)
		if n := billingFulfilments(t, h, o.ID); n != 0 {
			t.Errorf("fulfilments after a crash: %d, want 0", n)
		}
		if n := billingCount(t, h, "SELECT count(*) FROM payment_events"); n != 0 {
			t.Errorf("events recorded by a crashed delivery: %d, want 0", n)
		}
		if j := billingJob(t, h, s.f.ID, s.jobID); j.FeaturedUntil != nil {
			t.Errorf("crashed delivery featured the job until %s", j.FeaturedUntil)
		}
		before := time.Now()
		billingDeliver(t, h, s.f.Host, body) // Stripe redelivers the same event
		after := time.Now()
		billingWantStatus(t, h, o, billing.StatusPaid)
		billingDeliver(t, h, s.f.Host, body)
		if n := billingFulfilments(t, h, o.ID); n != 1 {
			t.Errorf("fulfilments after redelivery: %d, want 1", n)
		}
		billingPeriodOnce(t, "featured_until after redelivery", billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil, before, after, billingFeaturedDays)

		// Reconciliation after a crash: the gateway knows the session is
		// paid, the application never committed it.
		p := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		if _, err := billingDevGateway(t, h).MarkPaid(payments.DevSessionID(p.ID)); err != nil {
			t.Fatal(err)
		}
		pbody := billingCompleted(t, p)
		if err := crashing.HandleWebhook(ctx, pbody, billingSign(pbody, billingWebhookSecret, time.Now())); err == nil {
			t.Fatal("the crashing service reported success")
		}
		billingWantStatus(t, h, p, billing.StatusPending)
		if c := billingCompany(t, h, s.f.ID, s.team.companyID); c.PremiumUntil != nil {
			t.Errorf("crashed delivery made the company premium")
		}
		// A reconcile that crashes too leaves it pending.
		if res, _ := crashing.Reconcile(ctx, time.Now().Add(-time.Hour)); res.Paid != 0 {
			t.Errorf("crashing reconcile counted %d paid", res.Paid)
		}
		billingWantStatus(t, h, p, billing.StatusPending)

		before = time.Now()
		res, err := h.sys.Billing.Reconcile(ctx, time.Now().Add(-time.Hour))
		after = time.Now()
		if err != nil {
			t.Fatal(err)
		}
		if res.Checked != 1 || res.Paid != 1 || res.Failed != 0 {
			t.Errorf("reconcile: %+v, want 1 checked and paid", res)
		}
		billingWantStatus(t, h, p, billing.StatusPaid)
		if n := billingFulfilments(t, h, p.ID); n != 1 {
			t.Errorf("fulfilments after reconcile: %d, want 1", n)
		}
		premium := billingCompany(t, h, s.f.ID, s.team.companyID).PremiumUntil
		billingPeriodOnce(t, "premium_until after reconcile", premium, before, after, billingPremiumDays)
		// Running it again, and the redelivered webhook, change nothing.
		if res, err := h.sys.Billing.Reconcile(ctx, time.Now().Add(-time.Hour)); err != nil || res.Checked != 0 {
			t.Errorf("second reconcile: %+v %v, want nothing to check", res, err)
		}
		billingDeliver(t, h, s.f.Host, pbody)
		if n := billingFulfilments(t, h, p.ID); n != 1 {
			t.Errorf("fulfilments after reconcile and redelivery: %d, want 1", n)
		}
		if again := billingCompany(t, h, s.f.ID, s.team.companyID).PremiumUntil; again == nil || !again.Equal(*premium) {
			t.Errorf("premium_until moved from %v to %v", premium, again)
		}
	})
}

func TestBillingWebhookIgnoresUnknownOrdersAndUnpaidSessions(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "acme", "emma@nova.example", "Nova Pharma")
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		// Completed but unpaid (an asynchronous method): still pending.
		billingDeliver(t, h, s.f.Host, billingEvent(t, billingEventID("unpaid"), "checkout.session.completed", billingSessionObject(o, "unpaid", "complete")))
		billingWantStatus(t, h, o, billing.StatusPending)
		// An order nobody knows is acknowledged and ignored.
		ghost := o
		ghost.ID = "6f1c2b7e-0000-4000-8000-000000000001"
		billingDeliver(t, h, s.f.Host, billingCompleted(t, ghost))
		// Event types it does not act on are acknowledged.
		billingDeliver(t, h, s.f.Host, billingEvent(t, billingEventID("other"), "customer.created", map[string]any{"id": "cus_1", "object": "customer"}))
		// An asynchronous failure closes the order; the late success still
		// pays it.
		billingDeliver(t, h, s.f.Host, billingEvent(t, billingEventID("failed"), "checkout.session.async_payment_failed", billingSessionObject(o, "unpaid", "complete")))
		billingWantStatus(t, h, o, billing.StatusFailed)
		billingDeliver(t, h, s.f.Host, billingEvent(t, billingEventID("late"), "checkout.session.async_payment_succeeded", billingSessionObject(o, "paid", "complete")))
		billingWantStatus(t, h, o, billing.StatusPaid)
		if n := billingFulfilments(t, h, o.ID); n != 1 {
			t.Errorf("fulfilments: %d, want 1", n)
		}
		if !strings.HasPrefix(billingStored(t, h, o.Tenant, o.ID).PaymentIntent, "pi_") {
			t.Errorf("payment intent not recorded: %+v", billingStored(t, h, o.Tenant, o.ID))
		}
	})
}
