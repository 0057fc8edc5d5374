package company

import (
	"context"
	"log/slog"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/company"
)

// Team is a company's members and open invitations.
type Team struct {
	Members     []company.Member
	Invitations []company.Invitation
}

// Team returns the team page's data; any member may look, owners manage.
func (s *Service) Team(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string) (Team, error) {
	if _, err := s.load(ctx, tenant, actor, companyID, app.ObjCompanyDashboard, app.ActRead); err != nil {
		return Team{}, err
	}
	members, err := s.deps.Companies.Members(ctx, tenant, companyID)
	if err != nil {
		return Team{}, err
	}
	invs, err := s.deps.Companies.PendingInvitations(ctx, tenant, companyID, s.now())
	return Team{Members: members, Invitations: invs}, err
}

// InviteInput asks someone by e-mail to join a company's team.
type InviteInput struct {
	Email string `json:"email" form:"email" validate:"required,max=254"`
	Role  string `json:"role" form:"role" validate:"required,max=20"`
}

// Invited is a new invitation with its one-time link token, which is shown
// once and e-mailed; only its hash is stored.
type Invited struct {
	Invitation company.Invitation
	Token      string
	// Mailed is false when the e-mail could not be sent; the owner can
	// pass the link on themselves.
	Mailed bool
}

// Invite creates a 7-day, single-use invitation and e-mails its link;
// company owners only. acceptURL turns the token into the link.
func (s *Service) Invite(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string, in InviteInput, acceptURL func(token string) string) (Invited, error) {
	if err := app.Validate(in); err != nil {
		return Invited{}, err
	}
	c, err := s.load(ctx, tenant, actor, companyID, app.ObjCompanyTeam, app.ActManage)
	if err != nil {
		return Invited{}, err
	}
	fields := map[string]string{}
	email, err := domain.ParseEmail("email", in.Email)
	domain.CollectFields(fields, err)
	role, err := company.ParseRole(in.Role)
	domain.CollectFields(fields, err)
	if len(fields) > 0 {
		return Invited{}, domain.InvalidFields(fields)
	}
	b, err := s.board(ctx, tenant)
	if err != nil {
		return Invited{}, err
	}
	token := app.NewToken()
	now := s.now()
	inv := company.Invitation{ID: s.deps.IDs.New(), CompanyID: companyID, Email: email, Role: role, TokenHash: hashToken(token),
		InvitedBy: actor.UserID, ExpiresAt: now.Add(company.InvitationTTL), CreatedAt: now}
	if err := s.deps.Companies.CreateInvitation(ctx, tenant, &inv); err != nil {
		return Invited{}, err
	}
	name := c.Profile().Name
	msg := app.Message{
		To:       email.String(),
		FromName: b.Name(),
		Subject:  "You're invited to join " + name + " on " + b.Name(),
		Text: "You have been invited to join " + name + "'s team on " + b.Name() + " as " + string(role) + ".\n\n" +
			"Accept the invitation: " + acceptURL(token) + "\n\n" +
			"The link works once and expires in 7 days. If you did not expect this, ignore this e-mail.\n",
	}
	out := Invited{Invitation: inv, Token: token, Mailed: true}
	if err := s.deps.Mailer.Send(ctx, msg); err != nil {
		// The invitation stands and its link is shown to the owner, so a
		// mail outage loses nothing.
		slog.WarnContext(ctx, "invitation e-mail not sent", "tenant", tenant, "company", companyID, "err", err)
		out.Mailed = false
	}
	return out, nil
}

// InvitationPreview says which company and role an invitation is for,
// without accepting it, so the page can ask the person to confirm.
func (s *Service) InvitationPreview(ctx context.Context, tenant domain.TenantID, token string) (company.Invitation, *company.Company, error) {
	if len(token) < 20 || len(token) > 100 {
		return company.Invitation{}, nil, company.ErrInvitationUnknown
	}
	inv, err := s.deps.Companies.InvitationByTokenHash(ctx, tenant, hashToken(token))
	if err != nil {
		return company.Invitation{}, nil, err
	}
	if inv.AcceptedAt != nil {
		return company.Invitation{}, nil, company.ErrInvitationUsed
	}
	if !s.now().Before(inv.ExpiresAt) {
		return company.Invitation{}, nil, company.ErrInvitationExpired
	}
	c, err := s.deps.Companies.ByID(ctx, tenant, inv.CompanyID)
	return *inv, c, err
}

// AcceptInvitation puts the signed-in user on the team with the invited
// role, once. The token must belong to this board; expired, used or
// foreign tokens are refused with their own message.
func (s *Service) AcceptInvitation(ctx context.Context, tenant domain.TenantID, actor app.Actor, token string) (*company.Company, error) {
	if len(token) < 20 || len(token) > 100 {
		return nil, company.ErrInvitationUnknown
	}
	var c *company.Company
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		inv, err := s.deps.Companies.InvitationByTokenHash(ctx, tenant, hashToken(token))
		if err != nil {
			return err
		}
		if err := inv.Accept(s.now()); err != nil {
			return err
		}
		if err := s.deps.Companies.MarkInvitationAccepted(ctx, tenant, inv.ID, *inv.AcceptedAt); err != nil {
			return err
		}
		// The company is locked as for every team change, so that this
		// membership and a concurrent role change apply one after the other.
		if c, err = s.deps.Companies.LockByID(ctx, tenant, inv.CompanyID); err != nil {
			return err
		}
		current, err := s.deps.Companies.MemberRole(ctx, tenant, inv.CompanyID, actor.UserID)
		if err != nil {
			return err
		}
		// Accepting never demotes an existing owner.
		if current != company.RoleOwner {
			if err := s.deps.Companies.AddMember(ctx, tenant, inv.CompanyID, actor.UserID, inv.Role, s.now()); err != nil {
				return err
			}
		}
		return s.deps.Roles.Grant(ctx, tenant, actor.UserID, account.RoleEmployer)
	})
	if err != nil {
		return nil, err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return c, nil
}

// ChangeRoleInput sets a member's team role.
type ChangeRoleInput struct {
	Role string `json:"role" form:"role" validate:"required,max=20"`
}

// ChangeRole sets a member's role; owners only; the last owner stays.
func (s *Service) ChangeRole(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID, userID string, in ChangeRoleInput) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	role, err := company.ParseRole(in.Role)
	if err != nil {
		return err
	}
	return s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if _, err := s.loadLocked(ctx, tenant, actor, companyID, app.ObjCompanyTeam, app.ActManage); err != nil {
			return err
		}
		members, err := s.deps.Companies.Members(ctx, tenant, companyID)
		if err != nil {
			return err
		}
		if err := company.CheckRoleChange(members, userID, role); err != nil {
			return err
		}
		return s.deps.Companies.AddMember(ctx, tenant, companyID, userID, role, s.now())
	})
}

// RemoveMember takes someone off the team: owners may remove anyone, and
// any member may remove themselves (leave); the last owner stays.
func (s *Service) RemoveMember(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID, userID string) error {
	return s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		object := app.ObjCompanyTeam
		action := app.ActManage
		if userID == actor.UserID {
			object, action = app.ObjCompanyDashboard, app.ActRead
		}
		if _, err := s.loadLocked(ctx, tenant, actor, companyID, object, action); err != nil {
			return err
		}
		members, err := s.deps.Companies.Members(ctx, tenant, companyID)
		if err != nil {
			return err
		}
		if err := company.CheckRemoval(members, userID); err != nil {
			return err
		}
		return s.deps.Companies.RemoveMember(ctx, tenant, companyID, userID)
	})
}

// hashToken hashes an invitation token as it was typed or pasted.
func hashToken(token string) string { return app.HashToken(strings.TrimSpace(token)) }
