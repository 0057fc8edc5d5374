package web

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/app"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
)

// facetJSON is one facet value in API responses.
type facetJSON struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
	// AtLeast: the count is a lower bound (a search with very many
	// matches is counted over a thousand of them).
	AtLeast bool `json:"at_least,omitempty"`
}

func facetsJSON(f appjob.Facets) map[string][]facetJSON {
	conv := func(in []appjob.FacetValue) []facetJSON {
		out := make([]facetJSON, len(in))
		for i, v := range in {
			out[i] = facetJSON{Value: v.Value, Label: v.Label, Count: v.Count, AtLeast: v.AtLeast}
		}
		return out
	}
	return map[string][]facetJSON{
		"category": conv(f.Category), "location": conv(f.Location), "workplace": conv(f.Workplace),
		"employment_type": conv(f.EmploymentType), "company": conv(f.Company),
	}
}

// searchInput reads the search query string; a malformed number is 400.
func searchInput(c *fiber.Ctx) (appjob.SearchInput, error) {
	var in appjob.SearchInput
	if err := c.QueryParser(&in); err != nil {
		return in, domain.Invalid("min_salary", "use whole numbers for min_salary and limit")
	}
	return in, nil
}

// apiJobs searches the board's open jobs: {items, next_cursor, facets}.
func (s *Server) apiJobs(c *fiber.Ctx) error {
	in, err := searchInput(c)
	if err != nil {
		return err
	}
	page, err := s.deps.Jobs.Find(c.UserContext(), tenantOf(c), in, c.Query("facets") != "false")
	if err != nil {
		return err
	}
	items := make([]jobJSON, len(page.Items))
	for i, l := range page.Items {
		items[i] = toListingJSON(c, l)
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": page.NextCursor, "facets": facetsJSON(page.Facets)})
}

// apiFeaturedJobs is the widget's data: the featured jobs now in rotation.
func (s *Server) apiFeaturedJobs(c *fiber.Ctx) error {
	items, err := s.deps.Jobs.FeaturedSlots(c.UserContext(), tenantOf(c), boardOf(c).Settings().FeaturedSlots)
	if err != nil {
		return err
	}
	out := make([]jobJSON, len(items))
	for i, l := range items {
		out[i] = toListingJSON(c, l)
	}
	return c.JSON(fiber.Map{"items": out, "next_cursor": ""})
}

// apiJob returns an open job to anyone, or any job to its company's team.
func (s *Server) apiJob(c *fiber.Ctx) error {
	if p := principalOf(c); p != nil && p.Kind == "user" {
		j, _, err := s.deps.Jobs.Manage(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
		if err == nil {
			return c.JSON(toTeamJobJSON(c, j.Snapshot(), s.deps.Now()))
		}
		if k := domain.KindOf(err); k != domain.KindNotFound && k != domain.KindForbidden {
			return err
		}
	}
	l, err := s.deps.Jobs.PublicJob(c.UserContext(), tenantOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toListingJSON(c, l))
}

// apiCompanyJobs lists a company's jobs: every status with counters for
// its team, open jobs for everyone else.
func (s *Server) apiCompanyJobs(c *fiber.Ctx) error {
	id := c.Params("id")
	if p := principalOf(c); p != nil && p.Kind == "user" {
		jobs, err := s.deps.Jobs.ForCompany(c.UserContext(), tenantOf(c), actorOf(c), id)
		if err == nil {
			items := make([]jobJSON, len(jobs))
			for i, j := range jobs {
				items[i] = toTeamJobJSON(c, j.Job, s.deps.Now())
				st := j.Stats
				items[i].Stats = &statsJSON{Views: st.Views, ApplyClicks: st.ApplyClicks, WidgetImpressions: st.WidgetImpressions, WidgetClicks: st.WidgetClicks}
			}
			return c.JSON(fiber.Map{"items": items, "next_cursor": ""})
		}
		if k := domain.KindOf(err); k != domain.KindNotFound && k != domain.KindForbidden {
			return err
		}
	}
	if _, err := s.deps.Companies.PublicByID(c.UserContext(), tenantOf(c), id); err != nil {
		return err
	}
	open, err := s.deps.Jobs.CompanyOpenJobs(c.UserContext(), tenantOf(c), id, 100)
	if err != nil {
		return err
	}
	items := make([]jobJSON, len(open))
	for i, l := range open {
		items[i] = toListingJSON(c, l)
	}
	return c.JSON(fiber.Map{"items": items, "next_cursor": ""})
}

// apiCreateJob adds a draft job to a company.
func (s *Server) apiCreateJob(c *fiber.Ctx) error {
	var in appjob.PostingInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	j, err := s.deps.Jobs.Create(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	c.Location("/api/v1/jobs/" + j.ID())
	return c.Status(fiber.StatusCreated).JSON(toTeamJobJSON(c, j.Snapshot(), s.deps.Now()))
}

// apiUpdateJob changes the fields of a job's posting that the body sends;
// the job service merges them into the current posting inside its
// transaction. The body is decoded here first only so that a malformed body
// or a value of the wrong type is refused naming the field.
func (s *Server) apiUpdateJob(c *fiber.Ctx) error {
	var probe appjob.PostingInput
	if err := decodeJSON(c, &probe); err != nil {
		return err
	}
	j, err := s.deps.Jobs.Patch(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), c.Body())
	if err != nil {
		return err
	}
	return c.JSON(toTeamJobJSON(c, j.Snapshot(), s.deps.Now()))
}

// teamTransition is a lifecycle call by the company's team.
type teamTransition func(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) (*job.Job, error)

// apiJobTransition runs a team lifecycle call (submit, close, renew).
func (s *Server) apiJobTransition(pick func(*appjob.Service) teamTransition) fiber.Handler {
	return func(c *fiber.Ctx) error {
		j, err := pick(s.deps.Jobs)(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
		if err != nil {
			return err
		}
		return c.JSON(toTeamJobJSON(c, j.Snapshot(), s.deps.Now()))
	}
}

// apiFeatureJob features a job until a time, or stops; board owners only.
func (s *Server) apiFeatureJob(c *fiber.Ctx) error {
	// until is read as text first so that a malformed time is refused
	// naming the field, which time.Time's own decoder cannot do.
	var raw struct {
		Until *string `json:"until"`
	}
	if err := decodeJSON(c, &raw); err != nil {
		return err
	}
	var in appjob.FeatureInput
	if raw.Until != nil && strings.TrimSpace(*raw.Until) != "" {
		until, err := time.Parse(time.RFC3339, strings.TrimSpace(*raw.Until))
		if err != nil {
			return domain.Invalid("until", "give a date and time like 2030-01-31T18:00:00Z, or null to stop featuring")
		}
		in.Until = &until
	}
	j, err := s.deps.Jobs.Feature(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(toTeamJobJSON(c, j.Snapshot(), s.deps.Now()))
}
