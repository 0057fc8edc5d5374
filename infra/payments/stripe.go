package payments

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

var _ app.PaymentGateway = (*Stripe)(nil)

// requestTimeout bounds one HTTP request to the Stripe API, retries
// excluded; the caller's context can end it sooner.
const requestTimeout = 10 * time.Second

// Stripe takes payments with Stripe Checkout. It has its own API client,
// so it never touches stripe-go's global key or backends, and it is safe
// for concurrent use.
type Stripe struct {
	api           *client.API
	webhookSecret string
}

// NewStripe returns a gateway that authenticates with secretKey and
// verifies webhooks with webhookSecret (whsec_...; with none, every webhook
// is refused). apiBase overrides the API's base URL, for stripe-mock such
// as http://127.0.0.1:12111; requests to an overridden base are not
// retried, while requests to Stripe itself are retried twice on network
// errors and 5xx responses.
func NewStripe(secretKey, webhookSecret, apiBase string) (*Stripe, error) {
	if secretKey == "" {
		return nil, errors.New("payments: no Stripe secret key")
	}
	retries := int64(2)
	var base *string
	if apiBase != "" {
		u, err := url.Parse(apiBase)
		if err != nil {
			return nil, fmt.Errorf("payments: parse Stripe API base %q: %w", apiBase, err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("payments: Stripe API base %q: want an http or https URL with a host", apiBase)
		}
		base = stripe.String(strings.TrimRight(apiBase, "/"))
		retries = 0
	}
	httpClient := &http.Client{Timeout: requestTimeout}
	config := func(url *string) *stripe.BackendConfig {
		return &stripe.BackendConfig{
			URL:               url,
			HTTPClient:        httpClient,
			MaxNetworkRetries: stripe.Int64(retries),
			// Errors are returned to the caller, which logs them.
			LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
		}
	}
	backends := &stripe.Backends{
		API:     stripe.GetBackendWithConfig(stripe.APIBackend, config(base)),
		Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, config(nil)),
		Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, config(nil)),
	}
	return &Stripe{api: client.New(secretKey, backends), webhookSecret: webhookSecret}, nil
}

// Name returns "stripe".
func (s *Stripe) Name() string { return "stripe" }

// CreateCheckout creates a Checkout Session in payment mode for one line
// item priced inline. The tenant and order IDs go into the metadata of the
// session and of its payment intent, so that the charge and any refund
// carry them too. r.IdempotencyKey makes a repeated request return the
// same session. An unreachable or overloaded Stripe is KindUnavailable.
func (s *Stripe) CreateCheckout(ctx context.Context, r app.CheckoutRequest) (app.CheckoutSession, error) {
	meta := map[string]string{
		MetadataTenantID: string(r.TenantID),
		MetadataOrderID:  r.OrderID,
	}
	params := &stripe.CheckoutSessionParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModePayment)),
		ClientReferenceID: stripe.String(r.OrderID),
		SuccessURL:        stripe.String(r.SuccessURL),
		CancelURL:         stripe.String(r.CancelURL),
		LineItems: []*stripe.CheckoutSessionLineItemParams{{
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:   stripe.String(strings.ToLower(r.Currency)),
				UnitAmount: stripe.Int64(r.Amount),
				ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
					Name: stripe.String(r.ProductName),
				},
			},
			Quantity: stripe.Int64(1),
		}},
		Metadata: meta,
		PaymentIntentData: &stripe.CheckoutSessionPaymentIntentDataParams{
			Metadata: maps.Clone(meta),
		},
	}
	if r.CustomerEmail != "" {
		params.CustomerEmail = stripe.String(r.CustomerEmail)
	}
	params.Context = ctx
	if r.IdempotencyKey != "" {
		params.SetIdempotencyKey(r.IdempotencyKey)
	}
	sess, err := s.api.CheckoutSessions.New(params)
	if err != nil {
		return app.CheckoutSession{}, stripeError("create checkout session", err)
	}
	return app.CheckoutSession{ID: sess.ID, URL: sess.URL}, nil
}

// Session fetches a Checkout Session with its payment intent and latest
// charge expanded, for the payment intent ID and the receipt URL. An
// unknown session is KindNotFound.
func (s *Stripe) Session(ctx context.Context, id string) (app.SessionState, error) {
	if id == "" {
		return app.SessionState{}, domain.NotFound("checkout session")
	}
	params := &stripe.CheckoutSessionParams{}
	params.Context = ctx
	params.AddExpand("payment_intent")
	params.AddExpand("payment_intent.latest_charge")
	sess, err := s.api.CheckoutSessions.Get(id, params)
	if err != nil {
		if isNotFound(err) {
			return app.SessionState{}, notFound("checkout session", err)
		}
		return app.SessionState{}, stripeError("get checkout session", err)
	}
	return sessionState(sess), nil
}

// ParseEvent verifies a webhook's Stripe-Signature header over the raw body
// and decodes checkout.session.* and charge.refunded events; other events
// come back with only ID and Type. A missing, wrong or more than five
// minutes old signature is KindInvalid with code invalid_signature; a
// signed body that cannot be decoded is KindInvalid with code
// invalid_event.
func (s *Stripe) ParseEvent(payload []byte, signature string) (app.PaymentEvent, error) {
	return parseEvent(payload, signature, s.webhookSecret)
}

// Refund refunds a payment intent in full. idempotencyKey makes a repeated
// call refund once; a payment that is already fully refunded counts as
// success.
func (s *Stripe) Refund(ctx context.Context, paymentIntent, idempotencyKey string) error {
	if paymentIntent == "" {
		return domain.Conflict("not_refundable", "the order has no payment to refund")
	}
	params := &stripe.RefundParams{PaymentIntent: stripe.String(paymentIntent)}
	params.Context = ctx
	if idempotencyKey != "" {
		params.SetIdempotencyKey(idempotencyKey)
	}
	if _, err := s.api.Refunds.New(params); err != nil {
		var se *stripe.Error
		if errors.As(err, &se) && se.Code == stripe.ErrorCodeChargeAlreadyRefunded {
			return nil
		}
		if isNotFound(err) {
			return notFound("payment", err)
		}
		return stripeError("refund payment intent", err)
	}
	return nil
}

// stripeError classifies a failed API call. Network failures, timeouts,
// rate limits, 5xx responses and concurrent use of an idempotency key are
// worth retrying and become KindUnavailable; anything else, such as an
// invalid request or a bad API key, is a bug or a misconfiguration on our
// side and is returned wrapped as it is.
func stripeError(op string, err error) error {
	wrapped := fmt.Errorf("payments: stripe %s: %w", op, err)
	var se *stripe.Error
	if !errors.As(err, &se) {
		if errors.Is(err, context.Canceled) {
			return wrapped
		}
		return domain.Unavailable(wrapped)
	}
	switch {
	case se.HTTPStatusCode == http.StatusTooManyRequests,
		se.HTTPStatusCode >= 500,
		se.Code == stripe.ErrorCodeRateLimit,
		se.Code == stripe.ErrorCodeIdempotencyKeyInUse,
		se.Type == stripe.ErrorTypeAPI:
		return domain.Unavailable(wrapped)
	}
	return wrapped
}

// isNotFound reports whether err is Stripe's answer for a missing object.
func isNotFound(err error) bool {
	var se *stripe.Error
	return errors.As(err, &se) &&
		(se.HTTPStatusCode == http.StatusNotFound || se.Code == stripe.ErrorCodeResourceMissing)
}

// notFound is domain.NotFound keeping Stripe's answer as the cause.
func notFound(what string, cause error) *domain.Error {
	e := domain.NotFound(what)
	e.Err = cause
	return e
}
