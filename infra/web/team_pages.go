package web

import (
	"github.com/gofiber/fiber/v2"
	appcompany "github.com/jobboard/jobboard/app/company"
	"github.com/jobboard/jobboard/domain/company"
)

// teamPage is GET /employer/companies/:id/team.
func (s *Server) teamPage(c *fiber.Ctx) error {
	return s.renderTeam(c, fiber.StatusOK, nil, nil, "", "")
}

func (s *Server) renderTeam(c *fiber.Ctx, status int, form, errs map[string]string, link, flash string) error {
	id := c.Params("id")
	co, role, err := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), id)
	if err != nil {
		return err
	}
	team, err := s.deps.Companies.Team(c.UserContext(), tenantOf(c), actorOf(c), id)
	if err != nil {
		return err
	}
	return s.render(c.Status(status), "company_team", page{Title: "Team of " + co.Profile().Name, Noindex: true, Form: form, Errors: errs, Flash: flash,
		Data: fiber.Map{"Company": s.companyView(co.Snapshot()), "Team": team, "Owner": role == company.RoleOwner, "Me": actorOf(c).UserID,
			"Roles": []string{string(company.RoleOwner), string(company.RoleRecruiter)}, "Link": link,
			"RoleOptions": labelled([]string{string(company.RoleOwner), string(company.RoleRecruiter)}, nil)}})
}

// invite is POST /employer/companies/:id/team/invitations.
func (s *Server) invite(c *fiber.Ctx) error {
	var in appcompany.InviteInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	inv, err := s.deps.Companies.Invite(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), in, s.acceptURL(c))
	if errs := fieldErrors(err); errs != nil {
		return s.renderTeam(c, fiber.StatusBadRequest, formValues(c, "email", "role"), errs, "", "")
	}
	if err != nil {
		return err
	}
	link := s.acceptURL(c)(inv.Token)
	flash := "Invitation sent to " + inv.Invitation.Email.String() + "."
	if !inv.Mailed {
		flash = "The invitation e-mail could not be sent; give " + inv.Invitation.Email.String() + " the link below."
	}
	// The link is shown once, on this response, so the owner can also pass
	// it on; it is not stored anywhere it could be read back.
	return s.renderTeam(c, fiber.StatusOK, nil, nil, link, flash)
}

// changeMemberRole is POST /employer/companies/:id/team/:user_id/role.
func (s *Server) changeMemberRole(c *fiber.Ctx) error {
	var in appcompany.ChangeRoleInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	if err := s.deps.Companies.ChangeRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), c.Params("user_id"), in); err != nil {
		return err
	}
	setFlash(c, "The role is changed.")
	return c.Redirect("/employer/companies/"+c.Params("id")+"/team", fiber.StatusSeeOther)
}

// removeMember is POST /employer/companies/:id/team/:user_id/remove.
func (s *Server) removeMember(c *fiber.Ctx) error {
	id, userID := c.Params("id"), c.Params("user_id")
	if err := s.deps.Companies.RemoveMember(c.UserContext(), tenantOf(c), actorOf(c), id, userID); err != nil {
		return err
	}
	if userID == actorOf(c).UserID {
		setFlash(c, "You have left the team.")
		return c.Redirect("/employer", fiber.StatusSeeOther)
	}
	setFlash(c, "The member is removed.")
	return c.Redirect("/employer/companies/"+id+"/team", fiber.StatusSeeOther)
}

// invitationPage is GET /invitations/:token: what the invitation is for,
// with a button to accept it (signing in or up first).
func (s *Server) invitationPage(c *fiber.Ctx) error {
	inv, co, err := s.deps.Companies.InvitationPreview(c.UserContext(), tenantOf(c), c.Params("token"))
	if err != nil {
		return err
	}
	return s.render(c, "invitation", page{Title: "Join " + co.Profile().Name, Noindex: true, Next: requestPath(c),
		Data: fiber.Map{"Company": s.companyView(co.Snapshot()), "Invitation": inv, "Token": c.Params("token")}})
}

// acceptInvitation is POST /invitations/:token/accept.
func (s *Server) acceptInvitation(c *fiber.Ctx) error {
	co, err := s.deps.Companies.AcceptInvitation(c.UserContext(), tenantOf(c), actorOf(c), c.Params("token"))
	if err != nil {
		return err
	}
	setFlash(c, "Welcome to the team of "+co.Profile().Name+".")
	return c.Redirect("/employer/companies/"+co.ID(), fiber.StatusSeeOther)
}
