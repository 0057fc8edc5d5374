package web

import (
	"github.com/gofiber/fiber/v2"

	appaccount "github.com/jobboard/jobboard/app/account"
)

// platformBase is where the platform site's account pages live.
const platformBase = "/platform"

// platformForgotPage asks a platform admin for their address.
func (s *Server) platformForgotPage(c *fiber.Ctx) error {
	return s.render(c, "forgot_password", page{Title: "Forgot your platform password?", Noindex: true, Data: tokenPage{Base: platformBase}})
}

// platformForgot mails a reset link; the answer is the same whatever the
// address.
func (s *Server) platformForgot(c *fiber.Ctx) error {
	var in appaccount.ForgotInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.RequestAdminReset(c.UserContext(), in, s.clientIP(c)); err != nil {
		return s.formFailure(c, "forgot_password", page{Title: "Forgot your platform password?", Noindex: true, Data: tokenPage{Base: platformBase}}, err, "email")
	}
	setFlash(c, "If "+in.Email+" belongs to a platform admin, a link to set a new password is on its way. It works for one hour.")
	return c.Redirect(platformBase+"/login", fiber.StatusSeeOther)
}

// platformResetPage shows the new-password form of an admin's link.
func (s *Server) platformResetPage(c *fiber.Ctx) error {
	return s.render(c, "reset_password", page{Title: "Choose a new password", Noindex: true, Data: tokenPage{Token: c.Query("token"), Base: platformBase}})
}

// platformReset sets the admin's new password and sends them to sign in.
func (s *Server) platformReset(c *fiber.Ctx) error {
	var in appaccount.ResetInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.ResetAdminPassword(c.UserContext(), in); err != nil {
		data := tokenPage{Token: in.Token, Base: platformBase}
		if fieldErrors(err)["token"] != "" {
			data.Bad = linkProblem(err)
		}
		return s.formFailure(c, "reset_password", page{Title: "Choose a new password", Noindex: true, Data: data}, err, "password")
	}
	if err := s.endSession(c); err != nil {
		return err
	}
	setFlash(c, "Your password is changed, and you are signed out everywhere. Sign in with the new password.")
	return c.Redirect(platformBase+"/login", fiber.StatusSeeOther)
}
