package board

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// StaffMember is a user holding a staff role (owner or moderator).
type StaffMember struct {
	UserID string
	Name   string
	Email  string
	Role   string
}

// StaffInvitation is a one-time invitation to join a board's staff.
type StaffInvitation struct {
	ID         string
	Email      string
	Role       string
	TokenHash  string
	InvitedBy  string
	ExpiresAt  time.Time
	AcceptedAt *time.Time
	CreatedAt  time.Time
}

// StaffStore keeps staff invitations and lists staff.
type StaffStore interface {
	// Members lists the board's owners and moderators.
	Members(ctx context.Context, tenant domain.TenantID) ([]StaffMember, error)
	// CountRole counts the holders of a role.
	CountRole(ctx context.Context, tenant domain.TenantID, role string) (int, error)
	// CreateInvitation stores an invitation.
	CreateInvitation(ctx context.Context, tenant domain.TenantID, inv StaffInvitation) error
	// InvitationByHash returns an invitation of the board or KindNotFound.
	InvitationByHash(ctx context.Context, tenant domain.TenantID, hash string) (StaffInvitation, error)
	// MarkAccepted records the acceptance once; false when used already.
	MarkAccepted(ctx context.Context, tenant domain.TenantID, id string, at time.Time) (bool, error)
	// OpenInvitations lists unaccepted, unexpired invitations.
	OpenInvitations(ctx context.Context, tenant domain.TenantID, now time.Time) ([]StaffInvitation, error)
}

// StaffInvitationTTL is how long a staff invitation link works.
const StaffInvitationTTL = 7 * 24 * time.Hour

// Staff errors.
var (
	errLastOwner         = domain.Conflict("last_owner", "a board needs at least one owner; make someone else owner first")
	errStaffInvitation   = &domain.Error{Kind: domain.KindNotFound, Code: "invitation_not_found", Message: "this invitation link is not valid on this board"}
	errStaffInviteUsed   = &domain.Error{Kind: domain.KindGone, Code: "invitation_used", Message: "this invitation has already been used"}
	errStaffInviteOther  = &domain.Error{Kind: domain.KindForbidden, Code: "invitation_other_address", Message: "this invitation is for another e-mail address; sign in with the address it was sent to"}
	errStaffInviteExpire = &domain.Error{Kind: domain.KindGone, Code: "invitation_expired", Message: "this invitation has expired; ask an owner for a new one"}
)

// StaffPage is the staff page's data.
type StaffPage struct {
	Members     []StaffMember
	Invitations []StaffInvitation
}

// Staff lists the board's staff and open invitations; owners only.
func (s *Service) Staff(ctx context.Context, tenant domain.TenantID, actor app.Actor) (StaffPage, error) {
	if err := s.requireOwner(ctx, tenant, actor); err != nil {
		return StaffPage{}, err
	}
	members, err := s.deps.StaffStore.Members(ctx, tenant)
	if err != nil {
		return StaffPage{}, err
	}
	invs, err := s.deps.StaffStore.OpenInvitations(ctx, tenant, s.deps.Clock.Now())
	return StaffPage{Members: members, Invitations: invs}, err
}

func (s *Service) requireOwner(ctx context.Context, tenant domain.TenantID, actor app.Actor) error {
	return app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjStaff, app.ActManage)
}

// StaffInviteInput invites someone to the staff.
type StaffInviteInput struct {
	Email string `json:"email" form:"email" validate:"required,max=254"`
	Role  string `json:"role" form:"role" validate:"required,max=20"`
}

// InviteStaff e-mails a one-time, 7-day link to become a moderator or an
// owner; owners only. It returns the link, shown once to the inviter.
func (s *Service) InviteStaff(ctx context.Context, tenant domain.TenantID, actor app.Actor, in StaffInviteInput, acceptURL func(string) string) (string, error) {
	if err := s.requireOwner(ctx, tenant, actor); err != nil {
		return "", err
	}
	if err := app.Validate(in); err != nil {
		return "", err
	}
	email, err := domain.ParseEmail("email", in.Email)
	if err != nil {
		return "", err
	}
	if in.Role != string(account.RoleOwner) && in.Role != string(account.RoleModerator) {
		return "", domain.Invalid("role", "choose moderator or owner")
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return "", err
	}
	token := app.NewToken()
	now := s.deps.Clock.Now()
	inv := StaffInvitation{ID: s.deps.IDs.New(), Email: email.String(), Role: in.Role, TokenHash: app.HashToken(token), InvitedBy: actor.UserID,
		ExpiresAt: now.Add(StaffInvitationTTL), CreatedAt: now}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if err := s.deps.StaffStore.CreateInvitation(ctx, tenant, inv); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "staff.invite", "staff", inv.ID, nil, map[string]string{"email": inv.Email, "role": inv.Role})
	})
	if err != nil {
		return "", err
	}
	link := acceptURL(token)
	msg := app.Message{To: email.String(), FromName: b.Name(), Subject: "You're invited to help run " + b.Name(),
		Text: "You have been invited to join " + b.Name() + " as " + in.Role + ".\n\nAccept: " + link + "\n\nThe link works once and expires in 7 days.\n"}
	if err := s.deps.Mailer.Send(ctx, msg); err != nil {
		slog.WarnContext(ctx, "staff invitation e-mail not sent", "err", err)
	}
	return link, nil
}

// AcceptStaffInvitation gives the signed-in user the invited role, once.
func (s *Service) AcceptStaffInvitation(ctx context.Context, tenant domain.TenantID, actor app.Actor, token string) (string, error) {
	if len(token) < 20 || len(token) > 100 {
		return "", errStaffInvitation
	}
	var role string
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		inv, err := s.deps.StaffStore.InvitationByHash(ctx, tenant, app.HashToken(token))
		if domain.KindOf(err) == domain.KindNotFound {
			return errStaffInvitation
		}
		if err != nil {
			return err
		}
		now := s.deps.Clock.Now()
		switch {
		case inv.AcceptedAt != nil:
			return errStaffInviteUsed
		case !now.Before(inv.ExpiresAt):
			return errStaffInviteExpire
		}
		// Staff roles are powerful: only the invited address may take one,
		// not whoever the link was forwarded to.
		u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
		if err != nil {
			return err
		}
		if !strings.EqualFold(u.Email().String(), inv.Email) {
			return errStaffInviteOther
		}
		ok, err := s.deps.StaffStore.MarkAccepted(ctx, tenant, inv.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			return errStaffInviteUsed
		}
		role = inv.Role
		if err := s.deps.Roles.Grant(ctx, tenant, actor.UserID, account.Role(inv.Role)); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "staff.accept", "staff", actor.UserID, nil, map[string]string{"role": inv.Role})
	})
	if err != nil {
		return "", err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return role, nil
}

// RemoveStaff takes a staff role away; owners only. The last owner stays.
func (s *Service) RemoveStaff(ctx context.Context, tenant domain.TenantID, actor app.Actor, userID, role string) error {
	if err := s.requireOwner(ctx, tenant, actor); err != nil {
		return err
	}
	if role != string(account.RoleOwner) && role != string(account.RoleModerator) {
		return domain.Invalid("role", "choose moderator or owner")
	}
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		// Staff changes of a board lock the board, as every change of it
		// does, so two owners removing each other cannot leave none.
		if _, err := s.deps.Boards.LockByID(ctx, tenant); err != nil {
			return err
		}
		held, err := s.deps.Roles.Of(ctx, tenant, userID)
		if err != nil {
			return err
		}
		has := false
		for _, r := range held {
			has = has || string(r) == role
		}
		if !has {
			return domain.NotFound("staff member")
		}
		if role == string(account.RoleOwner) {
			n, err := s.deps.StaffStore.CountRole(ctx, tenant, role)
			if err != nil {
				return err
			}
			if n <= 1 {
				return errLastOwner
			}
		}
		if err := s.deps.Roles.Revoke(ctx, tenant, userID, account.Role(role)); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "staff.remove", "staff", userID, map[string]string{"role": role}, nil)
	})
	if err != nil {
		return err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return nil
}

func (s *Service) audit(ctx context.Context, tenant domain.TenantID, actor app.Actor, action, kind, itemID string, before, after any) error {
	return appmoderation.Record(ctx, s.deps.AuditLog, s.deps.Users, s.deps.Roles, s.deps.IDs, tenant, actor, action, kind, itemID, before, after, "", s.deps.Clock.Now())
}
