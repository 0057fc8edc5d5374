package billing

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/domain/moderation"
)

// payment is what the gateway reported about a payment.
type payment struct {
	Intent     string
	ReceiptURL string
	// Amount and Currency, when known, must match the order's.
	Amount   int64
	Currency string
	// Source says what reported the payment, for the audit log: a gateway
	// event, the return page, reconciliation, the test payment page.
	Source string
}

// errAmountMismatch refuses a payment that does not match its order.
var errAmountMismatch = domain.Conflict("amount_mismatch", "the payment does not match the order")

// fulfil marks an order paid and applies what was bought, inside the
// caller's transaction. The order row is locked, and a unique fulfilment
// record decides: duplicate, concurrent and late notices apply it once.
func (s *Service) fulfil(ctx context.Context, tenant domain.TenantID, orderID string, p payment) error {
	o, err := s.deps.Orders.LockByID(ctx, tenant, orderID)
	if err != nil {
		return err
	}
	if p.Currency != "" && (p.Amount != o.Amount || p.Currency != o.Currency) {
		slog.WarnContext(ctx, "payment does not match its order", "tenant", tenant, "order", orderID, "amount", p.Amount, "currency", p.Currency)
		return errAmountMismatch
	}
	if !o.MarkPaid(p.Intent, p.ReceiptURL, s.now()) {
		return nil
	}
	first, err := s.deps.Orders.ClaimFulfilment(ctx, tenant, o.ID, s.now())
	if err != nil {
		return err
	}
	if first {
		before, after, err := s.apply(ctx, tenant, o)
		if err != nil {
			return err
		}
		if err := s.record(ctx, tenant, o, "order.paid", p.Source, before, after); err != nil {
			return err
		}
		if o.Amount > 0 {
			if err := s.queueReceipt(ctx, tenant, o, describe(o, after)); err != nil {
				return err
			}
		}
	}
	return s.deps.Orders.Update(ctx, o)
}

// apply gives the buyer what the order is for, and returns the state of
// what it changed before and after, for the audit log.
func (s *Service) apply(ctx context.Context, tenant domain.TenantID, o *billing.Order) (before, after any, err error) {
	now := s.now()
	switch o.Product {
	case billing.ProductPremiumProfile:
		return s.changePremium(ctx, tenant, o.CompanyID, func(until *time.Time) *time.Time { return domain.ExtendPeriod(until, now, o.Duration()) })
	case billing.ProductFeatured:
		return s.changeJob(ctx, tenant, o.JobID, func(j *job.Job) error {
			// Paid for: applied whatever happened to the job since checkout,
			// at once when it is live, from publication otherwise.
			j.AddFeatured(o.Duration(), now)
			return nil
		})
	case billing.ProductJobPosting:
		b, err := s.deps.Boards.ByID(ctx, tenant)
		if err != nil {
			return nil, nil, err
		}
		return s.changeJob(ctx, tenant, o.JobID, func(j *job.Job) error {
			// With review on, the paid job waits for approval, which
			// publishes it for the time paid for.
			if !j.AddPaidPosting(o.Duration(), b.Settings().ReviewJobs, now) {
				slog.WarnContext(ctx, "paid posting for a closed job", "tenant", tenant, "order", o.ID, "job", o.JobID)
			}
			return nil
		})
	}
	return nil, nil, nil
}

// paidState is what payments change on a job, for the audit log.
type paidState struct {
	Status          string     `json:"status"`
	ExpiresAt       *time.Time `json:"expires_at,omitempty"`
	FeaturedUntil   *time.Time `json:"featured_until,omitempty"`
	FeaturedPending int64      `json:"featured_pending_seconds,omitempty"`
	PostingPending  int64      `json:"posting_pending_seconds,omitempty"`
}

func paidStateOf(j *job.Job) paidState {
	s := j.Snapshot()
	return paidState{Status: string(s.Status), ExpiresAt: s.ExpiresAt, FeaturedUntil: s.FeaturedUntil,
		FeaturedPending: int64(s.FeaturedPending / time.Second), PostingPending: int64(s.PostingPending / time.Second)}
}

// changeJob applies fn to a job read locked in the caller's transaction
// and returns its paid state before and after.
func (s *Service) changeJob(ctx context.Context, tenant domain.TenantID, jobID string, fn func(*job.Job) error) (before, after any, err error) {
	j, err := s.deps.Jobs.LockByID(ctx, tenant, jobID)
	if err != nil {
		return nil, nil, err
	}
	was := paidStateOf(j)
	if err := fn(j); err != nil {
		return nil, nil, err
	}
	return was, paidStateOf(j), s.deps.Jobs.Update(ctx, tenant, j)
}

// changePremium moves a company's premium period, read locked in the
// caller's transaction, and returns it before and after.
func (s *Service) changePremium(ctx context.Context, tenant domain.TenantID, companyID string, fn func(*time.Time) *time.Time) (before, after any, err error) {
	c, err := s.deps.Companies.LockByID(ctx, tenant, companyID)
	if err != nil {
		return nil, nil, err
	}
	was := c.Snapshot().PremiumUntil
	now := fn(was)
	c.SetPremiumUntil(now, s.now())
	return premiumState{was}, premiumState{now}, s.deps.Companies.Update(ctx, tenant, c)
}

// premiumState is what payments change on a company, for the audit log.
type premiumState struct {
	Until *time.Time `json:"premium_until"`
}

// describe says in a sentence what a paid order gave, from the state after.
func describe(o *billing.Order, after any) string {
	day := func(t *time.Time) string { return t.UTC().Format("2 January 2006 15:04 UTC") }
	switch a := after.(type) {
	case premiumState:
		if a.Until != nil {
			return "Your company profile is premium until " + day(a.Until) + "."
		}
	case paidState:
		live := a.Status == "published"
		switch {
		case o.Product == billing.ProductFeatured && live && a.FeaturedUntil != nil:
			return "The job is featured until " + day(a.FeaturedUntil) + "."
		case o.Product == billing.ProductFeatured:
			return "The featured time starts when the job is published."
		case live && a.ExpiresAt != nil:
			return "The job is live until " + day(a.ExpiresAt) + "."
		case a.Status == "pending":
			return "The job is waiting for review; once approved it runs for the time paid for."
		}
	}
	return ""
}

// revoke takes back what a refunded order gave: featured and premium
// periods end, a paid posting's time is taken off; it returns the state of
// what it changed before and after.
func (s *Service) revoke(ctx context.Context, tenant domain.TenantID, o *billing.Order) (before, after any, err error) {
	now := s.now()
	switch o.Product {
	case billing.ProductPremiumProfile:
		return s.changePremium(ctx, tenant, o.CompanyID, func(until *time.Time) *time.Time { return domain.ShortenPeriod(until, now, o.Duration()) })
	case billing.ProductFeatured:
		return s.changeJob(ctx, tenant, o.JobID, func(j *job.Job) error {
			j.RemoveFeatured(o.Duration(), now)
			return nil
		})
	case billing.ProductJobPosting:
		return s.changeJob(ctx, tenant, o.JobID, func(j *job.Job) error { return j.RemovePaidPosting(o.Duration(), now) })
	}
	return nil, nil, nil
}

// refund records a refund of an order and revokes its effect once; source
// says what reported it, for the audit log.
func (s *Service) refund(ctx context.Context, tenant domain.TenantID, orderID, source string) error {
	o, err := s.deps.Orders.LockByID(ctx, tenant, orderID)
	if err != nil {
		return err
	}
	wasPaid := o.Status == billing.StatusPaid
	if !o.MarkRefunded(s.now()) {
		return nil
	}
	var before, after any
	if wasPaid {
		if before, after, err = s.revoke(ctx, tenant, o); err != nil {
			return err
		}
	}
	if err := s.record(ctx, tenant, o, "order.refunded", source, before, after); err != nil {
		return err
	}
	return s.deps.Orders.Update(ctx, o)
}

// record appends a payment's audit entry: which order, what it bought and
// for how much, what changed, and which event or page reported it.
func (s *Service) record(ctx context.Context, tenant domain.TenantID, o *billing.Order, action, source string, before, after any) error {
	target := "company " + o.CompanyID
	if o.JobID != "" {
		target = "job " + o.JobID
	}
	note := fmt.Sprintf("%s for %s: %s; reported by %s", o.Product.Label(), target, formatAmount(o.Amount, o.Currency), source)
	return s.deps.AuditLog.Append(ctx, tenant, moderation.Entry{ID: s.deps.IDs.New(), At: s.now(), ActorID: "billing", Actor: source, Role: "system",
		Action: action, Kind: "order", ItemID: o.ID, Before: moderation.StateJSON(before), After: moderation.StateJSON(after), Note: note})
}

// formatAmount is an amount in minor units with its currency, e.g. EUR 99.00.
func formatAmount(minor int64, currency string) string {
	return fmt.Sprintf("%s %d.%02d", currency, minor/100, minor%100)
}

// disputed records a chargeback on the paid order it names, when it is
// opened and when it is closed. What was bought stays while the dispute
// runs; a dispute the board loses keeps the money with the buyer, so it
// takes back what the order gave, as a refund does (Stripe sends no
// charge.refunded for it).
func (s *Service) disputed(ctx context.Context, closed bool, d app.DisputeState, source string) error {
	found, err := s.deps.Orders.ByPaymentIntent(ctx, d.PaymentIntent)
	if err != nil {
		return err
	}
	o, err := s.deps.Orders.LockByID(ctx, found.Tenant, found.ID)
	if err != nil {
		return err
	}
	action := "order.disputed"
	if closed {
		action = "order.dispute_closed"
	}
	slog.WarnContext(ctx, "payment dispute", "tenant", o.Tenant, "order", o.ID, "dispute", d.ID, "reason", d.Reason, "status", d.Status)
	type dispute struct {
		ID     string `json:"dispute"`
		Amount string `json:"amount"`
		Reason string `json:"reason"`
		Status string `json:"dispute_status"`
		Order  string `json:"order_status"`
	}
	if err := s.record(ctx, o.Tenant, o, action, source, nil,
		dispute{ID: d.ID, Amount: formatAmount(d.Amount, d.Currency), Reason: d.Reason, Status: d.Status, Order: string(o.Status)}); err != nil {
		return err
	}
	if closed && d.Status == "lost" {
		return s.refund(ctx, o.Tenant, o.ID, source)
	}
	return nil
}
