package billing

import (
	"context"

	"github.com/jobboard/jobboard/app"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
)

// viewOrder returns an order to its buyer's company owners or the board's
// owners; anyone else gets KindNotFound.
func (s *Service) viewOrder(ctx context.Context, tenant domain.TenantID, userID, orderID string) (*billing.Order, error) {
	o, err := s.deps.Orders.ByID(ctx, tenant, orderID)
	if err != nil {
		return nil, err
	}
	ok, err := s.deps.Access.CanInCompany(ctx, tenant, o.CompanyID, app.UserSubject(userID), app.ObjCompanyBilling, app.ActManage)
	if err != nil {
		return nil, err
	}
	if !ok {
		if ok, err = s.deps.Authz.Can(ctx, tenant, app.UserSubject(userID), app.ObjRevenue, app.ActRead); err != nil {
			return nil, err
		}
	}
	if !ok {
		return nil, domain.NotFound("order")
	}
	return o, nil
}

// Order returns one order to those who may see it.
func (s *Service) Order(ctx context.Context, tenant domain.TenantID, actor app.Actor, orderID string) (*billing.Order, error) {
	return s.viewOrder(ctx, tenant, actor.UserID, orderID)
}

// CompanyOrders lists a company's orders; its owners only. Receipt links
// that the payment notices did not carry are fetched for the newest few
// paid orders.
func (s *Service) CompanyOrders(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string) ([]billing.Order, error) {
	c, err := s.deps.Companies.ByID(ctx, tenant, companyID)
	if err != nil {
		return nil, err
	}
	if err := s.requireBilling(ctx, tenant, actor.UserID, c); err != nil {
		return nil, err
	}
	orders, err := s.deps.Orders.ForCompany(ctx, tenant, companyID)
	if err != nil {
		return nil, err
	}
	// One deadline for all the lookups, so a slow gateway delays the page
	// by receiptTimeout at most, not once per order.
	lctx, cancel := context.WithTimeout(ctx, receiptTimeout)
	defer cancel()
	lookups := 0
	for i := range orders {
		if lookups == maxReceiptLookups {
			break
		}
		if orders[i].NeedsReceipt() {
			lookups++
			orders[i] = *s.withReceipt(lctx, &orders[i])
		}
	}
	return orders, nil
}

// Prices returns the board's price list; anyone may see it.
func (s *Service) Prices(ctx context.Context, tenant domain.TenantID) ([]billing.Price, error) {
	return s.deps.PriceList.List(ctx, tenant)
}

// PriceInput sets one product's price, in minor units.
type PriceInput struct {
	Product      string `json:"product" form:"product" validate:"required,max=40"`
	Currency     string `json:"currency" form:"currency" validate:"required,max=10"`
	Amount       int64  `json:"amount" form:"amount"`
	DurationDays int    `json:"duration_days" form:"duration_days"`
}

// SetPrice changes a product's price; board owners and roles that manage
// prices. Orders made
// before keep the price they were made at.
func (s *Service) SetPrice(ctx context.Context, tenant domain.TenantID, actor app.Actor, in PriceInput) (billing.Price, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjPrices, app.ActManage); err != nil {
		return billing.Price{}, err
	}
	if err := app.Validate(in); err != nil {
		return billing.Price{}, err
	}
	product, err := billing.ParseProduct(in.Product)
	if err != nil {
		return billing.Price{}, err
	}
	p, err := billing.ParsePrice(product, in.Currency, in.Amount, in.DurationDays)
	if err != nil {
		return billing.Price{}, err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		old, err := s.price(ctx, tenant, product)
		if err != nil {
			return err
		}
		if err := s.deps.PriceList.Set(ctx, tenant, p); err != nil {
			return err
		}
		return appmoderation.Record(ctx, s.deps.AuditLog, s.deps.Users, s.deps.Roles, s.deps.IDs, tenant, actor, "price.update", "price", string(product), old, p, "", s.now())
	})
	return p, err
}

// MonthRevenue is a board's paid revenue in one month and currency.
type MonthRevenue struct {
	Month    string `bun:"month"` // YYYY-MM
	Currency string `bun:"currency"`
	Amount   int64  `bun:"amount"` // minor units
	Orders   int    `bun:"orders"`
}

// Reports is the read model of the board owner's money page.
type Reports interface {
	// Revenue returns paid, unrefunded revenue per month and currency,
	// newest month first.
	Revenue(ctx context.Context, tenant domain.TenantID) ([]MonthRevenue, error)
}

// BoardMoney is the board owner's view of sales.
type BoardMoney struct {
	Orders  []billing.Order
	Revenue []MonthRevenue
	Prices  []billing.Price
}

// Board returns the board's recent orders, revenue per month and price
// list; board owners and roles that see revenue.
func (s *Service) Board(ctx context.Context, tenant domain.TenantID, actor app.Actor) (BoardMoney, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjRevenue, app.ActRead); err != nil {
		return BoardMoney{}, err
	}
	orders, err := s.deps.Orders.ForBoard(ctx, tenant, 200)
	if err != nil {
		return BoardMoney{}, err
	}
	revenue, err := s.deps.Reports.Revenue(ctx, tenant)
	if err != nil {
		return BoardMoney{}, err
	}
	prices, err := s.deps.PriceList.List(ctx, tenant)
	return BoardMoney{Orders: orders, Revenue: revenue, Prices: prices}, err
}

// paidPostings lists the job's paid, unrefunded posting orders.
func (s *Service) paidPostings(ctx context.Context, tenant domain.TenantID, jobID string) ([]billing.Order, error) {
	j, err := s.deps.Jobs.ByID(ctx, tenant, jobID)
	if err != nil {
		return nil, err
	}
	orders, err := s.deps.Orders.ForCompany(ctx, tenant, j.CompanyID())
	if err != nil {
		return nil, err
	}
	var out []billing.Order
	for _, o := range orders {
		if o.Product == billing.ProductJobPosting && o.JobID == jobID && o.Status == billing.StatusPaid {
			out = append(out, o)
		}
	}
	return out, nil
}

// RefundJobPosting refunds every paid posting of a rejected job through
// the gateway and records them, revoking nothing more (the job was never
// published). The gateway's own refund notices later find them refunded.
// It reports whether anything was refunded.
func (s *Service) RefundJobPosting(ctx context.Context, tenant domain.TenantID, jobID string) (bool, error) {
	orders, err := s.paidPostings(ctx, tenant, jobID)
	if err != nil {
		return false, err
	}
	for _, o := range orders {
		if err := s.deps.Gateway.Refund(ctx, o.PaymentIntent, "refund-"+o.ID); err != nil {
			return false, err
		}
		if err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
			return s.refund(ctx, tenant, o.ID, "the refund of a rejected posting")
		}); err != nil {
			return false, err
		}
	}
	return len(orders) > 0, nil
}
