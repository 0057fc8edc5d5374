package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/infra/payments/stripemocktest"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

// receiptStripeKey is the secret key the harness sends to stripe-mock,
// which accepts any test key.
const receiptStripeKey = "sk_test_receipts"

// receiptCompleted is checkout.session.completed for o's session as Stripe
// sends it: the payment intent is a bare id, with no charge and so no
// receipt link.
func receiptCompleted(t *testing.T, o *billing.Order, paymentIntent string) []byte {
	t.Helper()
	return billingEvent(t, billingEventID("completed"), appbilling.EventCompleted, map[string]any{
		"id": o.SessionID, "object": "checkout.session", "mode": "payment", "payment_status": "paid", "status": "complete",
		"amount_total": o.Amount, "amount_subtotal": o.Amount, "currency": strings.ToLower(o.Currency),
		"client_reference_id": o.ID, "customer_email": o.CustomerEmail,
		"metadata":       map[string]any{"tenant_id": o.Tenant.String(), "order_id": o.ID},
		"payment_intent": paymentIntent,
	})
}

// TestWebhookPaidOrdersGetTheirStripeReceipt runs the Stripe gateway
// against stripe-mock. Orders are paid by a realistic
// checkout.session.completed (payment_intent as an id), which cannot carry
// a receipt link; the success page, the orders page and `stripe
// reconcile` each fetch the session with its latest charge and store the
// charge's receipt link, once.
func TestWebhookPaidOrdersGetTheirStripeReceipt(t *testing.T) {
	t.Parallel()
	apiBase := stripemocktest.Start(t)
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.URL(t, d)
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			if _, err := db.MigrateUp(ctx); err != nil {
				t.Fatal(err)
			}
			stripeEnv := map[string]string{"STRIPE_SECRET_KEY": receiptStripeKey, "STRIPE_API_BASE": apiBase}
			h := newHarness(t, db, stripeEnv)
			if name := h.sys.Gateway.Name(); name != "stripe" {
				t.Fatalf("gateway %s, want stripe", name)
			}
			shop := billingNewShop(t, h, "acme", "olga@nova.example", "Nova Pharma")
			tm := shop.team
			if r := tm.c.postForm("/login", "/login", formLogin("olga@nova.example")); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("login form: %d", r.StatusCode)
			}

			// pay buys a featured upgrade through Stripe Checkout and pays it
			// by webhook, as Stripe does; it returns the stored order.
			pay := func() *billing.Order {
				t.Helper()
				bo := billingMustBuy(t, tm, map[string]any{"product": "featured", "job_id": shop.jobID})
				if !strings.HasPrefix(bo.CheckoutURL, "http") {
					t.Fatalf("checkout URL %q is not Stripe's", bo.CheckoutURL)
				}
				o := billingStored(t, h, shop.f.ID, bo.ID)
				if o.SessionID == "" {
					t.Fatal("the order has no checkout session")
				}
				st, err := h.sys.Gateway.Session(ctx, o.SessionID)
				if err != nil || st.PaymentIntent == "" || st.ReceiptURL == "" {
					t.Fatalf("stripe-mock session: %+v %v", st, err)
				}
				billingDeliver(t, h, shop.f.Host, receiptCompleted(t, o, st.PaymentIntent))
				paid := billingWantStatus(t, h, bo, billing.StatusPaid)
				if paid.PaymentIntent != st.PaymentIntent || paid.ReceiptURL != "" {
					t.Fatalf("after the webhook: payment intent %q, receipt %q; want %q and none yet", paid.PaymentIntent, paid.ReceiptURL, st.PaymentIntent)
				}
				return paid
			}
			receiptLinks := func(body string) []string {
				var out []string
				for _, a := range findAll(parseDoc(t, body), func(n *html.Node) bool { return n.Data == "a" }) {
					if href := attrOf(a, "href"); strings.HasPrefix(href, "https://") && strings.Contains(href, "/receipts/") {
						out = append(out, href)
					}
				}
				return out
			}

			// The success page, reached after the webhook.
			first := pay()
			page := tm.c.get("/billing/orders/" + first.ID + "/success")
			if page.StatusCode != http.StatusOK {
				t.Fatalf("success page: %d %.300s", page.StatusCode, page.body)
			}
			stored := billingStored(t, h, shop.f.ID, first.ID)
			if !strings.HasPrefix(stored.ReceiptURL, "https://") || stored.Status != billing.StatusPaid {
				t.Fatalf("after the success page: %s, receipt %q", stored.Status, stored.ReceiptURL)
			}
			if links := receiptLinks(page.body); len(links) != 1 || links[0] != stored.ReceiptURL {
				t.Errorf("success page receipt links %v, want %s", links, stored.ReceiptURL)
			}
			if n := billingFulfilments(t, h, first.ID); n != 1 {
				t.Errorf("fulfilments after the success page: %d, want 1", n)
			}

			// The company's orders page.
			second := pay()
			orders := tm.c.get("/employer/companies/" + tm.companyID + "/orders")
			if orders.StatusCode != http.StatusOK {
				t.Fatalf("orders page: %d", orders.StatusCode)
			}
			if got := billingStored(t, h, shop.f.ID, second.ID).ReceiptURL; !strings.HasPrefix(got, "https://") {
				t.Errorf("after the orders page the receipt is %q", got)
			}
			if links := receiptLinks(orders.body); len(links) != 2 {
				t.Errorf("orders page shows %d receipt links, want 2", len(links))
			}

			// A reconciliation pass (what `jobboard stripe reconcile` runs).
			third := pay()
			if res, err := h.sys.Billing.Reconcile(ctx, time.Now().Add(-time.Hour)); err != nil || res.Receipts != 1 {
				t.Errorf("reconcile: %+v %v, want 1 missing receipt link recorded", res, err)
			}
			if got := billingStored(t, h, shop.f.ID, third.ID).ReceiptURL; !strings.HasPrefix(got, "https://") {
				t.Errorf("after reconcile the receipt is %q", got)
			}
			res, err := h.sys.Billing.Reconcile(ctx, time.Now().Add(-time.Hour))
			if err != nil || res.Receipts != 0 || res.Checked != 0 {
				t.Errorf("second reconcile: %+v %v, want nothing left to do", res, err)
			}
			for _, o := range []*billing.Order{first, second, third} {
				if n := billingFulfilments(t, h, o.ID); n != 1 {
					t.Errorf("order %s fulfilled %d times, want 1", o.ID, n)
				}
			}
		})
	}
}
