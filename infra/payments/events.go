package payments

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

// SignatureTolerance is how far a webhook's signed timestamp may be from
// now, in the past or in the future, before the event is refused as a
// possible replay. stripe-go checks only the past; a timestamp far ahead
// would let a captured event be replayed until that time came.
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
	// Refused before the library reads the body, as it refuses a stale
	// signature, so that both answer alike.
	if at, ok := signedAt(sig); ok && at.After(time.Now().Add(SignatureTolerance)) {
		return app.PaymentEvent{}, invalidSignature(fmt.Errorf("payments: webhook signed at %s, ahead of this clock by more than %s: %w",
			at.UTC().Format(time.RFC3339), SignatureTolerance, webhook.ErrTooOld))
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
	case stripe.EventTypeChargeDisputeCreated, stripe.EventTypeChargeDisputeClosed:
		var d stripe.Dispute
		if err := decodeObject(ev, &d); err != nil {
			return app.PaymentEvent{}, err
		}
		ds := app.DisputeState{ID: d.ID, Amount: d.Amount, Currency: strings.ToUpper(string(d.Currency)), Reason: string(d.Reason),
			Status: string(d.Status)}
		if d.PaymentIntent != nil {
			ds.PaymentIntent = d.PaymentIntent.ID
		}
		out.Dispute = &ds
	}
	return out, nil
}

// signedAt reads the timestamp (t=) of a Stripe-Signature header as
// stripe-go does: the last t= counts. ok is false when there is none or
// the header is malformed, which the library then refuses.
func signedAt(sig string) (at time.Time, ok bool) {
	for _, pair := range strings.Split(sig, ",") {
		k, v, found := strings.Cut(pair, "=")
		if !found || strings.Contains(v, "=") {
			return time.Time{}, false
		}
		if k != "t" {
			continue
		}
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		at, ok = time.Unix(sec, 0), true
	}
	return at, ok
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
