package web

import (
	"github.com/gofiber/fiber/v2"

	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain/account"
)

// platformSide is the signed-in platform admin's second factor.
func (s *Server) platformSide(c *fiber.Ctx) twoFactorSide {
	id := principalOf(c).ID
	return twoFactorSide{base: platformBase, done: platformBase + "/boards",
		status: func() (account.TwoFactor, error) { return s.deps.Accounts.AdminTwoFactorStatus(c.UserContext(), id) },
		start:  func() (appaccount.Enrolment, error) { return s.deps.Accounts.StartAdminTwoFactor(c.UserContext(), id) }}
}

// platformTwoFactorPage is GET /platform/two-factor.
func (s *Server) platformTwoFactorPage(c *fiber.Ctx) error {
	return s.renderTwoFactor(c, s.platformSide(c), fiber.StatusOK, nil)
}

// platformEnableTwoFactor is POST /platform/two-factor.
func (s *Server) platformEnableTwoFactor(c *fiber.Ctx) error {
	codes, err := s.deps.Accounts.ConfirmAdminTwoFactor(c.UserContext(), principalOf(c).ID, c.FormValue("password"), c.FormValue("code"), s.clientIP(c))
	if err != nil {
		status, errs, ok := fixable(c, err, "code")
		if !ok {
			return err
		}
		return s.renderTwoFactor(c, s.platformSide(c), status, errs)
	}
	if err := s.markSecondFactor(c); err != nil {
		return err
	}
	return s.render(c, "two_factor", page{Title: "Two-factor sign-in", Noindex: true, Flash: "Two-factor sign-in is on.",
		Data: twoFactorData{Base: platformBase, Done: platformBase + "/boards", Enabled: true, Codes: codes, RecoveryLeft: len(codes), Since: s.deps.Now()}})
}

// platformDisableTwoFactor is POST /platform/two-factor/disable.
func (s *Server) platformDisableTwoFactor(c *fiber.Ctx) error {
	err := s.deps.Accounts.DisableAdminTwoFactor(c.UserContext(), principalOf(c).ID, c.FormValue("password"), c.FormValue("code"), s.clientIP(c))
	if err != nil {
		status, errs, ok := fixable(c, err, "code")
		if !ok {
			return err
		}
		return s.renderTwoFactor(c, s.platformSide(c), status, errs)
	}
	setFlash(c, "Two-factor sign-in is off.")
	return c.Redirect(platformBase+"/two-factor", fiber.StatusSeeOther)
}

// platformSecondFactorPage asks an admin for the code after the password.
func (s *Server) platformSecondFactorPage(c *fiber.Ctx) error {
	if pendingUser(c) == "" {
		return c.Redirect(withNext(platformBase+"/login", safeNext(c.Query("next"))), fiber.StatusSeeOther)
	}
	return s.render(c, "two_factor_login", page{Title: "Two-factor sign-in", Noindex: true, Next: safeNext(c.Query("next")), Data: platformBase})
}

// platformSecondFactor checks the admin's code and signs them in.
func (s *Server) platformSecondFactor(c *fiber.Ctx) error {
	next := safeNext(c.FormValue("next"))
	adminID := pendingUser(c)
	if adminID == "" {
		setFlash(c, "Sign in again: the page waited too long for the code.")
		return c.Redirect(withNext(platformBase+"/login", next), fiber.StatusSeeOther)
	}
	if err := s.deps.Accounts.VerifyAdminSecondFactor(c.UserContext(), adminID, c.FormValue("code"), s.clientIP(c)); err != nil {
		return s.formFailure(c, "two_factor_login", page{Title: "Two-factor sign-in", Noindex: true, Next: next, Data: platformBase}, err, "code")
	}
	a, err := s.deps.Accounts.AdminByID(c.UserContext(), adminID)
	if err != nil {
		return err
	}
	return s.adminSignedIn(c, a.ID, a.Name, next, true)
}

// platformTwoFactor keeps platform admins without a second factor out of
// the console in production: they are sent to turn it on first.
func (s *Server) platformTwoFactor(c *fiber.Ctx) error {
	p := principalOf(c)
	if !s.deps.Production || p == nil || p.Kind != "admin" || p.SecondFactor {
		return c.Next()
	}
	setFlash(c, "Platform admins sign in with two factors. Turn it on (or, if it is on, sign out and in again with your code).")
	return c.Redirect(platformBase+"/two-factor", fiber.StatusSeeOther)
}
