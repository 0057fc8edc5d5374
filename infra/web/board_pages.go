package web

import (
	"fmt"
	"regexp"

	"github.com/gofiber/fiber/v2"
)

// home is "/" on both kinds of host: the board's front page, or the
// platform's list of boards on the bare base domain.
func (s *Server) home(c *fiber.Ctx) error {
	if boardOf(c) == nil {
		return s.platformHome(c)
	}
	return s.boardHome(c)
}

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// theme serves the board's colours as CSS, so that pages need no inline
// styles under the content security policy.
func (s *Server) theme(c *fiber.Ctx) error {
	color := boardOf(c).Settings().PrimaryColor
	if !hexColor.MatchString(color) {
		color = "#1d4ed8"
	}
	c.Set(fiber.HeaderContentType, "text/css; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.SendString(fmt.Sprintf(":root { --brand: %s; }\n", color))
}
