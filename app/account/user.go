package account

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Me is the signed-in user with their roles on the board.
type Me struct {
	User  *account.User
	Roles []account.Role
}

// Whoami returns the acting user of the board with their roles;
// KindNotFound if the actor is not a user of the board.
func (s *Service) Whoami(ctx context.Context, tenant domain.TenantID, actor app.Actor) (Me, error) {
	if actor.UserID == "" {
		return Me{}, domain.NotFound("user")
	}
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return Me{}, err
	}
	roles, err := s.deps.Roles.Of(ctx, tenant, actor.UserID)
	if err != nil {
		return Me{}, err
	}
	return Me{User: u, Roles: roles}, nil
}
