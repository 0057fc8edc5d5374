package web

import (
	"encoding/json"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain/job"
)

// jobView is a job as the templates show it.
type jobView struct {
	appjob.Listing
	URL         string
	LogoURL     string
	Description template.HTML
	Salary      string
	Posted      string
	Workplace   string
	Type        string
}

var workplaceLabel = map[string]string{"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"}

var typeLabel = map[string]string{"FULL_TIME": "Full-time", "PART_TIME": "Part-time", "CONTRACTOR": "Contract", "TEMPORARY": "Temporary",
	"INTERN": "Internship", "VOLUNTEER": "Volunteer", "PER_DIEM": "Per diem", "OTHER": "Other"}

var periodLabel = map[string]string{"HOUR": "per hour", "DAY": "per day", "WEEK": "per week", "MONTH": "per month", "YEAR": "per year"}

// labelFacets names workplace and employment type values for people; the
// other facets carry their own labels.
func labelFacets(f appjob.Facets) appjob.Facets {
	out := f
	relabel := func(in []appjob.FacetValue, names map[string]string) []appjob.FacetValue {
		vs := make([]appjob.FacetValue, len(in))
		for i, v := range in {
			if name, ok := names[v.Value]; ok {
				v.Label = name
			}
			vs[i] = v
		}
		return vs
	}
	out.Workplace, out.EmploymentType = relabel(f.Workplace, workplaceLabel), relabel(f.EmploymentType, typeLabel)
	return out
}

// salaryText formats a salary range for people: "EUR 60,000–80,000 per year".
func salaryText(s *job.Salary) string {
	if s == nil {
		return ""
	}
	r := s.Currency + " " + thousands(s.Min)
	if s.Max != s.Min {
		r += "–" + thousands(s.Max)
	}
	return r + " " + periodLabel[s.Period]
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (s *Server) jobView(l appjob.Listing) jobView {
	v := jobView{Listing: l, URL: jobPath(l.Job), Salary: salaryText(l.Job.Posting.Salary),
		Workplace: workplaceLabel[l.Job.Posting.Workplace], Type: typeLabel[l.Job.Posting.EmploymentType],
		// Sanitised by the rich-text renderer when it was saved.
		Description: template.HTML(l.Job.DescriptionHTML)}
	if l.CompanyLogoKey != "" {
		v.LogoURL = "/media/companies/" + l.Job.CompanyID + "/logo.png?v=" + shortHash(l.CompanyLogoKey)
	}
	if p := l.Job.PublishedAt; p != nil {
		v.Posted = ago(s.deps.Now(), *p)
	}
	return v
}

// ago says how long ago t was, coarsely.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Hour:
		return "just now"
	case d < 24*time.Hour:
		return "today"
	case d < 48*time.Hour:
		return "yesterday"
	case d < 30*24*time.Hour:
		return strconv.Itoa(int(d.Hours()/24)) + " days ago"
	}
	return t.Format("2 Jan 2006")
}

func (s *Server) jobViews(items []appjob.Listing) []jobView {
	out := make([]jobView, len(items))
	for i, l := range items {
		out[i] = s.jobView(l)
	}
	return out
}

// boardHome is a board's front page: featured jobs, latest jobs and
// companies in the spotlight.
func (s *Server) boardHome(c *fiber.Ctx) error {
	ctx, tenant := c.UserContext(), tenantOf(c)
	featured, err := s.deps.Jobs.FeaturedSlots(ctx, tenant, boardOf(c).Settings().FeaturedSlots)
	if err != nil {
		return err
	}
	latest, err := s.deps.Jobs.Latest(ctx, tenant, 10)
	if err != nil {
		return err
	}
	spot, err := s.deps.Companies.Browse(ctx, tenant, companiesFirstPage)
	if err != nil {
		return err
	}
	companies := make([]companyView, 0, 6)
	for _, co := range spot.Items {
		if len(companies) == 6 {
			break
		}
		companies = append(companies, s.companyView(co))
	}
	return s.render(c, "board_home", page{Description: "Jobs and employers on " + boardOf(c).Name(),
		Data: fiber.Map{"Featured": s.jobViews(featured), "Latest": s.jobViews(latest), "Companies": companies,
			"Categories": boardOf(c).Settings().Categories}})
}

// jobsPage is GET /jobs: search with filters and facet counts.
func (s *Server) jobsPage(c *fiber.Ctx) error {
	in, err := searchInput(c)
	if err != nil {
		in = appjob.SearchInput{Query: c.Query("q")}
	}
	in.Limit, in.Brief = 0, true
	res, err := s.deps.Jobs.Find(c.UserContext(), tenantOf(c), in, true)
	if fieldErrors(err) != nil {
		// A stale cursor or a bad filter value: show the first page of a
		// plain search rather than an error.
		in = appjob.SearchInput{Query: in.Query, Brief: true}
		res, err = s.deps.Jobs.Find(c.UserContext(), tenantOf(c), in, true)
	}
	if err != nil {
		return err
	}
	form := map[string]string{"q": in.Query, "category": in.Category, "location": in.Location, "workplace": in.Workplace,
		"employment_type": in.EmploymentType, "company": in.Company}
	if in.MinSalary > 0 {
		form["min_salary"] = strconv.FormatInt(in.MinSalary, 10)
	}
	next := ""
	if res.NextCursor != "" {
		q := url.Values{"cursor": {res.NextCursor}}
		for k, v := range form {
			if v != "" {
				q.Set(k, v)
			}
		}
		next = "/jobs?" + q.Encode()
	}
	title := "Jobs"
	if in.Query != "" {
		title = "Jobs matching “" + in.Query + "”"
	}
	return s.render(c, "jobs", page{Title: title, Description: "Open jobs on " + boardOf(c).Name(), Form: form,
		Data: fiber.Map{"Items": s.jobViews(res.Items), "Facets": labelFacets(res.Facets), "Next": next, "Filtered": in.Filtered(),
			"Paged": in.Cursor != "", "Types": typeOptions(), "Workplaces": workplaceOptions(), "Categories": boardOf(c).Settings().Categories,
			"Feed": "/feed.xml" + categoryQuery(in.Category), "AlertSearch": alertSearchFields(form), "Frequencies": frequencyOptions()}})
}

func categoryQuery(cat string) string {
	if cat == "" {
		return ""
	}
	return "?category=" + url.QueryEscape(cat)
}

// option is a value with its label, for selects and radios.
type option struct{ Value, Label string }

func typeOptions() []option { return labelled(job.EmploymentTypes, typeLabel) }

func workplaceOptions() []option { return labelled(job.Workplaces, workplaceLabel) }

// jobRedirect sends /jobs/{id} to the job's canonical address.
func (s *Server) jobRedirect(c *fiber.Ctx) error {
	l, err := s.deps.Jobs.PublicJob(c.UserContext(), tenantOf(c), c.Params("id"))
	if err != nil && err != appjob.ErrJobGone {
		return err
	}
	return c.Redirect(jobPath(l.Job), fiber.StatusMovedPermanently)
}

// jobPage is GET /jobs/{id}/{slug}: the job, its company, the apply
// button, similar jobs and JobPosting structured data. An expired or
// closed job answers 410 with a noindex page of similar open jobs.
func (s *Server) jobPage(c *fiber.Ctx) error {
	ctx, tenant := c.UserContext(), tenantOf(c)
	l, err := s.deps.Jobs.PublicJob(ctx, tenant, c.Params("id"))
	gone := err == appjob.ErrJobGone
	if err != nil && !gone {
		return err
	}
	if c.Params("slug") != l.Job.Slug {
		return c.Redirect(jobPath(l.Job), fiber.StatusMovedPermanently)
	}
	similar, err := s.deps.Jobs.Similar(ctx, tenant, l.Job, 5)
	if err != nil {
		return err
	}
	v := s.jobView(l)
	if gone {
		return s.render(c.Status(fiber.StatusGone), "job_gone", page{Title: l.Job.Posting.Title + " (closed)", Noindex: true,
			Data: fiber.Map{"Job": v, "Similar": s.jobViews(similar)}})
	}
	s.count(c, tenant, l.Job.ID, appjob.CountView)
	saved := false
	if p := principalOf(c); p != nil && p.Kind == "user" {
		if saved, err = s.deps.Applications.IsSaved(ctx, tenant, actorOf(c), l.Job.ID); err != nil {
			return err
		}
	}
	return s.render(c, "job", page{Title: l.Job.Posting.Title + " at " + l.CompanyName, Description: excerpt(l.Job.DescriptionHTML, 160),
		Data: fiber.Map{"Job": v, "Similar": s.jobViews(similar), "JSONLD": template.JS(jobPostingLD(c, l)), "Countries": countriesText(l.Job.Posting.ApplicantCountries),
			"Saved": saved}})
}

// countriesText is the applicant countries of a remote job as shown on its
// page.
func countriesText(countries []string) string {
	if len(countries) == 1 && countries[0] == job.Worldwide {
		return "applicants anywhere"
	}
	return strings.Join(countries, ", ")
}

// applyClick counts an apply click and sends the candidate to the
// employer's application page or mail program.
func (s *Server) applyClick(c *fiber.Ctx) error {
	l, err := s.deps.Jobs.PublicJob(c.UserContext(), tenantOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	s.deps.Jobs.Count(tenantOf(c), l.Job.ID, appjob.CountApplyClick)
	p := l.Job.Posting
	target := p.ApplyURL
	if p.ApplyOnSite {
		target = jobPath(l.Job) + "/application"
	} else if target == "" {
		target = "mailto:" + p.ApplyEmail.String() + "?subject=" + strings.ReplaceAll(url.QueryEscape("Application: "+p.Title), "+", "%20")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(target, fiber.StatusFound)
}

// jobPostingLD builds schema.org JobPosting data with Google's required
// fields; json.Marshal escapes <, > and & so it cannot end the script.
// The company's own website is the hiring organization's sameAs; its url
// is its page on the board.
func jobPostingLD(c *fiber.Ctx, l appjob.Listing) []byte {
	j, p := l.Job, l.Job.Posting
	ld := map[string]any{
		"@context":       "https://schema.org/",
		"@type":          "JobPosting",
		"title":          p.Title,
		"description":    j.DescriptionHTML,
		"datePosted":     j.PublishedAt.Format(time.RFC3339),
		"employmentType": p.EmploymentType,
		"identifier":     map[string]any{"@type": "PropertyValue", "name": l.CompanyName, "value": j.ID},
		"url":            baseURL(c) + jobPath(j),
		// Candidates apply on this page's site when the job takes
		// applications on the board.
		"directApply": p.ApplyOnSite,
	}
	if j.ExpiresAt != nil {
		ld["validThrough"] = j.ExpiresAt.Format(time.RFC3339)
	}
	org := map[string]any{"@type": "Organization", "name": l.CompanyName, "url": baseURL(c) + "/companies/" + l.CompanySlug}
	if l.CompanyWebsite != "" {
		org["sameAs"] = l.CompanyWebsite
	}
	if l.CompanyLogoKey != "" {
		org["logo"] = baseURL(c) + "/media/companies/" + j.CompanyID + "/logo.png?v=" + shortHash(l.CompanyLogoKey)
	}
	ld["hiringOrganization"] = org
	var places []map[string]any
	for _, loc := range p.Locations {
		places = append(places, map[string]any{"@type": "Place", "address": map[string]any{"@type": "PostalAddress", "addressLocality": loc}})
	}
	if len(places) > 0 {
		ld["jobLocation"] = places
	}
	if p.Workplace == "remote" {
		ld["jobLocationType"] = "TELECOMMUTE"
		var countries []map[string]any
		for _, cc := range p.ApplicantCountries {
			if cc != job.Worldwide {
				countries = append(countries, map[string]any{"@type": "Country", "name": cc})
			}
		}
		if len(countries) == 0 {
			// Said explicitly (or a job saved before that was required).
			countries = []map[string]any{{"@type": "AdministrativeArea", "name": "Worldwide"}}
		}
		ld["applicantLocationRequirements"] = countries
	}
	if sal := p.Salary; sal != nil {
		value := map[string]any{"@type": "QuantitativeValue", "unitText": sal.Period}
		if sal.Min == sal.Max {
			value["value"] = sal.Min
		} else {
			value["minValue"], value["maxValue"] = sal.Min, sal.Max
		}
		ld["baseSalary"] = map[string]any{"@type": "MonetaryAmount", "currency": sal.Currency, "value": value}
	}
	if p.Category != "" {
		ld["occupationalCategory"] = p.Category
	}
	b, _ := json.Marshal(ld)
	return b
}
