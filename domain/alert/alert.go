// Package alert holds e-mail job alerts: a saved search that a subscriber
// confirmed by e-mail, the periods its digests cover, and the deliveries
// that record each digest so that every period is mailed exactly once.
package alert

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
)

// Frequency is how often a subscriber gets a digest.
type Frequency string

// Frequencies a subscriber can choose.
const (
	Instant Frequency = "instant"
	Daily   Frequency = "daily"
	Weekly  Frequency = "weekly"
)

// Frequencies lists every frequency in the order forms show them.
var Frequencies = []Frequency{Instant, Daily, Weekly}

// InstantPeriod is the period of an instant alert: short enough to feel
// immediate, long enough that a burst of postings makes one mail.
const InstantPeriod = 5 * time.Minute

// ParseFrequency checks a frequency; field names the input.
func ParseFrequency(field, s string) (Frequency, error) {
	f := Frequency(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Frequencies, f) {
		return f, nil
	}
	return "", domain.Invalid(field, "choose instant, daily or weekly")
}

// Label names a frequency for people.
func (f Frequency) Label() string {
	switch f {
	case Instant:
		return "As soon as jobs are posted"
	case Weekly:
		return "Weekly"
	}
	return "Daily"
}

// PeriodStart returns the start of the period that t falls in. Periods are
// aligned in UTC: five-minute slots, days from midnight, weeks from Monday.
func (f Frequency) PeriodStart(t time.Time) time.Time {
	t = t.UTC()
	switch f {
	case Instant:
		return t.Truncate(InstantPeriod)
	case Weekly:
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		back := (int(day.Weekday()) + 6) % 7 // days since Monday
		return day.AddDate(0, 0, -back)
	default:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
}

// NextBoundary returns the end of the period that t falls in: the first
// period start after t.
func (f Frequency) NextBoundary(t time.Time) time.Time {
	start := f.PeriodStart(t)
	switch f {
	case Instant:
		return start.Add(InstantPeriod)
	case Weekly:
		return start.AddDate(0, 0, 7)
	default:
		return start.AddDate(0, 0, 1)
	}
}

// Limits of a saved search, as the job search has them.
const (
	MaxTextLength = 200
	MaxCompany    = 100
	MaxSalary     = 100_000_000
)

// Search is a saved job search: the text and the filters of /jobs.
type Search struct {
	Query          string
	Category       string
	Location       string
	Workplace      string
	EmploymentType string
	Company        string // a company's slug or id
	MinSalary      int64  // per year
}

// NewSearch normalises and checks a search; every wrong field is named.
func NewSearch(s Search) (Search, error) {
	f := map[string]string{}
	s.Query = strings.Join(strings.Fields(s.Query), " ")
	s.Category = strings.TrimSpace(s.Category)
	s.Location = strings.TrimSpace(s.Location)
	s.Workplace = strings.TrimSpace(s.Workplace)
	s.EmploymentType = strings.TrimSpace(s.EmploymentType)
	s.Company = strings.TrimSpace(s.Company)
	for name, v := range map[string]string{"query": s.Query, "category": s.Category, "location": s.Location} {
		if utf8.RuneCountInString(v) > MaxTextLength {
			f[name] = "use at most " + strconv.Itoa(MaxTextLength) + " characters"
		}
	}
	if utf8.RuneCountInString(s.Company) > MaxCompany {
		f["company"] = "use at most " + strconv.Itoa(MaxCompany) + " characters"
	}
	if s.Workplace != "" && !slices.Contains(job.Workplaces, s.Workplace) {
		f["workplace"] = "choose onsite, hybrid or remote"
	}
	if s.EmploymentType != "" && !slices.Contains(job.EmploymentTypes, s.EmploymentType) {
		f["employment_type"] = "choose one of: " + strings.Join(job.EmploymentTypes, ", ")
	}
	if s.MinSalary < 0 || s.MinSalary > MaxSalary {
		f["min_salary"] = "must be between 0 and " + strconv.Itoa(MaxSalary)
	}
	if len(f) > 0 {
		return Search{}, domain.InvalidFields(f)
	}
	return s, nil
}

// Key identifies the search, so that subscribing twice to the same search
// keeps one alert. Text compares case-insensitively, as the search does.
func (s Search) Key() string {
	h := sha256.New()
	for _, v := range []string{strings.ToLower(s.Query), strings.ToLower(s.Category), strings.ToLower(s.Location), s.Workplace,
		s.EmploymentType, strings.ToLower(s.Company), strconv.FormatInt(s.MinSalary, 10)} {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// workplaceWords name the workplace values in a sentence.
var workplaceWords = map[string]string{"onsite": "on-site", "hybrid": "hybrid", "remote": "remote"}

// Describe says in words what the search looks for.
func (s Search) Describe() string {
	var parts []string
	if s.Query != "" {
		parts = append(parts, "“"+s.Query+"”")
	}
	if s.Category != "" {
		parts = append(parts, "in "+s.Category)
	}
	if s.Location != "" {
		parts = append(parts, "in "+s.Location)
	}
	if s.Workplace != "" {
		parts = append(parts, workplaceWords[s.Workplace])
	}
	if s.EmploymentType != "" {
		parts = append(parts, strings.ToLower(strings.ReplaceAll(s.EmploymentType, "_", "-")))
	}
	if s.Company != "" {
		parts = append(parts, "at "+s.Company)
	}
	if s.MinSalary > 0 {
		parts = append(parts, "paying at least "+strconv.FormatInt(s.MinSalary, 10)+" a year")
	}
	if len(parts) == 0 {
		return "all new jobs"
	}
	return "jobs " + strings.Join(parts, ", ")
}

// Subscriber is an e-mail address with alerts on a board.
type Subscriber struct {
	ID        string
	Email     domain.Email
	CreatedAt time.Time
}

// ConfirmTTL is how long a confirmation link works.
const ConfirmTTL = 7 * 24 * time.Hour

// Alert is a saved search of a subscriber. Nothing is mailed until it is
// confirmed; from then on each period's new jobs are mailed once.
type Alert struct {
	ID           string
	SubscriberID string
	Email        domain.Email // the subscriber's, for reading
	Search       Search
	Frequency    Frequency
	// ConfirmHash is the hash of the one-time confirmation token while the
	// alert waits for confirmation; empty once used.
	ConfirmHash      string
	ConfirmExpiresAt *time.Time
	ConfirmedAt      *time.Time
	// WindowStart is where the next digest starts: jobs published at or
	// after it have not been mailed yet.
	WindowStart *time.Time
	// NextRunAt is when the current window's period ends and its digest
	// falls due.
	NextRunAt *time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Confirmed reports whether the subscriber used the confirmation link.
func (a *Alert) Confirmed() bool { return a.ConfirmedAt != nil }

var (
	// ErrTokenInvalid is a confirmation, unsubscribe or manage link that is
	// not (or no longer) valid on this board.
	ErrTokenInvalid = &domain.Error{Kind: domain.KindNotFound, Code: "alert_link_invalid", Message: "this link is not valid; it may have been used already"}
	// ErrConfirmExpired is a confirmation link older than ConfirmTTL.
	ErrConfirmExpired = &domain.Error{Kind: domain.KindGone, Code: "alert_link_expired", Message: "this confirmation link has expired; subscribe again to get a new one"}
)

// Confirm starts the alert's first window at now. A used or expired
// confirmation is an error; the caller checked the token's hash.
func (a *Alert) Confirm(now time.Time) error {
	if a.Confirmed() || a.ConfirmHash == "" {
		return ErrTokenInvalid
	}
	if a.ConfirmExpiresAt != nil && !now.Before(*a.ConfirmExpiresAt) {
		return ErrConfirmExpired
	}
	a.ConfirmedAt, a.ConfirmHash, a.ConfirmExpiresAt = &now, "", nil
	a.startWindow(now)
	a.UpdatedAt = now
	return nil
}

// RequestConfirmation sets a new confirmation token hash, valid for
// ConfirmTTL, on an alert that is not confirmed yet, and takes the latest
// choice of frequency.
func (a *Alert) RequestConfirmation(hash string, f Frequency, now time.Time) {
	exp := now.Add(ConfirmTTL)
	a.ConfirmHash, a.ConfirmExpiresAt, a.Frequency, a.UpdatedAt = hash, &exp, f, now
}

func (a *Alert) startWindow(at time.Time) {
	next := a.Frequency.NextBoundary(at)
	a.WindowStart, a.NextRunAt = &at, &next
}

// Due reports whether a confirmed alert's window has closed by cutoff.
func (a *Alert) Due(cutoff time.Time) bool {
	return a.Confirmed() && a.NextRunAt != nil && !a.NextRunAt.After(cutoff)
}

// Window returns the period a digest prepared at cutoff covers: from the
// window's start to the start of the period cutoff falls in. Periods
// missed while no worker ran are covered by the one digest, so nothing is
// skipped and no period gets two mails.
func (a *Alert) Window(cutoff time.Time) (from, to time.Time) {
	return *a.WindowStart, a.Frequency.PeriodStart(cutoff)
}

// Advance moves the window past a digest that covered up to to.
func (a *Alert) Advance(to, now time.Time) {
	a.startWindow(to)
	a.UpdatedAt = now
}

// Delivery statuses.
const (
	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"
)

// Delivery is one digest of one alert's period, kept until it is sent.
// (tenant, alert, period start) is unique: a period is mailed once.
type Delivery struct {
	ID             string
	AlertID        string
	PeriodStart    time.Time
	PeriodEnd      time.Time
	To             string
	FromName       string
	Subject        string
	Body           string
	UnsubscribeURL string
	Jobs           int
	Status         string
	Attempts       int
	NextAttemptAt  time.Time
	LastError      string
	CreatedAt      time.Time
	SentAt         *time.Time
}

// Retry policy of a failing send.
const (
	// MaxAttempts is how often a digest is tried before it is given up.
	MaxAttempts = 12
	// Lease is how long a claimed delivery is reserved for the worker that
	// claimed it; a worker that dies mid-send frees it when this passes.
	// It outlasts a batch of sends at the mailer's longest timeout.
	Lease        = 10 * time.Minute
	firstBackoff = time.Minute
	maxBackoff   = 6 * time.Hour
)

// Backoff is the wait after the attempts-th failed attempt: one minute,
// doubling, at most six hours.
func Backoff(attempts int) time.Duration {
	d := firstBackoff
	for i := 1; i < attempts && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// Repository stores subscribers, alerts and deliveries of one board.
// Every method takes the tenant; another board's rows are not found.
type Repository interface {
	// SubscriberByEmail returns the subscriber of an address; KindNotFound
	// when there is none.
	SubscriberByEmail(ctx context.Context, tenant domain.TenantID, email domain.Email) (Subscriber, error)
	// SubscriberByID returns a subscriber; KindNotFound when there is none.
	SubscriberByID(ctx context.Context, tenant domain.TenantID, id string) (Subscriber, error)
	// CreateSubscriber adds a subscriber; KindConflict when the address
	// has one already.
	CreateSubscriber(ctx context.Context, tenant domain.TenantID, s Subscriber) error
	// DeleteSubscriber removes a subscriber with every alert.
	DeleteSubscriber(ctx context.Context, tenant domain.TenantID, id string) error
	// AlertBySearch returns a subscriber's alert on a search key;
	// KindNotFound when there is none.
	AlertBySearch(ctx context.Context, tenant domain.TenantID, subscriberID, key string) (*Alert, error)
	// AlertByID returns an alert; KindNotFound when there is none.
	AlertByID(ctx context.Context, tenant domain.TenantID, id string) (*Alert, error)
	// AlertByConfirmHash returns the alert waiting for the confirmation
	// token of that hash; KindNotFound when there is none.
	AlertByConfirmHash(ctx context.Context, tenant domain.TenantID, hash string) (*Alert, error)
	// Alerts lists a subscriber's alerts, oldest first.
	Alerts(ctx context.Context, tenant domain.TenantID, subscriberID string) ([]*Alert, error)
	// CountAlerts counts a subscriber's alerts.
	CountAlerts(ctx context.Context, tenant domain.TenantID, subscriberID string) (int, error)
	// CreateAlert adds an alert; KindConflict when the subscriber has one
	// on the same search.
	CreateAlert(ctx context.Context, tenant domain.TenantID, a *Alert) error
	// LockAlert returns an alert for a change inside the caller's
	// transaction, its row locked until the transaction ends; KindNotFound
	// when there is none.
	LockAlert(ctx context.Context, tenant domain.TenantID, id string) (*Alert, error)
	// UpdateAlert writes an alert's confirmation and window. The alert must
	// have been read with LockAlert or ClaimDue (or created) in the same
	// transaction, or it is KindInternal.
	UpdateAlert(ctx context.Context, tenant domain.TenantID, a *Alert) error
	// DeleteAlert removes an alert and its pending deliveries; a missing
	// alert is KindNotFound.
	DeleteAlert(ctx context.Context, tenant domain.TenantID, id string) error
	// ClaimDue locks and returns up to limit confirmed alerts whose window
	// closed by cutoff, for the rest of the transaction; alerts another
	// transaction holds are skipped (PostgreSQL), or the transactions run
	// one after the other (SQLite).
	ClaimDue(ctx context.Context, tenant domain.TenantID, cutoff time.Time, limit int) ([]*Alert, error)
	// AddDelivery records a digest; false when that alert's period has one
	// already, which is then left as it is.
	AddDelivery(ctx context.Context, tenant domain.TenantID, d Delivery) (bool, error)
	// LeasePending reserves up to limit pending deliveries due by now for
	// Lease, counting an attempt on each, and returns them. Two workers
	// never get the same delivery while its lease runs.
	LeasePending(ctx context.Context, tenant domain.TenantID, now time.Time, limit int) ([]Delivery, error)
	// MarkSent records a delivered digest.
	MarkSent(ctx context.Context, tenant domain.TenantID, id string, at time.Time) error
	// MarkFailed records a failed attempt: the delivery stays pending until
	// retryAt, or is given up (DeliveryFailed) when retryAt is nil.
	MarkFailed(ctx context.Context, tenant domain.TenantID, id string, reason string, retryAt *time.Time) error
	// Deliveries lists an alert's deliveries, oldest period first.
	Deliveries(ctx context.Context, tenant domain.TenantID, alertID string) ([]Delivery, error)
}
