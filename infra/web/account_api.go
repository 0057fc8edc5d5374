package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// userJSON is the API shape of a user.
type userJSON struct {
	ID            string    `json:"id"`
	Email         string    `json:"email"`
	EmailVerified bool      `json:"email_verified"`
	Name          string    `json:"name"`
	CreatedAt     time.Time `json:"created_at"`
}

func toUserJSON(u *account.User) userJSON {
	return userJSON{ID: u.ID(), Email: u.Email().String(), EmailVerified: u.Verified(), Name: u.Name(), CreatedAt: u.CreatedAt()}
}

// mailSentJSON is the answer to a request that mails a link: the same
// whether or not the address has an account.
type mailSentJSON struct {
	Status  string `json:"status"`
	Email   string `json:"email"`
	Message string `json:"message"`
}

// apiSignup creates an unconfirmed user and mails the confirmation link:
// 201, with the same answer for an address that has an account already.
func (s *Server) apiSignup(c *fiber.Ctx) error {
	var in appaccount.SignupInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.Signup(c.UserContext(), tenantOf(c), in, s.clientIP(c)); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(mailSentJSON{Status: "verification_sent", Email: strings.TrimSpace(in.Email),
		Message: "follow the link mailed to the address to confirm it, then sign in"})
}

// apiForgot mails a password reset link: 202 whatever the address.
func (s *Server) apiForgot(c *fiber.Ctx) error {
	var in appaccount.ForgotInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.RequestPasswordReset(c.UserContext(), tenantOf(c), in, s.clientIP(c)); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(mailSentJSON{Status: "reset_sent", Email: strings.TrimSpace(in.Email),
		Message: "if the address has an account, a link to set a new password was mailed to it; it works for one hour"})
}

// apiReset sets a new password with a reset link's token: 204.
func (s *Server) apiReset(c *fiber.Ctx) error {
	var in appaccount.ResetInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.ResetPassword(c.UserContext(), tenantOf(c), in); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiChangePassword changes the signed-in user's password: 204; the token
// or session in use stays valid, every other one ends.
func (s *Server) apiChangePassword(c *fiber.Ctx) error {
	var in appaccount.ChangePasswordInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.ChangePassword(c.UserContext(), tenantOf(c), actorOf(c), in, s.keep(c), s.clientIP(c)); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiVerifyEmail confirms an address with a link's token: 200 with the
// user.
func (s *Server) apiVerifyEmail(c *fiber.Ctx) error {
	var in appaccount.TokenInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.deps.Accounts.VerifyEmail(c.UserContext(), tenantOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(toUserJSON(u))
}

// apiResendVerification mails a new confirmation link: 202 whatever the
// address. A signed-in user's own address is used when none is given.
func (s *Server) apiResendVerification(c *fiber.Ctx) error {
	var in appaccount.ForgotInput
	if len(c.Body()) > 0 {
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
	}
	if mine := s.myEmail(c); mine != "" && in.Email == "" {
		in.Email = mine
	}
	if err := s.deps.Accounts.ResendVerification(c.UserContext(), tenantOf(c), in, s.clientIP(c)); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(mailSentJSON{Status: "verification_sent", Email: strings.TrimSpace(in.Email),
		Message: "if the address has an unconfirmed account, a new link was mailed to it"})
}

// signedInJSON is one session or token in the API.
type signedInJSON struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"`
	Device     string    `json:"device"`
	ClientIP   string    `json:"client_ip"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	Current    bool      `json:"current"`
}

// apiSignedIn lists the caller's browser sessions and API tokens.
func (s *Server) apiSignedIn(c *fiber.Ctx) error {
	list, err := s.deps.Accounts.SignedIn(c.UserContext(), tenantOf(c), actorOf(c), s.keep(c))
	if err != nil {
		return err
	}
	items := make([]signedInJSON, len(list))
	for i, v := range toSignedInViews(list) {
		kind := "browser"
		if v.API {
			kind = "api_token"
		}
		items[i] = signedInJSON{ID: v.Handle, Kind: kind, Device: v.Device, ClientIP: v.ClientIP, CreatedAt: v.Created, LastSeenAt: v.LastSeen, Current: v.Current}
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": nil})
}

// apiEndSignedIn ends one of the caller's sessions or tokens: 204.
func (s *Server) apiEndSignedIn(c *fiber.Ctx) error {
	if err := s.deps.Accounts.EndSignedIn(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiEndOthers ends every session and token of the caller but the one in
// use: 200 with how many ended.
func (s *Server) apiEndOthers(c *fiber.Ctx) error {
	n, err := s.deps.Accounts.EndOtherSignedIn(c.UserContext(), tenantOf(c), actorOf(c), s.keep(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"ended": n})
}

// apiChangeEmail mails a confirmation link to the signed-in user's new
// address: 202; the address changes when the link is followed.
func (s *Server) apiChangeEmail(c *fiber.Ctx) error {
	var in appaccount.ChangeEmailInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Accounts.ChangeEmail(c.UserContext(), tenantOf(c), actorOf(c), in, s.clientIP(c)); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(mailSentJSON{Status: "verification_sent", Email: strings.TrimSpace(in.Email),
		Message: "the address changes when the link mailed to it is followed"})
}

// apiLogin exchanges credentials for a bearer token.
func (s *Server) apiLogin(c *fiber.Ctx) error {
	var in appaccount.LoginInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.deps.Accounts.LoginForToken(c.UserContext(), tenantOf(c), in, s.clientIP(c))
	if err != nil {
		return err
	}
	tok, err := s.deps.Accounts.IssueToken(c.UserContext(), tenantOf(c), u, s.clientOf(c))
	if err != nil {
		return err
	}
	return c.JSON(tok)
}

// apiMe returns the signed-in user and their roles on the board.
func (s *Server) apiMe(c *fiber.Ctx) error {
	p := principalOf(c)
	me, err := s.deps.Accounts.Whoami(c.UserContext(), tenantOf(c), p.Actor())
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.ErrUnauthorized
	}
	if err != nil {
		return err
	}
	roles := make([]string, len(me.Roles))
	for i, r := range me.Roles {
		roles[i] = string(r)
	}
	b := boardOf(c)
	return c.JSON(fiber.Map{
		"user":  toUserJSON(me.User),
		"roles": roles,
		"board": fiber.Map{"id": b.ID().String(), "slug": b.Slug().String(), "name": b.Name()},
	})
}

// apiLogout revokes the bearer token, or ends the session for cookie
// clients.
func (s *Server) apiLogout(c *fiber.Ctx) error {
	p := principalOf(c)
	if p.ViaAPI {
		token := bearerToken(c)
		if err := s.deps.Accounts.RevokeToken(c.UserContext(), tenantOf(c), token); err != nil {
			return err
		}
	} else if err := s.endSession(c); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
