package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/domain/company"
)

// companyJSON is the API shape of a company (DESIGN.md contract).
type companyJSON struct {
	ID              string            `json:"id"`
	Slug            string            `json:"slug"`
	Name            string            `json:"name"`
	Website         string            `json:"website"`
	Sector          string            `json:"sector"`
	Location        string            `json:"location"`
	Size            string            `json:"size"`
	FoundedYear     *int              `json:"founded_year"`
	ContactEmail    string            `json:"contact_email"`
	Social          map[string]string `json:"social"`
	Description     string            `json:"description"`
	DescriptionHTML string            `json:"description_html"`
	LogoURL         *string           `json:"logo_url"`
	Status          string            `json:"status"`
	RejectionReason string            `json:"rejection_reason,omitempty"`
	PendingEdit     bool              `json:"pending_edit,omitempty"`
	PremiumUntil    *time.Time        `json:"premium_until"`
	URL             string            `json:"url"`
}

// toCompanyJSON renders a company; team-only fields are left out unless
// forTeam.
func toCompanyJSON(c *fiber.Ctx, s company.Snapshot, forTeam bool) companyJSON {
	out := companyJSON{
		ID: s.ID, Slug: s.Profile.Slug.String(), Name: s.Profile.Name, Website: s.Profile.Website, Sector: s.Profile.Sector,
		Location: s.Profile.Location, Size: s.Profile.Size, ContactEmail: s.Profile.ContactEmail.String(), Social: s.Profile.Social,
		Description: s.Profile.Description, DescriptionHTML: s.DescriptionHTML, Status: string(s.Status), PremiumUntil: s.PremiumUntil,
		URL: baseURL(c) + "/companies/" + s.Profile.Slug.String(),
	}
	if s.Profile.FoundedYear != 0 {
		y := s.Profile.FoundedYear
		out.FoundedYear = &y
	}
	if out.Social == nil {
		out.Social = map[string]string{}
	}
	if s.LogoKey != "" {
		u := baseURL(c) + logoPath(s)
		out.LogoURL = &u
	}
	if forTeam {
		out.RejectionReason, out.PendingEdit = s.RejectionReason, s.Revision != nil
	}
	return out
}

// logoPath is the public address of a company's logo; the key in the query
// changes with every upload so that caches can keep it for long.
func logoPath(s company.Snapshot) string {
	if s.LogoKey == "" {
		return ""
	}
	return "/media/companies/" + s.ID + "/logo.png?v=" + shortHash(s.LogoKey)
}

// baseURL is the scheme and host the request came to; the scheme is the
// one forwardedScheme settled on.
func baseURL(c *fiber.Ctx) string {
	return requestScheme(c) + "://" + string(c.Request().Host())
}

func requestScheme(c *fiber.Ctx) string {
	if v, ok := c.Locals(localScheme).(string); ok && v != "" {
		return v
	}
	return "http"
}
