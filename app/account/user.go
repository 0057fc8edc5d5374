package account

import (
	"context"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Me is the signed-in user with their roles on the board.
type Me struct {
	User  *account.User
	Roles []account.Role
}

// Whoami returns a user of the board with their roles; KindNotFound if the
// user is not on the board.
func (s *Service) Whoami(ctx context.Context, tenant domain.TenantID, userID string) (Me, error) {
	u, err := s.deps.Users.ByID(ctx, tenant, userID)
	if err != nil {
		return Me{}, err
	}
	roles, err := s.deps.Roles.Of(ctx, tenant, userID)
	if err != nil {
		return Me{}, err
	}
	return Me{User: u, Roles: roles}, nil
}
