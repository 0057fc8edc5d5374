// Package job holds the posting use cases (create, edit, submit, review,
// close, renew, feature), the public board's queries and the scheduler's
// expiry run.
package job

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// Deps are the ports the job use cases need.
type Deps struct {
	Jobs      job.Repository
	Search    Search
	Counter   Counter
	Companies company.Repository
	Boards    board.Repository
	Prices    billing.Prices
	Authz     app.Authorizer
	Access    app.CompanyAuthorizer
	RichText  app.RichText
	Tx        app.TxRunner
	Clock     app.Clock
	IDs       app.IDs
	// Address refuses users who have not confirmed their e-mail address.
	Address app.AddressCheck
}

// Service runs the job use cases.
type Service struct {
	deps Deps
	// rotation advances the featured widget's starting point on every
	// render, so that featured jobs beyond the slots take turns.
	rotation atomic.Uint64
}

// NewService returns the job service.
func NewService(d Deps) *Service { return &Service{deps: d} }

func (s *Service) now() time.Time { return s.deps.Clock.Now() }

func (s *Service) settings(ctx context.Context, tenant domain.TenantID) (board.Settings, error) {
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return board.Settings{}, err
	}
	return b.Settings(), nil
}

// duration is the board's posting period.
func duration(st board.Settings) time.Duration {
	days := st.PostingDurationDays
	if days <= 0 {
		days = 30
	}
	return time.Duration(days) * 24 * time.Hour
}

// requireTeam checks that the actor may manage the company's jobs. A
// company the actor is not on the team of is KindNotFound unless it is
// public, then KindForbidden.
func (s *Service) requireTeam(ctx context.Context, tenant domain.TenantID, actor app.Actor, c *company.Company) error {
	ok, err := s.deps.Access.CanInCompany(ctx, tenant, c.ID(), actor.Subject(), app.ObjCompanyJobs, app.ActManage)
	if err != nil {
		return err
	}
	if ok {
		return nil
	}
	role, err := s.deps.Companies.MemberRole(ctx, tenant, c.ID(), actor.UserID)
	if err != nil {
		return err
	}
	if role != "" || c.Public() {
		return domain.Forbidden("you may not manage this company's jobs")
	}
	return domain.NotFound("company")
}

// loadForTeam returns a job and its company for a team member who may
// manage the company's jobs; jobs of other companies are KindNotFound.
// With lock, the job is read locked for a change in the caller's
// transaction.
func (s *Service) loadForTeam(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string, lock bool) (*job.Job, *company.Company, error) {
	read := s.deps.Jobs.ByID
	if lock {
		read = s.deps.Jobs.LockByID
	}
	j, err := read(ctx, tenant, jobID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.deps.Companies.ByID(ctx, tenant, j.CompanyID())
	if err != nil {
		return nil, nil, err
	}
	if err := s.requireTeam(ctx, tenant, actor, c); err != nil {
		if domain.KindOf(err) == domain.KindNotFound || !j.Public(s.now()) {
			return nil, nil, domain.NotFound("job")
		}
		return nil, nil, err
	}
	return j, c, nil
}

// errPaymentRequired sends employers to checkout when postings cost money.
var errPaymentRequired = domain.Conflict("payment_required", "this board charges for job postings: buy a posting to publish the job")

// requireFreePosting refuses to publish for free when the board charges
// for postings; paid postings are published by the billing fulfilment.
func (s *Service) requireFreePosting(ctx context.Context, tenant domain.TenantID) error {
	prices, err := s.deps.Prices.List(ctx, tenant)
	if err != nil {
		return err
	}
	for _, p := range prices {
		if p.Product == billing.ProductJobPosting && !p.Free() {
			return errPaymentRequired
		}
	}
	return nil
}
