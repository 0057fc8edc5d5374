package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain/job"
)

// salaryJSON is the contract's salary shape.
type salaryJSON struct {
	Min      int64  `json:"min"`
	Max      int64  `json:"max"`
	Currency string `json:"currency"`
	Period   string `json:"period"`
}

// jobCompanyJSON is what a job says of its company.
type jobCompanyJSON struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Slug    string  `json:"slug"`
	LogoURL *string `json:"logo_url"`
}

// jobJSON is the API shape of a job (DESIGN.md contract).
type jobJSON struct {
	ID                 string          `json:"id"`
	CompanyID          string          `json:"company_id"`
	Slug               string          `json:"slug"`
	Title              string          `json:"title"`
	Description        string          `json:"description"`
	DescriptionHTML    string          `json:"description_html"`
	EmploymentType     string          `json:"employment_type"`
	Locations          []string        `json:"locations"`
	Workplace          string          `json:"workplace"`
	ApplicantCountries []string        `json:"applicant_countries"`
	Salary             *salaryJSON     `json:"salary"`
	Category           string          `json:"category"`
	Seniority          string          `json:"seniority"`
	Tags               []string        `json:"tags"`
	ApplyURL           string          `json:"apply_url,omitempty"`
	ApplyEmail         string          `json:"apply_email,omitempty"`
	ApplyMethod        string          `json:"apply_method"`
	ApplicationURL     string          `json:"application_url,omitempty"`
	ClosingDate        *string         `json:"closing_date"`
	Status             string          `json:"status"`
	RejectionReason    string          `json:"rejection_reason,omitempty"`
	PendingEdit        bool            `json:"pending_edit,omitempty"`
	Featured           bool            `json:"featured"`
	FeaturedUntil      *time.Time      `json:"featured_until"`
	PublishedAt        *time.Time      `json:"published_at"`
	ExpiresAt          *time.Time      `json:"expires_at"`
	URL                string          `json:"url"`
	Company            *jobCompanyJSON `json:"company,omitempty"`
	Stats              *statsJSON      `json:"stats,omitempty"`
}

type statsJSON struct {
	Views             int64 `json:"views"`
	ApplyClicks       int64 `json:"apply_clicks"`
	WidgetImpressions int64 `json:"widget_impressions"`
	WidgetClicks      int64 `json:"widget_clicks"`
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// jobPath is a job's canonical public path.
func jobPath(s job.Snapshot) string { return "/jobs/" + s.ID + "/" + s.Slug }

// baseJobJSON renders what anyone may see of a job, but whether it is
// featured: that depends on the time, which the caller knows.
func baseJobJSON(c *fiber.Ctx, s job.Snapshot) jobJSON {
	p := s.Posting
	out := jobJSON{
		ID: s.ID, CompanyID: s.CompanyID, Slug: s.Slug, Title: p.Title, Description: p.Description, DescriptionHTML: s.DescriptionHTML,
		EmploymentType: p.EmploymentType, Locations: nonNil(p.Locations), Workplace: p.Workplace, ApplicantCountries: nonNil(p.ApplicantCountries),
		Category: p.Category, Seniority: p.Seniority, Tags: nonNil(p.Tags), ApplyURL: p.ApplyURL, ApplyEmail: p.ApplyEmail.String(),
		Status: string(s.Status), FeaturedUntil: s.FeaturedUntil, PublishedAt: s.PublishedAt, ExpiresAt: s.ExpiresAt,
		URL: baseURL(c) + jobPath(s), ApplyMethod: p.ApplyMethod(),
	}
	if p.ApplyOnSite {
		out.ApplicationURL = baseURL(c) + jobPath(s) + "/application"
	}
	if sal := p.Salary; sal != nil {
		out.Salary = &salaryJSON{Min: sal.Min, Max: sal.Max, Currency: sal.Currency, Period: sal.Period}
	}
	if p.ClosingDate != nil {
		d := p.ClosingDate.Format("2006-01-02")
		out.ClosingDate = &d
	}
	return out
}

// toTeamJobJSON renders a job for its company's team at now: whether it is
// featured, and what only the team sees (why it was rejected, an edit
// waiting for review).
func toTeamJobJSON(c *fiber.Ctx, s job.Snapshot, now time.Time) jobJSON {
	out := baseJobJSON(c, s)
	out.Featured = job.Rehydrate(s).Featured(now)
	out.RejectionReason, out.PendingEdit = s.RejectionReason, s.Revision != nil
	return out
}

// toListingJSON renders a job with its company.
func toListingJSON(c *fiber.Ctx, l appjob.Listing) jobJSON {
	out := baseJobJSON(c, l.Job)
	out.Featured = l.Featured
	comp := &jobCompanyJSON{ID: l.Job.CompanyID, Name: l.CompanyName, Slug: l.CompanySlug}
	if l.CompanyLogoKey != "" {
		u := baseURL(c) + "/media/companies/" + l.Job.CompanyID + "/logo.png?v=" + shortHash(l.CompanyLogoKey)
		comp.LogoURL = &u
	}
	out.Company = comp
	return out
}
