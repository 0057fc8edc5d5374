package payments_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/payments"
)

func TestDevCheckoutFlow(t *testing.T) {
	ctx := context.Background()
	d := payments.NewDev(testWebhookSecret)
	if d.Name() != "dev" {
		t.Errorf("Name() = %q, want dev", d.Name())
	}

	cs, err := d.CreateCheckout(ctx, checkoutRequest())
	if err != nil {
		t.Fatalf("CreateCheckout: %v", err)
	}
	if cs.ID != "dev_cs_ord_123" || cs.ID != payments.DevSessionID("ord_123") {
		t.Errorf("session ID %q", cs.ID)
	}
	if want := "https://acme.example.com/billing/dev-checkout/ord_123"; cs.URL != want {
		t.Errorf("URL %q, want %q", cs.URL, want)
	}

	st, err := d.Session(ctx, cs.ID)
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	want := app.SessionState{ID: cs.ID, TenantID: "t_acme", OrderID: "ord_123", Amount: 4900, Currency: "EUR"}
	if st != want {
		t.Errorf("before payment\n%+v, want\n%+v", st, want)
	}

	co, err := d.Checkout(cs.ID)
	if err != nil {
		t.Fatalf("Checkout: %v", err)
	}
	if co.Request != checkoutRequest() || co.State != want {
		t.Errorf("Checkout = %+v", co)
	}
	if wantURL := "https://acme.example.com/billing/orders/ord_123/success?session_id=dev_cs_ord_123"; co.SuccessURL != wantURL {
		t.Errorf("success URL %q, want %q", co.SuccessURL, wantURL)
	}
	if co.CancelURL != checkoutRequest().CancelURL {
		t.Errorf("cancel URL %q", co.CancelURL)
	}

	paid, err := d.MarkPaid(cs.ID)
	if err != nil {
		t.Fatalf("MarkPaid: %v", err)
	}
	want.Paid, want.PaymentIntent = true, "dev_pi_ord_123"
	if paid != want {
		t.Errorf("MarkPaid\n%+v, want\n%+v", paid, want)
	}
	if st, _ := d.Session(ctx, cs.ID); st != want {
		t.Errorf("after payment\n%+v, want\n%+v", st, want)
	}

	// Creating the order's session again, as a retried request does,
	// keeps the payment.
	if _, err := d.CreateCheckout(ctx, checkoutRequest()); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Session(ctx, cs.ID); !st.Paid {
		t.Error("re-creating the session forgot the payment")
	}
}

func TestDevUnknownSession(t *testing.T) {
	d := payments.NewDev(testWebhookSecret)
	if _, err := d.Session(context.Background(), "dev_cs_nope"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("Session: %v, want not found", err)
	}
	if _, err := d.MarkPaid("dev_cs_nope"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("MarkPaid: %v, want not found", err)
	}
	if _, err := d.Checkout("dev_cs_nope"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("Checkout: %v, want not found", err)
	}
}

func TestDevCheckoutURL(t *testing.T) {
	d := payments.NewDev(testWebhookSecret)
	for _, tc := range []struct{ order, success, want string }{
		{"o1", "http://localhost:8080/billing/orders/o1/success", "http://localhost:8080/billing/dev-checkout/o1"},
		{"o2", "/billing/orders/o2/success", "/billing/dev-checkout/o2"},
		{"a/b c", "https://x.example/s", "https://x.example/billing/dev-checkout/a%2Fb%20c"},
	} {
		r := checkoutRequest()
		r.OrderID, r.SuccessURL = tc.order, tc.success
		cs, err := d.CreateCheckout(context.Background(), r)
		if err != nil {
			t.Fatalf("%s: %v", tc.success, err)
		}
		if cs.URL != tc.want {
			t.Errorf("%s: URL %q, want %q", tc.success, cs.URL, tc.want)
		}
	}
	r := checkoutRequest()
	r.OrderID = ""
	if _, err := d.CreateCheckout(context.Background(), r); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("no order ID: %v, want invalid", err)
	}
	r = checkoutRequest()
	r.SuccessURL = "http://[::1"
	if _, err := d.CreateCheckout(context.Background(), r); err == nil {
		t.Error("unparseable success URL: want an error")
	}
}

func TestDevRefund(t *testing.T) {
	ctx := context.Background()
	d := payments.NewDev(testWebhookSecret)
	if got := d.Refunds(); len(got) != 0 {
		t.Errorf("Refunds() = %v before any refund", got)
	}
	for _, call := range [][2]string{{"dev_pi_1", "k1"}, {"dev_pi_1", "k1"}, {"dev_pi_2", "k2"}, {"dev_pi_3", ""}} {
		if err := d.Refund(ctx, call[0], call[1]); err != nil {
			t.Fatalf("Refund(%q, %q): %v", call[0], call[1], err)
		}
	}
	got := d.Refunds()
	if want := []string{"dev_pi_1", "dev_pi_2", "dev_pi_3"}; !slices.Equal(got, want) {
		t.Errorf("Refunds() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if d.Refunds()[0] != "dev_pi_1" {
		t.Error("Refunds() returned the gateway's own slice")
	}
	if err := d.Refund(ctx, "", "k"); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("Refund without payment intent: %v, want conflict", err)
	}
}

func TestDevConcurrentUse(t *testing.T) {
	ctx := context.Background()
	d := payments.NewDev(testWebhookSecret)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := checkoutRequest()
			r.OrderID = fmt.Sprintf("ord_%d", i%5)
			cs, err := d.CreateCheckout(ctx, r)
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := d.MarkPaid(cs.ID); err != nil {
				t.Error(err)
			}
			if _, err := d.Session(ctx, cs.ID); err != nil {
				t.Error(err)
			}
			_ = d.Refund(ctx, "dev_pi_"+r.OrderID, "")
			_ = d.Refunds()
		}()
	}
	wg.Wait()
	if n := len(d.Refunds()); n != 20 {
		t.Errorf("%d refunds recorded, want 20", n)
	}
}
