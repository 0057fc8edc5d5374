package job

import (
	"context"
	"strings"
	"time"

	"github.com/gosimple/slug"
	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// SalaryInput is a pay range as the API sends it.
type SalaryInput struct {
	Min      *int64 `json:"min"`
	Max      *int64 `json:"max"`
	Currency string `json:"currency" validate:"max=10"`
	Period   string `json:"period" validate:"max=10"`
}

// PostingInput is a job as a form or the API submits it.
type PostingInput struct {
	Title              string       `json:"title" validate:"max=300"`
	Description        string       `json:"description" validate:"max=60000"`
	EmploymentType     string       `json:"employment_type" validate:"max=30"`
	Locations          []string     `json:"locations" validate:"max=20,dive,max=200"`
	Workplace          string       `json:"workplace" validate:"max=20"`
	ApplicantCountries []string     `json:"applicant_countries" validate:"max=100,dive,max=10"`
	Salary             *SalaryInput `json:"salary"`
	Category           string       `json:"category" validate:"max=200"`
	Seniority          string       `json:"seniority" validate:"max=30"`
	Tags               []string     `json:"tags" validate:"max=30,dive,max=100"`
	ApplyMethod        string       `json:"apply_method" validate:"max=10"`
	ApplyURL           string       `json:"apply_url" validate:"max=2000"`
	ApplyEmail         string       `json:"apply_email" validate:"max=300"`
	ClosingDate        string       `json:"closing_date" validate:"max=20"`
}

func (in PostingInput) domainInput() job.PostingInput {
	out := job.PostingInput{Title: in.Title, Description: in.Description, EmploymentType: in.EmploymentType, Workplace: in.Workplace,
		Category: in.Category, Seniority: in.Seniority, Locations: in.Locations, ApplicantCountries: in.ApplicantCountries, Tags: in.Tags,
		ApplyMethod: in.ApplyMethod, ApplyURL: in.ApplyURL, ApplyEmail: in.ApplyEmail, ClosingDate: in.ClosingDate}
	if in.Salary != nil {
		out.SalaryMin, out.SalaryMax, out.SalaryCurrency, out.SalaryPeriod = in.Salary.Min, in.Salary.Max, in.Salary.Currency, in.Salary.Period
	}
	return out
}

func (s *Service) parse(ctx context.Context, tenant domain.TenantID, in PostingInput) (job.Posting, error) {
	st, err := s.settings(ctx, tenant)
	if err != nil {
		return job.Posting{}, err
	}
	return s.parseWith(st, in)
}

// parseWith validates a posting against the board's settings.
func (s *Service) parseWith(st board.Settings, in PostingInput) (job.Posting, error) {
	return ParseInput(in, st, s.now())
}

// ParseInput validates a posting as the API receives it against a board's
// settings, as creating or editing a job does; generated data (the
// benchmark's) goes through it too, so that it is data the app accepts.
func ParseInput(in PostingInput, st board.Settings, now time.Time) (job.Posting, error) {
	if err := app.Validate(in); err != nil {
		return job.Posting{}, err
	}
	return job.ParsePosting(in.domainInput(), st.Categories, now)
}

// Slug is the address part of a job's URL made from its title: at most
// 80 characters, "job" when the title has no letters to use.
func Slug(title string) string {
	sl := slug.Make(title)
	if len(sl) > 80 {
		sl = strings.Trim(sl[:80], "-")
	}
	if sl == "" {
		sl = "job"
	}
	return sl
}

// Create adds a draft job to a company; owners and recruiters only.
func (s *Service) Create(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string, in PostingInput) (*job.Job, error) {
	c, err := s.deps.Companies.ByID(ctx, tenant, companyID)
	if err != nil {
		return nil, err
	}
	if err := s.requireTeam(ctx, tenant, actor, c); err != nil {
		return nil, err
	}
	p, err := s.parse(ctx, tenant, in)
	if err != nil {
		return nil, err
	}
	j := job.New(s.deps.IDs.New(), tenant, companyID, Slug(p.Title), p, s.deps.RichText.Render(p.Description), actor.UserID, s.now())
	if err := s.deps.Jobs.Create(ctx, tenant, j); err != nil {
		return nil, err
	}
	return j, nil
}

// Update replaces a job's posting; a published job stays live.
func (s *Service) Update(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string, in PostingInput) (*job.Job, error) {
	p, err := s.parse(ctx, tenant, in)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, tenant)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, tenant, actor, jobID, func(j *job.Job, _ *company.Company) error { return s.edit(j, st, p) })
}

// edit gives a job a new posting; under the board's review of edits, a
// published job keeps its live version until the edit is approved.
func (s *Service) edit(j *job.Job, st board.Settings, p job.Posting) error {
	html := s.deps.RichText.Render(p.Description)
	if st.ReviewEdits && j.Status() == job.StatusPublished {
		return j.ProposeEdit(p, html, Slug(p.Title), s.now())
	}
	return j.Edit(p, html, Slug(p.Title), s.now())
}

// change loads a job for its team in a transaction, applies fn and saves.
func (s *Service) change(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string, fn func(*job.Job, *company.Company) error) (*job.Job, error) {
	var j *job.Job
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		var (
			c   *company.Company
			err error
		)
		if j, c, err = s.loadForTeam(ctx, tenant, actor, jobID, true); err != nil {
			return err
		}
		if err := fn(j, c); err != nil {
			return err
		}
		return s.deps.Jobs.Update(ctx, tenant, j)
	})
	return j, err
}

// errCompanyNotPublished keeps jobs of unpublished companies off the board.
var errCompanyNotPublished = domain.Conflict("company_not_published", "publish the company profile before publishing its jobs")

// Submit sends a job for review, or publishes it when the board does not
// review jobs. The company's profile must be published, and the poster's
// address confirmed.
func (s *Service) Submit(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) (*job.Job, error) {
	st, err := s.settings(ctx, tenant)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, tenant, actor, jobID, func(j *job.Job, c *company.Company) error {
		if err := app.RequireVerified(ctx, s.deps.Address, tenant, actor); err != nil {
			return err
		}
		if !c.Public() {
			return errCompanyNotPublished
		}
		if err := s.requirePostingPaid(ctx, tenant, j); err != nil {
			return err
		}
		return j.Submit(st.ReviewJobs, duration(st), s.now())
	})
}

// requirePostingPaid refuses to publish j without payment on a board that
// charges for postings, unless j keeps paid time not yet used (a paid job
// taken back to draft by an edit, or paid for while its closing date had
// passed): that time is published instead.
func (s *Service) requirePostingPaid(ctx context.Context, tenant domain.TenantID, j *job.Job) error {
	if j.Snapshot().PostingPending > 0 {
		return nil
	}
	return s.requireFreePosting(ctx, tenant)
}

// Close marks a published job filled.
func (s *Service) Close(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) (*job.Job, error) {
	return s.change(ctx, tenant, actor, jobID, func(j *job.Job, _ *company.Company) error { return j.Close(s.now()) })
}

// Renew publishes an expired job again for the board's posting period.
func (s *Service) Renew(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) (*job.Job, error) {
	st, err := s.settings(ctx, tenant)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, tenant, actor, jobID, func(j *job.Job, c *company.Company) error {
		if !c.Public() {
			return errCompanyNotPublished
		}
		if err := s.requirePostingPaid(ctx, tenant, j); err != nil {
			return err
		}
		return j.Renew(duration(st), s.now())
	})
}

// Manage returns a job and its company for the team's editor.
func (s *Service) Manage(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) (*job.Job, *company.Company, error) {
	return s.loadForTeam(ctx, tenant, actor, jobID, false)
}

// CompanyJob is a job with its counters, for the employer dashboard.
type CompanyJob struct {
	Job   job.Snapshot
	Stats Stats
	// Featured is set while the job is live and in a featured period.
	Featured bool
}

// ForCompany lists a company's jobs with their counters; team only.
func (s *Service) ForCompany(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string) ([]CompanyJob, error) {
	c, err := s.deps.Companies.ByID(ctx, tenant, companyID)
	if err != nil {
		return nil, err
	}
	if err := s.requireTeam(ctx, tenant, actor, c); err != nil {
		return nil, err
	}
	jobs, err := s.deps.Jobs.ForCompany(ctx, tenant, companyID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	stats, err := s.deps.Counter.Stats(ctx, tenant, ids)
	if err != nil {
		return nil, err
	}
	out := make([]CompanyJob, len(jobs))
	for i, j := range jobs {
		out[i] = CompanyJob{Job: j, Stats: stats[j.ID], Featured: job.Rehydrate(j).Featured(s.now())}
	}
	return out, nil
}
