package payments_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/payments"
)

const testWebhookSecret = "whsec_test_secret"

func checkoutRequest() app.CheckoutRequest {
	return app.CheckoutRequest{
		TenantID:       "t_acme",
		OrderID:        "ord_123",
		ProductName:    "Featured job ad, 30 days",
		Amount:         4900,
		Currency:       "EUR",
		CustomerEmail:  "billing@acme.example",
		SuccessURL:     "https://acme.example.com/billing/orders/ord_123/success?session_id={CHECKOUT_SESSION_ID}",
		CancelURL:      "https://acme.example.com/billing/orders/ord_123",
		IdempotencyKey: "checkout-ord_123",
	}
}

func TestNewStripe(t *testing.T) {
	if _, err := payments.NewStripe("", testWebhookSecret, ""); err == nil {
		t.Error("NewStripe without a secret key: want an error")
	}
	for _, base := range []string{"127.0.0.1:12111", "ftp://example.com", "http://", "://x"} {
		if _, err := payments.NewStripe("sk_test_x", testWebhookSecret, base); err == nil {
			t.Errorf("NewStripe with API base %q: want an error", base)
		}
	}
	s, err := payments.NewStripe("sk_test_x", testWebhookSecret, "")
	if err != nil {
		t.Fatalf("NewStripe: %v", err)
	}
	if s.Name() != "stripe" {
		t.Errorf("Name() = %q, want stripe", s.Name())
	}
}

func TestStripeAgainstStripeMock(t *testing.T) {
	base := stripeMockURL(t)
	s, err := payments.NewStripe("sk_test_123", testWebhookSecret, base)
	if err != nil {
		t.Fatalf("NewStripe: %v", err)
	}
	ctx := context.Background()

	cs, err := s.CreateCheckout(ctx, checkoutRequest())
	if err != nil {
		t.Fatalf("CreateCheckout: %v", err)
	}
	if cs.ID == "" || cs.URL == "" {
		t.Fatalf("CreateCheckout = %+v, want an ID and a URL", cs)
	}
	// The same idempotency key again: stripe-mock does not replay, but the
	// request with the header must still be accepted.
	if _, err := s.CreateCheckout(ctx, checkoutRequest()); err != nil {
		t.Fatalf("CreateCheckout again: %v", err)
	}
	noEmail := checkoutRequest()
	noEmail.CustomerEmail, noEmail.IdempotencyKey = "", ""
	if _, err := s.CreateCheckout(ctx, noEmail); err != nil {
		t.Fatalf("CreateCheckout without e-mail and key: %v", err)
	}

	st, err := s.Session(ctx, cs.ID)
	if err != nil {
		t.Fatalf("Session(%q): %v", cs.ID, err)
	}
	if st.ID == "" {
		t.Errorf("Session = %+v, want an ID", st)
	}
	if st.Currency != strings.ToUpper(st.Currency) {
		t.Errorf("Session currency %q is not upper-case", st.Currency)
	}
	// The payment intent and its latest charge are expanded, so the
	// session answers with the receipt link that webhooks never carry.
	if !strings.HasPrefix(st.PaymentIntent, "pi_") || !strings.HasPrefix(st.ReceiptURL, "https://") {
		t.Errorf("Session = %+v, want the payment intent id and the charge's receipt URL", st)
	}
	completed := eventBody(t, "evt_mock", "checkout.session.completed", checkoutSessionObject("paid", "complete", st.PaymentIntent))
	ev, err := s.ParseEvent(completed, sign(completed, testWebhookSecret, time.Now()))
	if err != nil {
		t.Fatalf("ParseEvent: %v", err)
	}
	if ev.Session.PaymentIntent != st.PaymentIntent || ev.Session.ReceiptURL != "" {
		t.Errorf("webhook session = %+v, want payment intent %s and no receipt", *ev.Session, st.PaymentIntent)
	}

	if err := s.Refund(ctx, "pi_123", "refund-ord_123"); err != nil {
		t.Fatalf("Refund: %v", err)
	}
}

// fakeStripe is an httptest server standing in for the Stripe API: it
// records each request and answers with the handler's status and body.
type fakeStripe struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
	status   int
	body     string
}

type recorded struct {
	method, path string
	header       http.Header
	query        url.Values
	form         url.Values
}

func newFakeStripe(t *testing.T, status int, body string) *fakeStripe {
	t.Helper()
	f := &fakeStripe{status: status, body: body}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(raw))
		f.mu.Lock()
		f.requests = append(f.requests, recorded{r.Method, r.URL.Path, r.Header.Clone(), r.URL.Query(), form})
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.status)
		_, _ = io.WriteString(w, f.body)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeStripe) last(t *testing.T) recorded {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) == 0 {
		t.Fatal("no request reached the fake Stripe API")
	}
	return f.requests[len(f.requests)-1]
}

func newStripe(t *testing.T, key, base string) *payments.Stripe {
	t.Helper()
	s, err := payments.NewStripe(key, testWebhookSecret, base)
	if err != nil {
		t.Fatalf("NewStripe: %v", err)
	}
	return s
}

func TestStripeCreateCheckoutRequest(t *testing.T) {
	f := newFakeStripe(t, 200, `{"id":"cs_test_1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_1"}`)
	s := newStripe(t, "sk_test_tenantless", f.URL)

	cs, err := s.CreateCheckout(context.Background(), checkoutRequest())
	if err != nil {
		t.Fatalf("CreateCheckout: %v", err)
	}
	if cs.ID != "cs_test_1" || cs.URL != "https://checkout.stripe.com/c/pay/cs_test_1" {
		t.Errorf("CreateCheckout = %+v", cs)
	}
	r := f.last(t)
	if r.method != http.MethodPost || r.path != "/v1/checkout/sessions" {
		t.Errorf("request %s %s, want POST /v1/checkout/sessions", r.method, r.path)
	}
	if got := r.header.Get("Authorization"); got != "Bearer sk_test_tenantless" {
		t.Errorf("Authorization = %q, want the instance's key", got)
	}
	if got := r.header.Get("Idempotency-Key"); got != "checkout-ord_123" {
		t.Errorf("Idempotency-Key = %q, want checkout-ord_123", got)
	}
	want := map[string]string{
		"mode":                                   "payment",
		"client_reference_id":                    "ord_123",
		"customer_email":                         "billing@acme.example",
		"success_url":                            checkoutRequest().SuccessURL,
		"cancel_url":                             checkoutRequest().CancelURL,
		"line_items[0][quantity]":                "1",
		"line_items[0][price_data][currency]":    "eur",
		"line_items[0][price_data][unit_amount]": "4900",
		"line_items[0][price_data][product_data][name]": "Featured job ad, 30 days",
		"metadata[tenant_id]":                           "t_acme",
		"metadata[order_id]":                            "ord_123",
		"payment_intent_data[metadata][tenant_id]":      "t_acme",
		"payment_intent_data[metadata][order_id]":       "ord_123",
	}
	for k, v := range want {
		if got := r.form.Get(k); got != v {
			t.Errorf("form %s = %q, want %q", k, got, v)
		}
	}

	// Without an e-mail the field is left out, so Stripe asks the buyer.
	req := checkoutRequest()
	req.CustomerEmail = ""
	if _, err := s.CreateCheckout(context.Background(), req); err != nil {
		t.Fatalf("CreateCheckout without e-mail: %v", err)
	}
	if _, ok := f.last(t).form["customer_email"]; ok {
		t.Error("customer_email sent although the request had none")
	}
}

func TestStripeClientsAreIndependent(t *testing.T) {
	f1 := newFakeStripe(t, 200, `{"id":"cs_1","object":"checkout.session"}`)
	f2 := newFakeStripe(t, 200, `{"id":"cs_2","object":"checkout.session"}`)
	s1 := newStripe(t, "sk_test_one", f1.URL)
	s2 := newStripe(t, "sk_test_two", f2.URL)
	ctx := context.Background()
	if _, err := s1.Session(ctx, "cs_1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Session(ctx, "cs_2"); err != nil {
		t.Fatal(err)
	}
	if got := f1.last(t).header.Get("Authorization"); got != "Bearer sk_test_one" {
		t.Errorf("first client sent %q", got)
	}
	if got := f2.last(t).header.Get("Authorization"); got != "Bearer sk_test_two" {
		t.Errorf("second client sent %q", got)
	}
	if stripe.Key != "" {
		t.Errorf("the global stripe.Key was set to %q", stripe.Key)
	}
}

func TestStripeSessionMapping(t *testing.T) {
	f := newFakeStripe(t, 200, `{
		"id": "cs_test_9",
		"object": "checkout.session",
		"payment_status": "paid",
		"status": "complete",
		"amount_total": 4900,
		"currency": "eur",
		"metadata": {"tenant_id": "t_acme", "order_id": "ord_123"},
		"payment_intent": {
			"id": "pi_9",
			"object": "payment_intent",
			"latest_charge": {"id": "ch_9", "object": "charge", "receipt_url": "https://pay.stripe.com/receipts/ch_9"}
		}
	}`)
	s := newStripe(t, "sk_test_x", f.URL)
	st, err := s.Session(context.Background(), "cs_test_9")
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	want := app.SessionState{
		ID: "cs_test_9", Paid: true, TenantID: "t_acme", OrderID: "ord_123",
		Amount: 4900, Currency: "EUR", PaymentIntent: "pi_9",
		ReceiptURL: "https://pay.stripe.com/receipts/ch_9",
	}
	if st != want {
		t.Errorf("Session =\n%+v, want\n%+v", st, want)
	}
	r := f.last(t)
	if r.method != http.MethodGet || r.path != "/v1/checkout/sessions/cs_test_9" {
		t.Errorf("request %s %s", r.method, r.path)
	}
	expand := strings.Join(r.query["expand[]"], ",") + strings.Join(r.query["expand[0]"], ",") + strings.Join(r.query["expand[1]"], ",")
	for _, e := range []string{"payment_intent", "payment_intent.latest_charge"} {
		if !strings.Contains(expand, e) {
			t.Errorf("query %v does not expand %s", r.query, e)
		}
	}

	if _, err := s.Session(context.Background(), ""); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("Session(\"\") error %v, want not found", err)
	}
}

func TestStripeSessionStatuses(t *testing.T) {
	for _, tc := range []struct {
		body          string
		paid, expired bool
	}{
		{`{"id":"cs","payment_status":"unpaid","status":"open"}`, false, false},
		{`{"id":"cs","payment_status":"no_payment_required","status":"complete"}`, true, false},
		{`{"id":"cs","payment_status":"unpaid","status":"expired"}`, false, true},
		{`{"id":"cs","payment_status":"unpaid","status":"complete","payment_intent":"pi_str"}`, false, false},
	} {
		f := newFakeStripe(t, 200, tc.body)
		st, err := newStripe(t, "sk_test_x", f.URL).Session(context.Background(), "cs")
		if err != nil {
			t.Fatalf("%s: %v", tc.body, err)
		}
		if st.Paid != tc.paid || st.Expired != tc.expired {
			t.Errorf("%s: paid %v expired %v, want %v %v", tc.body, st.Paid, st.Expired, tc.paid, tc.expired)
		}
		if strings.Contains(tc.body, "pi_str") && st.PaymentIntent != "pi_str" {
			t.Errorf("%s: payment intent %q, want pi_str", tc.body, st.PaymentIntent)
		}
	}
}

func stripeErrorBody(typ, code string) string {
	return fmt.Sprintf(`{"error":{"type":%q,"code":%q,"message":"test error"}}`, typ, code)
}

func TestStripeErrorMapping(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   domain.Kind
	}{
		{"server error", 500, stripeErrorBody("api_error", ""), domain.KindUnavailable},
		{"bad gateway without JSON", 502, `<html>bad gateway</html>`, domain.KindUnavailable},
		{"rate limited", 429, stripeErrorBody("invalid_request_error", "rate_limit"), domain.KindUnavailable},
		{"idempotency key in use", 409, stripeErrorBody("idempotency_error", "idempotency_key_in_use"), domain.KindUnavailable},
		{"invalid request", 400, stripeErrorBody("invalid_request_error", "parameter_invalid_integer"), domain.KindInternal},
		{"bad API key", 401, stripeErrorBody("invalid_request_error", ""), domain.KindInternal},
		{"idempotency key reused", 400, stripeErrorBody("idempotency_error", ""), domain.KindInternal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeStripe(t, tc.status, tc.body)
			_, err := newStripe(t, "sk_test_x", f.URL).CreateCheckout(ctx, checkoutRequest())
			if err == nil {
				t.Fatal("CreateCheckout: want an error")
			}
			if got := domain.KindOf(err); got != tc.want {
				t.Errorf("kind %v, want %v (%v)", got, tc.want, err)
			}
			if tc.want == domain.KindInternal {
				var se *stripe.Error
				if !errors.As(err, &se) {
					t.Errorf("%v does not wrap the *stripe.Error", err)
				}
			}
		})
	}

	t.Run("unreachable", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		_ = l.Close()
		_, err = newStripe(t, "sk_test_x", "http://"+addr).CreateCheckout(ctx, checkoutRequest())
		if domain.KindOf(err) != domain.KindUnavailable {
			t.Errorf("error %v, want unavailable", err)
		}
	})

	t.Run("canceled", func(t *testing.T) {
		f := newFakeStripe(t, 200, `{}`)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := newStripe(t, "sk_test_x", f.URL).CreateCheckout(cctx, checkoutRequest())
		if !errors.Is(err, context.Canceled) || domain.KindOf(err) == domain.KindUnavailable {
			t.Errorf("error %v, want context.Canceled and not unavailable", err)
		}
	})

	t.Run("session not found", func(t *testing.T) {
		f := newFakeStripe(t, 404, stripeErrorBody("invalid_request_error", "resource_missing"))
		_, err := newStripe(t, "sk_test_x", f.URL).Session(ctx, "cs_missing")
		if domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("error %v, want not found", err)
		}
	})
}

func TestStripeRefund(t *testing.T) {
	ctx := context.Background()
	f := newFakeStripe(t, 200, `{"id":"re_1","object":"refund","status":"succeeded"}`)
	s := newStripe(t, "sk_test_x", f.URL)
	if err := s.Refund(ctx, "pi_9", "refund-ord_123"); err != nil {
		t.Fatalf("Refund: %v", err)
	}
	r := f.last(t)
	if r.method != http.MethodPost || r.path != "/v1/refunds" {
		t.Errorf("request %s %s, want POST /v1/refunds", r.method, r.path)
	}
	if got := r.form.Get("payment_intent"); got != "pi_9" {
		t.Errorf("payment_intent = %q", got)
	}
	if got := r.header.Get("Idempotency-Key"); got != "refund-ord_123" {
		t.Errorf("Idempotency-Key = %q", got)
	}

	if err := s.Refund(ctx, "", "k"); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("Refund without payment intent: %v, want conflict", err)
	}

	already := newFakeStripe(t, 400, stripeErrorBody("invalid_request_error", "charge_already_refunded"))
	if err := newStripe(t, "sk_test_x", already.URL).Refund(ctx, "pi_9", "k"); err != nil {
		t.Errorf("Refund of a refunded payment: %v, want success", err)
	}

	missing := newFakeStripe(t, 400, stripeErrorBody("invalid_request_error", "resource_missing"))
	if err := newStripe(t, "sk_test_x", missing.URL).Refund(ctx, "pi_nope", "k"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("Refund of an unknown payment: %v, want not found", err)
	}

	down := newFakeStripe(t, 503, stripeErrorBody("api_error", ""))
	if err := newStripe(t, "sk_test_x", down.URL).Refund(ctx, "pi_9", "k"); domain.KindOf(err) != domain.KindUnavailable {
		t.Errorf("Refund with Stripe down: %v, want unavailable", err)
	}
}
