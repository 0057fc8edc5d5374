// Package app holds the use cases and the ports they need. Adapters in
// infra/ implement the ports; nothing here imports a framework.
package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// Objects and actions the policy knows. Every permission decision names one
// object and one action.
const (
	ObjBoard      = "board"      // settings, pricing, domain
	ObjStaff      = "staff"      // moderators and owners of a board
	ObjModeration = "moderation" // the review queue
	ObjAudit      = "audit"      // the audit log
	ObjCompany    = "company"    // registering a company
	ObjJob        = "job"        // posting jobs
	ObjSaved      = "saved_job"  // a candidate's saved jobs
	ObjPlatform   = "platform"   // every board

	ActRead   = "read"
	ActManage = "manage"
	ActCreate = "create"
	ActReview = "review"
)

// ObjApplication is applying to a board's jobs with the on-site form.
const ObjApplication = "application"

// Subject names who acts, in the authorizer's terms.
type Subject string

// UserSubject is the subject of a board user.
func UserSubject(userID string) Subject { return Subject("user:" + userID) }

// AdminSubject is the subject of a platform admin.
func AdminSubject(adminID string) Subject { return Subject("admin:" + adminID) }

// Authorizer makes every permission decision.
type Authorizer interface {
	// Can reports whether subject may act on object on the board. It returns
	// an error only when the decision could not be made (KindInternal).
	Can(ctx context.Context, tenant domain.TenantID, subject Subject, object, action string) (bool, error)
	// Refresh reloads role assignments now, after a committed change; other
	// instances pick the change up on their own within two seconds.
	Refresh(ctx context.Context) error
}

// Require returns ErrForbidden unless the authorizer allows the action.
func Require(ctx context.Context, a Authorizer, tenant domain.TenantID, subject Subject, object, action string) error {
	ok, err := a.Can(ctx, tenant, subject, object, action)
	if err != nil {
		return err
	}
	if !ok {
		return domain.ErrForbidden
	}
	return nil
}

// TxRunner runs fn in one database transaction. Repositories called with
// the ctx that fn receives take part in it. A returned error rolls back.
type TxRunner interface {
	RunInTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Clock tells the time; tests pass a fixed one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock, in UTC.
type SystemClock struct{}

// Now returns the current UTC time to the microsecond, the precision both
// databases store, so a value reads back exactly as it was written.
func (SystemClock) Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// PasswordHasher hashes and verifies passwords.
type PasswordHasher interface {
	// Hash returns an encoded hash of password.
	Hash(password string) (string, error)
	// Verify reports whether password matches encoded, and whether encoded
	// should be replaced because its parameters are outdated.
	Verify(password, encoded string) (ok, rehash bool, err error)
}

// Throttle counts events per key in fixed windows, shared by every instance.
type Throttle interface {
	// Count returns how many events key has in its current window without
	// adding one, and when that window ends.
	Count(ctx context.Context, key string, now time.Time) (int, time.Time, error)
	// Hit adds an event to key's window (starting a new window of length
	// window when the last one ended) and returns the new count and the
	// window's end.
	Hit(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error)
	// Reset forgets key.
	Reset(ctx context.Context, key string) error
}

// IDs makes new identifiers (time-ordered UUIDs in production).
type IDs interface {
	New() string
}

// Objects checked inside a company, against the caller's team role there.
const (
	ObjCompanyProfile   = "company_profile"   // the public profile and logo
	ObjCompanyTeam      = "company_team"      // members and invitations
	ObjCompanyBilling   = "company_billing"   // orders and payments
	ObjCompanyJobs      = "company_jobs"      // the company's job postings
	ObjCompanyDashboard = "company_dashboard" // the employer dashboard
)

// CompanyAuthorizer decides what a user may do inside one company, from
// their team role there. Infra implements it next to Authorizer.
type CompanyAuthorizer interface {
	// CanInCompany reports whether subject may act on object in the company.
	// Errors are KindInternal or KindUnavailable.
	CanInCompany(ctx context.Context, tenant domain.TenantID, companyID string, subject Subject, object, action string) (bool, error)
}

// FileStore keeps uploaded files (logos, CVs) under opaque keys.
type FileStore interface {
	// Put stores data under key, replacing any file there.
	Put(ctx context.Context, key string, data []byte) error
	// Get returns the file at key; KindNotFound if there is none.
	Get(ctx context.Context, key string) ([]byte, error)
	// Delete removes the file at key; a missing file is not an error.
	Delete(ctx context.Context, key string) error
}

// Images checks and normalises uploaded images.
type Images interface {
	// Logo checks that data is a PNG, JPEG or WebP image by its content,
	// and returns it re-encoded as PNG within a bounded size. A file that is
	// not such an image is KindUnsupported naming the field "logo".
	Logo(data []byte) ([]byte, error)
}

// RichText turns user Markdown into safe HTML.
type RichText interface {
	// Render returns sanitised HTML: no scripts, no event handlers, no
	// javascript: links.
	Render(markdown string) string
}

// Message is an e-mail to send.
type Message struct {
	To       string
	Subject  string
	Text     string
	FromName string            // the board's name, shown as the sender
	Headers  map[string]string // extra headers such as List-Unsubscribe
	// Key, when set, makes the Message-ID stable (derived from it), so
	// that a message sent again after a crash is recognised by mail clients
	// as the one they have.
	Key string
}

// Mailer sends e-mail.
type Mailer interface {
	// Send delivers one message; errors are KindUnavailable when the
	// server can be retried, KindInvalid for a message that can never be
	// sent and KindUnprocessable for a recipient the server refuses.
	Send(ctx context.Context, m Message) error
}

// MailNeverSends reports whether a Mailer error means that sending the same
// message again cannot succeed (the message is malformed, the server
// refuses the recipient for good), so it is given up rather than retried.
func MailNeverSends(err error) bool {
	k := domain.KindOf(err)
	return k == domain.KindInvalid || k == domain.KindUnprocessable
}

// CheckoutRequest asks the payment gateway for a hosted checkout page.
type CheckoutRequest struct {
	TenantID       domain.TenantID
	OrderID        string
	ProductName    string
	Amount         int64 // minor units
	Currency       string
	CustomerEmail  string
	SuccessURL     string // may contain {CHECKOUT_SESSION_ID}
	CancelURL      string
	IdempotencyKey string
}

// CheckoutSession is a created checkout page.
type CheckoutSession struct {
	ID  string
	URL string
}

// SessionState is what the gateway knows of a checkout session.
type SessionState struct {
	ID            string
	Paid          bool // payment_status paid (or no payment required)
	Expired       bool
	TenantID      domain.TenantID
	OrderID       string
	Amount        int64
	Currency      string
	PaymentIntent string
	ReceiptURL    string
}

// PaymentEvent is a verified gateway notification.
type PaymentEvent struct {
	ID   string
	Type string // checkout.session.completed, …, charge.refunded
	// Session is set for checkout.session.* events.
	Session *SessionState
	// Refund is set for charge.refunded.
	Refund *RefundState
	// Dispute is set for charge.dispute.created and charge.dispute.closed.
	Dispute *DisputeState
}

// DisputeState is a chargeback opened against a payment.
type DisputeState struct {
	ID            string
	PaymentIntent string
	Amount        int64
	Currency      string
	Reason        string
	// Status is the dispute's: needs_response and the like while open;
	// won, lost or warning_closed once closed.
	Status string
}

// RefundState is a refunded charge.
type RefundState struct {
	PaymentIntent string
	TenantID      domain.TenantID
	OrderID       string
	FullyRefunded bool
}

// PaymentGateway takes payments. The Stripe adapter and the development
// gateway implement it.
type PaymentGateway interface {
	// Name is "stripe" or "dev".
	Name() string
	// CreateCheckout creates a hosted checkout page for an order. Errors
	// are KindUnavailable when the gateway cannot be reached.
	CreateCheckout(ctx context.Context, r CheckoutRequest) (CheckoutSession, error)
	// Session returns the state of a checkout session.
	Session(ctx context.Context, id string) (SessionState, error)
	// ParseEvent verifies a webhook's signature over the raw body and
	// decodes it; a bad signature, a stale timestamp or a malformed body is
	// KindInvalid.
	ParseEvent(payload []byte, signature string) (PaymentEvent, error)
	// Refund refunds a payment in full.
	Refund(ctx context.Context, paymentIntent, idempotencyKey string) error
}

// RefreshRoles reloads role assignments after a committed change. The
// change is made whatever happens here, and other instances pick it up
// within two seconds on their own, so a failed reload is logged, not
// returned: answering an error would make the caller retry what is done.
func RefreshRoles(ctx context.Context, a Authorizer) {
	if err := a.Refresh(ctx); err != nil {
		slog.WarnContext(ctx, "role assignments not reloaded after a change; they follow within seconds", "err", err)
	}
}

// AddressCheck tells whether a user confirmed their e-mail address, which
// posting, buying and applying need.
type AddressCheck interface {
	// RequireVerified returns a KindForbidden error (code
	// email_unverified) unless the acting user confirmed their address;
	// admins and the system pass. Other errors are KindInternal or
	// KindUnavailable.
	RequireVerified(ctx context.Context, tenant domain.TenantID, actor Actor) error
}

// RequireVerified applies check when there is one: a system built without
// accounts (some tests) checks nothing.
func RequireVerified(ctx context.Context, check AddressCheck, tenant domain.TenantID, actor Actor) error {
	if check == nil {
		return nil
	}
	return check.RequireVerified(ctx, tenant, actor)
}

// Sealer encrypts secrets kept in the database.
type Sealer interface {
	// Seal encrypts plain into text.
	Seal(plain string) string
	// Open decrypts what Seal returned; a damaged value is an error.
	Open(sealed string) (string, error)
}

// OneTimePasswords makes and checks the codes of authenticator apps.
type OneTimePasswords interface {
	// NewKey returns the otpauth:// address of a new secret, which an app
	// scans, for account at issuer.
	NewKey(issuer, account string) (url string, err error)
	// Describe returns the secret of an otpauth:// address (for typing it
	// in) and the address as a PNG QR code.
	Describe(url string) (secret string, qr []byte, err error)
	// Check reports whether code is right for the secret around at, and
	// the time step it belongs to.
	Check(secret, code string, at time.Time) (step int64, ok bool)
}

// OpenIDConfig names a board's client at an OpenID Connect provider.
type OpenIDConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
}

// OpenIDClaims are what a provider's ID token says about who signed in.
type OpenIDClaims struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// OpenIDClient talks to OpenID Connect providers.
type OpenIDClient interface {
	// Discover checks that issuer serves an OpenID Connect discovery
	// document; KindInvalid (field issuer) when it does not.
	Discover(ctx context.Context, issuer string) error
	// AuthURL returns the provider's sign-in address for the authorization
	// code flow with PKCE (S256), state and nonce; KindUnavailable when
	// the provider cannot be reached.
	AuthURL(ctx context.Context, p OpenIDConfig, redirectURL, state, nonce, verifier string) (string, error)
	// Exchange trades the code for tokens and verifies the ID token: its
	// signature against the provider's keys, issuer, audience (this
	// client), expiry and nonce. One that does not check out is
	// KindUnauthorized; an unreachable provider KindUnavailable.
	Exchange(ctx context.Context, p OpenIDConfig, redirectURL, code, verifier, nonce string) (OpenIDClaims, error)
}
