package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// userJSON is the API shape of a user.
type userJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

func toUserJSON(u *account.User) userJSON {
	return userJSON{ID: u.ID(), Email: u.Email().String(), Name: u.Name(), CreatedAt: u.CreatedAt()}
}

// apiSignup creates a user: 201 with the user.
func (s *Server) apiSignup(c *fiber.Ctx) error {
	var in appaccount.SignupInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.deps.Accounts.Signup(c.UserContext(), tenantOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toUserJSON(u))
}

// apiLogin exchanges credentials for a bearer token.
func (s *Server) apiLogin(c *fiber.Ctx) error {
	var in appaccount.LoginInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.deps.Accounts.Login(c.UserContext(), tenantOf(c), in, s.clientIP(c))
	if err != nil {
		return err
	}
	tok, err := s.deps.Accounts.IssueToken(c.UserContext(), tenantOf(c), u)
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
