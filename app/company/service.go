// Package company holds the directory use cases: registering a company,
// editing its profile and logo, review, the team and its invitations, and
// the public directory.
package company

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
)

// Directory is the read model of the public directory and the dashboard.
type Directory interface {
	// ListPublished returns published companies of the board matching f,
	// premium first then A–Z, after f.After, at most f.Limit.
	ListPublished(ctx context.Context, tenant domain.TenantID, f Filter) ([]company.Snapshot, error)
	// ForMember returns the companies a user is on the team of, A–Z.
	ForMember(ctx context.Context, tenant domain.TenantID, userID string) ([]Membership, error)
}

// Membership is a company seen from one of its team members.
type Membership struct {
	Company company.Snapshot
	Role    company.Role
}

// Deps are the ports the company use cases need.
type Deps struct {
	Companies company.Repository
	Directory Directory
	Boards    board.Repository
	Users     account.Users
	Roles     account.Roles
	Authz     app.Authorizer
	Access    app.CompanyAuthorizer
	Files     app.FileStore
	Images    app.Images
	RichText  app.RichText
	Mailer    app.Mailer
	Tx        app.TxRunner
	Clock     app.Clock
	IDs       app.IDs
}

// Service runs the company use cases.
type Service struct{ deps Deps }

// NewService returns the company service.
func NewService(d Deps) *Service { return &Service{deps: d} }

// load returns a company the actor may act on with object/action inside
// it. A company the actor cannot see at all is KindNotFound; a visible
// (published) company they may not change is KindForbidden.
func (s *Service) load(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID, object, action string) (*company.Company, error) {
	return s.loadWith(ctx, s.deps.Companies.ByID, tenant, actor, companyID, object, action)
}

// loadLocked is load for a change inside the caller's transaction: the
// company is read locked.
func (s *Service) loadLocked(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID, object, action string) (*company.Company, error) {
	return s.loadWith(ctx, s.deps.Companies.LockByID, tenant, actor, companyID, object, action)
}

func (s *Service) loadWith(ctx context.Context, read func(context.Context, domain.TenantID, string) (*company.Company, error),
	tenant domain.TenantID, actor app.Actor, companyID, object, action string) (*company.Company, error) {
	c, err := read(ctx, tenant, companyID)
	if err != nil {
		return nil, err
	}
	ok, err := s.deps.Access.CanInCompany(ctx, tenant, companyID, actor.Subject(), object, action)
	if err != nil {
		return nil, err
	}
	if ok {
		return c, nil
	}
	if member, err := s.isMember(ctx, tenant, companyID, actor.UserID); err != nil {
		return nil, err
	} else if member || c.Public() {
		return nil, domain.Forbidden("your role in this company does not allow that")
	}
	return nil, domain.NotFound("company")
}

func (s *Service) isMember(ctx context.Context, tenant domain.TenantID, companyID, userID string) (bool, error) {
	role, err := s.deps.Companies.MemberRole(ctx, tenant, companyID, userID)
	return role != "", err
}

func (s *Service) board(ctx context.Context, tenant domain.TenantID) (*board.Board, error) {
	return s.deps.Boards.ByID(ctx, tenant)
}

func (s *Service) now() time.Time { return s.deps.Clock.Now() }
