package web

import (
	"github.com/gofiber/fiber/v2"

	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain/account"
)

// permissionLabels says what each permission of a custom role allows.
var permissionLabels = map[account.Permission]string{
	account.PermReviewJobs:      "Review jobs",
	account.PermReviewCompanies: "Review company profiles",
	account.PermHandleReports:   "Handle reports",
	account.PermManagePrices:    "Change prices",
	account.PermSeeRevenue:      "See orders and revenue",
	account.PermManageStaff:     "Manage staff and roles",
	account.PermEditSettings:    "Edit settings",
	account.PermSeeAudit:        "See the audit log",
}

// permissionOption is one checkbox of the role form.
type permissionOption struct {
	Value, Label string
}

// rolesData is what the roles page shows.
type rolesData struct {
	Roles       []account.CustomRole
	Permissions []permissionOption
	Labels      map[account.Permission]string
}

// adminRoles is GET /admin/roles.
func (s *Server) adminRoles(c *fiber.Ctx) error {
	return s.renderRoles(c, fiber.StatusOK, nil, nil)
}

func (s *Server) renderRoles(c *fiber.Ctx, status int, form, errs map[string]string) error {
	roles, err := s.deps.Boards.Roles(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	opts := make([]permissionOption, len(account.Permissions))
	for i, p := range account.Permissions {
		opts[i] = permissionOption{Value: string(p), Label: permissionLabels[p]}
	}
	return s.render(c.Status(status), "admin_roles", page{Title: "Roles", Noindex: true, Form: form, Errors: errs,
		Data: rolesData{Roles: roles, Permissions: opts, Labels: permissionLabels}})
}

// rolesFailure shows the roles page again with a form's problem.
func (s *Server) rolesFailure(c *fiber.Ctx, err error, field string) error {
	status, errs, ok := fixable(c, err, field)
	if !ok {
		return err
	}
	return s.renderRoles(c, status, formValues(c, "name", "email"), errs)
}

// roleForm reads the role form: a name and the ticked permissions.
func roleForm(c *fiber.Ctx) appboard.RoleInput {
	in := appboard.RoleInput{Name: c.FormValue("name")}
	for _, p := range account.Permissions {
		if c.FormValue("perm_"+string(p)) != "" {
			in.Permissions = append(in.Permissions, string(p))
		}
	}
	return in
}

// saveRole is POST /admin/roles (new) and POST /admin/roles/:id (change).
func (s *Server) saveRole(c *fiber.Ctx) error {
	if _, err := s.deps.Boards.SaveRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), roleForm(c)); err != nil {
		return s.rolesFailure(c, err, "name")
	}
	setFlash(c, "The role is saved; it is in force now.")
	return c.Redirect("/admin/roles", fiber.StatusSeeOther)
}

// deleteRole is POST /admin/roles/:id/delete.
func (s *Server) deleteRole(c *fiber.Ctx) error {
	if err := s.deps.Boards.DeleteRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id")); err != nil {
		return s.rolesFailure(c, err, "name")
	}
	setFlash(c, "The role is deleted; nobody holds it any more.")
	return c.Redirect("/admin/roles", fiber.StatusSeeOther)
}

// grantRole is POST /admin/roles/:id/members.
func (s *Server) grantRole(c *fiber.Ctx) error {
	if err := s.deps.Boards.GrantRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), appboard.RoleMemberInput{Email: c.FormValue("email")}); err != nil {
		return s.rolesFailure(c, err, "email")
	}
	setFlash(c, "The role is given.")
	return c.Redirect("/admin/roles", fiber.StatusSeeOther)
}

// revokeRole is POST /admin/roles/:id/members/:user_id/remove.
func (s *Server) revokeRole(c *fiber.Ctx) error {
	if err := s.deps.Boards.RevokeRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), c.Params("user_id")); err != nil {
		return s.rolesFailure(c, err, "email")
	}
	setFlash(c, "The role is taken away.")
	return c.Redirect("/admin/roles", fiber.StatusSeeOther)
}

// resetTwoFactor is POST /admin/staff/two-factor-reset: staff who manage
// staff turn off a user's lost second factor.
func (s *Server) resetTwoFactor(c *fiber.Ctx) error {
	in := appboard.ResetTwoFactorInput{Email: c.FormValue("email")}
	if err := s.deps.Boards.ResetTwoFactor(c.UserContext(), tenantOf(c), actorOf(c), in); err != nil {
		status, errs, ok := fixable(c, err, "reset_email")
		if !ok || status == fiber.StatusForbidden {
			return err
		}
		if msg, found := errs["email"]; found {
			errs = map[string]string{"reset_email": msg}
		}
		return s.renderStaff(c, status, map[string]string{"reset_email": in.Email}, errs, "", "")
	}
	setFlash(c, "Two-factor sign-in is off for "+in.Email+"; they were told by mail.")
	return c.Redirect("/admin/staff", fiber.StatusSeeOther)
}
