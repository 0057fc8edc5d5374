package billing

import (
	"context"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// CheckoutInput is what an employer buys. The amount is never the
// client's: it comes from the board's price list.
type CheckoutInput struct {
	Product   string `json:"product" form:"product" validate:"required,max=40"`
	JobID     string `json:"job_id" form:"job_id" validate:"max=40"`
	CompanyID string `json:"company_id" form:"company_id" validate:"max=40"`
}

// ReturnURLs build the pages the gateway sends the buyer back to.
type ReturnURLs struct {
	Success func(orderID string) string
	Cancel  func(orderID string) string
}

// Checkout is a new order and, unless it was free, where to pay it.
type Checkout struct {
	Order billing.Order
	URL   string // empty when nothing is to be paid
}

// StartCheckout writes a pending order at today's price and opens a
// checkout session for it with the order id as idempotency key. A free
// product is fulfilled at once without checkout.
func (s *Service) StartCheckout(ctx context.Context, tenant domain.TenantID, actor app.Actor, in CheckoutInput, urls ReturnURLs) (Checkout, error) {
	if err := app.Validate(in); err != nil {
		return Checkout{}, err
	}
	product, err := billing.ParseProduct(in.Product)
	if err != nil {
		return Checkout{}, err
	}
	c, j, err := s.target(ctx, tenant, product, in)
	if err != nil {
		return Checkout{}, err
	}
	if err := s.requireBilling(ctx, tenant, actor.UserID, c); err != nil {
		return Checkout{}, err
	}
	if err := app.RequireVerified(ctx, s.deps.Address, tenant, actor); err != nil {
		return Checkout{}, err
	}
	if err := checkBuyable(product, c, j, s.now()); err != nil {
		return Checkout{}, err
	}
	price, err := s.price(ctx, tenant, product)
	if err != nil {
		return Checkout{}, err
	}
	buyer, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return Checkout{}, err
	}
	jobID := ""
	if j != nil {
		jobID = j.ID()
	}
	o := billing.NewOrder(s.deps.IDs.New(), tenant, price, c.ID(), jobID, buyer.Email().String(), actor.UserID, s.now())
	if price.Free() {
		err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
			if err := s.deps.Orders.Create(ctx, o); err != nil {
				return err
			}
			return s.fulfil(ctx, tenant, o.ID, payment{Source: "a free order"})
		})
		if err != nil {
			return Checkout{}, err
		}
		paid, err := s.deps.Orders.ByID(ctx, tenant, o.ID)
		if err != nil {
			return Checkout{}, err
		}
		return Checkout{Order: *paid}, nil
	}
	if err := s.deps.Orders.Create(ctx, o); err != nil {
		return Checkout{}, err
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return Checkout{}, err
	}
	sess, err := s.deps.Gateway.CreateCheckout(ctx, app.CheckoutRequest{
		TenantID: tenant, OrderID: o.ID, ProductName: product.Label() + " – " + b.Name(), Amount: o.Amount, Currency: o.Currency,
		CustomerEmail: o.CustomerEmail, SuccessURL: urls.Success(o.ID), CancelURL: urls.Cancel(o.ID), IdempotencyKey: "order-" + o.ID,
	})
	if err != nil {
		// The order stays pending without a session; the buyer can try again.
		return Checkout{}, err
	}
	// The payment may have been reported already (a fast webhook): record
	// the session on the order as it is now, not as it was before checkout.
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if o, err = s.deps.Orders.LockByID(ctx, tenant, o.ID); err != nil {
			return err
		}
		o.SessionID = sess.ID
		return s.deps.Orders.Update(ctx, o)
	})
	if err != nil {
		return Checkout{}, err
	}
	return Checkout{Order: *o, URL: sess.URL}, nil
}

// target loads what the order is for: the company, and the job for job
// products. Both must belong to the board.
func (s *Service) target(ctx context.Context, tenant domain.TenantID, product billing.Product, in CheckoutInput) (*company.Company, *job.Job, error) {
	if product.ForJob() {
		if strings.TrimSpace(in.JobID) == "" {
			return nil, nil, domain.Invalid("job_id", "say which job this is for")
		}
		j, err := s.deps.Jobs.ByID(ctx, tenant, in.JobID)
		if err != nil {
			return nil, nil, err
		}
		c, err := s.deps.Companies.ByID(ctx, tenant, j.CompanyID())
		return c, j, err
	}
	if strings.TrimSpace(in.CompanyID) == "" {
		return nil, nil, domain.Invalid("company_id", "say which company this is for")
	}
	c, err := s.deps.Companies.ByID(ctx, tenant, in.CompanyID)
	return c, nil, err
}

// checkBuyable refuses purchases that could not take effect.
func checkBuyable(product billing.Product, c *company.Company, j *job.Job, now time.Time) error {
	switch product {
	case billing.ProductJobPosting:
		if !c.Public() {
			return domain.Conflict("company_not_published", "publish the company profile before buying a job posting")
		}
		switch j.Status() {
		case job.StatusDraft, job.StatusRejected, job.StatusExpired:
		default:
			return domain.Conflict("not_postable", "a posting can be bought for a draft, rejected or expired job")
		}
		return j.CanBePublished(now)
	case billing.ProductFeatured:
		return j.CanBeFeatured(now)
	case billing.ProductPremiumProfile:
		if !c.Public() {
			return domain.Conflict("company_not_published", "publish the company profile before making it premium")
		}
	}
	return nil
}

func (s *Service) price(ctx context.Context, tenant domain.TenantID, product billing.Product) (billing.Price, error) {
	prices, err := s.deps.PriceList.List(ctx, tenant)
	if err != nil {
		return billing.Price{}, err
	}
	for _, p := range prices {
		if p.Product == product {
			return p, nil
		}
	}
	return billing.Price{}, domain.NotFound("price")
}
