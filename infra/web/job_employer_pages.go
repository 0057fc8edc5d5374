package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain/job"
)

// employerJobs is GET /employer/companies/:id/jobs: the company's jobs of
// every status with their views and apply clicks.
func (s *Server) employerJobs(c *fiber.Ctx) error {
	id := c.Params("id")
	co, role, err := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), id)
	if err != nil {
		return err
	}
	jobs, err := s.deps.Jobs.ForCompany(c.UserContext(), tenantOf(c), actorOf(c), id)
	if err != nil {
		return err
	}
	applicants, err := s.deps.Applications.CountByJob(c.UserContext(), tenantOf(c), actorOf(c), id)
	if err != nil {
		return err
	}
	return s.render(c, "employer_jobs", page{Title: "Jobs of " + co.Profile().Name, Noindex: true,
		Data: fiber.Map{"Company": s.companyView(co.Snapshot()), "Jobs": jobs, "Role": string(role), "Published": co.Public(), "Applicants": applicants}})
}

var jobFields = []string{"title", "description", "employment_type", "locations", "workplace", "applicant_countries", "salary_min", "salary_max",
	"salary_currency", "salary_period", "category", "seniority", "tags", "apply_method", "apply_url", "apply_email", "closing_date"}

// jobFormData is what the posting form needs besides values and errors.
func (s *Server) jobFormData(c *fiber.Ctx, extra fiber.Map) fiber.Map {
	d := fiber.Map{"Types": typeOptions(), "Workplaces": workplaceOptions(), "Categories": boardOf(c).Settings().Categories,
		"Seniorities": labelled(job.Seniorities, seniorityLabel), "Currencies": job.Currencies,
		"Periods": labelled(job.SalaryPeriods, salaryPeriodLabel)}
	for k, v := range extra {
		d[k] = v
	}
	return d
}

// splitList reads a list field typed one item per line or comma-separated.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == ';' })
}

// postingFromForm reads the posting form. Numbers that do not parse are
// reported on their field.
func postingFromForm(c *fiber.Ctx) (appjob.PostingInput, map[string]string) {
	in := appjob.PostingInput{
		Title: c.FormValue("title"), Description: c.FormValue("description"), EmploymentType: c.FormValue("employment_type"),
		// One location a line: "Basel, Switzerland" is one place.
		Locations: lines(c.FormValue("locations")), Workplace: c.FormValue("workplace"),
		ApplicantCountries: splitList(c.FormValue("applicant_countries")), Category: c.FormValue("category"),
		Seniority: c.FormValue("seniority"), Tags: splitList(c.FormValue("tags")), ApplyMethod: c.FormValue("apply_method"),
		ApplyURL: c.FormValue("apply_url"), ApplyEmail: c.FormValue("apply_email"), ClosingDate: c.FormValue("closing_date"),
	}
	errs := map[string]string{}
	num := func(field string) *int64 {
		v := strings.ReplaceAll(strings.TrimSpace(c.FormValue(field)), ",", "")
		if v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs[field] = "enter a whole number, like 55000"
			return nil
		}
		return &n
	}
	minV, maxV := num("salary_min"), num("salary_max")
	if minV != nil || maxV != nil {
		in.Salary = &appjob.SalaryInput{Min: minV, Max: maxV, Currency: c.FormValue("salary_currency"), Period: c.FormValue("salary_period")}
	}
	return in, errs
}

// jobFormErrors renames "salary.min" style errors to the form's names.
func jobFormErrors(err error) error {
	return renameFields(err, func(k string) string { return strings.Replace(k, "salary.", "salary_", 1) })
}

// newJobPage is GET /employer/companies/:id/jobs/new.
func (s *Server) newJobPage(c *fiber.Ctx) error {
	co, _, err := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.render(c, "job_new", page{Title: "Post a job", Noindex: true, Form: map[string]string{"workplace": "onsite", "employment_type": "FULL_TIME", "apply_method": "url", "salary_period": "YEAR"},
		Data: s.jobFormData(c, fiber.Map{"Company": s.companyView(co.Snapshot())})})
}

// createJob is POST /employer/companies/:id/jobs.
func (s *Server) createJob(c *fiber.Ctx) error {
	co, _, err := s.deps.Companies.Manage(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	p := page{Title: "Post a job", Noindex: true, Data: s.jobFormData(c, fiber.Map{"Company": s.companyView(co.Snapshot())})}
	in, numErrs := postingFromForm(c)
	if len(numErrs) > 0 {
		return s.formFailure(c.Status(fiber.StatusBadRequest), "job_new", p, invalidFields(numErrs), jobFields...)
	}
	j, err := s.deps.Jobs.Create(c.UserContext(), tenantOf(c), actorOf(c), co.ID(), in)
	if err != nil {
		return s.formFailure(c, "job_new", p, jobFormErrors(err), jobFields...)
	}
	setFlash(c, "The job is saved as a draft. Check it, then submit it.")
	return c.Redirect("/employer/jobs/"+j.ID(), fiber.StatusSeeOther)
}

// jobValues are a saved posting as form values.
func jobValues(s job.Snapshot) map[string]string {
	p := s.Posting
	m := map[string]string{"title": p.Title, "description": p.Description, "employment_type": p.EmploymentType,
		"locations": strings.Join(p.Locations, "\n"), "workplace": p.Workplace, "applicant_countries": strings.Join(p.ApplicantCountries, ", "),
		"category": p.Category, "seniority": p.Seniority, "tags": strings.Join(p.Tags, ", "), "apply_url": p.ApplyURL,
		"apply_email": p.ApplyEmail.String(), "apply_method": p.ApplyMethod()}
	if sal := p.Salary; sal != nil {
		m["salary_min"], m["salary_max"] = strconv.FormatInt(sal.Min, 10), strconv.FormatInt(sal.Max, 10)
		m["salary_currency"], m["salary_period"] = sal.Currency, sal.Period
	}
	if p.ClosingDate != nil {
		m["closing_date"] = p.ClosingDate.Format("2006-01-02")
	}
	return m
}

// jobEditor is GET /employer/jobs/:id.
func (s *Server) jobEditor(c *fiber.Ctx) error {
	j, co, err := s.deps.Jobs.Manage(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	snap := j.Snapshot()
	return s.render(c, "job_edit", page{Title: "Edit " + snap.Posting.Title, Noindex: true, Form: jobValues(snap),
		Data: s.jobFormData(c, fiber.Map{"Job": snap, "Company": s.companyView(co.Snapshot()), "Public": j.Public(s.deps.Now()), "URL": jobPath(snap), "Prices": s.prices(c)})})
}

// saveJob is POST /employer/jobs/:id.
func (s *Server) saveJob(c *fiber.Ctx) error {
	j, co, err := s.deps.Jobs.Manage(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	snap := j.Snapshot()
	p := page{Title: "Edit " + snap.Posting.Title, Noindex: true,
		Data: s.jobFormData(c, fiber.Map{"Job": snap, "Company": s.companyView(co.Snapshot()), "Public": j.Public(s.deps.Now()), "URL": jobPath(snap), "Prices": s.prices(c)})}
	in, numErrs := postingFromForm(c)
	if len(numErrs) > 0 {
		return s.formFailure(c.Status(fiber.StatusBadRequest), "job_edit", p, invalidFields(numErrs), jobFields...)
	}
	if _, err := s.deps.Jobs.Update(c.UserContext(), tenantOf(c), actorOf(c), j.ID(), in); err != nil {
		return s.formFailure(c, "job_edit", p, jobFormErrors(err), jobFields...)
	}
	setFlash(c, "The job is saved.")
	return c.Redirect("/employer/jobs/"+j.ID(), fiber.StatusSeeOther)
}

// jobAction is POST /employer/jobs/:id/{submit|close|renew}.
func (s *Server) jobAction(c *fiber.Ctx) error {
	id := c.Params("id")
	action := c.Path()[strings.LastIndexByte(c.Path(), '/')+1:]
	calls := map[string]struct {
		fn   teamTransition
		done string
	}{
		"submit": {s.deps.Jobs.Submit, "Submitted."},
		"close":  {s.deps.Jobs.Close, "The job is closed and no longer shown."},
		"renew":  {s.deps.Jobs.Renew, "The job is published again."},
	}
	call, ok := calls[action]
	if !ok {
		return fiber.ErrNotFound
	}
	j, err := call.fn(c.UserContext(), tenantOf(c), actorOf(c), id)
	if err != nil {
		return err
	}
	msg := call.done
	if action == "submit" {
		msg = "Submitted for review. It goes live once the board's team approves it."
		if j.Status() == job.StatusPublished {
			msg = "Published: the job is live."
		}
	}
	setFlash(c, msg)
	return c.Redirect("/employer/jobs/"+id, fiber.StatusSeeOther)
}
