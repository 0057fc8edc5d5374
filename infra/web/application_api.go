package web

import (
	"github.com/gofiber/fiber/v2"
)

// apiSavedJobs is GET /api/v1/me/saved-jobs.
func (s *Server) apiSavedJobs(c *fiber.Ctx) error {
	saved, err := s.deps.Applications.SavedJobs(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": toSavedJSON(c, saved), "next_cursor": ""})
}

// apiSaveJob is PUT /api/v1/me/saved-jobs/:job_id.
func (s *Server) apiSaveJob(c *fiber.Ctx) error {
	if err := s.deps.Applications.SaveJob(c.UserContext(), tenantOf(c), actorOf(c), c.Params("job_id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiUnsaveJob is DELETE /api/v1/me/saved-jobs/:job_id.
func (s *Server) apiUnsaveJob(c *fiber.Ctx) error {
	if err := s.deps.Applications.UnsaveJob(c.UserContext(), tenantOf(c), actorOf(c), c.Params("job_id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiApply is POST /api/v1/jobs/:id/applications (multipart: name, email,
// cover_letter, cv).
func (s *Server) apiApply(c *fiber.Ctx) error {
	in, cv, err := applicationForm(c)
	if err != nil {
		return err
	}
	a, err := s.deps.Applications.Apply(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), in, cv, s.clientIP(c), baseURL(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toApplicationJSON(c, a.Snapshot()))
}

// apiJobApplications is GET /api/v1/jobs/:id/applications, for the
// company's team.
func (s *Server) apiJobApplications(c *fiber.Ctx) error {
	ja, err := s.deps.Applications.JobApplicants(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	items := make([]applicationJSON, len(ja.Applications))
	for i, a := range ja.Applications {
		items[i] = toApplicationJSON(c, a)
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": ""})
}

// apiApplication is GET /api/v1/applications/:id: the company's team sees
// the application with its pipeline moves, the applicant their own.
func (s *Server) apiApplication(c *fiber.Ctx) error {
	a, err := s.deps.Applications.Applicant(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err == nil {
		return c.JSON(toApplicationJSON(c, a.Application))
	}
	mine, merr := s.deps.Applications.MyApplication(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if merr != nil {
		return err
	}
	out := toApplicationJSON(c, mine)
	out.NextStatus = nil
	return c.JSON(out)
}

// apiMoveApplication is PATCH /api/v1/applications/:id {status}.
func (s *Server) apiMoveApplication(c *fiber.Ctx) error {
	var in struct {
		Status string `json:"status"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.deps.Applications.Move(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), in.Status, baseURL(c))
	if err != nil {
		return err
	}
	return c.JSON(toApplicationJSON(c, a.Snapshot()))
}

// apiMyApplications is GET /api/v1/me/applications.
func (s *Server) apiMyApplications(c *fiber.Ctx) error {
	apps, err := s.deps.Applications.MyApplications(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	items := make([]applicationJSON, len(apps))
	for i, a := range apps {
		items[i] = toMyApplicationJSON(c, a)
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": ""})
}

// apiDeleteAccount is DELETE /api/v1/me {password}.
func (s *Server) apiDeleteAccount(c *fiber.Ctx) error {
	var in struct {
		Password string `json:"password"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Applications.DeleteAccount(c.UserContext(), tenantOf(c), actorOf(c), in.Password, s.clientIP(c)); err != nil {
		return err
	}
	if err := s.endSession(c); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
