package web

import (
	"encoding/base64"
	"html/template"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain/account"
)

// secondFactorPage asks for the code after a right password.
func (s *Server) secondFactorPage(c *fiber.Ctx) error {
	if pendingUser(c) == "" {
		return c.Redirect(withNext("/login", safeNext(c.Query("next"))), fiber.StatusSeeOther)
	}
	return s.render(c, "two_factor_login", page{Title: "Two-factor sign-in", Noindex: true, Next: safeNext(c.Query("next")), Data: ""})
}

// secondFactor checks the code and signs the person in.
func (s *Server) secondFactor(c *fiber.Ctx) error {
	next := safeNext(c.FormValue("next"))
	userID := pendingUser(c)
	if userID == "" {
		setFlash(c, "Sign in again: the page waited too long for the code.")
		return c.Redirect(withNext("/login", next), fiber.StatusSeeOther)
	}
	err := s.deps.Accounts.VerifySecondFactor(c.UserContext(), tenantOf(c), userID, c.FormValue("code"), s.clientIP(c))
	if err != nil {
		return s.formFailure(c, "two_factor_login", page{Title: "Two-factor sign-in", Noindex: true, Next: next, Data: ""}, err, "code")
	}
	me, err := s.deps.Accounts.Whoami(c.UserContext(), tenantOf(c), app.UserActor(userID))
	if err != nil {
		return err
	}
	return s.signedIn(c, userID, me.User.Name(), next, "Welcome back, "+me.User.Name()+".", true)
}

// twoFactorData is what the two-factor page shows.
type twoFactorData struct {
	// Base is where the forms post ("/me" or "/platform"); Done is where
	// the person goes after saving their recovery codes.
	Base, Done   string
	Enabled      bool
	Since        time.Time
	RecoveryLeft int
	// For enrolment: the QR code as a data: address (made here from PNG
	// bytes, so safe to put in src) and the secret.
	QR     template.URL
	Secret string
	// Codes are the recovery codes, shown once after enrolment.
	Codes []string
}

// twoFactorPage shows the state of two-factor sign-in and the way to turn
// it on or off.
func (s *Server) twoFactorPage(c *fiber.Ctx) error {
	return s.renderTwoFactor(c, s.boardSide(c), fiber.StatusOK, nil)
}

// twoFactorSide is whose second factor a two-factor page shows: a board
// user's or a platform admin's.
type twoFactorSide struct {
	base, done string
	status     func() (account.TwoFactor, error)
	start      func() (appaccount.Enrolment, error)
}

func (s *Server) boardSide(c *fiber.Ctx) twoFactorSide {
	return twoFactorSide{base: "/me", done: "/me/account",
		status: func() (account.TwoFactor, error) {
			return s.deps.Accounts.TwoFactorStatus(c.UserContext(), tenantOf(c), actorOf(c))
		},
		start: func() (appaccount.Enrolment, error) {
			return s.deps.Accounts.StartTwoFactor(c.UserContext(), tenantOf(c), actorOf(c))
		}}
}

func (s *Server) renderTwoFactor(c *fiber.Ctx, side twoFactorSide, status int, errs map[string]string) error {
	st, err := side.status()
	if err != nil {
		return err
	}
	data := twoFactorData{Base: side.base, Done: side.done, Enabled: st.Enabled(), RecoveryLeft: st.RecoveryLeft}
	if st.EnabledAt != nil {
		data.Since = *st.EnabledAt
	}
	if !st.Enabled() {
		e, err := side.start()
		if err != nil {
			return err
		}
		data.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(e.QR))
		data.Secret = e.Secret
	}
	return s.render(c.Status(status), "two_factor", page{Title: "Two-factor sign-in", Noindex: true, Errors: errs, Data: data})
}

// enableTwoFactor confirms the code of the app the secret was added to and
// shows the recovery codes, once.
func (s *Server) enableTwoFactor(c *fiber.Ctx) error {
	codes, err := s.deps.Accounts.ConfirmTwoFactor(c.UserContext(), tenantOf(c), actorOf(c), c.FormValue("password"), c.FormValue("code"), s.keep(c), s.clientIP(c))
	if err != nil {
		status, errs, ok := fixable(c, err, "code")
		if !ok {
			return err
		}
		return s.renderTwoFactor(c, s.boardSide(c), status, errs)
	}
	// This browser just gave a second factor.
	if err := s.markSecondFactor(c); err != nil {
		return err
	}
	return s.render(c, "two_factor", page{Title: "Two-factor sign-in", Noindex: true, Flash: "Two-factor sign-in is on. Every other device was signed out.",
		Data: twoFactorData{Base: "/me", Done: "/me/account", Enabled: true, Codes: codes, RecoveryLeft: len(codes), Since: s.deps.Now()}})
}

// disableTwoFactor turns two-factor sign-in off with the password and a
// code.
func (s *Server) disableTwoFactor(c *fiber.Ctx) error {
	err := s.deps.Accounts.DisableTwoFactor(c.UserContext(), tenantOf(c), actorOf(c), c.FormValue("password"), c.FormValue("code"), s.clientIP(c))
	if err != nil {
		status, errs, ok := fixable(c, err, "code")
		if !ok {
			return err
		}
		return s.renderTwoFactor(c, s.boardSide(c), status, errs)
	}
	setFlash(c, "Two-factor sign-in is off.")
	return c.Redirect("/me/two-factor", fiber.StatusSeeOther)
}

// markSecondFactor records on this browser's session that it gave a
// second factor.
func (s *Server) markSecondFactor(c *fiber.Ctx) error {
	sess, err := s.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(sessMFA, true)
	return sess.Save()
}

// staffTwoFactor keeps staff without a second factor out of staff work on
// boards that ask for one: browsers are sent to set it up, API clients
// get 403 two_factor_required.
func (s *Server) staffTwoFactor(c *fiber.Ctx) error {
	p := principalOf(c)
	if p == nil || p.Kind != "user" || boardOf(c) == nil || !boardOf(c).Settings().StaffTwoFactor {
		return c.Next()
	}
	// Tokens of accounts with a second factor are only issued with it; a
	// session's mark counts only while the account still has one.
	on, err := s.deps.Accounts.UsesTwoFactor(c.UserContext(), tenantOf(c), p.ID)
	if err != nil {
		return err
	}
	verified := on && (p.ViaAPI || p.SecondFactor)
	err = s.deps.Accounts.RequireSecondFactor(c.UserContext(), tenantOf(c), p.Actor(), verified)
	if err == appaccount.ErrTwoFactorRequired && wantsHTML(c) {
		if on {
			// On, but this session was started without it.
			setFlash(c, "This board asks its staff to sign in with two factors. Sign out, then sign in again with your code.")
		} else {
			setFlash(c, "This board asks its staff to sign in with two factors. Turn it on to carry on.")
		}
		return c.Redirect("/me/two-factor", fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	return c.Next()
}
