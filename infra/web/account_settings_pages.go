package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// accountData is what the account page shows.
type accountData struct {
	Name      string
	Email     string
	Verified  bool
	TwoFactor bool
	SignedIn  []signedInView
}

// signedInView is one session or token on the account page.
type signedInView struct {
	Handle   string
	Device   string
	API      bool
	ClientIP string
	Created  time.Time
	LastSeen time.Time
	Current  bool
}

func toSignedInViews(list []account.SignedIn) []signedInView {
	out := make([]signedInView, len(list))
	for i, s := range list {
		device := deviceOf(s.UserAgent)
		if s.API {
			device = "API token (" + device + ")"
		}
		out[i] = signedInView{Handle: s.Handle, Device: device, API: s.API, ClientIP: s.ClientIP, Created: s.CreatedAt, LastSeen: s.LastSeen, Current: s.Current}
	}
	return out
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
	signedIn, err := s.deps.Accounts.SignedIn(c.UserContext(), tenantOf(c), actorOf(c), s.keep(c))
	if err != nil {
		return err
	}
	twoFactor, err := s.deps.Accounts.UsesTwoFactor(c.UserContext(), tenantOf(c), me.User.ID())
	if err != nil {
		return err
	}
	data := accountData{Name: me.User.Name(), Email: me.User.Email().String(), Verified: me.User.Verified(), TwoFactor: twoFactor, SignedIn: toSignedInViews(signedIn)}
	return s.render(c.Status(status), "account", page{Title: "Your account", Noindex: true, Form: form, Errors: errs, Data: data})
}

// accountFailure shows the account page again with what went wrong in a
// form, or hands other errors on.
func (s *Server) accountFailure(c *fiber.Ctx, err error, keep ...string) error {
	status, errs, ok := fixable(c, err, keep[0])
	if !ok {
		return err
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

// endSession is POST /me/sessions/:handle/end: signs out one other device
// (or this one).
func (s *Server) endSignedIn(c *fiber.Ctx) error {
	if err := s.deps.Accounts.EndSignedIn(c.UserContext(), tenantOf(c), actorOf(c), c.Params("handle")); err != nil {
		return err
	}
	setFlash(c, "That device is signed out.")
	return c.Redirect("/me/account#signed-in", fiber.StatusSeeOther)
}

// endOthers is POST /me/sessions/end-others.
func (s *Server) endOthers(c *fiber.Ctx) error {
	n, err := s.deps.Accounts.EndOtherSignedIn(c.UserContext(), tenantOf(c), actorOf(c), s.keep(c))
	if err != nil {
		return err
	}
	msg := "You are signed out everywhere else."
	if n == 0 {
		msg = "You were not signed in anywhere else."
	}
	setFlash(c, msg)
	return c.Redirect("/me/account#signed-in", fiber.StatusSeeOther)
}

// clientOf is where the request comes from.
func (s *Server) clientOf(c *fiber.Ctx) appaccount.Client {
	return appaccount.Client{IP: s.clientIP(c), UserAgent: c.Get(fiber.HeaderUserAgent)}
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
