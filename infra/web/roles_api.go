package web

import (
	"github.com/gofiber/fiber/v2"

	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain/account"
)

// roleJSON is a custom role in the API.
type roleJSON struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Permissions []string     `json:"permissions"`
	Members     []memberJSON `json:"members"`
}

type memberJSON struct {
	UserID string `json:"user_id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
}

func toRoleJSON(r account.CustomRole) roleJSON {
	out := roleJSON{ID: r.ID, Name: r.Name, Permissions: make([]string, len(r.Permissions)), Members: make([]memberJSON, len(r.Members))}
	for i, p := range r.Permissions {
		out.Permissions[i] = string(p)
	}
	for i, m := range r.Members {
		out.Members[i] = memberJSON{UserID: m.UserID, Email: m.Email.String(), Name: m.Name}
	}
	return out
}

// apiRoles lists the board's custom roles.
func (s *Server) apiRoles(c *fiber.Ctx) error {
	roles, err := s.deps.Boards.Roles(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	items := make([]roleJSON, len(roles))
	for i, r := range roles {
		items[i] = toRoleJSON(r)
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": nil})
}

// apiSaveRole creates (POST, 201) or replaces (PUT) a role.
func (s *Server) apiSaveRole(c *fiber.Ctx) error {
	var in appboard.RoleInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := s.deps.Boards.SaveRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if c.Params("id") == "" {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(toRoleJSON(r))
}

// apiDeleteRole deletes a role: 204.
func (s *Server) apiDeleteRole(c *fiber.Ctx) error {
	if err := s.deps.Boards.DeleteRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiGrantRole gives a role to the board user with the address: 204.
func (s *Server) apiGrantRole(c *fiber.Ctx) error {
	var in appboard.RoleMemberInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Boards.GrantRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), in); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiRevokeRole takes a role from a user: 204.
func (s *Server) apiRevokeRole(c *fiber.Ctx) error {
	if err := s.deps.Boards.RevokeRole(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), c.Params("user_id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiResetTwoFactor turns off a board user's lost second factor: 204.
func (s *Server) apiResetTwoFactor(c *fiber.Ctx) error {
	var in appboard.ResetTwoFactorInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Boards.ResetTwoFactor(c.UserContext(), tenantOf(c), actorOf(c), in); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
