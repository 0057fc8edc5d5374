package web_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/moderation"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// recordAudit lists the board's audit entries of one action on an order.
func recordAudit(t *testing.T, h *harness, tenant, orderID, action string) []moderation.Entry {
	t.Helper()
	list, err := store.NewAuditLog(h.db).List(context.Background(), domain.TenantID(tenant), moderation.AuditFilter{Action: action, ItemID: orderID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// recordReceipts are the receipt mails sent for an order.
func recordReceipts(h *harness, orderID string) []app.Message {
	var out []app.Message
	for _, m := range h.mails.Messages() {
		if strings.HasPrefix(m.Subject, "Your receipt") && strings.Contains(m.Text, orderID) {
			out = append(out, m)
		}
	}
	return out
}

func TestBillingPaymentsAreOnTheRecordWithOneReceipt(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "record", "buyer@record.example", "Recorded Labs")
		o := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		// The notice arrives, is redelivered, arrives again under another
		// event id, and the buyer also lands on the return page.
		body := billingCompleted(t, o)
		billingDeliver(t, h, s.f.Host, body)
		billingDeliver(t, h, s.f.Host, body)
		billingDeliver(t, h, s.f.Host, billingCompleted(t, o))
		buyer := billingBrowser(t, h, s.f.Host, "buyer@record.example", "passphrase for buyer@record.example")
		if done := buyer.page("/billing/orders/" + o.ID + "/success"); !strings.Contains(done.body, "paid") {
			t.Fatalf("return page of a paid order: %.800s", done.body)
		}
		if _, err := h.sys.Billing.SendAllReceipts(context.Background()); err != nil {
			t.Fatal(err)
		}

		paid := recordAudit(t, h, s.f.ID, o.ID, "order.paid")
		if len(paid) != 1 {
			t.Fatalf("order.paid audit entries: %d, want 1", len(paid))
		}
		e := paid[0]
		if e.Kind != "order" || !strings.Contains(e.Note, "EUR 99.00") || !strings.Contains(e.Note, s.jobID) ||
			!strings.Contains(e.Actor, "payment event") || !strings.Contains(e.After, "featured_until") {
			t.Fatalf("audit entry does not say what was paid, for what, by which event: %+v", e)
		}
		receipts := recordReceipts(h, o.ID)
		if len(receipts) != 1 {
			t.Fatalf("receipts for order %s: %d, want exactly 1", o.ID, len(receipts))
		}
		r := receipts[0]
		if r.To != "buyer@record.example" || !strings.Contains(r.Text, "EUR 99.00") || !strings.Contains(r.Text, "Featured") ||
			!strings.Contains(r.Text, "featured until") || r.Key == "" {
			t.Fatalf("receipt does not say what was bought until when: %+v", r)
		}

		// A chargeback names only the payment; it is recorded once on its
		// order, of the right board, and takes nothing back by itself.
		dispute := billingEvent(t, billingEventID("dispute"), appbilling.EventDisputed, map[string]any{
			"id": "dp_" + strings.ReplaceAll(o.ID, "-", ""), "object": "dispute", "amount": o.Amount, "currency": "eur",
			"reason": "fraudulent", "status": "needs_response", "payment_intent": "pi_" + strings.ReplaceAll(o.ID, "-", ""),
		})
		billingDeliver(t, h, s.f.Host, dispute)
		billingDeliver(t, h, s.f.Host, dispute)
		if got := recordAudit(t, h, s.f.ID, o.ID, "order.disputed"); len(got) != 1 || !strings.Contains(got[0].After, "fraudulent") {
			t.Fatalf("order.disputed audit entries: %+v, want one naming the reason", got)
		}
		billingWantStatus(t, h, o, "paid")

		// A refund is on the record once too, however often it is told.
		refund := billingRefunded(t, o)
		billingDeliver(t, h, s.f.Host, refund)
		billingDeliver(t, h, s.f.Host, refund)
		billingDeliver(t, h, s.f.Host, billingRefunded(t, o))
		if n := len(recordAudit(t, h, s.f.ID, o.ID, "order.refunded")); n != 1 {
			t.Fatalf("order.refunded audit entries: %d, want 1", n)
		}
		if n := len(recordReceipts(h, o.ID)); n != 1 {
			t.Fatalf("receipts after the refund: %d, want still 1", n)
		}
	})
}

// failingMailer refuses every message, as an unreachable SMTP server.
type failingMailer struct{}

func (failingMailer) Send(context.Context, app.Message) error {
	return &domain.Error{Kind: domain.KindUnavailable, Code: "mail_down", Message: "the mail server is down", Err: errors.New("connection refused")}
}

func TestBillingReceiptLeftByAMailOutageIsSentOnceLater(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "outage", "buyer@outage.example", "Outage Labs")
		o := billingMustBuy(t, s.team, map[string]any{"product": "premium_profile", "company_id": s.team.companyID})
		// The payment commits while mail is down (or the process dies
		// right after the commit): the receipt waits in the outbox.
		down := h.instance(system.Options{Mailer: failingMailer{}}).Billing
		body := billingCompleted(t, o)
		if err := down.HandleWebhook(context.Background(), body, billingSign(body, billingWebhookSecret, time.Now())); err != nil {
			t.Fatal(err)
		}
		billingWantStatus(t, h, o, "paid")
		if n := len(recordReceipts(h, o.ID)); n != 0 {
			t.Fatalf("receipts while mail is down: %d", n)
		}
		// The failed attempt waits for its backoff: an immediate pass
		// sends nothing, a pass after it sends the receipt, and later
		// passes and redeliveries send nothing more.
		if n, err := h.sys.Billing.SendAllReceipts(context.Background()); err != nil || n != 0 {
			t.Fatalf("pass during backoff sent %d (%v), want 0", n, err)
		}
		later := h.instance(system.Options{Clock: systemtest.NewClock(time.Now().UTC().Add(10 * time.Minute))}).Billing
		if n, err := later.SendAllReceipts(context.Background()); err != nil || n != 1 {
			t.Fatalf("pass after the backoff sent %d (%v), want 1", n, err)
		}
		billingDeliver(t, h, s.f.Host, body)
		if _, err := later.SendAllReceipts(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := recordReceipts(h, o.ID)
		if len(got) != 1 || !strings.Contains(got[0].Text, "premium until") {
			t.Fatalf("receipts: %+v, want exactly one saying until when the profile is premium", got)
		}
	})
}

// TestBillingLostDisputeTakesBackWhatWasBought proves that a dispute the
// board wins changes nothing, and one it loses (Stripe sends no refund
// event for it) takes back the featured time once, however often the
// notice arrives.
func TestBillingLostDisputeTakesBackWhatWasBought(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		s := billingNewShop(t, h, "chargeback", "buyer@chargeback.example", "Chargeback Labs")
		won := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		lost := billingMustBuy(t, s.team, map[string]any{"product": "featured", "job_id": s.jobID})
		start := time.Now()
		billingDeliver(t, h, s.f.Host, billingCompleted(t, won))
		billingDeliver(t, h, s.f.Host, billingCompleted(t, lost))
		closed := func(o billingOrder, status string) []byte {
			return billingEvent(t, billingEventID("dispute-closed"), appbilling.EventDisputeClosed, map[string]any{
				"id": "dp_" + strings.ReplaceAll(o.ID, "-", ""), "object": "dispute", "amount": o.Amount, "currency": "eur",
				"reason": "fraudulent", "status": status, "payment_intent": "pi_" + strings.ReplaceAll(o.ID, "-", ""),
			})
		}
		billingDeliver(t, h, s.f.Host, closed(won, "won"))
		billingWantStatus(t, h, won, "paid")
		billingPeriodOnce(t, "featured_until after a won dispute", billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil, start, time.Now(), 2*billingFeaturedDays)

		lostEvent := closed(lost, "lost")
		billingDeliver(t, h, s.f.Host, lostEvent)
		billingDeliver(t, h, s.f.Host, lostEvent)
		billingDeliver(t, h, s.f.Host, closed(lost, "lost"))
		billingWantStatus(t, h, lost, "refunded")
		billingPeriodOnce(t, "featured_until after a lost dispute", billingJob(t, h, s.f.ID, s.jobID).FeaturedUntil, start, time.Now(), billingFeaturedDays)
		if n := len(recordAudit(t, h, s.f.ID, lost.ID, "order.refunded")); n != 1 {
			t.Errorf("order.refunded entries after a lost dispute: %d, want 1", n)
		}
		if got := recordAudit(t, h, s.f.ID, lost.ID, "order.dispute_closed"); len(got) != 2 || !strings.Contains(got[0].After, "lost") {
			t.Errorf("order.dispute_closed entries: %+v, want one per distinct notice naming the outcome", got)
		}
	})
}
