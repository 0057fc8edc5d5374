package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	appapplication "github.com/jobboard/jobboard/app/application"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/application"
	"github.com/jobboard/jobboard/domain/job"
)

// backTo is the local page a form asked to return to, or fallback.
func backTo(c *fiber.Ctx, fallback string) string {
	if next := safeNext(c.FormValue("next")); next != "" {
		return next
	}
	return fallback
}

// keepJob is POST /me/saved/:job_id.
func (s *Server) keepJob(c *fiber.Ctx) error {
	if err := s.deps.Applications.SaveJob(c.UserContext(), tenantOf(c), actorOf(c), c.Params("job_id")); err != nil {
		return err
	}
	setFlash(c, "The job is saved. Find it under Saved jobs.")
	return c.Redirect(backTo(c, "/me/saved"), fiber.StatusSeeOther)
}

// forgetJob is POST /me/saved/:job_id/remove.
func (s *Server) forgetJob(c *fiber.Ctx) error {
	if err := s.deps.Applications.UnsaveJob(c.UserContext(), tenantOf(c), actorOf(c), c.Params("job_id")); err != nil {
		return err
	}
	setFlash(c, "The job is no longer saved.")
	return c.Redirect(backTo(c, "/me/saved"), fiber.StatusSeeOther)
}

// savedJobsPage is GET /me/saved: saved jobs, open or not.
func (s *Server) savedJobsPage(c *fiber.Ctx) error {
	saved, err := s.deps.Applications.SavedJobs(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return s.render(c, "saved_jobs", page{Title: "Saved jobs", Noindex: true, Data: fiber.Map{"Saved": saved}})
}

// applyTarget loads the public on-site job an application form is for.
func (s *Server) applyTarget(c *fiber.Ctx) (jobView, error) {
	l, err := s.deps.Jobs.PublicJob(c.UserContext(), tenantOf(c), c.Params("id"))
	if err != nil {
		return jobView{}, err
	}
	if !l.Job.Posting.ApplyOnSite {
		return jobView{}, appapplication.ErrNotOnSite
	}
	return s.jobView(l), nil
}

var applicationFields = []string{"name", "email", "cover_letter"}

// applicationPage is GET /jobs/:id/:slug/application: the application
// form, or, for someone not signed in, where to sign in or sign up first.
// Applications belong to an account so that the candidate can follow
// them, download them and delete them.
func (s *Server) applicationPage(c *fiber.Ctx) error {
	v, err := s.applyTarget(c)
	if err != nil {
		return err
	}
	if c.Params("slug") != v.Job.Slug {
		return c.Redirect(v.URL+"/application", fiber.StatusMovedPermanently)
	}
	p := page{Title: "Apply: " + v.Job.Posting.Title, Noindex: true, Next: v.URL + "/application", Data: fiber.Map{"Job": v}}
	if pr := principalOf(c); pr == nil || pr.Kind != "user" {
		return s.render(c, "application_signin", p)
	}
	me, err := s.deps.Accounts.Whoami(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	p.Form = map[string]string{"name": me.User.Name(), "email": me.User.Email().String()}
	return s.render(c, "application_new", p)
}

// submitApplication is POST /jobs/:id/:slug/application (multipart, with
// the CV in field "cv").
func (s *Server) submitApplication(c *fiber.Ctx) error {
	v, err := s.applyTarget(c)
	if err != nil {
		return err
	}
	in, cv, err := applicationForm(c)
	if err == nil {
		_, err = s.deps.Applications.Apply(c.UserContext(), tenantOf(c), actorOf(c), v.Job.ID, in, cv, s.clientIP(c), baseURL(c))
	}
	if err != nil {
		status, detail, retry := classify(err)
		if status >= 500 || status == fiber.StatusNotFound || status == fiber.StatusForbidden || status == fiber.StatusGone {
			return err
		}
		if retry > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retry))
		}
		errs := allFieldErrors(err)
		if errs == nil {
			errs = map[string]string{"cv": detail.Message}
		}
		return s.render(c.Status(status), "application_new", page{Title: "Apply: " + v.Job.Posting.Title, Noindex: true,
			Form: formValues(c, applicationFields...), Errors: errs, Data: fiber.Map{"Job": v}})
	}
	setFlash(c, "Your application is sent. We will e-mail you when its status changes.")
	return c.Redirect("/me/applications", fiber.StatusSeeOther)
}

// applicationForm reads the form fields and the CV; a missing CV is left
// for the use case to report along with the other fields.
func applicationForm(c *fiber.Ctx) (appapplication.ApplyInput, appapplication.Upload, error) {
	in := appapplication.ApplyInput{Name: c.FormValue("name"), Email: c.FormValue("email"), CoverLetter: c.FormValue("cover_letter")}
	var up appapplication.Upload
	data, err := uploadedFile(c, "cv", application.MaxCVSize)
	switch {
	case err == nil:
		up.Data = data
		if fh, ferr := c.FormFile("cv"); ferr == nil {
			up.Name = fh.Filename
		}
	case domain.CodeOf(err) == "validation_failed":
		// No file chosen: reported with the other fields.
	case domain.KindOf(err) == domain.KindTooLarge:
		return in, up, application.ErrCVTooLarge
	default:
		// A broken upload and the like: refused as it is, naming the field.
		return in, up, err
	}
	return in, up, nil
}

// myApplicationsPage is GET /me/applications.
func (s *Server) myApplicationsPage(c *fiber.Ctx) error {
	apps, err := s.deps.Applications.MyApplications(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return s.render(c, "my_applications", page{Title: "My applications", Noindex: true, Data: fiber.Map{"Applications": apps}})
}

// downloadCV is GET /applications/:id/cv and its API twin: the CV for the
// company's team and the applicant, always as a download.
func (s *Server) downloadCV(c *fiber.Ctx) error {
	cv, data, err := s.deps.Applications.CV(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, cv.Type.ContentType())
	c.Set(fiber.HeaderContentDisposition, contentDisposition(cv.Name, "cv."+string(cv.Type)))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return c.Send(data)
}

// contentDisposition makes an attachment header with an ASCII fallback
// name and the real name in RFC 5987 form.
func contentDisposition(name, fallback string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, name)
	if strings.Trim(ascii, "_. ") == "" {
		ascii = fallback
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + strings.ReplaceAll(url.PathEscape(name), "'", "%27")
}

// statusOption is a pipeline move offered on the applicant page.
type statusOption struct{ Value, Label string }

var statusLabel = map[application.Status]string{
	application.StatusNew: "New", application.StatusReviewing: "Reviewing", application.StatusShortlisted: "Shortlisted",
	application.StatusRejected: "Rejected", application.StatusHired: "Hired",
}

func moves(st application.Status) []statusOption {
	var out []statusOption
	for _, n := range st.Next() {
		out = append(out, statusOption{string(n), statusLabel[n]})
	}
	return out
}

// employerApplicantsPage is GET /employer/jobs/:id/applications.
func (s *Server) employerApplicantsPage(c *fiber.Ctx) error {
	ja, err := s.deps.Applications.JobApplicants(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	counts := map[application.Status]int{}
	for _, a := range ja.Applications {
		counts[a.Status]++
	}
	type column struct {
		Label string
		Count int
	}
	var summary []column
	for _, st := range application.Statuses {
		summary = append(summary, column{statusLabel[st], counts[st]})
	}
	return s.render(c, "employer_applications", page{Title: "Applicants: " + ja.Job.Posting.Title, Noindex: true,
		Data: fiber.Map{"Job": ja.Job, "Company": s.companyView(ja.Company), "Applications": ja.Applications, "Summary": summary}})
}

// employerApplicantPage is GET /employer/applications/:id.
func (s *Server) employerApplicantPage(c *fiber.Ctx) error {
	return s.renderApplicant(c, fiber.StatusOK, nil)
}

func (s *Server) renderApplicant(c *fiber.Ctx, status int, errs map[string]string) error {
	a, err := s.deps.Applications.Applicant(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.render(c.Status(status), "employer_application", page{Title: "Application: " + a.Application.Details.Name, Noindex: true, Errors: errs,
		Data: fiber.Map{"A": a.Application, "Job": a.Job, "Company": s.companyView(a.Company), "Moves": moves(a.Application.Status),
			"StatusLabel": statusLabel[a.Application.Status]}})
}

// moveApplication is POST /employer/applications/:id/status.
func (s *Server) moveApplication(c *fiber.Ctx) error {
	_, err := s.deps.Applications.Move(c.UserContext(), tenantOf(c), actorOf(c), c.Params("id"), c.FormValue("status"), baseURL(c))
	if err != nil {
		status, detail, _ := classify(err)
		if status >= 500 || status == fiber.StatusNotFound || status == fiber.StatusForbidden {
			return err
		}
		errs := allFieldErrors(err)
		if errs == nil {
			errs = map[string]string{"status": detail.Message}
		}
		return s.renderApplicant(c, status, errs)
	}
	setFlash(c, "The status is changed and the candidate is told by e-mail.")
	return c.Redirect("/employer/applications/"+c.Params("id"), fiber.StatusSeeOther)
}

// privacyPage is GET /me/privacy: download your data, delete your account.
func (s *Server) privacyPage(c *fiber.Ctx) error {
	return s.render(c, "privacy", page{Title: "Your data and account", Noindex: true})
}

// exportData is GET /me/data.json and GET /api/v1/me/export.
func (s *Server) exportData(c *fiber.Ctx) error {
	ex, err := s.deps.Applications.ExportData(c.UserContext(), tenantOf(c), actorOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	if !strings.HasPrefix(c.Path(), "/api/") {
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="my-data-`+boardOf(c).Slug().String()+`.json"`)
	}
	return c.JSON(toExportJSON(c, ex))
}

// deleteAccount is POST /me/delete.
func (s *Server) deleteAccount(c *fiber.Ctx) error {
	err := s.deps.Applications.DeleteAccount(c.UserContext(), tenantOf(c), actorOf(c), c.FormValue("password"), s.clientIP(c))
	if err != nil {
		status, errs, ok := fixable(c, err, "delete")
		if !ok {
			return err
		}
		return s.render(c.Status(status), "privacy", page{Title: "Your data and account", Noindex: true, Errors: errs})
	}
	if err := s.endSession(c); err != nil {
		return err
	}
	setFlash(c, "Your account is deleted.")
	return c.Redirect("/", fiber.StatusSeeOther)
}

// applicationJSON is the API shape of an application.
type applicationJSON struct {
	ID          string     `json:"id"`
	JobID       string     `json:"job_id"`
	CompanyID   string     `json:"company_id"`
	Name        string     `json:"name"`
	Email       string     `json:"email"`
	CoverLetter string     `json:"cover_letter"`
	CV          *cvJSON    `json:"cv"`
	Status      string     `json:"status"`
	NextStatus  []string   `json:"next_statuses"`
	Anonymised  bool       `json:"anonymised"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Job         *appJobRef `json:"job,omitempty"`
}

type cvJSON struct {
	FileName string `json:"file_name"`
	Type     string `json:"type"`
	Size     int64  `json:"size"`
	URL      string `json:"url"`
}

type appJobRef struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Company string `json:"company"`
	Open    bool   `json:"open"`
	URL     string `json:"url,omitempty"`
}

func toApplicationJSON(c *fiber.Ctx, a application.Snapshot) applicationJSON {
	out := applicationJSON{ID: a.ID, JobID: a.JobID, CompanyID: a.CompanyID, Name: a.Details.Name, Email: a.Details.Email.String(),
		CoverLetter: a.Details.CoverLetter, Status: string(a.Status), NextStatus: []string{}, Anonymised: a.AnonymisedAt != nil,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	for _, n := range a.Status.Next() {
		out.NextStatus = append(out.NextStatus, string(n))
	}
	if a.CV.Key != "" {
		out.CV = &cvJSON{FileName: a.CV.Name, Type: string(a.CV.Type), Size: a.CV.Size, URL: baseURL(c) + "/api/v1/applications/" + a.ID + "/cv"}
	}
	return out
}

func toMyApplicationJSON(c *fiber.Ctx, m appapplication.MyApplication) applicationJSON {
	out := toApplicationJSON(c, m.Application)
	out.NextStatus = nil
	out.Job = &appJobRef{ID: m.Application.JobID, Title: m.JobTitle, Company: m.CompanyName, Open: m.JobOpen}
	if m.JobOpen {
		out.Job.URL = baseURL(c) + jobPath(job.Snapshot{ID: m.Application.JobID, Slug: m.JobSlug})
	}
	return out
}

type savedJobJSON struct {
	JobID   string    `json:"job_id"`
	Title   string    `json:"title"`
	Company string    `json:"company"`
	Open    bool      `json:"open"`
	Status  string    `json:"status"`
	URL     string    `json:"url,omitempty"`
	SavedAt time.Time `json:"saved_at"`
}

func toSavedJSON(c *fiber.Ctx, items []appapplication.SavedJob) []savedJobJSON {
	out := make([]savedJobJSON, len(items))
	for i, sj := range items {
		out[i] = savedJobJSON{JobID: sj.JobID, Title: sj.Title, Company: sj.CompanyName, Open: sj.Open, Status: sj.Status, SavedAt: sj.SavedAt}
		if sj.Open {
			out[i].URL = baseURL(c) + jobPath(job.Snapshot{ID: sj.JobID, Slug: sj.Slug})
		}
	}
	return out
}

func toExportJSON(c *fiber.Ctx, ex appapplication.Export) fiber.Map {
	roles := make([]string, len(ex.Roles))
	for i, r := range ex.Roles {
		roles[i] = string(r)
	}
	apps := make([]applicationJSON, len(ex.Applications))
	for i, a := range ex.Applications {
		apps[i] = toMyApplicationJSON(c, a)
	}
	out := fiber.Map{
		"exported_at": ex.ExportedAt,
		"board":       fiber.Map{"id": boardOf(c).ID().String(), "name": boardOf(c).Name()},
		"account": fiber.Map{"id": ex.User.ID(), "email": ex.User.Email().String(), "name": ex.User.Name(),
			"created_at": ex.User.CreatedAt(), "roles": roles},
		"saved_jobs":   toSavedJSON(c, ex.SavedJobs),
		"applications": apps,
	}
	if ex.Alerts != nil {
		out["alert_subscriptions"] = ex.Alerts
	}
	return out
}
