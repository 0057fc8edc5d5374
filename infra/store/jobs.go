package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/uptrace/bun"
)

type jobRow struct {
	bun.BaseModel `bun:"table:jobs"`

	TenantID           string     `bun:"tenant_id,pk"`
	ID                 string     `bun:"id,pk"`
	CompanyID          string     `bun:"company_id"`
	Slug               string     `bun:"slug"`
	Title              string     `bun:"title"`
	Description        string     `bun:"description"`
	DescriptionHTML    string     `bun:"description_html"`
	Keywords           string     `bun:"keywords"`
	EmploymentType     string     `bun:"employment_type"`
	Workplace          string     `bun:"workplace"`
	Locations          string     `bun:"locations"`
	ApplicantCountries string     `bun:"applicant_countries"`
	SalaryMin          *int64     `bun:"salary_min"`
	SalaryMax          *int64     `bun:"salary_max"`
	SalaryCurrency     string     `bun:"salary_currency"`
	SalaryPeriod       string     `bun:"salary_period"`
	SalaryYearMax      *int64     `bun:"salary_year_max"`
	Category           string     `bun:"category"`
	Seniority          string     `bun:"seniority"`
	Tags               string     `bun:"tags"`
	ApplyURL           string     `bun:"apply_url"`
	ApplyEmail         string     `bun:"apply_email"`
	ApplyOnSite        bool       `bun:"apply_onsite"`
	ClosingDate        *time.Time `bun:"closing_date"`
	Status             string     `bun:"status"`
	RejectionReason    string     `bun:"rejection_reason"`
	PublishedAt        *time.Time `bun:"published_at"`
	ExpiresAt          *time.Time `bun:"expires_at"`
	FeaturedUntil      *time.Time `bun:"featured_until"`
	FeaturedPending    int64      `bun:"featured_pending_seconds"`
	PostingPending     int64      `bun:"posting_pending_seconds"`
	ClosedAt           *time.Time `bun:"closed_at"`
	CreatedBy          string     `bun:"created_by"`
	CreatedAt          time.Time  `bun:"created_at"`
	UpdatedAt          time.Time  `bun:"updated_at"`
	TakenDownAt        *time.Time `bun:"taken_down_at"`
	Revision           *string    `bun:"revision"`
	RevisionAt         *time.Time `bun:"revision_at"`
	// SearchVersion is how the job's search tokens were made (searchtext.go);
	// the tokens themselves are written beside the row (index).
	SearchVersion int `bun:"search_version"`
}

// jobColumns are the columns of jobRow, for queries that select them
// explicitly (PostgreSQL's generated search column is left out).
const jobColumns = "j.tenant_id, j.id, j.company_id, j.slug, j.title, j.description, j.description_html, j.keywords, j.employment_type, j.workplace, " +
	"j.locations, j.applicant_countries, j.salary_min, j.salary_max, j.salary_currency, j.salary_period, j.salary_year_max, j.category, " +
	"j.seniority, j.tags, j.apply_url, j.apply_email, j.apply_onsite, j.closing_date, j.status, j.rejection_reason, j.published_at, j.expires_at, " +
	"j.featured_until, j.featured_pending_seconds, j.posting_pending_seconds, j.closed_at, j.created_by, j.created_at, j.updated_at, j.taken_down_at, j.revision, j.revision_at"

func jsonList(v []string) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func parseList(s string) []string {
	var v []string
	_ = json.Unmarshal([]byte(s), &v)
	return v
}

func newJobRow(tenant domain.TenantID, j *job.Job) *jobRow {
	s := j.Snapshot()
	p := s.Posting
	row := &jobRow{
		TenantID: tenant.String(), ID: s.ID, CompanyID: s.CompanyID, Slug: s.Slug, Title: p.Title, Description: p.Description,
		DescriptionHTML: s.DescriptionHTML, EmploymentType: p.EmploymentType, Workplace: p.Workplace,
		Locations: jsonList(p.Locations), ApplicantCountries: jsonList(p.ApplicantCountries), Category: p.Category, Seniority: p.Seniority,
		Tags: jsonList(p.Tags), ApplyURL: p.ApplyURL, ApplyEmail: p.ApplyEmail.String(), ApplyOnSite: p.ApplyOnSite, ClosingDate: p.ClosingDate,
		Status: string(s.Status), RejectionReason: s.RejectionReason, PublishedAt: s.PublishedAt, ExpiresAt: s.ExpiresAt,
		FeaturedUntil: s.FeaturedUntil, FeaturedPending: int64(s.FeaturedPending / time.Second), PostingPending: int64(s.PostingPending / time.Second), ClosedAt: s.ClosedAt, CreatedBy: s.CreatedBy,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
	}
	if s.Revision != nil {
		b, _ := json.Marshal(s.Revision)
		text := string(b)
		at := s.Revision.At
		row.Revision, row.RevisionAt = &text, &at
	}
	row.TakenDownAt = s.TakenDownAt
	if sal := p.Salary; sal != nil {
		minV, maxV, year := sal.Min, sal.Max, sal.YearlyMax()
		row.SalaryMin, row.SalaryMax, row.SalaryYearMax = &minV, &maxV, &year
		row.SalaryCurrency, row.SalaryPeriod = sal.Currency, sal.Period
	}
	return row
}

func (r *jobRow) snapshot() job.Snapshot {
	p := job.Posting{
		Title: r.Title, Description: r.Description, EmploymentType: r.EmploymentType, Workplace: r.Workplace,
		Locations: parseList(r.Locations), ApplicantCountries: parseList(r.ApplicantCountries), Category: r.Category,
		Seniority: r.Seniority, Tags: parseList(r.Tags), ApplyURL: r.ApplyURL, ApplyEmail: domain.Email(r.ApplyEmail), ApplyOnSite: r.ApplyOnSite, ClosingDate: r.ClosingDate,
	}
	if r.SalaryMin != nil && r.SalaryMax != nil {
		p.Salary = &job.Salary{Min: *r.SalaryMin, Max: *r.SalaryMax, Currency: r.SalaryCurrency, Period: r.SalaryPeriod}
	}
	var rev *job.Revision
	if r.Revision != nil && *r.Revision != "" {
		rev = new(job.Revision)
		if json.Unmarshal([]byte(*r.Revision), rev) != nil {
			rev = nil
		}
	}
	return job.Snapshot{
		TakenDownAt: r.TakenDownAt, Revision: rev,
		ID: r.ID, Tenant: domain.TenantID(r.TenantID), CompanyID: r.CompanyID, Slug: r.Slug, Posting: p, DescriptionHTML: r.DescriptionHTML,
		Status: job.Status(r.Status), RejectionReason: r.RejectionReason, PublishedAt: r.PublishedAt, ExpiresAt: r.ExpiresAt,
		FeaturedUntil: r.FeaturedUntil, FeaturedPending: time.Duration(r.FeaturedPending) * time.Second, PostingPending: time.Duration(r.PostingPending) * time.Second, ClosedAt: r.ClosedAt,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// Jobs is the job repository.
type Jobs struct{ db *DB }

// NewJobs returns the job repository.
func NewJobs(db *DB) *Jobs { return &Jobs{db: db} }

var _ job.Repository = (*Jobs)(nil)

// Create inserts a job and its locations.
func (r *Jobs) Create(ctx context.Context, tenant domain.TenantID, j *job.Job) error {
	row := newJobRow(tenant, j)
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		r.db.changed(ctx, tenant)
		if err := r.setKeywords(ctx, row, j, true); err != nil {
			return err
		}
		search, err := r.index(ctx, tenant, row)
		if err != nil {
			return err
		}
		if _, err := r.db.conn(ctx).NewInsert().Model(row).Value("search", "?", search).Exec(ctx); err != nil {
			if isForeignKeyViolation(err) {
				return domain.NotFound("company")
			}
			return translate(err)
		}
		r.db.inserted(ctx, "jobs", row.TenantID, row.ID)
		return r.saveLocations(ctx, tenant, j)
	})
}

// Update saves a job and its locations. The job must have been read with
// LockByID (or created) in the caller's transaction.
func (r *Jobs) Update(ctx context.Context, tenant domain.TenantID, j *job.Job) error {
	row := newJobRow(tenant, j)
	if err := r.db.requireLocked(ctx, "jobs", row.TenantID, row.ID); err != nil {
		return err
	}
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		r.db.changed(ctx, tenant)
		if err := r.setKeywords(ctx, row, j, false); err != nil {
			return err
		}
		same, err := r.sameText(ctx, row)
		if err != nil {
			return err
		}
		q := r.db.conn(ctx).NewUpdate().Model(row).ExcludeColumn("tenant_id", "id", "company_id", "created_by", "created_at")
		if same {
			// Featuring, publishing or expiring a job changes none of its
			// words: its tokens, vocabulary and location rows stay.
			row.SearchVersion = searchVersion
		} else {
			search, err := r.index(ctx, tenant, row)
			if err != nil {
				return err
			}
			q = q.Value("search", "?", search)
		}
		res, err := q.WherePK().Exec(ctx)
		if err != nil {
			return translate(err)
		}
		if err := expectOne(res, "job"); err != nil {
			return err
		}
		if same {
			return nil
		}
		return r.saveLocations(ctx, tenant, j)
	})
}

// searchableRow is what a job's search tokens and location rows are made
// of, as stored.
type searchableRow struct {
	bun.BaseModel  `bun:"table:jobs"`
	Title          string `bun:"title"`
	Description    string `bun:"description"`
	Keywords       string `bun:"keywords"`
	Category       string `bun:"category"`
	Workplace      string `bun:"workplace"`
	EmploymentType string `bun:"employment_type"`
	Locations      string `bun:"locations"`
	SearchVersion  int    `bun:"search_version"`
}

// sameText reports whether the stored job has the words of row (its
// keywords set), with tokens of the current searchVersion.
func (r *Jobs) sameText(ctx context.Context, row *jobRow) (bool, error) {
	var old searchableRow
	err := r.db.conn(ctx).NewSelect().Model(&old).Where("tenant_id = ? AND id = ?", row.TenantID, row.ID).Scan(ctx)
	if err = translate(err); isNotFound(err) {
		return false, domain.NotFound("job")
	} else if err != nil {
		return false, err
	}
	return old == searchableRow{Title: row.Title, Description: row.Description, Keywords: row.Keywords, Category: row.Category,
		Workplace: row.Workplace, EmploymentType: row.EmploymentType, Locations: row.Locations, SearchVersion: searchVersion}, nil
}

// setKeywords fills the row's extra searchable text: its company's name
// first (Companies.Update keeps that prefix in step with renames), then
// the category, seniority, tags and locations. A new job reads the name
// FOR SHARE on PostgreSQL, so a rename in progress finishes first: its
// update of the company's jobs could not see the new row. (An existing
// job's row is locked, so a rename's update waits for it and re-reads.)
func (r *Jobs) setKeywords(ctx context.Context, row *jobRow, j *job.Job, creating bool) error {
	var name string
	q := r.db.conn(ctx).NewSelect().Model((*companyRow)(nil)).Column("name").
		Where("tenant_id = ? AND id = ?", row.TenantID, row.CompanyID)
	if creating && r.db.IsPostgres() {
		q = q.For("SHARE")
	}
	err := q.Scan(ctx, &name)
	if err = translate(err); isNotFound(err) {
		return domain.NotFound("company")
	} else if err != nil {
		return err
	}
	row.Keywords = jobKeywords(name, j.Snapshot().Posting)
	return nil
}

// index returns what the row's search column holds and records the words
// of its title and keywords in the board's vocabulary.
func (r *Jobs) index(ctx context.Context, tenant domain.TenantID, row *jobRow) (string, error) {
	a, err := r.db.analyzer(ctx, tenant)
	if err != nil {
		return "", err
	}
	row.SearchVersion = searchVersion
	if err := r.db.addVocabulary(ctx, tenant, a.vocabulary(row.Title, row.Keywords)); err != nil {
		return "", err
	}
	return r.db.searchValue(a.document(row.searchDoc())), nil
}

// searchDoc is what the row's search tokens are made of.
func (r *jobRow) searchDoc() searchDoc {
	return searchDoc{Title: r.Title, Keywords: r.Keywords, Description: r.Description,
		Category: r.Category, Workplace: r.Workplace, EmploymentType: r.EmploymentType}
}

// jobKeywords is a job's extra searchable text: its company's name first,
// then the category, seniority, tags and locations.
func jobKeywords(companyName string, p job.Posting) string {
	return strings.Join(append(append([]string{companyName, p.Category, p.Seniority}, p.Tags...), p.Locations...), " ")
}

type jobLocationRow struct {
	bun.BaseModel `bun:"table:job_locations"`

	TenantID string `bun:"tenant_id,pk"`
	JobID    string `bun:"job_id,pk"`
	Location string `bun:"location,pk"`
}

func (r *Jobs) saveLocations(ctx context.Context, tenant domain.TenantID, j *job.Job) error {
	s := j.Snapshot()
	if _, err := r.db.conn(ctx).NewDelete().Model((*jobLocationRow)(nil)).Where("tenant_id = ? AND job_id = ?", tenant.String(), s.ID).Exec(ctx); err != nil {
		return translate(err)
	}
	rows := locationRows(tenant, s)
	if len(rows) == 0 {
		return nil
	}
	_, err := r.db.conn(ctx).NewInsert().Model(&rows).Exec(ctx)
	return translate(err)
}

// locationRows are the rows the location filter reads for a job: each of
// its locations once, and Remote for remote work.
func locationRows(tenant domain.TenantID, s job.Snapshot) []jobLocationRow {
	locs := s.Posting.Locations
	if s.Posting.Workplace == "remote" {
		locs = append(append([]string{}, locs...), "Remote")
	}
	rows := make([]jobLocationRow, 0, len(locs))
	seen := map[string]bool{}
	for _, l := range locs {
		if !seen[l] {
			seen[l] = true
			rows = append(rows, jobLocationRow{TenantID: tenant.String(), JobID: s.ID, Location: l})
		}
	}
	return rows
}

// ByID returns a job or KindNotFound.
func (r *Jobs) ByID(ctx context.Context, tenant domain.TenantID, id string) (*job.Job, error) {
	return r.byID(ctx, tenant, id, false)
}

// LockByID returns a job locked until the caller's transaction ends, the
// only read that Update accepts; KindNotFound if it is missing.
func (r *Jobs) LockByID(ctx context.Context, tenant domain.TenantID, id string) (*job.Job, error) {
	return r.byID(ctx, tenant, id, true)
}

func (r *Jobs) byID(ctx context.Context, tenant domain.TenantID, id string, lock bool) (*job.Job, error) {
	if !isUUID(id) || !isUUID(tenant.String()) {
		return nil, domain.NotFound("job")
	}
	row := new(jobRow)
	q := r.db.conn(ctx).NewSelect().Model(row).Where("tenant_id = ? AND id = ?", tenant.String(), id)
	if lock {
		var err error
		if q, err = r.db.forUpdate(ctx, q, "", "jobs", tenant.String(), id); err != nil {
			return nil, err
		}
	}
	err := q.Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return nil, domain.NotFound("job")
		}
		return nil, err
	}
	return job.Rehydrate(row.snapshot()), nil
}

// ForCompany lists a company's jobs of every status, newest first.
func (r *Jobs) ForCompany(ctx context.Context, tenant domain.TenantID, companyID string) ([]job.Snapshot, error) {
	if !isUUID(companyID) || !isUUID(tenant.String()) {
		return nil, nil
	}
	var rows []jobRow
	err := r.db.conn(ctx).NewSelect().Model(&rows).Where("tenant_id = ? AND company_id = ?", tenant.String(), companyID).
		Order("created_at DESC", "id DESC").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]job.Snapshot, len(rows))
	for i := range rows {
		out[i] = rows[i].snapshot()
	}
	return out, nil
}

// ExpireDue expires due jobs of one board in batches. On PostgreSQL the
// rows are claimed with FOR UPDATE SKIP LOCKED, so instances running the
// scheduler at the same moment split the work instead of waiting on each
// other; each row changes once either way, because the update re-checks
// the status and time.
func (r *Jobs) ExpireDue(ctx context.Context, tenant domain.TenantID, now time.Time) (int, error) {
	lock := ""
	if r.db.IsPostgres() {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	total := 0
	for {
		// featured_until stays: a paid period that outlasts the job is
		// still there if the job is renewed within it.
		res, err := r.db.DB.NewRaw(`UPDATE jobs SET status = 'expired', updated_at = ?
WHERE tenant_id = ? AND id IN (
  SELECT id FROM jobs WHERE tenant_id = ? AND status = 'published' AND expires_at <= ? ORDER BY expires_at LIMIT 500`+lock+`
) AND status = 'published' AND expires_at <= ?`, now, tenant.String(), tenant.String(), now, now).Exec(ctx)
		if err != nil {
			return total, translate(err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n > 0 {
			r.db.changed(ctx, tenant)
		}
		if n < 500 {
			break
		}
	}
	res, err := r.db.DB.NewRaw(`UPDATE jobs SET featured_until = NULL WHERE tenant_id = ? AND status = 'published' AND featured_until <= ?`,
		tenant.String(), now).Exec(ctx)
	if err != nil {
		return total, translate(err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		r.db.changed(ctx, tenant)
	}
	return total, nil
}
