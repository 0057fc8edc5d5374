package web

import (
	"github.com/gofiber/fiber/v2"

	appaccount "github.com/jobboard/jobboard/app/account"
)

// checkEmailPage tells a person to look for the mail a sign-up sent, and
// offers a new link.
func (s *Server) checkEmailPage(c *fiber.Ctx) error {
	return s.render(c, "check_email", page{Title: "Check your inbox", Noindex: true, Form: map[string]string{"email": s.myEmail(c)}})
}

// resendVerification mails a new confirmation link; the answer is the
// same whatever the address.
func (s *Server) resendVerification(c *fiber.Ctx) error {
	var in appaccount.ForgotInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	if mine := s.myEmail(c); mine != "" {
		in.Email = mine
	}
	if err := s.deps.Accounts.ResendVerification(c.UserContext(), tenantOf(c), in, s.clientIP(c)); err != nil {
		return s.formFailure(c, "check_email", page{Title: "Check your inbox", Noindex: true}, err, "email")
	}
	setFlash(c, "If "+in.Email+" has an account here that is not confirmed yet, a new link is on its way.")
	return c.Redirect("/check-email", fiber.StatusSeeOther)
}

// myEmail is the signed-in user's address, or "".
func (s *Server) myEmail(c *fiber.Ctx) string {
	p := principalOf(c)
	if p == nil || p.Kind != "user" {
		return ""
	}
	me, err := s.deps.Accounts.Whoami(c.UserContext(), tenantOf(c), p.Actor())
	if err != nil {
		return ""
	}
	return me.User.Email().String()
}

// tokenPage is the data of the pages a one-time link opens.
type tokenPage struct {
	Token string
	// Bad is set when the link cannot be used any more.
	Bad string
	// Base is "" on a board and "/platform" on the platform site.
	Base string
}

// verifyEmailPage shows the button that confirms an address. Opening the
// link changes nothing, so mail scanners that follow links do no harm.
func (s *Server) verifyEmailPage(c *fiber.Ctx) error {
	return s.render(c, "verify_email", page{Title: "Confirm your address", Noindex: true, Next: safeNext(c.Query("next")),
		Data: tokenPage{Token: c.Query("token")}})
}

// verifyEmail confirms the address a link was mailed to.
func (s *Server) verifyEmail(c *fiber.Ctx) error {
	var in appaccount.TokenInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	next := safeNext(c.FormValue("next"))
	u, err := s.deps.Accounts.VerifyEmail(c.UserContext(), tenantOf(c), in)
	if err != nil {
		status, _, _ := classify(err)
		if status >= 500 {
			return err
		}
		return s.render(c.Status(status), "verify_email", page{Title: "Confirm your address", Noindex: true, Next: next,
			Data: tokenPage{Token: in.Token, Bad: linkProblem(err)}})
	}
	if p := principalOf(c); p != nil && p.Kind == "user" && p.ID == u.ID() {
		setFlash(c, "Thank you: "+u.Email().String()+" is confirmed.")
		if next == "" {
			next = "/me/account"
		}
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	setFlash(c, "Thank you: "+u.Email().String()+" is confirmed. Sign in to carry on.")
	return c.Redirect(withNext("/login", next), fiber.StatusSeeOther)
}

// forgotPage asks for the address to mail a reset link to.
func (s *Server) forgotPage(c *fiber.Ctx) error {
	return s.render(c, "forgot_password", page{Title: "Forgot your password?", Noindex: true, Data: tokenPage{}})
}

// forgot mails a reset link; the answer is the same whatever the address.
func (s *Server) forgot(c *fiber.Ctx) error {
	var in appaccount.ForgotInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.RequestPasswordReset(c.UserContext(), tenantOf(c), in, s.clientIP(c)); err != nil {
		return s.formFailure(c, "forgot_password", page{Title: "Forgot your password?", Noindex: true, Data: tokenPage{}}, err, "email")
	}
	setFlash(c, "If "+in.Email+" has an account here, a link to set a new password is on its way. It works for one hour.")
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// resetPage shows the new-password form of a reset link, or says the link
// is spent.
func (s *Server) resetPage(c *fiber.Ctx) error {
	token := c.Query("token")
	data := tokenPage{Token: token}
	if err := s.deps.Accounts.CheckResetLink(c.UserContext(), tenantOf(c), token); err != nil {
		status, _, _ := classify(err)
		if status >= 500 {
			return err
		}
		data.Bad = linkProblem(err)
		c.Status(status)
	}
	return s.render(c, "reset_password", page{Title: "Choose a new password", Noindex: true, Data: data})
}

// reset sets the new password and sends the person to sign in with it.
func (s *Server) reset(c *fiber.Ctx) error {
	var in appaccount.ResetInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.ResetPassword(c.UserContext(), tenantOf(c), in); err != nil {
		data := tokenPage{Token: in.Token}
		if fieldErrors(err)["token"] != "" {
			data.Bad = linkProblem(err)
		}
		return s.formFailure(c, "reset_password", page{Title: "Choose a new password", Noindex: true, Data: data}, err, "password")
	}
	// The reset ended every session of the account, this browser's too.
	if err := s.endSession(c); err != nil {
		return err
	}
	setFlash(c, "Your password is changed, and you are signed out everywhere. Sign in with the new password.")
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// linkProblem says why a one-time link cannot be used.
func linkProblem(err error) string {
	if msg := allFieldErrors(err)["token"]; msg != "" {
		return msg
	}
	_, detail, _ := classify(err)
	return detail.Message
}
