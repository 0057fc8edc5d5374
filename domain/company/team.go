package company

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// Role is a member's role in a company team.
type Role string

// Team roles. Owners manage everything; recruiters manage jobs only.
const (
	RoleOwner     Role = "owner"
	RoleRecruiter Role = "recruiter"
)

// ParseRole checks a team role.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case RoleOwner, RoleRecruiter:
		return Role(s), nil
	}
	return "", domain.Invalid("role", "choose owner or recruiter")
}

// Member is a user on a company's team.
type Member struct {
	UserID   string
	Name     string
	Email    domain.Email
	Role     Role
	JoinedAt time.Time
}

// ErrLastOwner refuses to leave a company without an owner.
var ErrLastOwner = domain.Conflict("last_owner", "a company needs at least one owner; make someone else owner first")

// CheckRoleChange refuses a change that would leave the team without an
// owner. members is the current team.
func CheckRoleChange(members []Member, userID string, newRole Role) error {
	owners, target := 0, -1
	for i, m := range members {
		if m.Role == RoleOwner {
			owners++
		}
		if m.UserID == userID {
			target = i
		}
	}
	if target < 0 {
		return domain.NotFound("team member")
	}
	if members[target].Role == RoleOwner && newRole != RoleOwner && owners <= 1 {
		return ErrLastOwner
	}
	return nil
}

// CheckRemoval refuses to remove the last owner.
func CheckRemoval(members []Member, userID string) error {
	return CheckRoleChange(members, userID, "")
}

// Invitation is a one-time link to join a company's team. Only the hash of
// its token is stored.
type Invitation struct {
	ID         string
	CompanyID  string
	Email      domain.Email
	Role       Role
	TokenHash  string
	InvitedBy  string
	ExpiresAt  time.Time
	AcceptedAt *time.Time
	CreatedAt  time.Time
}

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation errors: each says plainly why the link does not work.
var (
	ErrInvitationUsed    = &domain.Error{Kind: domain.KindGone, Code: "invitation_used", Message: "this invitation has already been used; ask the company's owner for a new one"}
	ErrInvitationExpired = &domain.Error{Kind: domain.KindGone, Code: "invitation_expired", Message: "this invitation has expired; ask the company's owner for a new one"}
	ErrInvitationUnknown = &domain.Error{Kind: domain.KindNotFound, Code: "invitation_not_found", Message: "this invitation link is not valid on this board"}
)

// Accept marks the invitation used, or says why it cannot be.
func (inv *Invitation) Accept(now time.Time) error {
	switch {
	case inv.AcceptedAt != nil:
		return ErrInvitationUsed
	case !now.Before(inv.ExpiresAt):
		return ErrInvitationExpired
	}
	t := now
	inv.AcceptedAt = &t
	return nil
}

// Repository stores companies, their slugs, teams and invitations. Every
// method is scoped by the tenant; another board's row is KindNotFound.
type Repository interface {
	// Create inserts a company, its slug and its first owner; a taken slug
	// is KindConflict (code slug_taken).
	Create(ctx context.Context, tenant domain.TenantID, c *Company, ownerID string) error
	// Update saves a company read with LockByID in the same transaction; a
	// changed slug keeps the old one as a redirect; a slug taken by another
	// company is KindConflict; a company not read locked is KindInternal.
	Update(ctx context.Context, tenant domain.TenantID, c *Company) error
	// ByID returns a company or KindNotFound, for reading only.
	ByID(ctx context.Context, tenant domain.TenantID, id string) (*Company, error)
	// LockByID returns a company for a change inside the caller's
	// transaction: its row stays locked until the transaction ends.
	// KindNotFound if it is missing.
	LockByID(ctx context.Context, tenant domain.TenantID, id string) (*Company, error)
	// BySlug returns the company with that current or former slug, and
	// whether the slug is the current one; KindNotFound otherwise.
	BySlug(ctx context.Context, tenant domain.TenantID, slug string) (*Company, bool, error)
	// SlugTaken reports whether any company of the board holds or held slug.
	SlugTaken(ctx context.Context, tenant domain.TenantID, slug string) (bool, error)

	// Members lists a company's team, owners first.
	Members(ctx context.Context, tenant domain.TenantID, companyID string) ([]Member, error)
	// MemberRole returns a user's role in a company, or "" when not a member.
	MemberRole(ctx context.Context, tenant domain.TenantID, companyID, userID string) (Role, error)
	// AddMember adds or updates a member; KindNotFound if the user or company is missing.
	AddMember(ctx context.Context, tenant domain.TenantID, companyID, userID string, role Role, now time.Time) error
	// RemoveMember removes a member; KindNotFound if not a member.
	RemoveMember(ctx context.Context, tenant domain.TenantID, companyID, userID string) error

	// CreateInvitation stores an invitation.
	CreateInvitation(ctx context.Context, tenant domain.TenantID, inv *Invitation) error
	// InvitationByTokenHash returns an invitation of the board or KindNotFound.
	InvitationByTokenHash(ctx context.Context, tenant domain.TenantID, hash string) (*Invitation, error)
	// MarkInvitationAccepted records the acceptance once; a second call is
	// ErrInvitationUsed.
	MarkInvitationAccepted(ctx context.Context, tenant domain.TenantID, id string, at time.Time) error
	// PendingInvitations lists a company's unaccepted, unexpired invitations.
	PendingInvitations(ctx context.Context, tenant domain.TenantID, companyID string, now time.Time) ([]Invitation, error)
}
