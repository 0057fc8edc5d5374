package web

import (
	"github.com/gofiber/fiber/v2"

	appboard "github.com/jobboard/jobboard/app/board"
)

// apiSettings returns the board's configuration (owners).
func (s *Server) apiSettings(c *fiber.Ctx) error {
	b, err := s.deps.Boards.Settings(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(appboard.SettingsOf(b))
}

// apiUpdateSettings replaces the board's configuration (owners).
func (s *Server) apiUpdateSettings(c *fiber.Ctx) error {
	b, err := s.deps.Boards.Settings(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	in := appboard.SettingsOf(b)
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	b, err = s.deps.Boards.UpdateSettings(c.UserContext(), tenantOf(c), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(appboard.SettingsOf(b))
}
