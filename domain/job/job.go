package job

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// Status is a job's place in its lifecycle.
type Status string

// Job statuses. draft → pending → published → expired | closed; a rejected
// job is edited and resubmitted; an expired job can be renewed.
const (
	StatusDraft     Status = "draft"
	StatusPending   Status = "pending"
	StatusPublished Status = "published"
	StatusRejected  Status = "rejected"
	StatusExpired   Status = "expired"
	StatusClosed    Status = "closed"
)

// Job is a posting of one company on one board.
type Job struct {
	s Snapshot
}

// Snapshot is a job's full state, for storage and read models.
type Snapshot struct {
	ID              string
	Tenant          domain.TenantID
	CompanyID       string
	Slug            string
	Posting         Posting
	DescriptionHTML string
	Status          Status
	RejectionReason string
	PublishedAt     *time.Time
	ExpiresAt       *time.Time
	FeaturedUntil   *time.Time
	// FeaturedPending is featured time bought before the job was
	// published; it starts when the job goes live.
	FeaturedPending time.Duration
	// PostingPending is paid posting time bought while the job was not
	// live (waiting for review); it becomes the job's run when it is
	// published.
	PostingPending time.Duration
	ClosedAt       *time.Time
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// TakenDownAt is set while moderators keep the job off every public page.
	TakenDownAt *time.Time
	// Revision is an edit of a published job waiting for review; the live
	// posting stays until it is approved.
	Revision *Revision
}

// Revision is a proposed new version of a published job.
type Revision struct {
	Posting         Posting
	DescriptionHTML string
	Slug            string
	At              time.Time
}

// New starts a draft job.
func New(id string, tenant domain.TenantID, companyID, slug string, p Posting, descriptionHTML, userID string, now time.Time) *Job {
	return &Job{s: Snapshot{ID: id, Tenant: tenant, CompanyID: companyID, Slug: slug, Posting: p, DescriptionHTML: descriptionHTML,
		Status: StatusDraft, CreatedBy: userID, CreatedAt: now, UpdatedAt: now}}
}

// Rehydrate rebuilds a job from storage.
func Rehydrate(s Snapshot) *Job { return &Job{s: s} }

// Snapshot returns a copy of the job's state.
func (j *Job) Snapshot() Snapshot { return j.s }

// ID returns the job id.
func (j *Job) ID() string { return j.s.ID }

// CompanyID returns the posting company.
func (j *Job) CompanyID() string { return j.s.CompanyID }

// Status returns the lifecycle state.
func (j *Job) Status() Status { return j.s.Status }

// Public reports whether the job shows on public pages at now.
func (j *Job) Public(now time.Time) bool {
	return j.s.Status == StatusPublished && j.s.TakenDownAt == nil && (j.s.ExpiresAt == nil || j.s.ExpiresAt.After(now))
}

// Featured reports whether the job is featured at now.
func (j *Job) Featured(now time.Time) bool {
	return j.Public(now) && j.s.FeaturedUntil != nil && j.s.FeaturedUntil.After(now)
}

func conflict(code, msg string) error { return domain.Conflict(code, msg) }

// Edit replaces the posting. A published job stays live with the new
// content; a pending one returns to draft so that what is reviewed is what
// was submitted; an expired job stays expired (so a passed closing date can
// be moved before renewing); a closed job cannot be edited.
func (j *Job) Edit(p Posting, descriptionHTML, slug string, now time.Time) error {
	switch j.s.Status {
	case StatusClosed:
		return conflict("job_closed", "a closed job cannot be edited")
	case StatusPending:
		j.s.Status = StatusDraft
	}
	// A direct edit supersedes an edit still waiting for review.
	j.s.Posting, j.s.DescriptionHTML, j.s.Slug, j.s.UpdatedAt, j.s.Revision = p, descriptionHTML, slug, now, nil
	j.capExpiry()
	return nil
}

// Submit sends a draft or rejected job for review, or publishes it at once
// when the board does not review jobs, for duration.
func (j *Job) Submit(review bool, duration time.Duration, now time.Time) error {
	switch j.s.Status {
	case StatusDraft, StatusRejected:
	case StatusPending:
		return conflict("already_pending", "the job is already waiting for review")
	default:
		return conflict("invalid_transition", "only a draft or rejected job can be submitted")
	}
	if err := j.checkClosingDate(now); err != nil {
		return err
	}
	j.s.RejectionReason = ""
	j.s.UpdatedAt = now
	if review {
		j.s.Status = StatusPending
		return nil
	}
	j.publish(duration, now)
	return nil
}

// Approve publishes a pending job for duration.
func (j *Job) Approve(duration time.Duration, now time.Time) error {
	if err := j.checkNotTakenDown(); err != nil {
		return err
	}
	if j.s.Status != StatusPending {
		return conflict("not_pending", "only a job waiting for review can be approved")
	}
	if err := j.checkClosingDate(now); err != nil {
		return err
	}
	j.publish(duration, now)
	return nil
}

// Reject returns a pending job to its company with a reason.
func (j *Job) Reject(reason string, now time.Time) error {
	if err := j.checkNotTakenDown(); err != nil {
		return err
	}
	if j.s.Status != StatusPending {
		return conflict("not_pending", "only a job waiting for review can be rejected")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Invalid("reason", "say why the job is rejected")
	}
	if utf8.RuneCountInString(reason) > 2000 {
		return domain.Invalid("reason", "use at most 2000 characters")
	}
	j.s.Status, j.s.RejectionReason, j.s.UpdatedAt = StatusRejected, reason, now
	return nil
}

// Expire ends a published job whose time is up. It is a conflict before
// the expiry time, so a scheduler running late or twice changes nothing.
func (j *Job) Expire(now time.Time) error {
	if j.s.Status != StatusPublished {
		return conflict("not_published", "only a published job can expire")
	}
	if j.s.ExpiresAt == nil || j.s.ExpiresAt.After(now) {
		return conflict("not_due", "the job has not reached its expiry")
	}
	// A waiting edit of a job that is no longer live must not come back
	// over newer content when the job is renewed.
	j.s.Status, j.s.UpdatedAt, j.s.Revision = StatusExpired, now, nil
	return nil
}

// Close marks a published job filled; it leaves every public list.
func (j *Job) Close(now time.Time) error {
	if j.s.Status != StatusPublished {
		return conflict("not_published", "only a published job can be closed")
	}
	t := now
	j.s.Status, j.s.ClosedAt, j.s.UpdatedAt, j.s.FeaturedUntil, j.s.Revision = StatusClosed, &t, now, nil, nil
	return nil
}

// Renew publishes an expired job again for duration (review does not
// apply: the content was approved before and has not changed).
func (j *Job) Renew(duration time.Duration, now time.Time) error {
	if j.s.Status != StatusExpired {
		return conflict("not_expired", "only an expired job can be renewed")
	}
	if err := j.checkClosingDate(now); err != nil {
		return err
	}
	j.publish(duration, now)
	return nil
}

// SetFeaturedUntil features the job until t, or stops featuring it (nil).
func (j *Job) SetFeaturedUntil(t *time.Time, now time.Time) {
	j.s.FeaturedUntil, j.s.UpdatedAt = t, now
}

// CanBeFeatured says whether featured time bought now can take effect:
// a live job is featured at once, a draft, pending or rejected one once it
// is published. Expired, closed and taken-down jobs cannot be featured.
func (j *Job) CanBeFeatured(now time.Time) error {
	switch {
	case j.s.TakenDownAt != nil:
		return conflict("taken_down", "the job is taken down")
	case j.s.Status == StatusPublished && !j.Public(now):
		return conflict("not_published", "the job is not live")
	case j.s.Status == StatusExpired || j.s.Status == StatusClosed:
		return conflict("not_published", "renew the job before featuring it")
	}
	return nil
}

// AddFeatured adds d of featured time: from the later of now and the end of
// the current period for a live job, or from publication for a job not yet
// live.
func (j *Job) AddFeatured(d time.Duration, now time.Time) {
	if j.s.Status == StatusPublished {
		j.s.FeaturedUntil = domain.ExtendPeriod(j.s.FeaturedUntil, now, d)
	} else {
		j.s.FeaturedPending += d
	}
	j.s.UpdatedAt = now
}

// RemoveFeatured takes back d of featured time (a refund): time not yet
// started goes first, then the end of the current period comes forward.
func (j *Job) RemoveFeatured(d time.Duration, now time.Time) {
	take := min(d, j.s.FeaturedPending)
	j.s.FeaturedPending -= take
	if d -= take; d > 0 {
		j.s.FeaturedUntil = domain.ShortenPeriod(j.s.FeaturedUntil, now, d)
	}
	j.s.UpdatedAt = now
}

// Withdraw takes a job waiting for review back to draft (a refunded paid
// posting must not be approved for free).
func (j *Job) Withdraw(now time.Time) error {
	if j.s.Status != StatusPending {
		return conflict("not_pending", "only a job waiting for review can be withdrawn")
	}
	j.s.Status, j.s.UpdatedAt = StatusDraft, now
	return nil
}

// Unpublish takes a published job back to draft (a refunded paid posting).
func (j *Job) Unpublish(now time.Time) error {
	if j.s.Status != StatusPublished {
		return conflict("not_published", "only a published job can be unpublished")
	}
	// Paid featured time not yet used waits for the next publication.
	if fu := j.s.FeaturedUntil; fu != nil && fu.After(now) {
		j.s.FeaturedPending += fu.Sub(now)
	}
	j.s.Status, j.s.UpdatedAt, j.s.FeaturedUntil, j.s.Revision = StatusDraft, now, nil, nil
	return nil
}

func (j *Job) publish(duration time.Duration, now time.Time) {
	if j.s.PostingPending > 0 {
		// A paid run takes the place of the board's free one.
		duration, j.s.PostingPending = j.s.PostingPending, 0
	}
	t := now
	if j.s.PublishedAt == nil || j.s.Status == StatusExpired {
		j.s.PublishedAt = &t
	}
	exp := now.Add(duration)
	j.s.Status, j.s.ExpiresAt, j.s.UpdatedAt = StatusPublished, &exp, now
	if j.s.FeaturedPending > 0 {
		j.s.FeaturedUntil = domain.ExtendPeriod(j.s.FeaturedUntil, now, j.s.FeaturedPending)
		j.s.FeaturedPending = 0
	}
	j.capExpiry()
}

// ProposeEdit keeps an edit of a published job aside for review, replacing
// any earlier proposal; the live posting does not change.
func (j *Job) ProposeEdit(p Posting, descriptionHTML, slug string, now time.Time) error {
	if j.s.Status != StatusPublished {
		return conflict("not_published", "only a published job's edits go to review")
	}
	j.s.Revision = &Revision{Posting: p, DescriptionHTML: descriptionHTML, Slug: slug, At: now}
	j.s.UpdatedAt = now
	return nil
}

// ApproveRevision puts a reviewed edit live.
func (j *Job) ApproveRevision(now time.Time) error {
	if err := j.checkNotTakenDown(); err != nil {
		return err
	}
	r := j.s.Revision
	if r == nil {
		return conflict("no_revision", "there is no edit waiting for review")
	}
	j.s.Posting, j.s.DescriptionHTML, j.s.Slug, j.s.Revision, j.s.UpdatedAt = r.Posting, r.DescriptionHTML, r.Slug, nil, now
	j.s.RejectionReason = ""
	j.capExpiry()
	return nil
}

// RejectRevision drops a reviewed edit, keeps the live posting and tells
// the team why.
func (j *Job) RejectRevision(reason string, now time.Time) error {
	if err := j.checkNotTakenDown(); err != nil {
		return err
	}
	if j.s.Revision == nil {
		return conflict("no_revision", "there is no edit waiting for review")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Invalid("reason", "say why the edit is rejected")
	}
	j.s.Revision, j.s.RejectionReason, j.s.UpdatedAt = nil, "Edit not approved: "+reason, now
	return nil
}

// TakeDown removes the job from every public page until it is restored.
func (j *Job) TakeDown(now time.Time) error {
	if j.s.TakenDownAt != nil {
		return conflict("already_taken_down", "the job is already taken down")
	}
	t := now
	j.s.TakenDownAt, j.s.UpdatedAt = &t, now
	return nil
}

// Restore puts a taken-down job back as it was.
func (j *Job) Restore(now time.Time) error {
	if j.s.TakenDownAt == nil {
		return conflict("not_taken_down", "the job is not taken down")
	}
	j.s.TakenDownAt, j.s.UpdatedAt = nil, now
	return nil
}

func (j *Job) checkNotTakenDown() error {
	if j.s.TakenDownAt != nil {
		return conflict("taken_down", "the job is taken down; restore it first")
	}
	return nil
}

// CanBePublished says whether the job could be published now as it stands:
// not taken down, its closing day not over. Checkout asks it before selling
// a posting.
func (j *Job) CanBePublished(now time.Time) error {
	if err := j.checkNotTakenDown(); err != nil {
		return err
	}
	return j.checkClosingDate(now)
}

// checkClosingDate refuses to publish a job whose closing day is over.
func (j *Job) checkClosingDate(now time.Time) error {
	if cd := j.s.Posting.ClosingDate; cd != nil && !cd.Add(24*time.Hour).After(now) {
		return domain.Invalid("closing_date", "the closing date has passed; edit the job's closing date first")
	}
	return nil
}

// capExpiry ends the job at the end of its closing date when that comes
// before the posting period runs out.
func (j *Job) capExpiry() {
	cd := j.s.Posting.ClosingDate
	if cd == nil || j.s.ExpiresAt == nil {
		return
	}
	end := cd.Add(24 * time.Hour)
	if end.Before(*j.s.ExpiresAt) {
		j.s.ExpiresAt = &end
	}
}

// Repository stores jobs. Every method is scoped by the tenant; another
// board's job is KindNotFound.
type Repository interface {
	// Create inserts a job; KindNotFound when its company is missing.
	Create(ctx context.Context, tenant domain.TenantID, j *Job) error
	// Update saves a job read with LockByID (or created) in the same
	// transaction; KindNotFound if it is missing, KindInternal for a job
	// that was not read locked.
	Update(ctx context.Context, tenant domain.TenantID, j *Job) error
	// ByID returns a job or KindNotFound, for reading only.
	ByID(ctx context.Context, tenant domain.TenantID, id string) (*Job, error)
	// LockByID returns a job for a change inside the caller's transaction:
	// its row stays locked until the transaction ends, so concurrent changes
	// apply one after the other. KindNotFound if it is missing.
	LockByID(ctx context.Context, tenant domain.TenantID, id string) (*Job, error)
	// ForCompany lists a company's jobs of every status, newest first.
	ForCompany(ctx context.Context, tenant domain.TenantID, companyID string) ([]Snapshot, error)
	// ExpireDue expires the board's published jobs whose time is up and
	// ends featured periods that are over; it returns how many jobs
	// expired. It is idempotent and safe to run on several instances.
	ExpireDue(ctx context.Context, tenant domain.TenantID, now time.Time) (int, error)
}
