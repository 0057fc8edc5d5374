package payments

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

var _ app.PaymentGateway = (*Dev)(nil)

// DevCheckoutPath is the path of the web page that stands in for Stripe's
// hosted checkout in development; the order ID follows it.
const DevCheckoutPath = "/billing/dev-checkout/"

// Dev is the development gateway for machines without Stripe keys. Its
// checkout page is served by the application itself and labelled as a test
// payment; sessions live in memory until the process ends. It is safe for
// concurrent use and must never be used in production.
type Dev struct {
	webhookSecret string

	mu       sync.Mutex
	sessions map[string]*devSession
	refunds  []string
	refunded map[string]bool // idempotency keys already used
}

// devSession is one checkout session created by the dev gateway.
type devSession struct {
	req  app.CheckoutRequest
	paid bool
}

// DevCheckout is what the development checkout page shows and where it
// sends the buyer afterwards.
type DevCheckout struct {
	// Request is the checkout request the session was created from.
	Request app.CheckoutRequest
	// State is the session's current state.
	State app.SessionState
	// SuccessURL is Request.SuccessURL with {CHECKOUT_SESSION_ID}
	// replaced by the session ID, as Stripe does.
	SuccessURL string
	// CancelURL is where the cancel button leads.
	CancelURL string
}

// NewDev returns a development gateway that verifies webhooks signed with
// webhookSecret using Stripe's scheme; with an empty secret every webhook
// is refused.
func NewDev(webhookSecret string) *Dev {
	return &Dev{
		webhookSecret: webhookSecret,
		sessions:      make(map[string]*devSession),
		refunded:      make(map[string]bool),
	}
}

// DevSessionID returns the ID of the dev gateway's checkout session for an
// order.
func DevSessionID(orderID string) string { return "dev_cs_" + orderID }

// devPaymentIntentID returns the payment intent ID of a paid dev session.
func devPaymentIntentID(orderID string) string { return "dev_pi_" + orderID }

// Name returns "dev".
func (d *Dev) Name() string { return "dev" }

// CreateCheckout records the request and returns the session
// DevSessionID(r.OrderID) with the URL of the development checkout page on
// the same origin as r.SuccessURL (a path alone when r.SuccessURL has no
// host). Creating the session of an order again keeps whether it was paid.
func (d *Dev) CreateCheckout(_ context.Context, r app.CheckoutRequest) (app.CheckoutSession, error) {
	if r.OrderID == "" {
		return app.CheckoutSession{}, domain.Invalid("order_id", "is required")
	}
	u, err := url.Parse(r.SuccessURL)
	if err != nil {
		return app.CheckoutSession{}, fmt.Errorf("payments: dev checkout: parse success URL: %w", err)
	}
	page := DevCheckoutPath + url.PathEscape(r.OrderID)
	if u.Scheme != "" && u.Host != "" {
		page = (&url.URL{Scheme: u.Scheme, Host: u.Host}).String() + page
	}
	id := DevSessionID(r.OrderID)
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.sessions[id]; ok {
		s.req = r
	} else {
		d.sessions[id] = &devSession{req: r}
	}
	return app.CheckoutSession{ID: id, URL: page}, nil
}

// Session returns the state of a session this gateway created: unpaid
// until MarkPaid is called. An unknown ID is KindNotFound.
func (d *Dev) Session(_ context.Context, id string) (app.SessionState, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.sessions[id]
	if !ok {
		return app.SessionState{}, domain.NotFound("checkout session")
	}
	return s.state(id), nil
}

// Checkout returns the session and the request behind it, for the
// development checkout page. An unknown ID is KindNotFound.
func (d *Dev) Checkout(sessionID string) (DevCheckout, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.sessions[sessionID]
	if !ok {
		return DevCheckout{}, domain.NotFound("checkout session")
	}
	return DevCheckout{
		Request:    s.req,
		State:      s.state(sessionID),
		SuccessURL: strings.ReplaceAll(s.req.SuccessURL, "{CHECKOUT_SESSION_ID}", url.QueryEscape(sessionID)),
		CancelURL:  s.req.CancelURL,
	}, nil
}

// MarkPaid records that the test payment of a session went through, as
// the development checkout page's pay button does, and returns the paid
// state with payment intent "dev_pi_" followed by the order ID. Paying
// twice is harmless. An unknown ID is KindNotFound.
func (d *Dev) MarkPaid(sessionID string) (app.SessionState, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.sessions[sessionID]
	if !ok {
		return app.SessionState{}, domain.NotFound("checkout session")
	}
	s.paid = true
	return s.state(sessionID), nil
}

// ParseEvent verifies and decodes a webhook exactly like Stripe.ParseEvent,
// with the development signing secret, so that tests and local tools can
// send signed events.
func (d *Dev) ParseEvent(payload []byte, signature string) (app.PaymentEvent, error) {
	return parseEvent(payload, signature, d.webhookSecret)
}

// Refund records the refund and succeeds; a repeated idempotency key is
// recorded once.
func (d *Dev) Refund(_ context.Context, paymentIntent, idempotencyKey string) error {
	if paymentIntent == "" {
		return domain.Conflict("not_refundable", "the order has no payment to refund")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if idempotencyKey != "" {
		if d.refunded[idempotencyKey] {
			return nil
		}
		d.refunded[idempotencyKey] = true
	}
	d.refunds = append(d.refunds, paymentIntent)
	return nil
}

// Refunds returns the payment intents refunded so far, oldest first.
func (d *Dev) Refunds() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.refunds)
}

// state maps the session to what the application sees.
func (s *devSession) state(id string) app.SessionState {
	st := app.SessionState{
		ID:       id,
		Paid:     s.paid,
		TenantID: s.req.TenantID,
		OrderID:  s.req.OrderID,
		Amount:   s.req.Amount,
		Currency: strings.ToUpper(s.req.Currency),
	}
	if s.paid {
		st.PaymentIntent = devPaymentIntentID(s.req.OrderID)
	}
	return st
}
