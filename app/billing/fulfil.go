package billing

import (
	"context"
	"log/slog"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/job"
)

// payment is what the gateway reported about a payment.
type payment struct {
	Intent     string
	ReceiptURL string
	// Amount and Currency, when known, must match the order's.
	Amount   int64
	Currency string
}

// errAmountMismatch refuses a payment that does not match its order.
var errAmountMismatch = domain.Conflict("amount_mismatch", "the payment does not match the order")

// fulfil marks an order paid and applies what was bought, inside the
// caller's transaction. The order row is locked, and a unique fulfilment
// record decides: duplicate, concurrent and late notices apply it once.
func (s *Service) fulfil(ctx context.Context, tenant domain.TenantID, orderID string, p payment) error {
	o, err := s.Orders.LockByID(ctx, tenant, orderID)
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
	first, err := s.Orders.ClaimFulfilment(ctx, tenant, o.ID, s.now())
	if err != nil {
		return err
	}
	if first {
		if err := s.apply(ctx, tenant, o); err != nil {
			return err
		}
	}
	return s.Orders.Update(ctx, o)
}

// apply gives the buyer what the order is for.
func (s *Service) apply(ctx context.Context, tenant domain.TenantID, o *billing.Order) error {
	now := s.now()
	switch o.Product {
	case billing.ProductPremiumProfile:
		c, err := s.Companies.ByID(ctx, tenant, o.CompanyID)
		if err != nil {
			return err
		}
		c.SetPremiumUntil(domain.ExtendPeriod(c.Snapshot().PremiumUntil, now, o.Duration()), now)
		return s.Companies.Update(ctx, tenant, c)
	case billing.ProductFeatured:
		return s.changeJob(ctx, tenant, o.JobID, func(j *job.Job) error {
			// Paid for: applied whatever happened to the job since checkout,
			// at once when it is live, from publication otherwise.
			j.AddFeatured(o.Duration(), now)
			return nil
		})
	case billing.ProductJobPosting:
		b, err := s.Boards.ByID(ctx, tenant)
		if err != nil {
			return err
		}
		return s.changeJob(ctx, tenant, o.JobID, func(j *job.Job) error {
			switch j.Status() {
			case job.StatusExpired:
				return j.Renew(o.Duration(), now)
			case job.StatusDraft, job.StatusRejected:
				// With review on, the paid job waits for approval, which
				// publishes it; the payment is honoured then.
				return j.Submit(b.Settings().ReviewJobs, o.Duration(), now)
			}
			slog.WarnContext(ctx, "paid posting for a job that is already live or waiting", "tenant", tenant, "order", o.ID, "job", o.JobID)
			return nil
		})
	}
	return nil
}

func (s *Service) changeJob(ctx context.Context, tenant domain.TenantID, jobID string, fn func(*job.Job) error) error {
	j, err := s.Jobs.ByID(ctx, tenant, jobID)
	if err != nil {
		return err
	}
	c, err := s.Companies.ByID(ctx, tenant, j.CompanyID())
	if err != nil {
		return err
	}
	if err := fn(j); err != nil {
		return err
	}
	return s.Jobs.Update(ctx, tenant, j, c.Profile().Name)
}

// revoke takes back what a refunded order gave: featured and premium
// periods end, a paid posting is unpublished.
func (s *Service) revoke(ctx context.Context, tenant domain.TenantID, o *billing.Order) error {
	now := s.now()
	switch o.Product {
	case billing.ProductPremiumProfile:
		c, err := s.Companies.ByID(ctx, tenant, o.CompanyID)
		if err != nil {
			return err
		}
		c.SetPremiumUntil(domain.ShortenPeriod(c.Snapshot().PremiumUntil, now, o.Duration()), now)
		return s.Companies.Update(ctx, tenant, c)
	case billing.ProductFeatured:
		return s.changeJob(ctx, tenant, o.JobID, func(j *job.Job) error {
			j.RemoveFeatured(o.Duration(), now)
			return nil
		})
	case billing.ProductJobPosting:
		return s.changeJob(ctx, tenant, o.JobID, func(j *job.Job) error {
			switch j.Status() {
			case job.StatusPublished:
				return j.Unpublish(now)
			case job.StatusPending:
				return j.Withdraw(now)
			}
			return nil
		})
	}
	return nil
}

// refund records a refund of an order and revokes its effect once.
func (s *Service) refund(ctx context.Context, tenant domain.TenantID, orderID string) error {
	o, err := s.Orders.LockByID(ctx, tenant, orderID)
	if err != nil {
		return err
	}
	wasPaid := o.Status == billing.StatusPaid
	if !o.MarkRefunded(s.now()) {
		return nil
	}
	if wasPaid {
		if err := s.revoke(ctx, tenant, o); err != nil {
			return err
		}
	}
	return s.Orders.Update(ctx, o)
}
