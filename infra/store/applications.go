package store

import (
	"context"
	"time"

	appapplication "github.com/jobboard/jobboard/app/application"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/application"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/uptrace/bun"
)

type applicationRow struct {
	bun.BaseModel `bun:"table:applications"`

	TenantID     string     `bun:"tenant_id,pk"`
	ID           string     `bun:"id,pk"`
	JobID        string     `bun:"job_id"`
	CompanyID    string     `bun:"company_id"`
	UserID       *string    `bun:"user_id"`
	Name         string     `bun:"name"`
	Email        string     `bun:"email"`
	CoverLetter  string     `bun:"cover_letter"`
	CVKey        string     `bun:"cv_key"`
	CVName       string     `bun:"cv_name"`
	CVType       string     `bun:"cv_type"`
	CVSize       int64      `bun:"cv_size"`
	Status       string     `bun:"status"`
	CreatedAt    time.Time  `bun:"created_at"`
	UpdatedAt    time.Time  `bun:"updated_at"`
	AnonymisedAt *time.Time `bun:"anonymised_at"`
}

func newApplicationRow(tenant domain.TenantID, a *application.Application) *applicationRow {
	s := a.Snapshot()
	row := &applicationRow{TenantID: tenant.String(), ID: s.ID, JobID: s.JobID, CompanyID: s.CompanyID, Name: s.Details.Name,
		Email: s.Details.Email.String(), CoverLetter: s.Details.CoverLetter, CVKey: s.CV.Key, CVName: s.CV.Name, CVType: string(s.CV.Type),
		CVSize: s.CV.Size, Status: string(s.Status), CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, AnonymisedAt: s.AnonymisedAt}
	if s.UserID != "" {
		u := s.UserID
		row.UserID = &u
	}
	return row
}

func (r *applicationRow) snapshot() application.Snapshot {
	s := application.Snapshot{ID: r.ID, Tenant: domain.TenantID(r.TenantID), JobID: r.JobID, CompanyID: r.CompanyID,
		Details: application.Details{Name: r.Name, Email: domain.Email(r.Email), CoverLetter: r.CoverLetter},
		CV:      application.CV{Key: r.CVKey, Name: r.CVName, Type: application.CVType(r.CVType), Size: r.CVSize},
		Status:  application.Status(r.Status), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, AnonymisedAt: r.AnonymisedAt}
	if r.UserID != nil {
		s.UserID = *r.UserID
	}
	return s
}

// Applications is the application repository and the candidate read
// models.
type Applications struct{ db *DB }

// NewApplications returns the application repository.
func NewApplications(db *DB) *Applications { return &Applications{db: db} }

var (
	_ application.Repository = (*Applications)(nil)
	_ application.SavedJobs  = (*Applications)(nil)
	_ appapplication.Reads   = (*Applications)(nil)
	_ appapplication.Eraser  = (*Applications)(nil)
)

// Create inserts an application.
func (r *Applications) Create(ctx context.Context, tenant domain.TenantID, a *application.Application) error {
	_, err := r.db.conn(ctx).NewInsert().Model(newApplicationRow(tenant, a)).Exec(ctx)
	switch {
	case isUniqueViolation(err, "applications_job_user_key", "applications.job_id"):
		return domain.Conflict("already_applied", "you have already applied for this job; see your applications")
	case isForeignKeyViolation(err):
		return domain.NotFound("job")
	}
	return translate(err)
}

// ByID returns an application or KindNotFound.
func (r *Applications) ByID(ctx context.Context, tenant domain.TenantID, id string) (*application.Application, error) {
	return r.byID(ctx, tenant, id, false)
}

// LockByID returns an application and locks its row until the caller's
// transaction ends (on PostgreSQL; SQLite write transactions are serialised
// already).
func (r *Applications) LockByID(ctx context.Context, tenant domain.TenantID, id string) (*application.Application, error) {
	return r.byID(ctx, tenant, id, true)
}

func (r *Applications) byID(ctx context.Context, tenant domain.TenantID, id string, lock bool) (*application.Application, error) {
	if !isUUID(id) || !isUUID(tenant.String()) {
		return nil, domain.NotFound("application")
	}
	row := new(applicationRow)
	q := r.db.conn(ctx).NewSelect().Model(row).Where("tenant_id = ? AND id = ?", tenant.String(), id)
	if lock {
		var err error
		if q, err = r.db.forUpdate(ctx, q, "", "applications", tenant.String(), id); err != nil {
			return nil, err
		}
	}
	err := q.Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return nil, domain.NotFound("application")
		}
		return nil, err
	}
	return application.Rehydrate(row.snapshot()), nil
}

// Update saves an application's status and personal fields.
func (r *Applications) Update(ctx context.Context, tenant domain.TenantID, a *application.Application) error {
	row := newApplicationRow(tenant, a)
	if err := r.db.requireLocked(ctx, "applications", row.TenantID, row.ID); err != nil {
		return err
	}
	res, err := r.db.conn(ctx).NewUpdate().Model(row).
		Column("user_id", "name", "email", "cover_letter", "cv_key", "cv_name", "cv_type", "cv_size", "status", "updated_at", "anonymised_at").
		WherePK().Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "application")
}

func (r *Applications) list(ctx context.Context, tenant domain.TenantID, column, value string) ([]application.Snapshot, error) {
	if !isUUID(value) || !isUUID(tenant.String()) {
		return nil, nil
	}
	var rows []applicationRow
	err := r.db.conn(ctx).NewSelect().Model(&rows).Where("tenant_id = ? AND "+column+" = ?", tenant.String(), value).
		Order("created_at DESC", "id DESC").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]application.Snapshot, len(rows))
	for i := range rows {
		out[i] = rows[i].snapshot()
	}
	return out, nil
}

// ForJob lists a job's applications, newest first.
func (r *Applications) ForJob(ctx context.Context, tenant domain.TenantID, jobID string) ([]application.Snapshot, error) {
	return r.list(ctx, tenant, "job_id", jobID)
}

// ForUser lists a user's applications, newest first.
func (r *Applications) ForUser(ctx context.Context, tenant domain.TenantID, userID string) ([]application.Snapshot, error) {
	return r.list(ctx, tenant, "user_id", userID)
}

// CountByJob counts a company's applications per job.
func (r *Applications) CountByJob(ctx context.Context, tenant domain.TenantID, companyID string) (map[string]int, error) {
	out := map[string]int{}
	if !isUUID(companyID) || !isUUID(tenant.String()) {
		return out, nil
	}
	var rows []struct {
		JobID string `bun:"job_id"`
		N     int    `bun:"n"`
	}
	err := r.db.conn(ctx).NewSelect().TableExpr("applications").ColumnExpr("job_id, count(*) AS n").
		Where("tenant_id = ? AND company_id = ?", tenant.String(), companyID).Group("job_id").Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	for _, row := range rows {
		out[row.JobID] = row.N
	}
	return out, nil
}

type savedJobRow struct {
	bun.BaseModel `bun:"table:saved_jobs"`

	TenantID  string    `bun:"tenant_id,pk"`
	UserID    string    `bun:"user_id,pk"`
	JobID     string    `bun:"job_id,pk"`
	CreatedAt time.Time `bun:"created_at"`
}

// Save keeps a job for a user; saving twice is a no-op.
func (r *Applications) Save(ctx context.Context, tenant domain.TenantID, userID, jobID string, now time.Time) error {
	if !isUUID(jobID) || !isUUID(userID) || !isUUID(tenant.String()) {
		return domain.NotFound("job")
	}
	_, err := r.db.conn(ctx).NewInsert().Model(&savedJobRow{TenantID: tenant.String(), UserID: userID, JobID: jobID, CreatedAt: now}).
		On("CONFLICT (tenant_id, user_id, job_id) DO NOTHING").Exec(ctx)
	if isForeignKeyViolation(err) {
		return domain.NotFound("job")
	}
	return translate(err)
}

// Remove forgets a saved job.
func (r *Applications) Remove(ctx context.Context, tenant domain.TenantID, userID, jobID string) error {
	if !isUUID(jobID) || !isUUID(userID) || !isUUID(tenant.String()) {
		return nil
	}
	_, err := r.db.conn(ctx).NewDelete().Model((*savedJobRow)(nil)).
		Where("tenant_id = ? AND user_id = ? AND job_id = ?", tenant.String(), userID, jobID).Exec(ctx)
	return translate(err)
}

// IsSaved reports whether the user saved the job.
func (r *Applications) IsSaved(ctx context.Context, tenant domain.TenantID, userID, jobID string) (bool, error) {
	if !isUUID(jobID) || !isUUID(userID) || !isUUID(tenant.String()) {
		return false, nil
	}
	n, err := r.db.conn(ctx).NewSelect().Model((*savedJobRow)(nil)).
		Where("tenant_id = ? AND user_id = ? AND job_id = ?", tenant.String(), userID, jobID).Count(ctx)
	return n > 0, translate(err)
}

// jobStateColumns are what the candidate lists need to tell whether a job
// is still open.
const jobStateColumns = "j.id AS state_job_id, j.slug AS job_slug, j.title AS job_title, j.status AS job_status, j.expires_at AS job_expires_at, " +
	"j.taken_down_at AS job_taken_down_at, c.name AS company_name, c.slug AS company_slug, " +
	"(CASE WHEN c.status = 'published' AND c.taken_down_at IS NULL THEN 1 ELSE 0 END) AS company_public"

type jobStateRow struct {
	JobID          string     `bun:"state_job_id"`
	JobSlug        string     `bun:"job_slug"`
	JobTitle       string     `bun:"job_title"`
	JobStatus      string     `bun:"job_status"`
	JobExpiresAt   *time.Time `bun:"job_expires_at"`
	JobTakenDownAt *time.Time `bun:"job_taken_down_at"`
	CompanyName    string     `bun:"company_name"`
	CompanySlug    string     `bun:"company_slug"`
	CompanyPublic  int        `bun:"company_public"`
}

// SavedJobs lists a user's saved jobs with their state, newest first.
func (r *Applications) SavedJobs(ctx context.Context, tenant domain.TenantID, userID string, limit int) ([]appapplication.SavedRow, error) {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return nil, nil
	}
	var rows []struct {
		jobStateRow
		SavedAt time.Time `bun:"saved_at"`
	}
	err := r.db.conn(ctx).NewSelect().TableExpr("saved_jobs AS s").
		ColumnExpr(jobStateColumns).ColumnExpr("s.created_at AS saved_at").
		Join("JOIN jobs AS j ON j.tenant_id = s.tenant_id AND j.id = s.job_id").
		Join("JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id").
		Where("s.tenant_id = ? AND s.user_id = ?", tenant.String(), userID).
		Order("s.created_at DESC", "s.job_id DESC").Limit(int64(limit)).Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]appapplication.SavedRow, len(rows))
	for i, row := range rows {
		out[i] = appapplication.SavedRow{JobID: row.JobID, Slug: row.JobSlug, Title: row.JobTitle, CompanyName: row.CompanyName,
			CompanySlug: row.CompanySlug, JobStatus: job.Status(row.JobStatus), ExpiresAt: row.JobExpiresAt, TakenDownAt: row.JobTakenDownAt,
			CompanyPublic: row.CompanyPublic == 1, SavedAt: row.SavedAt}
	}
	return out, nil
}

// MyApplications lists a user's applications with their jobs, newest
// first.
func (r *Applications) MyApplications(ctx context.Context, tenant domain.TenantID, userID string, limit int) ([]appapplication.MyApplicationRow, error) {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return nil, nil
	}
	var rows []struct {
		applicationRow `bun:",extend"`
		jobStateRow
	}
	err := r.db.conn(ctx).NewSelect().TableExpr("applications AS a").
		ColumnExpr("a.*").ColumnExpr(jobStateColumns).
		Join("JOIN jobs AS j ON j.tenant_id = a.tenant_id AND j.id = a.job_id").
		Join("JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id").
		Where("a.tenant_id = ? AND a.user_id = ?", tenant.String(), userID).
		Order("a.created_at DESC", "a.id DESC").Limit(int64(limit)).Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]appapplication.MyApplicationRow, len(rows))
	for i, row := range rows {
		out[i] = appapplication.MyApplicationRow{Application: row.applicationRow.snapshot(), JobTitle: row.JobTitle, JobSlug: row.JobSlug,
			CompanyName: row.CompanyName, JobStatus: job.Status(row.JobStatus), ExpiresAt: row.JobExpiresAt, TakenDownAt: row.JobTakenDownAt,
			CompanyPublic: row.CompanyPublic == 1}
	}
	return out, nil
}

// Memberships counts the company teams a user is on.
func (r *Applications) Memberships(ctx context.Context, tenant domain.TenantID, userID string) (int, error) {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return 0, nil
	}
	n, err := r.db.conn(ctx).NewSelect().TableExpr("company_members").Where("tenant_id = ? AND user_id = ?", tenant.String(), userID).Count(ctx)
	return int(n), translate(err)
}

// DeleteUser removes a board user. Roles, API tokens, team places and
// saved jobs go with the row (foreign keys cascade); browser sessions are
// deleted by the user they were bound to at sign-in. Applications must be
// anonymised first: their foreign key refuses the delete otherwise.
func (r *Applications) DeleteUser(ctx context.Context, tenant domain.TenantID, userID string) error {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return domain.NotFound("user")
	}
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		if _, err := r.db.conn(ctx).NewDelete().TableExpr("sessions").
			Where("tenant_id = ? AND user_id = ?", tenant.String(), userID).Exec(ctx); err != nil {
			return translate(err)
		}
		res, err := r.db.conn(ctx).NewDelete().TableExpr("users").Where("tenant_id = ? AND id = ?", tenant.String(), userID).Exec(ctx)
		if err != nil {
			return translate(err)
		}
		return expectOne(res, "user")
	})
}

// BindSession records which board user a browser session belongs to, and
// from where it was started, so that its owner can see and end it and
// deleting the account or a new password ends it.
func (s *SessionStorage) BindSession(ctx context.Context, sessionID string, tenant domain.TenantID, userID, clientIP, userAgent string) error {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return nil
	}
	_, err := s.db.DB.NewUpdate().TableExpr("sessions").Set("tenant_id = ?, user_id = ?", tenant.String(), userID).
		Set("client_ip = ?, user_agent = ?", clip(clientIP, 64), clip(userAgent, 300)).
		Where("id = ?", sessionID).Exec(ctx)
	return translate(err)
}
