package web

import (
	"github.com/gofiber/fiber/v2"
	appalert "github.com/jobboard/jobboard/app/alert"
)

// apiSubscribe is POST /api/v1/alerts.
func (s *Server) apiSubscribe(c *fiber.Ctx) error {
	var in appalert.SubscribeInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if _, err := s.deps.Alerts.Subscribe(c.UserContext(), tenantOf(c), s.clientIP(c), in); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": "pending_confirmation", "message": alertSubscribeMessage})
}
