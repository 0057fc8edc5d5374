package account

import (
	"context"

	"github.com/jobboard/jobboard/domain"
)

// Role is a board role. Permissions per role live in the authorization
// policy, not here.
type Role string

// Board roles.
const (
	RoleOwner     Role = "owner"
	RoleModerator Role = "moderator"
	RoleEmployer  Role = "employer"
	RoleCandidate Role = "candidate"
)

// BoardRoles lists the board roles from most to least powerful.
var BoardRoles = []Role{RoleOwner, RoleModerator, RoleEmployer, RoleCandidate}

// ParseRole checks a board role name.
func ParseRole(s string) (Role, error) {
	for _, r := range BoardRoles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", domain.Invalid("role", "choose owner, moderator, employer or candidate")
}

// Roles stores role assignments on boards. Writes go through the caller's
// transaction so that a user and their role are created together; every
// write bumps the policy version that authorizers poll.
type Roles interface {
	// Grant gives a user a role on a board; granting a held role is a no-op.
	// KindNotFound if the user is not on the board.
	Grant(ctx context.Context, tenant domain.TenantID, userID string, role Role) error
	// Revoke takes a role away; revoking an absent role is a no-op.
	Revoke(ctx context.Context, tenant domain.TenantID, userID string, role Role) error
	// Of lists the roles a user holds on a board.
	Of(ctx context.Context, tenant domain.TenantID, userID string) ([]Role, error)
}
