package authz

import (
	"context"
	"fmt"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

var _ app.CompanyAuthorizer = (*Authorizer)(nil)

// CanInCompany reports whether subject may act on object inside a company
// of the board. Board-wide permissions count first (a platform admin may do
// anything); otherwise the user's team role in the company is read from the
// database and checked against the company_<role> rows of the policy. Team
// roles are not cached, so a change applies at once on every instance.
func (a *Authorizer) CanInCompany(ctx context.Context, tenant domain.TenantID, companyID string, subject app.Subject, object, action string) (bool, error) {
	if ok, err := a.Can(ctx, tenant, subject, object, action); ok || err != nil {
		return ok, err
	}
	userID, isUser := strings.CutPrefix(string(subject), "user:")
	if !isUser || userID == "" || companyID == "" {
		return false, nil
	}
	role, err := a.db.CompanyRole(ctx, tenant, companyID, userID)
	if err != nil {
		return false, err
	}
	if role == "" {
		return false, nil
	}
	ok, err := a.enforcer.Enforce("company_"+role, tenant.String(), object, action)
	if err != nil {
		return false, fmt.Errorf("authz: decide company_%s %s %s: %w", role, action, object, err)
	}
	return ok, nil
}
