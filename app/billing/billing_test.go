package billing_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/moderation"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

const featuredPeriod = 14 * 24 * time.Hour // the board's default price

// shop is a board with an employer and one of their published jobs.
type shop struct {
	env   *systemtest.Env
	board systemtest.Board
	emp   systemtest.Employer
	jobID string
}

func newShop(t *testing.T, env *systemtest.Env) shop {
	b := env.NewBoard(t, "shop")
	emp := env.NewEmployer(t, b, "buyer@shop.example", "Buying Labs")
	j := env.PublishedJob(t, b, emp, systemtest.Posting("Lab Scientist"))
	return shop{env: env, board: b, emp: emp, jobID: j.ID()}
}

// order opens a checkout for a featured upgrade of the shop's job.
func (s shop) order(t *testing.T) billing.Order {
	t.Helper()
	c, err := s.env.Billing.StartCheckout(context.Background(), s.board.Tenant, app.UserActor(s.emp.UserID),
		appbilling.CheckoutInput{Product: string(billing.ProductFeatured), JobID: s.jobID},
		appbilling.ReturnURLs{Success: func(string) string { return "http://shop.jobs.test/ok" }, Cancel: func(string) string { return "http://shop.jobs.test/no" }})
	if err != nil {
		t.Fatal(err)
	}
	return c.Order
}

// featuredUntil reads the job's featured period as stored.
func (s shop) featuredUntil(t *testing.T) time.Time {
	t.Helper()
	j, err := store.NewJobs(s.env.DB).ByID(context.Background(), s.board.Tenant, s.jobID)
	if err != nil {
		t.Fatal(err)
	}
	if u := j.Snapshot().FeaturedUntil; u != nil {
		return *u
	}
	return time.Time{}
}

// TestConcurrentPaymentsEachAddTheirPeriod pays eight featured upgrades of
// one job at the same moment: every one adds its fourteen days.
func TestConcurrentPaymentsEachAddTheirPeriod(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		s := newShop(t, env)
		const n = 8
		orders := make([]billing.Order, n)
		for i := range orders {
			orders[i] = s.order(t)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i, o := range orders {
			wg.Go(func() {
				_, errs[i] = env.Billing.DevPay(context.Background(), s.board.Tenant, app.UserActor(s.emp.UserID), o.ID)
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("payment %d: %v", i, err)
			}
		}
		want := env.Clock.Now().Add(n * featuredPeriod)
		if got := s.featuredUntil(t); !got.Equal(want) {
			t.Errorf("featured until %v after %d payments, want %v", got, n, want)
		}
		// Each payment is on the record once, with one receipt.
		receipts := 0
		for _, m := range env.Mails.Messages() {
			if m.To == "buyer@shop.example" && strings.HasPrefix(m.Subject, "Your receipt") {
				receipts++
			}
		}
		if receipts != n {
			t.Errorf("%d receipts for %d payments", receipts, n)
		}
	})
}

// TestLostDisputeTakesBackWhatWasBoughtOnce: a won dispute changes
// nothing; a lost one takes back the order's featured time once, however
// often its notice arrives.
func TestLostDisputeTakesBackWhatWasBoughtOnce(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		s := newShop(t, env)
		won, lost := s.order(t), s.order(t)
		for _, o := range []billing.Order{won, lost} {
			if _, err := env.Billing.DevPay(ctx, s.board.Tenant, app.UserActor(s.emp.UserID), o.ID); err != nil {
				t.Fatal(err)
			}
		}
		start := env.Clock.Now()
		closed := func(o billing.Order, status string) map[string]any {
			paid, err := env.Billing.Order(ctx, s.board.Tenant, app.UserActor(s.emp.UserID), o.ID)
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"id": "dp_" + o.ID, "object": "dispute", "amount": o.Amount, "currency": "eur",
				"reason": "fraudulent", "status": status, "payment_intent": paid.PaymentIntent}
		}
		if err := env.Deliver(t, "evt_won", appbilling.EventDisputeClosed, closed(won, "won")); err != nil {
			t.Fatal(err)
		}
		if got := s.featuredUntil(t); !got.Equal(start.Add(2 * featuredPeriod)) {
			t.Fatalf("after a won dispute: featured until %v", got)
		}
		for i := range 3 {
			// The same notice twice, then another one.
			id := "evt_lost"
			if i == 2 {
				id = "evt_lost_again"
			}
			if err := env.Deliver(t, id, appbilling.EventDisputeClosed, closed(lost, "lost")); err != nil {
				t.Fatal(err)
			}
		}
		if got := s.featuredUntil(t); !got.Equal(start.Add(featuredPeriod)) {
			t.Errorf("after a lost dispute: featured until %v, want %v", got, start.Add(featuredPeriod))
		}
		o, err := env.Billing.Order(ctx, s.board.Tenant, app.UserActor(s.emp.UserID), lost.ID)
		if err != nil || o.Status != billing.StatusRefunded {
			t.Errorf("order after a lost dispute: %v, %v; want refunded", o.Status, err)
		}
		entries, err := store.NewAuditLog(env.DB).List(ctx, s.board.Tenant, moderation.AuditFilter{ItemID: lost.ID, Action: "order.refunded"})
		if err != nil || len(entries) != 1 {
			t.Errorf("order.refunded entries: %d (%v), want 1", len(entries), err)
		}
	})
}
