package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain"
)

// loginPage shows the board's sign-in form.
func (s *Server) loginPage(c *fiber.Ctx) error {
	if principalOf(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return s.render(c, "login", page{Title: "Sign in", Noindex: true, Next: safeNext(c.Query("next")), Data: s.loginData(c)})
}

// loginData is what a sign-in form needs: where it posts, and the board's
// provider, if it has one.
type loginData struct {
	Action string
	OpenID appaccount.OpenIDSettings
}

func (s *Server) loginData(c *fiber.Ctx) loginData {
	d := loginData{Action: "/login"}
	if boardOf(c) != nil {
		d.OpenID, _ = s.deps.Accounts.OpenIDButton(c.UserContext(), tenantOf(c))
	}
	return d
}

// login signs a board user in and starts a new session.
func (s *Server) login(c *fiber.Ctx) error {
	var in appaccount.LoginInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	next := safeNext(c.FormValue("next"))
	u, err := s.deps.Accounts.Login(c.UserContext(), tenantOf(c), in, s.clientIP(c))
	if err != nil {
		return s.formFailure(c, "login", page{Title: "Sign in", Noindex: true, Next: next, Data: s.loginData(c)}, err, "email")
	}
	return s.passwordOK(c, u.ID(), u.Name(), next)
}

// passwordOK carries on a sign-in whose first factor (a password, or the
// board's provider) checked out: to the second factor when the account
// has one, or signed in.
func (s *Server) passwordOK(c *fiber.Ctx, userID, name, next string) error {
	twoFactor, err := s.deps.Accounts.UsesTwoFactor(c.UserContext(), tenantOf(c), userID)
	if err != nil {
		return err
	}
	if twoFactor {
		// The password was right; the session signs nobody in until the
		// second factor is given.
		if err := s.startSession(c, kindPending, userID, name, false); err != nil {
			return err
		}
		return c.Redirect(withNext("/login/two-factor", next), fiber.StatusSeeOther)
	}
	return s.signedIn(c, userID, name, next, "Welcome back, "+name+".", false)
}

// withNext is path with next as its query, when there is one.
func withNext(path, next string) string {
	if next == "" {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}

// signedIn starts a fresh session for a board user and sends them on.
func (s *Server) signedIn(c *fiber.Ctx, userID, name, next, flash string, mfa bool) error {
	if err := s.startSession(c, "user", userID, name, mfa); err != nil {
		return err
	}
	if next == "" {
		next = "/"
	}
	setFlash(c, flash)
	return c.Redirect(next, fiber.StatusSeeOther)
}

// signupPage shows the board's sign-up form.
func (s *Server) signupPage(c *fiber.Ctx) error {
	if principalOf(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return s.render(c, "signup", page{Title: "Create account", Next: safeNext(c.Query("next")), Data: s.loginData(c)})
}

// signup creates an unconfirmed board user and sends the person to check
// their mail. A taken address gets the same answer: the page never tells
// whether an address has an account.
func (s *Server) signup(c *fiber.Ctx) error {
	var in appaccount.SignupInput
	if err := decodeForm(c, &in); err != nil {
		return err
	}
	in.Next = safeNext(in.Next)
	if err := s.deps.Accounts.Signup(c.UserContext(), tenantOf(c), in, s.clientIP(c)); err != nil {
		return s.formFailure(c, "signup", page{Title: "Create account", Next: in.Next, Data: s.loginData(c)}, err, "email", "name")
	}
	setFlash(c, "Almost done: we sent a link to "+strings.TrimSpace(in.Email)+". Follow it to confirm your address, then sign in.")
	return c.Redirect("/check-email", fiber.StatusSeeOther)
}

// logout destroys the session on the server and returns home.
func (s *Server) logout(c *fiber.Ctx) error {
	if err := s.endSession(c); err != nil {
		return err
	}
	setFlash(c, "You have signed out.")
	return c.Redirect("/", fiber.StatusSeeOther)
}

// fixable returns the status and per-field messages of an error a person
// can fix in a form (a message without a field is put on field), setting
// Retry-After for a limit; ok is false for errors the error handler
// answers (server errors, missing things).
func fixable(c *fiber.Ctx, err error, field string) (status int, errs map[string]string, ok bool) {
	status, detail, retry := classify(err)
	if status >= 500 || status == fiber.StatusNotFound {
		return status, nil, false
	}
	if retry > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retry))
	}
	if errs = allFieldErrors(err); errs == nil {
		errs = map[string]string{field: detail.Message}
	}
	return status, errs, true
}

// formFailure re-renders a form with its errors when err is one the person
// can fix (invalid input, bad credentials, a conflict, a rate limit), and
// hands anything else to the error handler. keep names the fields to
// re-fill; passwords are never echoed. Messages without a field are shown
// against firstField.
func (s *Server) formFailure(c *fiber.Ctx, view string, p page, err error, keep ...string) error {
	status, detail, retry := classify(err)
	if status >= 500 || status == fiber.StatusForbidden || status == fiber.StatusNotFound {
		return err
	}
	if retry > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retry))
	}
	p.Form = formValues(c, keep...)
	p.Errors = fieldErrors(err)
	if p.Errors == nil {
		p.Errors = map[string]string{keep[0]: detail.Message}
	}
	if de, ok := err.(*domain.Error); ok && de.Kind == domain.KindUnauthorized {
		status = fiber.StatusUnauthorized
	}
	return s.render(c.Status(status), view, p)
}
