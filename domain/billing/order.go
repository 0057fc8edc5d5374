package billing

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// Status is an order's payment state.
type Status string

// Order statuses: pending → paid | failed | expired | canceled; paid →
// refunded.
const (
	StatusPending  Status = "pending"
	StatusPaid     Status = "paid"
	StatusFailed   Status = "failed"
	StatusExpired  Status = "expired"
	StatusCanceled Status = "canceled"
	StatusRefunded Status = "refunded"
)

// Order is one purchase. The price is copied in when the order is made, so
// later price changes never alter it.
type Order struct {
	ID            string
	Tenant        domain.TenantID
	Product       Product
	CompanyID     string
	JobID         string // for job products
	Amount        int64
	Currency      string
	DurationDays  int
	Status        Status
	CustomerEmail string
	CreatedBy     string
	SessionID     string // the gateway's checkout session
	PaymentIntent string
	ReceiptURL    string
	CreatedAt     time.Time
	PaidAt        *time.Time
	RefundedAt    *time.Time
}

// NewOrder starts a pending order at the price p.
func NewOrder(id string, tenant domain.TenantID, p Price, companyID, jobID, email, userID string, now time.Time) *Order {
	return &Order{ID: id, Tenant: tenant, Product: p.Product, CompanyID: companyID, JobID: jobID, Amount: p.Amount, Currency: p.Currency,
		DurationDays: p.DurationDays, Status: StatusPending, CustomerEmail: email, CreatedBy: userID, CreatedAt: now}
}

// Duration is how long what was bought lasts.
func (o *Order) Duration() time.Duration { return time.Duration(o.DurationDays) * 24 * time.Hour }

// MarkPaid records the payment. It reports false when the order was already
// paid (or refunded), so a repeated notice changes nothing; a failed,
// expired or canceled order can still be paid (an asynchronous payment may
// succeed late).
func (o *Order) MarkPaid(paymentIntent, receiptURL string, now time.Time) bool {
	if o.Status == StatusPaid || o.Status == StatusRefunded {
		return false
	}
	t := now
	o.Status, o.PaidAt = StatusPaid, &t
	if paymentIntent != "" {
		o.PaymentIntent = paymentIntent
	}
	if receiptURL != "" {
		o.ReceiptURL = receiptURL
	}
	return true
}

// SetReceipt records the gateway's receipt link of a paid (or since
// refunded) order that has none yet, which happens when the payment notice
// named the payment without its charge. It refuses a receipt of another
// payment than the order's, and reports whether anything changed.
func (o *Order) SetReceipt(paymentIntent, receiptURL string) bool {
	if receiptURL == "" || o.ReceiptURL != "" || (o.Status != StatusPaid && o.Status != StatusRefunded) {
		return false
	}
	if o.PaymentIntent != "" && paymentIntent != "" && o.PaymentIntent != paymentIntent {
		return false
	}
	if o.PaymentIntent == "" {
		o.PaymentIntent = paymentIntent
	}
	o.ReceiptURL = receiptURL
	return true
}

// NeedsReceipt reports whether the order was paid through a checkout
// session but has no receipt link yet.
func (o *Order) NeedsReceipt() bool {
	return o.ReceiptURL == "" && o.SessionID != "" && (o.Status == StatusPaid || o.Status == StatusRefunded)
}

// Close ends a pending order without payment (failed, expired, canceled).
// It reports false when the order is no longer pending.
func (o *Order) Close(s Status) bool {
	if o.Status != StatusPending {
		return false
	}
	o.Status = s
	return true
}

// MarkRefunded records a refund. A refund reported before the payment
// (notices can arrive out of order) also ends a pending order, so the late
// payment notice finds it refunded and applies nothing. It reports false
// when the order is refunded already or never took money.
func (o *Order) MarkRefunded(now time.Time) bool {
	if o.Status != StatusPaid && o.Status != StatusPending {
		return false
	}
	t := now
	o.Status, o.RefundedAt = StatusRefunded, &t
	return true
}

// Orders stores orders, per board.
type Orders interface {
	// Create inserts an order.
	Create(ctx context.Context, o *Order) error
	// Update saves an order's status, gateway ids and dates. The order must
	// have been read with LockByID (or created) in the same transaction, or
	// it is KindInternal.
	Update(ctx context.Context, o *Order) error
	// ByID returns an order of the board or KindNotFound.
	ByID(ctx context.Context, tenant domain.TenantID, id string) (*Order, error)
	// LockByID returns an order of the board, locked for the transaction.
	LockByID(ctx context.Context, tenant domain.TenantID, id string) (*Order, error)
	// ClaimFulfilment records that the order's effect was applied; it
	// returns false when it had been recorded before (a unique key decides,
	// so concurrent deliveries apply it once).
	ClaimFulfilment(ctx context.Context, tenant domain.TenantID, orderID string, at time.Time) (bool, error)
	// ForCompany lists a company's orders, newest first.
	ForCompany(ctx context.Context, tenant domain.TenantID, companyID string) ([]Order, error)
	// ForBoard lists a board's orders, newest first, at most limit.
	ForBoard(ctx context.Context, tenant domain.TenantID, limit int) ([]Order, error)
	// Pending lists pending orders of every board created after since.
	Pending(ctx context.Context, since time.Time) ([]Order, error)
	// BySession returns the order of a checkout session, or KindNotFound.
	BySession(ctx context.Context, tenant domain.TenantID, sessionID string) (*Order, error)
	// ByPaymentIntent returns the order of any board paid by a payment
	// intent, or KindNotFound; a dispute names only the payment.
	ByPaymentIntent(ctx context.Context, intent string) (*Order, error)
	// WithoutReceipt lists paid or refunded orders of every board, paid
	// through a checkout session after since, that have no receipt link.
	WithoutReceipt(ctx context.Context, since time.Time) ([]Order, error)
}

// Prices stores each board's price list.
type Prices interface {
	// List returns the board's prices, with defaults for products not set.
	List(ctx context.Context, tenant domain.TenantID) ([]Price, error)
	// Set stores one price.
	Set(ctx context.Context, tenant domain.TenantID, p Price) error
}
