package payments

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

// SignatureTolerance is how old a webhook's signed timestamp may be before
// the event is refused as a possible replay.
const SignatureTolerance = 300 * time.Second

// Metadata keys set on every checkout session and its payment intent, so
// that sessions, charges and refunds can be traced back to an order.
const (
	MetadataTenantID = "tenant_id"
	MetadataOrderID  = "order_id"
)

// errNoWebhookSecret refuses every event when no signing secret is
// configured: an HMAC with an empty key would be trivially forgeable.
var errNoWebhookSecret = errors.New("payments: no webhook signing secret is configured")

// parseEvent verifies payload against the Stripe-Signature header sig with
// secret and decodes the events the application acts on.
func parseEvent(payload []byte, sig, secret string) (app.PaymentEvent, error) {
	if secret == "" {
		return app.PaymentEvent{}, &domain.Error{Kind: domain.KindNotFound, Code: "webhooks_disabled",
			Message: "this deployment takes no payment notifications: no webhook signing secret is configured", Err: errNoWebhookSecret}
	}
	ev, err := webhook.ConstructEventWithOptions(payload, sig, secret, webhook.ConstructEventOptions{
		Tolerance:                SignatureTolerance,
		IgnoreAPIVersionMismatch: true,
	})
	if err != nil {
		if isSignatureError(err) {
			return app.PaymentEvent{}, invalidSignature(err)
		}
		return app.PaymentEvent{}, invalidEvent(err)
	}
	out := app.PaymentEvent{ID: ev.ID, Type: string(ev.Type)}
	switch ev.Type {
	case stripe.EventTypeCheckoutSessionCompleted,
		stripe.EventTypeCheckoutSessionAsyncPaymentSucceeded,
		stripe.EventTypeCheckoutSessionAsyncPaymentFailed,
		stripe.EventTypeCheckoutSessionExpired:
		var s stripe.CheckoutSession
		if err := decodeObject(ev, &s); err != nil {
			return app.PaymentEvent{}, err
		}
		st := sessionState(&s)
		out.Session = &st
	case stripe.EventTypeChargeRefunded:
		var c stripe.Charge
		if err := decodeObject(ev, &c); err != nil {
			return app.PaymentEvent{}, err
		}
		r := refundState(&c)
		out.Refund = &r
	}
	return out, nil
}

// isSignatureError reports whether err comes from the signature check
// rather than from decoding the body.
func isSignatureError(err error) bool {
	return errors.Is(err, webhook.ErrInvalidHeader) ||
		errors.Is(err, webhook.ErrNoValidSignature) ||
		errors.Is(err, webhook.ErrNotSigned) ||
		errors.Is(err, webhook.ErrTooOld)
}

// decodeObject decodes the event's data.object into v.
func decodeObject(ev stripe.Event, v any) error {
	if ev.Data == nil || len(ev.Data.Raw) == 0 {
		return invalidEvent(fmt.Errorf("payments: event %s (%s) has no data.object", ev.ID, ev.Type))
	}
	if err := json.Unmarshal(ev.Data.Raw, v); err != nil {
		return invalidEvent(fmt.Errorf("payments: decode data.object of event %s (%s): %w", ev.ID, ev.Type, err))
	}
	return nil
}

// invalidSignature is the error for a missing, malformed, wrong or stale
// webhook signature.
func invalidSignature(cause error) *domain.Error {
	return &domain.Error{
		Kind:    domain.KindInvalid,
		Code:    "invalid_signature",
		Message: "the webhook signature could not be verified",
		Err:     cause,
	}
}

// invalidEvent is the error for a correctly signed body that cannot be
// decoded.
func invalidEvent(cause error) *domain.Error {
	return &domain.Error{
		Kind:    domain.KindInvalid,
		Code:    "invalid_event",
		Message: "the webhook body could not be decoded",
		Err:     cause,
	}
}

// sessionState maps a checkout session, with or without its payment intent
// expanded, to what the application needs to know about it.
func sessionState(s *stripe.CheckoutSession) app.SessionState {
	st := app.SessionState{
		ID: s.ID,
		Paid: s.PaymentStatus == stripe.CheckoutSessionPaymentStatusPaid ||
			s.PaymentStatus == stripe.CheckoutSessionPaymentStatusNoPaymentRequired,
		Expired:  s.Status == stripe.CheckoutSessionStatusExpired,
		TenantID: domain.TenantID(s.Metadata[MetadataTenantID]),
		OrderID:  s.Metadata[MetadataOrderID],
		Amount:   s.AmountTotal,
		Currency: strings.ToUpper(string(s.Currency)),
	}
	if pi := s.PaymentIntent; pi != nil {
		st.PaymentIntent = pi.ID
		if pi.LatestCharge != nil {
			st.ReceiptURL = pi.LatestCharge.ReceiptURL
		}
	}
	return st
}

// refundState maps a refunded charge. The charge carries the order's
// metadata because checkout copies it to the payment intent.
func refundState(c *stripe.Charge) app.RefundState {
	r := app.RefundState{
		TenantID:      domain.TenantID(c.Metadata[MetadataTenantID]),
		OrderID:       c.Metadata[MetadataOrderID],
		FullyRefunded: c.Refunded || (c.AmountRefunded > 0 && c.AmountRefunded >= c.Amount),
	}
	if c.PaymentIntent != nil {
		r.PaymentIntent = c.PaymentIntent.ID
	}
	return r
}
