package web

import (
	"encoding/json"
	"html/template"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/net/html"

	"github.com/jobboard/jobboard/app"
	appcompany "github.com/jobboard/jobboard/app/company"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
)

// companyView is a company as the templates show it.
type companyView struct {
	company.Snapshot
	LogoURL     string
	Premium     bool
	Description template.HTML
	Social      []socialLink
}

type socialLink struct{ Network, URL string }

func (s *Server) companyView(c company.Snapshot) companyView {
	v := companyView{Snapshot: c, LogoURL: logoPath(c), Premium: c.PremiumUntil != nil && c.PremiumUntil.After(s.deps.Now()),
		// The HTML was sanitised by the rich-text renderer when it was saved.
		Description: template.HTML(c.DescriptionHTML)}
	for _, n := range company.SocialNetworks {
		if u := c.Profile.Social[n]; u != "" {
			v.Social = append(v.Social, socialLink{Network: n, URL: u})
		}
	}
	return v
}

// directoryPage is GET /companies: search, filters, premium first, A–Z.
func (s *Server) directoryPage(c *fiber.Ctx) error {
	var in appcompany.DirectoryInput
	_ = c.QueryParser(&in)
	in.Limit = 0
	res, err := s.deps.Companies.Browse(c.UserContext(), tenantOf(c), in)
	if fieldErrors(err) != nil {
		in.Cursor = ""
		res, err = s.deps.Companies.Browse(c.UserContext(), tenantOf(c), in)
	}
	if err != nil {
		return err
	}
	items := make([]companyView, len(res.Items))
	for i, it := range res.Items {
		items[i] = s.companyView(it)
	}
	next := ""
	if res.NextCursor != "" {
		q := url.Values{"cursor": {res.NextCursor}}
		for k, v := range map[string]string{"q": in.Query, "sector": in.Sector, "location": in.Location} {
			if v != "" {
				q.Set(k, v)
			}
		}
		next = "/companies?" + q.Encode()
	}
	return s.render(c, "companies", page{Title: "Companies", Description: "Employers on " + boardOf(c).Name(),
		Form: map[string]string{"q": in.Query, "sector": in.Sector, "location": in.Location},
		Data: fiber.Map{"Items": items, "Next": next, "Sectors": boardOf(c).Settings().Sectors, "Filtered": in.Query != "" || in.Sector != "" || in.Location != "", "Paged": in.Cursor != ""}})
}

// companiesFirstPage asks the directory for its first page.
var companiesFirstPage = appcompany.DirectoryInput{}

// companyPage is GET /companies/:slug; a former slug redirects.
func (s *Server) companyPage(c *fiber.Ctx) error {
	co, current, err := s.deps.Companies.PublicProfile(c.UserContext(), tenantOf(c), c.Params("slug"))
	if err != nil {
		return err
	}
	snap := co.Snapshot()
	if !current {
		return c.Redirect("/companies/"+snap.Profile.Slug.String(), fiber.StatusMovedPermanently)
	}
	v := s.companyView(snap)
	open, err := s.deps.Jobs.CompanyOpenJobs(c.UserContext(), tenantOf(c), snap.ID, 50)
	if err != nil {
		return err
	}
	return s.render(c, "company", page{Title: snap.Profile.Name, Description: excerpt(snap.DescriptionHTML, 160),
		Data: fiber.Map{"Company": v, "JSONLD": organizationLD(c, v), "Jobs": s.jobViews(open)}})
}

// organizationLD is the schema.org Organization of a profile, as a script
// body; json.Marshal escapes <, > and & so it cannot close the script.
func organizationLD(c *fiber.Ctx, v companyView) template.JS {
	p := v.Profile
	ld := map[string]any{
		"@context": "https://schema.org",
		"@type":    "Organization",
		"name":     p.Name,
		"url":      baseURL(c) + "/companies/" + p.Slug.String(),
	}
	if p.Website != "" {
		ld["sameAs"] = append([]string{p.Website}, socialURLs(v.Social)...)
	} else if len(v.Social) > 0 {
		ld["sameAs"] = socialURLs(v.Social)
	}
	if v.LogoURL != "" {
		ld["logo"] = baseURL(c) + v.LogoURL
	}
	if p.Description != "" {
		// The excerpt is text, and text may spell out a tag ("&lt;script&gt;"
		// decodes to one); consumers that render it as HTML must not find one.
		ld["description"] = strings.NewReplacer("<", "", ">", "").Replace(excerpt(v.DescriptionHTML, 500))
	}
	if p.Location != "" {
		ld["address"] = map[string]any{"@type": "PostalAddress", "addressLocality": p.Location}
	}
	if p.FoundedYear != 0 {
		ld["foundingDate"] = itoa4(p.FoundedYear)
	}
	if p.ContactEmail != "" {
		ld["email"] = p.ContactEmail.String()
	}
	b, _ := json.Marshal(ld)
	return template.JS(b)
}

func socialURLs(links []socialLink) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = l.URL
	}
	return out
}

func itoa4(y int) string {
	b := []byte{byte('0' + y/1000%10), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)}
	return string(b)
}

// excerpt returns the first n characters of the text of sanitised HTML,
// for meta descriptions and structured data.
func excerpt(fragment string, n int) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(fragment))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		switch tt {
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken:
			b.WriteByte(' ')
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	if runes := []rune(s); len(runes) > n {
		return strings.TrimSpace(string(runes[:n-1])) + "…"
	}
	return s
}

// employerHome is GET /employer: the user's companies.
func (s *Server) employerHome(c *fiber.Ctx) error {
	mine, err := s.deps.Companies.Mine(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	type row struct {
		companyView
		Role string
	}
	rows := make([]row, len(mine))
	for i, m := range mine {
		rows[i] = row{companyView: s.companyView(m.Company), Role: string(m.Role)}
	}
	return s.render(c, "employer_home", page{Title: "Employer dashboard", Noindex: true, Data: fiber.Map{"Companies": rows}})
}

// profileFormData is what the profile form needs besides values and errors.
func (s *Server) profileFormData(c *fiber.Ctx, extra fiber.Map) fiber.Map {
	d := fiber.Map{"Sectors": boardOf(c).Settings().Sectors, "Sizes": company.SizeBands, "Networks": company.SocialNetworks}
	for k, v := range extra {
		d[k] = v
	}
	return d
}

// newCompanyPage is GET /employer/companies/new ("Add my company").
func (s *Server) newCompanyPage(c *fiber.Ctx) error {
	return s.render(c, "company_new", page{Title: "Add your company", Noindex: true, Data: s.profileFormData(c, nil)})
}

// profileFromForm reads the profile form, social links included.
func profileFromForm(c *fiber.Ctx) (appcompany.ProfileInput, error) {
	var in appcompany.ProfileInput
	if err := decodeForm(c, &in); err != nil {
		return in, err
	}
	in.Social = map[string]string{}
	for _, n := range company.SocialNetworks {
		if v := strings.TrimSpace(c.FormValue("social_" + n)); v != "" {
			in.Social[n] = v
		}
	}
	return in, nil
}

var profileFields = []string{"name", "slug", "website", "sector", "location", "size", "founded_year", "contact_email", "description",
	"social_linkedin", "social_x", "social_facebook", "social_instagram", "social_youtube"}

// formErrors renames "social.x" field errors to the form's "social_x".
func formErrors(err error) error {
	return renameFields(err, func(k string) string { return strings.Replace(k, "social.", "social_", 1) })
}

// renameFields maps the field names of a validation error to a form's.
func renameFields(err error, rename func(string) string) error {
	e, ok := err.(*domain.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	renamed := *e
	renamed.Fields = make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		renamed.Fields[rename(k)] = v
	}
	return &renamed
}

// invalidFields is a validation error for form fields checked here.
func invalidFields(fields map[string]string) error { return domain.InvalidFields(fields) }

// createCompany is POST /employer/companies.
func (s *Server) createCompany(c *fiber.Ctx) error {
	in, err := profileFromForm(c)
	if err != nil {
		return err
	}
	co, err := s.deps.Companies.Register(c.UserContext(), tenantOf(c), actorOf(c), in)
	if err != nil {
		return s.formFailure(c, "company_new", page{Title: "Add your company", Noindex: true, Data: s.profileFormData(c, nil)}, formErrors(err), profileFields...)
	}
	setFlash(c, co.Profile().Name+" is saved as a draft. Add a logo, then submit it for review.")
	return c.Redirect("/employer/companies/"+co.ID(), fiber.StatusSeeOther)
}

// editorValues are the saved profile as form values.
func editorValues(s company.Snapshot) map[string]string {
	p := s.Profile
	m := map[string]string{"name": p.Name, "slug": p.Slug.String(), "website": p.Website, "sector": p.Sector, "location": p.Location,
		"size": p.Size, "contact_email": p.ContactEmail.String(), "description": p.Description}
	if p.FoundedYear != 0 {
		m["founded_year"] = itoa4(p.FoundedYear)
	}
	for k, v := range p.Social {
		m["social_"+k] = v
	}
	return m
}

// companyEditor is GET /employer/companies/:id: the profile editor.
func (s *Server) companyEditor(c *fiber.Ctx) error {
	co, role, err := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	snap := co.Snapshot()
	return s.render(c, "company_edit", page{Title: "Edit " + snap.Profile.Name, Noindex: true, Form: editorValues(snap),
		Data: s.profileFormData(c, fiber.Map{"Company": s.companyView(snap), "Role": string(role), "Owner": role == company.RoleOwner, "Prices": s.prices(c)})})
}

// saveCompany is POST /employer/companies/:id: save, or preview without
// saving when the "preview" button was used.
func (s *Server) saveCompany(c *fiber.Ctx) error {
	co, role, err := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	in, err := profileFromForm(c)
	if err != nil {
		return err
	}
	data := s.profileFormData(c, fiber.Map{"Company": s.companyView(co.Snapshot()), "Role": string(role), "Owner": role == company.RoleOwner, "Prices": s.prices(c)})
	p := page{Title: "Edit " + co.Profile().Name, Noindex: true, Data: data}
	if c.FormValue("action") == "preview" {
		if role != company.RoleOwner {
			return domain.Forbidden("only the company's owners can edit its profile")
		}
		data["Preview"] = template.HTML(s.deps.Companies.Preview(in.Description))
		p.Form = formValues(c, profileFields...)
		return s.render(c, "company_edit", p)
	}
	if _, err := s.deps.Companies.UpdateProfile(c.UserContext(), tenantOf(c), actorOf(c), co.ID(), in); err != nil {
		return s.formFailure(c, "company_edit", p, formErrors(err), profileFields...)
	}
	setFlash(c, "The profile is saved.")
	return c.Redirect("/employer/companies/"+co.ID(), fiber.StatusSeeOther)
}

// uploadLogo is POST /employer/companies/:id/logo.
func (s *Server) uploadLogo(c *fiber.Ctx) error {
	id := c.Params("id")
	data, err := uploadedFile(c, "logo", logoLimit)
	if err == nil {
		_, err = s.deps.Companies.SetLogo(c.UserContext(), tenantOf(c), actorOf(c), id, data)
	}
	if err != nil {
		if msg := fieldMessage(err, "logo"); msg != "" {
			status, _, _ := classify(err)
			co, role, merr := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), id)
			if merr != nil {
				return merr
			}
			snap := co.Snapshot()
			return s.render(c.Status(status), "company_edit", page{Title: "Edit " + snap.Profile.Name, Noindex: true, Form: editorValues(snap),
				Errors: map[string]string{"logo": msg},
				Data:   s.profileFormData(c, fiber.Map{"Company": s.companyView(snap), "Role": string(role), "Owner": role == company.RoleOwner, "Prices": s.prices(c)})})
		}
		return err
	}
	setFlash(c, "The logo is updated.")
	return c.Redirect("/employer/companies/"+id, fiber.StatusSeeOther)
}

// submitCompany is POST /employer/companies/:id/submit.
func (s *Server) submitCompany(c *fiber.Ctx) error {
	co, err := s.deps.Companies.Submit(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	msg := "Submitted for review. We will e-mail you when it is published."
	if co.Public() {
		msg = "Published: your profile is now in the directory."
	}
	setFlash(c, msg)
	return c.Redirect("/employer/companies/"+co.ID(), fiber.StatusSeeOther)
}

// companyLogo serves a logo image: published companies' to anyone, others'
// to their team.
func (s *Server) companyLogo(c *fiber.Ctx) error {
	var viewer *app.Actor
	if p := principalOf(c); p != nil && p.Kind == "user" {
		a := actorOf(c)
		viewer = &a
	}
	data, err := s.deps.Companies.Logo(c.UserContext(), tenantOf(c), viewer, c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	// Private: a draft's logo is only for its team, and the URL changes
	// with every upload anyway.
	c.Set(fiber.HeaderCacheControl, "private, max-age=86400")
	return c.Send(data)
}
