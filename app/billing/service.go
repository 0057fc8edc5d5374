// Package billing holds the purchase use cases: a board's price list,
// checkout through the payment gateway, fulfilment exactly once from
// webhooks, return pages and reconciliation, and the money pages.
package billing

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/domain/moderation"
)

// EventLog remembers processed gateway events inside a transaction.
type EventLog interface {
	// RecordEvent stores an event id and reports whether it is new.
	RecordEvent(ctx context.Context, id, typ string, at time.Time) (bool, error)
}

// Deps are the ports the billing use cases need.
type Deps struct {
	Orders    billing.Orders
	PriceList billing.Prices
	Events    EventLog
	Reports   Reports
	Companies company.Repository
	Jobs      job.Repository
	Boards    board.Repository
	Users     account.Users
	Roles     account.Roles
	AuditLog  moderation.AuditLog
	Outbox    app.Outbox
	Mailer    app.Mailer
	Gateway   app.PaymentGateway
	Authz     app.Authorizer
	Access    app.CompanyAuthorizer
	Tx        app.TxRunner
	Clock     app.Clock
	IDs       app.IDs
	// Address refuses users who have not confirmed their e-mail address.
	Address app.AddressCheck
}

// Service runs the billing use cases.
type Service struct{ deps Deps }

// NewService returns the billing service.
func NewService(d Deps) *Service { return &Service{deps: d} }

func (s *Service) now() time.Time { return s.deps.Clock.Now() }

// GatewayName says which gateway takes payments: "stripe" or "dev".
func (s *Service) GatewayName() string { return s.deps.Gateway.Name() }

// requireBilling checks that the user may buy for the company (its owners).
// Someone outside the team gets KindNotFound for a private company and
// KindForbidden for a public one.
func (s *Service) requireBilling(ctx context.Context, tenant domain.TenantID, userID string, c *company.Company) error {
	ok, err := s.deps.Access.CanInCompany(ctx, tenant, c.ID(), app.UserSubject(userID), app.ObjCompanyBilling, app.ActManage)
	if err != nil || ok {
		return err
	}
	role, err := s.deps.Companies.MemberRole(ctx, tenant, c.ID(), userID)
	if err != nil {
		return err
	}
	if role != "" || c.Public() {
		return domain.Forbidden("only the company's owners can buy for it")
	}
	return domain.NotFound("company")
}
