package billing_test

import (
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain/billing"
)

func TestOrderStatusMoves(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	all := []billing.Status{billing.StatusPending, billing.StatusPaid, billing.StatusFailed, billing.StatusExpired, billing.StatusCanceled, billing.StatusRefunded}
	cases := []struct {
		name string
		act  func(o *billing.Order) bool
		// want is the status after acting from each starting status; the
		// move is reported only when the status changes.
		want map[billing.Status]billing.Status
	}{
		{"pay", func(o *billing.Order) bool { return o.MarkPaid("pi_1", "https://receipt", now) }, map[billing.Status]billing.Status{
			billing.StatusPending: billing.StatusPaid, billing.StatusPaid: billing.StatusPaid, billing.StatusFailed: billing.StatusPaid,
			billing.StatusExpired: billing.StatusPaid, billing.StatusCanceled: billing.StatusPaid, billing.StatusRefunded: billing.StatusRefunded}},
		{"refund", func(o *billing.Order) bool { return o.MarkRefunded(now) }, map[billing.Status]billing.Status{
			billing.StatusPending: billing.StatusRefunded, billing.StatusPaid: billing.StatusRefunded, billing.StatusFailed: billing.StatusFailed,
			billing.StatusExpired: billing.StatusExpired, billing.StatusCanceled: billing.StatusCanceled, billing.StatusRefunded: billing.StatusRefunded}},
		{"expire", func(o *billing.Order) bool { return o.Close(billing.StatusExpired) }, map[billing.Status]billing.Status{
			billing.StatusPending: billing.StatusExpired, billing.StatusPaid: billing.StatusPaid, billing.StatusFailed: billing.StatusFailed,
			billing.StatusExpired: billing.StatusExpired, billing.StatusCanceled: billing.StatusCanceled, billing.StatusRefunded: billing.StatusRefunded}},
	}
	for _, c := range cases {
		for _, from := range all {
			o := &billing.Order{Status: from}
			moved := c.act(o)
			if o.Status != c.want[from] {
				t.Errorf("%s from %s: %s, want %s", c.name, from, o.Status, c.want[from])
			}
			if moved != (from != c.want[from]) {
				t.Errorf("%s from %s reported %v", c.name, from, moved)
			}
		}
	}
}

func TestOrderPaymentDetails(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	o := &billing.Order{Status: billing.StatusPending, SessionID: "cs_1", DurationDays: 14}
	if o.Duration() != 14*24*time.Hour {
		t.Errorf("duration %v", o.Duration())
	}
	if !o.MarkPaid("pi_1", "", now) || o.PaidAt == nil || !o.PaidAt.Equal(now) || o.PaymentIntent != "pi_1" {
		t.Fatalf("paid: %+v", o)
	}
	if !o.NeedsReceipt() {
		t.Error("a paid checkout without its receipt link does not ask for it")
	}
	if o.SetReceipt("pi_other", "https://other") {
		t.Error("the receipt of another payment was taken")
	}
	if !o.SetReceipt("pi_1", "https://receipt") || o.ReceiptURL != "https://receipt" || o.NeedsReceipt() {
		t.Errorf("receipt: %+v", o)
	}
	if o.SetReceipt("pi_1", "https://again") {
		t.Error("a second receipt replaced the first")
	}
	if o.MarkPaid("pi_2", "", now.Add(time.Hour)) || o.PaymentIntent != "pi_1" {
		t.Error("a repeated payment notice changed the order")
	}
	if !o.MarkRefunded(now.Add(2*time.Hour)) || o.RefundedAt == nil {
		t.Errorf("refund: %+v", o)
	}
}
