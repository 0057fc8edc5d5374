package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain"
)

// accountData is what the account page shows.
type accountData struct {
	Name     string
	Email    string
	Verified bool
}

// accountPage shows the signed-in user's address and the forms that change
// their password and address.
func (s *Server) accountPage(c *fiber.Ctx) error {
	return s.renderAccount(c, fiber.StatusOK, nil, nil)
}

// renderAccount renders the account page with a form's errors, if any.
func (s *Server) renderAccount(c *fiber.Ctx, status int, form, errs map[string]string) error {
	me, err := s.deps.Accounts.Whoami(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	data := accountData{Name: me.User.Name(), Email: me.User.Email().String(), Verified: me.User.Verified()}
	return s.render(c.Status(status), "account", page{Title: "Your account", Noindex: true, Form: form, Errors: errs, Data: data})
}

// accountFailure shows the account page again with what went wrong in a
// form, or hands other errors on.
func (s *Server) accountFailure(c *fiber.Ctx, err error, keep ...string) error {
	status, detail, _ := classify(err)
	if status >= 500 || status == fiber.StatusNotFound {
		return err
	}
	errs := allFieldErrors(err)
	if errs == nil {
		errs = map[string]string{keep[0]: detail.Message}
	}
	return s.renderAccount(c, status, formValues(c, keep...), errs)
}

// changePassword is POST /me/account/password: this browser stays signed
// in, every other session and token ends.
func (s *Server) changePassword(c *fiber.Ctx) error {
	var in appaccount.ChangePasswordInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.ChangePassword(c.UserContext(), tenantOf(c), actorOf(c), in, s.keep(c), s.clientIP(c)); err != nil {
		// The form names the new password new_password: password is the
		// address form's.
		if msg := allFieldErrors(err)["password"]; msg != "" {
			fields := map[string]string{"new_password": msg}
			if cur := allFieldErrors(err)["current_password"]; cur != "" {
				fields["current_password"] = cur
			}
			err = domain.InvalidFields(fields)
		}
		return s.accountFailure(c, err, "current_password")
	}
	setFlash(c, "Your password is changed. Every other device was signed out.")
	return c.Redirect("/me/account", fiber.StatusSeeOther)
}

// changeEmail is POST /me/account/email: the new address takes effect
// once its link is followed.
func (s *Server) changeEmail(c *fiber.Ctx) error {
	var in appaccount.ChangeEmailInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.ChangeEmail(c.UserContext(), tenantOf(c), actorOf(c), in, s.clientIP(c)); err != nil {
		return s.accountFailure(c, err, "email")
	}
	setFlash(c, "We sent a link to "+in.Email+". Your address changes when you follow it.")
	return c.Redirect("/me/account", fiber.StatusSeeOther)
}

// keep names the session or API token this request comes with, which a
// password change leaves signed in.
func (s *Server) keep(c *fiber.Ctx) appaccount.Keep {
	if p := principalOf(c); p != nil && p.ViaAPI {
		return appaccount.Keep{TokenHash: app.HashToken(bearerToken(c))}
	}
	if id := c.Cookies(sessionCookie); validSessionID(id) {
		return appaccount.Keep{SessionID: id}
	}
	return appaccount.Keep{}
}
