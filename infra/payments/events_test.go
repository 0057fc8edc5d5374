package payments_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/payments"
)

// eventBody builds a webhook body the way Stripe sends it, with obj as
// data.object.
func eventBody(t *testing.T, id, typ string, obj map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"id":               id,
		"object":           "event",
		"type":             typ,
		"api_version":      "2023-10-16",
		"created":          time.Now().Unix(),
		"livemode":         false,
		"pending_webhooks": 1,
		"request":          map[string]any{"id": "req_1", "idempotency_key": "checkout-ord_123"},
		"data":             map[string]any{"object": obj},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkoutSessionObject is a checkout.session as Stripe puts it in events:
// webhooks never expand anything, so paymentIntent is a string ID, or nil
// when there is no payment (expired, nothing to pay).
func checkoutSessionObject(paymentStatus, status string, paymentIntent any) map[string]any {
	return map[string]any{
		"id":                  "cs_test_a1",
		"object":              "checkout.session",
		"mode":                "payment",
		"payment_status":      paymentStatus,
		"status":              status,
		"amount_total":        4900,
		"amount_subtotal":     4900,
		"currency":            "eur",
		"client_reference_id": "ord_123",
		"customer_email":      "billing@acme.example",
		"metadata":            map[string]any{"tenant_id": "t_acme", "order_id": "ord_123"},
		"payment_intent":      paymentIntent,
		"success_url":         "https://acme.example.com/billing/orders/ord_123/success?session_id={CHECKOUT_SESSION_ID}",
		"url":                 nil,
	}
}

func chargeObject(amount, refunded int64, fully bool) map[string]any {
	return map[string]any{
		"id":              "ch_1",
		"object":          "charge",
		"amount":          amount,
		"amount_refunded": refunded,
		"refunded":        fully,
		"currency":        "eur",
		"payment_intent":  "pi_9",
		"metadata":        map[string]any{"tenant_id": "t_acme", "order_id": "ord_123"},
		"receipt_url":     "https://pay.stripe.com/receipts/ch_1",
	}
}

func sign(payload []byte, secret string, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{
		Payload:   payload,
		Secret:    secret,
		Timestamp: at,
	}).Header
}

// gateways returns both gateways, configured with the same webhook secret,
// since they must verify and decode identically.
func gateways(t *testing.T) map[string]app.PaymentGateway {
	t.Helper()
	s, err := payments.NewStripe("sk_test_x", testWebhookSecret, "")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]app.PaymentGateway{"stripe": s, "dev": payments.NewDev(testWebhookSecret)}
}

func errorCode(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Code
	}
	return ""
}

// TestParseEventCheckoutSession decodes sessions in the shape Stripe sends
// them. The payment intent is an id and there is no charge, so no event
// carries a receipt link: the application fetches it from the session
// later (Stripe.Session expands payment_intent.latest_charge).
func TestParseEventCheckoutSession(t *testing.T) {
	cases := []struct {
		typ                   string
		paymentStatus, status string
		paymentIntent         any
		paid, expired         bool
		wantPI                string
	}{
		{"checkout.session.completed", "paid", "complete", "pi_9", true, false, "pi_9"},
		{"checkout.session.completed", "unpaid", "complete", "pi_9", false, false, "pi_9"},
		{"checkout.session.async_payment_succeeded", "paid", "complete", "pi_9", true, false, "pi_9"},
		{"checkout.session.async_payment_failed", "unpaid", "complete", "pi_9", false, false, "pi_9"},
		{"checkout.session.expired", "unpaid", "expired", nil, false, true, ""},
		{"checkout.session.completed", "no_payment_required", "complete", nil, true, false, ""},
	}
	for name, g := range gateways(t) {
		for i, tc := range cases {
			t.Run(fmt.Sprintf("%s/%d/%s", name, i, tc.typ), func(t *testing.T) {
				body := eventBody(t, "evt_1", tc.typ, checkoutSessionObject(tc.paymentStatus, tc.status, tc.paymentIntent))
				ev, err := g.ParseEvent(body, sign(body, testWebhookSecret, time.Now()))
				if err != nil {
					t.Fatalf("ParseEvent: %v", err)
				}
				if ev.ID != "evt_1" || ev.Type != tc.typ || ev.Session == nil || ev.Refund != nil {
					t.Fatalf("event %+v", ev)
				}
				want := app.SessionState{
					ID: "cs_test_a1", Paid: tc.paid, Expired: tc.expired,
					TenantID: "t_acme", OrderID: "ord_123",
					Amount: 4900, Currency: "EUR", PaymentIntent: tc.wantPI,
				}
				if *ev.Session != want {
					t.Errorf("session\n%+v, want\n%+v", *ev.Session, want)
				}
			})
		}
	}
}

func TestParseEventChargeRefunded(t *testing.T) {
	for name, g := range gateways(t) {
		for _, tc := range []struct {
			amount, refunded int64
			flag, want       bool
		}{
			{4900, 4900, true, true},
			{4900, 4900, false, true},
			{4900, 1000, false, false},
		} {
			body := eventBody(t, "evt_r", "charge.refunded", chargeObject(tc.amount, tc.refunded, tc.flag))
			ev, err := g.ParseEvent(body, sign(body, testWebhookSecret, time.Now()))
			if err != nil {
				t.Fatalf("%s: ParseEvent: %v", name, err)
			}
			if ev.ID != "evt_r" || ev.Type != "charge.refunded" || ev.Refund == nil || ev.Session != nil {
				t.Fatalf("%s: event %+v", name, ev)
			}
			want := app.RefundState{PaymentIntent: "pi_9", TenantID: "t_acme", OrderID: "ord_123", FullyRefunded: tc.want}
			if *ev.Refund != want {
				t.Errorf("%s: %d of %d refunded (flag %v): %+v, want %+v", name, tc.refunded, tc.amount, tc.flag, *ev.Refund, want)
			}
		}
	}
}

func TestParseEventOtherTypes(t *testing.T) {
	for name, g := range gateways(t) {
		body := eventBody(t, "evt_o", "customer.created", map[string]any{"id": "cus_1", "object": "customer", "email": "x@example.com"})
		ev, err := g.ParseEvent(body, sign(body, testWebhookSecret, time.Now()))
		if err != nil {
			t.Fatalf("%s: ParseEvent: %v", name, err)
		}
		if ev != (app.PaymentEvent{ID: "evt_o", Type: "customer.created"}) {
			t.Errorf("%s: event %+v, want only ID and Type", name, ev)
		}
	}
}

func TestParseEventRefusesBadSignatures(t *testing.T) {
	body := eventBody(t, "evt_1", "checkout.session.completed", checkoutSessionObject("paid", "complete", "pi_9"))
	good := sign(body, testWebhookSecret, time.Now())
	tampered := []byte(strings.Replace(string(body), `"amount_total":4900`, `"amount_total":1`, 1))
	if string(tampered) == string(body) {
		t.Fatal("the test body was not tampered with")
	}
	cases := map[string]struct {
		body []byte
		sig  string
	}{
		"tampered body":          {tampered, good},
		"wrong secret":           {body, sign(body, "whsec_someone_else", time.Now())},
		"ten minutes old":        {body, sign(body, testWebhookSecret, time.Now().Add(-10*time.Minute))},
		"ten minutes ahead":      {body, sign(body, testWebhookSecret, time.Now().Add(10*time.Minute))},
		"no header":              {body, ""},
		"malformed header":       {body, "t=abc,v1=zz"},
		"signature of another":   {body, sign([]byte(`{}`), testWebhookSecret, time.Now())},
		"v0 scheme only":         {body, strings.Replace(good, "v1=", "v0=", 1)},
		"empty body, valid head": {nil, good},
	}
	for name, g := range gateways(t) {
		for cname, tc := range cases {
			ev, err := g.ParseEvent(tc.body, tc.sig)
			if domain.KindOf(err) != domain.KindInvalid || errorCode(err) != "invalid_signature" {
				t.Errorf("%s/%s: error %v, want invalid_signature", name, cname, err)
			}
			if ev.ID != "" || ev.Session != nil {
				t.Errorf("%s/%s: event %+v returned with the error", name, cname, ev)
			}
		}
		// Within the tolerance the same body passes.
		if _, err := g.ParseEvent(body, sign(body, testWebhookSecret, time.Now().Add(-4*time.Minute))); err != nil {
			t.Errorf("%s: four minutes old: %v", name, err)
		}
	}
}

// A timestamp far in the future is refused like a stale one: stripe-go
// checks only the past, and an event signed for a later time could be
// replayed until then. A little clock skew is allowed.
func TestParseEventRefusesSignaturesFromTheFuture(t *testing.T) {
	body := eventBody(t, "evt_1", "checkout.session.completed", checkoutSessionObject("paid", "complete", "pi_9"))
	future := time.Now().Add(10 * time.Minute)
	// stripe-go verifies against the last t=, so an earlier, current one
	// must not hide it.
	hidden := fmt.Sprintf("t=%d,", time.Now().Unix()) + sign(body, testWebhookSecret, future)
	malformed := []byte(`{"id": "evt_1", "type":`)
	for name, g := range gateways(t) {
		for cname, tc := range map[string]struct {
			body []byte
			sig  string
		}{
			"ten minutes ahead":                {body, sign(body, testWebhookSecret, future)},
			"a day ahead":                      {body, sign(body, testWebhookSecret, time.Now().Add(24*time.Hour))},
			"ahead, behind a current t=":       {body, hidden},
			"ten minutes ahead, body not JSON": {malformed, sign(malformed, testWebhookSecret, future)},
		} {
			ev, err := g.ParseEvent(tc.body, tc.sig)
			if domain.KindOf(err) != domain.KindInvalid || errorCode(err) != "invalid_signature" {
				t.Errorf("%s/%s: error %v, want invalid_signature", name, cname, err)
			}
			if !errors.Is(err, webhook.ErrTooOld) {
				t.Errorf("%s/%s: error %v does not say the timestamp is out of tolerance", name, cname, err)
			}
			if ev.ID != "" || ev.Session != nil {
				t.Errorf("%s/%s: event %+v returned with the error", name, cname, ev)
			}
		}
		// A stale one and a malformed body answer the same.
		_, stale := g.ParseEvent(malformed, sign(malformed, testWebhookSecret, time.Now().Add(-10*time.Minute)))
		if errorCode(stale) != "invalid_signature" {
			t.Errorf("%s: stale signature on a malformed body: %v", name, stale)
		}
		// Clock skew within the tolerance passes.
		for _, ahead := range []time.Duration{time.Minute, 4 * time.Minute} {
			if _, err := g.ParseEvent(body, sign(body, testWebhookSecret, time.Now().Add(ahead))); err != nil {
				t.Errorf("%s: %s ahead: %v", name, ahead, err)
			}
		}
	}
}

func TestParseEventRefusesMalformedSignedBodies(t *testing.T) {
	for name, g := range gateways(t) {
		for bname, body := range map[string]string{
			"not JSON":           `{"id": "evt_1", "type":`,
			"session not object": `{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":"cs_1"}}`,
			"no data":            `{"id":"evt_1","object":"event","type":"charge.refunded"}`,
		} {
			_, err := g.ParseEvent([]byte(body), sign([]byte(body), testWebhookSecret, time.Now()))
			if domain.KindOf(err) != domain.KindInvalid {
				t.Errorf("%s/%s: error %v, want invalid", name, bname, err)
			}
		}
	}
}

func TestParseEventWithoutSecretRefusesEverything(t *testing.T) {
	s, err := payments.NewStripe("sk_test_x", "", "")
	if err != nil {
		t.Fatal(err)
	}
	body := eventBody(t, "evt_1", "checkout.session.completed", checkoutSessionObject("paid", "complete", "pi_9"))
	for name, g := range map[string]app.PaymentGateway{"stripe": s, "dev": payments.NewDev("")} {
		if _, err := g.ParseEvent(body, sign(body, "", time.Now())); errorCode(err) != "webhooks_disabled" {
			t.Errorf("%s: event signed with an empty secret: %v, want webhooks_disabled", name, err)
		}
	}
}
