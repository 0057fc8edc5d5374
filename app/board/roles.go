package board

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// RoleInput is a custom role: its name and permissions.
type RoleInput struct {
	Name        string   `json:"name" validate:"max=200"`
	Permissions []string `json:"permissions" validate:"max=20,dive,max=40"`
}

// RoleMemberInput names the user to give a role to.
type RoleMemberInput struct {
	Email string `json:"email" validate:"required,max=254"`
}

// roleView is a role as the audit log records it.
type roleView struct {
	Name        string               `json:"name"`
	Permissions []account.Permission `json:"permissions"`
}

// Roles lists the board's custom roles with who holds them; staff who
// manage staff only.
func (s *Service) Roles(ctx context.Context, tenant domain.TenantID, actor app.Actor) ([]account.CustomRole, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjStaff, app.ActRead); err != nil {
		return nil, err
	}
	return s.deps.CustomRoles.List(ctx, tenant)
}

// SaveRole creates a role (id "") or changes one; staff who manage staff,
// and only with permissions they hold themselves, so that nobody gives
// more than they have. The change is audited and in force at once.
func (s *Service) SaveRole(ctx context.Context, tenant domain.TenantID, actor app.Actor, id string, in RoleInput) (account.CustomRole, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjStaff, app.ActManage); err != nil {
		return account.CustomRole{}, err
	}
	if err := app.Validate(in); err != nil {
		return account.CustomRole{}, err
	}
	name, perms, err := account.ParseCustomRole(in.Name, in.Permissions)
	if err != nil {
		return account.CustomRole{}, err
	}
	if err := s.requireHeld(ctx, tenant, actor, perms); err != nil {
		return account.CustomRole{}, err
	}
	now := s.deps.Clock.Now()
	r := account.CustomRole{ID: id, Name: name, Permissions: perms, CreatedAt: now, UpdatedAt: now}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		var before any
		action := "role.create"
		if id == "" {
			r.ID = s.deps.IDs.New()
		} else {
			cur, err := s.deps.CustomRoles.LockByID(ctx, tenant, id)
			if err != nil {
				return err
			}
			r.CreatedAt, action, before = cur.CreatedAt, "role.update", roleView{cur.Name, cur.Permissions}
		}
		if err := s.deps.CustomRoles.Save(ctx, tenant, r); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, action, "role", r.ID, before, roleView{r.Name, r.Permissions})
	})
	if err != nil {
		return account.CustomRole{}, err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return r, nil
}

// DeleteRole removes a role from everyone who holds it; audited.
func (s *Service) DeleteRole(ctx context.Context, tenant domain.TenantID, actor app.Actor, id string) error {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjStaff, app.ActManage); err != nil {
		return err
	}
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		cur, err := s.deps.CustomRoles.LockByID(ctx, tenant, id)
		if err != nil {
			return err
		}
		if err := s.deps.CustomRoles.Delete(ctx, tenant, id); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "role.delete", "role", id, roleView{cur.Name, cur.Permissions}, nil)
	})
	if err != nil {
		return err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return nil
}

// GrantRole gives a role to the board user with the address; audited. A
// role with permissions the actor lacks cannot be given by them.
func (s *Service) GrantRole(ctx context.Context, tenant domain.TenantID, actor app.Actor, id string, in RoleMemberInput) error {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjStaff, app.ActManage); err != nil {
		return err
	}
	if err := app.Validate(in); err != nil {
		return err
	}
	email, err := domain.ParseEmail("email", in.Email)
	if err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		r, err := s.deps.CustomRoles.LockByID(ctx, tenant, id)
		if err != nil {
			return err
		}
		if err := s.requireHeld(ctx, tenant, actor, r.Permissions); err != nil {
			return err
		}
		u, err := s.deps.Users.ByEmail(ctx, tenant, email)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.Invalid("email", "nobody has an account with this address on the board; ask them to sign up first")
		}
		if err != nil {
			return err
		}
		if err := s.deps.CustomRoles.Grant(ctx, tenant, id, u.ID(), s.deps.Clock.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "role.grant", "role", id, nil, map[string]string{"role": r.Name, "user": u.Email().String()})
	})
	if err != nil {
		return err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return nil
}

// RevokeRole takes a role from a user; audited.
func (s *Service) RevokeRole(ctx context.Context, tenant domain.TenantID, actor app.Actor, id, userID string) error {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjStaff, app.ActManage); err != nil {
		return err
	}
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		r, err := s.deps.CustomRoles.LockByID(ctx, tenant, id)
		if err != nil {
			return err
		}
		if err := s.deps.CustomRoles.Revoke(ctx, tenant, id, userID); err != nil {
			return err
		}
		return s.audit(ctx, tenant, actor, "role.revoke", "role", id, map[string]string{"role": r.Name, "user_id": userID}, nil)
	})
	if err != nil {
		return err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return nil
}

// errNotYours refuses to give permissions the giver does not hold.
var errNotYours = &domain.Error{Kind: domain.KindForbidden, Code: "permission_not_held",
	Message: "you can only give permissions you hold yourself", Fields: map[string]string{"permissions": "you can only give permissions you hold yourself"}}

// requireHeld refuses perms the actor does not hold on the board.
func (s *Service) requireHeld(ctx context.Context, tenant domain.TenantID, actor app.Actor, perms []account.Permission) error {
	for _, p := range perms {
		for _, rule := range app.PermissionRules[p] {
			ok, err := s.deps.Authz.Can(ctx, tenant, actor.Subject(), rule.Object, rule.Action)
			if err != nil {
				return err
			}
			if !ok {
				return errNotYours
			}
		}
	}
	return nil
}
