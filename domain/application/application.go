// Package application holds what candidates do with jobs: the on-site
// Application aggregate with its review pipeline, the CV rules, and saved
// jobs.
package application

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// Status is an application's place in the company's review pipeline.
type Status string

// Application statuses: new → reviewing → shortlisted → hired, and from
// any open stage to rejected. Rejected and hired are final.
const (
	StatusNew         Status = "new"
	StatusReviewing   Status = "reviewing"
	StatusShortlisted Status = "shortlisted"
	StatusRejected    Status = "rejected"
	StatusHired       Status = "hired"
)

// Statuses lists the pipeline in order.
var Statuses = []Status{StatusNew, StatusReviewing, StatusShortlisted, StatusRejected, StatusHired}

// next says where each status may go.
var next = map[Status][]Status{
	StatusNew:         {StatusReviewing, StatusRejected},
	StatusReviewing:   {StatusShortlisted, StatusRejected},
	StatusShortlisted: {StatusHired, StatusRejected},
}

// ParseStatus checks a status name (KindInvalid naming the field "status").
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == strings.TrimSpace(s) {
			return st, nil
		}
	}
	return "", domain.Invalid("status", "choose one of: new, reviewing, shortlisted, rejected, hired")
}

// Next returns the statuses an application in s may move to.
func (s Status) Next() []Status { return next[s] }

// Final reports whether no move is possible from s.
func (s Status) Final() bool { return len(next[s]) == 0 }

// Limits on application fields.
const (
	MaxNameLength        = 100
	MaxCoverLetterLength = 10000
	MaxFileNameLength    = 120
)

// AnonymousName replaces the name of a candidate who deleted their account.
const AnonymousName = "Deleted candidate"

// Details are what the candidate writes on the form.
type Details struct {
	Name        string
	Email       domain.Email
	CoverLetter string
}

// ParseDetails checks the form fields; every wrong field is reported at once.
func ParseDetails(name, email, coverLetter string) (Details, error) {
	f := map[string]string{}
	d := Details{Name: strings.Join(strings.Fields(name), " "), CoverLetter: strings.TrimSpace(strings.ReplaceAll(coverLetter, "\r\n", "\n"))}
	switch n := utf8.RuneCountInString(d.Name); {
	case n == 0:
		f["name"] = "enter your name"
	case n > MaxNameLength:
		f["name"] = "use at most 100 characters"
	case strings.ContainsAny(d.Name, "<>"):
		f["name"] = "the name contains characters that are not allowed"
	default:
		if msg := domain.CheckDisplayText(d.Name); msg != "" {
			f["name"] = msg
		}
	}
	e, err := domain.ParseEmail("email", email)
	if err != nil {
		f["email"] = err.(*domain.Error).Fields["email"]
	}
	d.Email = e
	if utf8.RuneCountInString(d.CoverLetter) > MaxCoverLetterLength {
		f["cover_letter"] = "use at most 10000 characters"
	}
	if len(f) > 0 {
		return Details{}, domain.InvalidFields(f)
	}
	return d, nil
}

// CV is the stored résumé of an application.
type CV struct {
	Key  string // FileStore key; unguessable
	Name string // the file name the candidate uploaded, cleaned
	Type CVType
	Size int64
}

// Snapshot is an application's full state, for storage and read models.
type Snapshot struct {
	ID        string
	Tenant    domain.TenantID
	JobID     string
	CompanyID string
	// UserID is the applicant; empty once they deleted their account.
	UserID       string
	Details      Details
	CV           CV
	Status       Status
	CreatedAt    time.Time
	UpdatedAt    time.Time
	AnonymisedAt *time.Time
}

// Application is one candidate's application to one job.
type Application struct{ s Snapshot }

// New starts an application in status new.
func New(id string, tenant domain.TenantID, jobID, companyID, userID string, d Details, cv CV, now time.Time) *Application {
	return &Application{s: Snapshot{ID: id, Tenant: tenant, JobID: jobID, CompanyID: companyID, UserID: userID, Details: d, CV: cv,
		Status: StatusNew, CreatedAt: now, UpdatedAt: now}}
}

// Rehydrate rebuilds an application from storage.
func Rehydrate(s Snapshot) *Application { return &Application{s: s} }

// Snapshot returns a copy of the state.
func (a *Application) Snapshot() Snapshot { return a.s }

// ID returns the application id.
func (a *Application) ID() string { return a.s.ID }

// Status returns the pipeline status.
func (a *Application) Status() Status { return a.s.Status }

// Anonymised reports whether the candidate deleted their account.
func (a *Application) Anonymised() bool { return a.s.AnonymisedAt != nil }

// errTransition explains why a move is not allowed.
func errTransition(from, to Status) error {
	if from.Final() {
		return domain.Conflict("invalid_transition", "the application is already "+string(from)+"; it cannot be moved any more")
	}
	names := make([]string, 0, 2)
	for _, s := range from.Next() {
		names = append(names, string(s))
	}
	return domain.Conflict("invalid_transition", "an application that is "+string(from)+" can only move to "+strings.Join(names, " or ")+", not "+string(to))
}

// Move changes the status along the pipeline. Any other move, including
// to the current status, is KindConflict (code invalid_transition).
func (a *Application) Move(to Status, now time.Time) error {
	for _, s := range a.s.Status.Next() {
		if s == to {
			a.s.Status, a.s.UpdatedAt = to, now
			return nil
		}
	}
	return errTransition(a.s.Status, to)
}

// Anonymise removes the candidate's personal data (name, e-mail, cover
// letter, CV) and the link to their account; the status stays so that the
// company's counts do not change. It returns the CV key to delete, or "".
func (a *Application) Anonymise(now time.Time) string {
	key := a.s.CV.Key
	t := now
	a.s.UserID = ""
	a.s.Details = Details{Name: AnonymousName}
	a.s.CV = CV{}
	a.s.AnonymisedAt, a.s.UpdatedAt = &t, now
	return key
}

// Repository stores applications. Every method is scoped by the tenant;
// another board's application is KindNotFound.
type Repository interface {
	// Create inserts an application; a second application of the same user
	// to the same job is KindConflict (code already_applied), a missing job
	// KindNotFound.
	Create(ctx context.Context, tenant domain.TenantID, a *Application) error
	// ByID returns an application or KindNotFound.
	ByID(ctx context.Context, tenant domain.TenantID, id string) (*Application, error)
	// LockByID is ByID for a change inside the caller's transaction: the
	// row stays locked until it ends, so concurrent changes (a status move
	// and an account deletion) apply one after the other. KindNotFound if
	// it is missing.
	LockByID(ctx context.Context, tenant domain.TenantID, id string) (*Application, error)
	// Update saves an application read with LockByID in the same
	// transaction; KindNotFound if it is missing.
	Update(ctx context.Context, tenant domain.TenantID, a *Application) error
	// ForJob lists a job's applications, newest first.
	ForJob(ctx context.Context, tenant domain.TenantID, jobID string) ([]Snapshot, error)
	// ForUser lists a user's applications, newest first.
	ForUser(ctx context.Context, tenant domain.TenantID, userID string) ([]Snapshot, error)
}

// SavedJobs stores the jobs candidates keep for later.
type SavedJobs interface {
	// Save keeps a job for a user; saving twice is a no-op, a missing job
	// KindNotFound.
	Save(ctx context.Context, tenant domain.TenantID, userID, jobID string, now time.Time) error
	// Remove forgets a saved job; removing an unsaved job is a no-op.
	Remove(ctx context.Context, tenant domain.TenantID, userID, jobID string) error
	// IsSaved reports whether the user saved the job.
	IsSaved(ctx context.Context, tenant domain.TenantID, userID, jobID string) (bool, error)
}
