package company

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
)

// Approve publishes a pending profile; board moderators and owners only.
func (s *Service) Approve(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string) (*company.Company, error) {
	return s.review(ctx, tenant, actor, companyID, func(c *company.Company) error { return c.Approve(s.now()) })
}

// Reject returns a pending profile to its team with a reason shown to
// them; board moderators and owners only.
func (s *Service) Reject(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID, reason string) (*company.Company, error) {
	return s.review(ctx, tenant, actor, companyID, func(c *company.Company) error { return c.Reject(reason, s.now()) })
}

func (s *Service) review(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string, fn func(*company.Company) error) (*company.Company, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjModerationCompanies, app.ActReview); err != nil {
		return nil, err
	}
	var c *company.Company
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.deps.Companies.LockByID(ctx, tenant, companyID); err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
		return s.deps.Companies.Update(ctx, tenant, c)
	})
	return c, err
}
