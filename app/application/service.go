// Package application holds the candidate use cases: saved jobs, on-site
// applications with their CVs and review pipeline, and the candidate's
// privacy rights (data export and account deletion).
package application

import (
	"context"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/application"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// Rate limits on submitting applications.
const (
	ApplyWindow      = time.Hour
	MaxApplyPerUser  = 10
	MaxApplyPerIP    = 30
	maxListedResults = 500
)

// SavedJob is a saved job as the candidate's list shows it.
type SavedJob struct {
	JobID       string
	Slug        string
	Title       string
	CompanyName string
	CompanySlug string
	SavedAt     time.Time
	// Open is false once the job expired, was closed, taken down or
	// otherwise left the public board; the list still shows it.
	Open bool
	// Status is open, expired, closed or unavailable.
	Status string
}

// SavedRow is what the read model knows of a saved job; the use case
// decides whether it is still open.
type SavedRow struct {
	JobID, Slug, Title, CompanyName, CompanySlug string
	JobStatus                                    job.Status
	ExpiresAt, TakenDownAt                       *time.Time
	CompanyPublic                                bool
	SavedAt                                      time.Time
}

// MyApplication is one of the candidate's applications with its job.
type MyApplication struct {
	Application application.Snapshot
	JobTitle    string
	JobSlug     string
	CompanyName string
	JobOpen     bool
}

// MyApplicationRow is what the read model knows of an application's job.
type MyApplicationRow struct {
	Application            application.Snapshot
	JobTitle, JobSlug      string
	CompanyName            string
	JobStatus              job.Status
	ExpiresAt, TakenDownAt *time.Time
	CompanyPublic          bool
}

// Reads are the candidate read models.
type Reads interface {
	// SavedJobs lists a user's saved jobs, newest first, whatever the
	// jobs' state.
	SavedJobs(ctx context.Context, tenant domain.TenantID, userID string, limit int) ([]SavedRow, error)
	// MyApplications lists a user's applications with their jobs, newest
	// first.
	MyApplications(ctx context.Context, tenant domain.TenantID, userID string, limit int) ([]MyApplicationRow, error)
	// CountByJob counts the applications per job of a company.
	CountByJob(ctx context.Context, tenant domain.TenantID, companyID string) (map[string]int, error)
	// Memberships counts the company teams a user is on.
	Memberships(ctx context.Context, tenant domain.TenantID, userID string) (int, error)
}

// Eraser removes a board user for good.
type Eraser interface {
	// DeleteUser removes the user with their roles, tokens, team places,
	// saved jobs and browser sessions. Their applications must be
	// anonymised first. KindNotFound if the user is not on the board.
	DeleteUser(ctx context.Context, tenant domain.TenantID, userID string) error
}

// PasswordConfirmer checks a signed-in person's password before an action
// that needs it.
type PasswordConfirmer interface {
	// ConfirmPassword returns KindInvalid on the field "password" for a
	// wrong password and KindTooMany once too many attempts failed; failures
	// count against the sign-in limits.
	ConfirmPassword(ctx context.Context, tenant domain.TenantID, u *account.User, password, clientIP string) error
}

// AlertExporter lists a person's job alert subscriptions for their data
// export. It is optional: without it the export has no alerts section.
type AlertExporter interface {
	// ForEmail returns the subscriptions of an address, each as a JSON-ready
	// value.
	ForEmail(ctx context.Context, tenant domain.TenantID, email domain.Email) ([]any, error)
	// DeleteForEmail removes the subscriptions of an address.
	DeleteForEmail(ctx context.Context, tenant domain.TenantID, email domain.Email) error
}

// Deps are the ports the candidate use cases need.
type Deps struct {
	Applications application.Repository
	Saved        application.SavedJobs
	Reads        Reads
	Eraser       Eraser
	Alerts       AlertExporter // optional
	Jobs         job.Repository
	Companies    company.Repository
	Boards       board.Repository
	Users        account.Users
	Roles        account.Roles
	Authz        app.Authorizer
	Access       app.CompanyAuthorizer
	Files        app.FileStore
	Mailer       app.Mailer
	Passwords    PasswordConfirmer
	Throttle     app.Throttle
	Tx           app.TxRunner
	Clock        app.Clock
	IDs          app.IDs
	// Address refuses users who have not confirmed their e-mail address.
	Address app.AddressCheck
}

// Service runs the candidate use cases.
type Service struct{ deps Deps }

// NewService returns the candidate service.
func NewService(d Deps) *Service { return &Service{deps: d} }

func (s *Service) now() time.Time { return s.deps.Clock.Now() }

// publicJob returns a job anyone may see on the board now, with its
// company. A job that was public and no longer is, is ErrJobClosed; any
// other job KindNotFound.
func (s *Service) publicJob(ctx context.Context, tenant domain.TenantID, jobID string) (*job.Job, *company.Company, error) {
	j, err := s.deps.Jobs.ByID(ctx, tenant, jobID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.deps.Companies.ByID(ctx, tenant, j.CompanyID())
	if err != nil {
		return nil, nil, err
	}
	snap := j.Snapshot()
	switch {
	case !c.Public() || snap.TakenDownAt != nil:
		return nil, nil, domain.NotFound("job")
	case j.Public(s.now()):
		return j, c, nil
	case snap.Status == job.StatusExpired || snap.Status == job.StatusClosed || snap.Status == job.StatusPublished:
		return nil, nil, ErrJobClosed
	}
	return nil, nil, domain.NotFound("job")
}

// ErrJobClosed refuses saving or applying to a job that is no longer open.
var ErrJobClosed = &domain.Error{Kind: domain.KindGone, Code: "job_gone", Message: "this job is no longer open"}

// open reports whether a job shown in a candidate's list is still on the
// public board, and says what it is.
func open(st job.Status, expires, takenDown *time.Time, companyPublic bool, now time.Time) (bool, string) {
	switch {
	case takenDown != nil || !companyPublic:
		return false, "unavailable"
	case st == job.StatusPublished && (expires == nil || expires.After(now)):
		return true, "open"
	case st == job.StatusPublished, st == job.StatusExpired:
		return false, "expired"
	case st == job.StatusClosed:
		return false, "closed"
	}
	return false, "unavailable"
}

// teamCan reports whether the actor may manage the company's jobs (owners
// and recruiters), which is who reviews its applicants.
func (s *Service) teamCan(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string) (bool, error) {
	return s.deps.Access.CanInCompany(ctx, tenant, companyID, actor.Subject(), app.ObjCompanyJobs, app.ActManage)
}

// send mails m and logs a failure: the change it reports is already
// committed, and a mail server being down must not undo it.
func (s *Service) send(ctx context.Context, m app.Message) {
	if m.To == "" {
		return
	}
	if err := s.deps.Mailer.Send(ctx, m); err != nil {
		slog.ErrorContext(ctx, "application mail not sent", "subject", m.Subject, "err", err)
	}
}

func (s *Service) boardName(ctx context.Context, tenant domain.TenantID) string {
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return ""
	}
	return b.Name()
}
