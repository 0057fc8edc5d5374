package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/uptrace/bun"
)

type companyRow struct {
	bun.BaseModel `bun:"table:companies"`

	TenantID        string     `bun:"tenant_id,pk"`
	ID              string     `bun:"id,pk"`
	Slug            string     `bun:"slug"`
	Name            string     `bun:"name"`
	SortName        string     `bun:"sort_name"`
	Website         string     `bun:"website"`
	Sector          string     `bun:"sector"`
	Location        string     `bun:"location"`
	Size            string     `bun:"size"`
	FoundedYear     *int       `bun:"founded_year"`
	ContactEmail    string     `bun:"contact_email"`
	Social          string     `bun:"social"`
	Description     string     `bun:"description"`
	DescriptionHTML string     `bun:"description_html"`
	LogoKey         string     `bun:"logo_key"`
	Status          string     `bun:"status"`
	RejectionReason string     `bun:"rejection_reason"`
	PremiumUntil    *time.Time `bun:"premium_until"`
	CreatedBy       string     `bun:"created_by"`
	CreatedAt       time.Time  `bun:"created_at"`
	UpdatedAt       time.Time  `bun:"updated_at"`
	PublishedAt     *time.Time `bun:"published_at"`
	TakenDownAt     *time.Time `bun:"taken_down_at"`
	Revision        *string    `bun:"revision"`
	RevisionAt      *time.Time `bun:"revision_at"`
}

// SortKey is the case-folded name the directory sorts and searches by.
func SortKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

func newCompanyRow(tenant domain.TenantID, c *company.Company) (*companyRow, error) {
	s := c.Snapshot()
	social, err := json.Marshal(s.Profile.Social)
	if err != nil {
		return nil, fmt.Errorf("store: encode social links: %w", err)
	}
	row := &companyRow{
		TenantID: tenant.String(), ID: s.ID, Slug: s.Profile.Slug.String(), Name: s.Profile.Name, SortName: SortKey(s.Profile.Name),
		Website: s.Profile.Website, Sector: s.Profile.Sector, Location: s.Profile.Location, Size: s.Profile.Size,
		ContactEmail: s.Profile.ContactEmail.String(), Social: string(social), Description: s.Profile.Description,
		DescriptionHTML: s.DescriptionHTML, LogoKey: s.LogoKey, Status: string(s.Status), RejectionReason: s.RejectionReason,
		PremiumUntil: s.PremiumUntil, CreatedBy: s.CreatedBy, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, PublishedAt: s.PublishedAt,
	}
	if s.Profile.FoundedYear != 0 {
		y := s.Profile.FoundedYear
		row.FoundedYear = &y
	}
	row.TakenDownAt = s.TakenDownAt
	if s.Revision != nil {
		b, err := json.Marshal(s.Revision)
		if err != nil {
			return nil, fmt.Errorf("store: encode revision: %w", err)
		}
		text, at := string(b), s.Revision.At
		row.Revision, row.RevisionAt = &text, &at
	}
	return row, nil
}

func (r *companyRow) toDomain() *company.Company {
	social := map[string]string{}
	_ = json.Unmarshal([]byte(r.Social), &social)
	p := company.Profile{
		Name: r.Name, Slug: domain.Slug(r.Slug), Website: r.Website, Sector: r.Sector, Location: r.Location, Size: r.Size,
		ContactEmail: domain.Email(r.ContactEmail), Social: social, Description: r.Description,
	}
	if r.FoundedYear != nil {
		p.FoundedYear = *r.FoundedYear
	}
	return company.Rehydrate(company.Snapshot{
		ID: r.ID, Tenant: domain.TenantID(r.TenantID), Profile: p, DescriptionHTML: r.DescriptionHTML, LogoKey: r.LogoKey,
		Status: company.Status(r.Status), RejectionReason: r.RejectionReason, PremiumUntil: r.PremiumUntil,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, PublishedAt: r.PublishedAt,
		TakenDownAt: r.TakenDownAt, Revision: r.revision(),
	})
}

func (r *companyRow) revision() *company.Revision {
	if r.Revision == nil || *r.Revision == "" {
		return nil
	}
	rev := new(company.Revision)
	if json.Unmarshal([]byte(*r.Revision), rev) != nil {
		return nil
	}
	return rev
}

// Companies is the company repository.
type Companies struct{ db *DB }

// NewCompanies returns the company repository.
func NewCompanies(db *DB) *Companies { return &Companies{db: db} }

var _ company.Repository = (*Companies)(nil)

var errCompanySlugTaken = &domain.Error{Kind: domain.KindConflict, Code: "slug_taken", Message: "another company on this board uses this address",
	Fields: map[string]string{"slug": "another company on this board uses this address; choose another"}}

type companySlugRow struct {
	bun.BaseModel `bun:"table:company_slugs"`

	TenantID  string    `bun:"tenant_id,pk"`
	Slug      string    `bun:"slug,pk"`
	CompanyID string    `bun:"company_id"`
	CreatedAt time.Time `bun:"created_at"`
}

type memberRow struct {
	bun.BaseModel `bun:"table:company_members"`

	TenantID  string    `bun:"tenant_id,pk"`
	CompanyID string    `bun:"company_id,pk"`
	UserID    string    `bun:"user_id,pk"`
	Role      string    `bun:"role"`
	CreatedAt time.Time `bun:"created_at"`
}

// Create inserts a company, its slug and its first owner in one
// transaction.
func (r *Companies) Create(ctx context.Context, tenant domain.TenantID, c *company.Company, ownerID string) error {
	row, err := newCompanyRow(tenant, c)
	if err != nil {
		return err
	}
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		r.db.changed(ctx, tenant)
		if _, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx); err != nil {
			if isUniqueViolation(err, "companies_slug_key", "companies.slug") {
				return errCompanySlugTaken
			}
			return translate(err)
		}
		r.db.inserted(ctx, "companies", row.TenantID, row.ID)
		if err := r.claimSlug(ctx, tenant, row.Slug, row.ID, row.CreatedAt); err != nil {
			return err
		}
		return r.AddMember(ctx, tenant, row.ID, ownerID, company.RoleOwner, row.CreatedAt)
	})
}

// claimSlug records slug as one of the company's addresses. A slug that
// another company of the board holds or once held is a conflict, so an old
// address keeps redirecting to the company that used it.
func (r *Companies) claimSlug(ctx context.Context, tenant domain.TenantID, slug, companyID string, now time.Time) error {
	var holder string
	err := r.db.conn(ctx).NewSelect().Model((*companySlugRow)(nil)).Column("company_id").
		Where("tenant_id = ? AND slug = ?", tenant.String(), slug).Scan(ctx, &holder)
	switch err = translate(err); {
	case err == nil && holder == companyID:
		return nil
	case err == nil:
		return errCompanySlugTaken
	case !isNotFound(err):
		return err
	}
	_, err = r.db.conn(ctx).NewInsert().Model(&companySlugRow{TenantID: tenant.String(), Slug: slug, CompanyID: companyID, CreatedAt: now}).Exec(ctx)
	if isUniqueViolation(err, "", "") {
		return errCompanySlugTaken
	}
	return translate(err)
}

// Update saves a company read with LockByID in the caller's transaction;
// a new slug is claimed and the old one kept.
func (r *Companies) Update(ctx context.Context, tenant domain.TenantID, c *company.Company) error {
	row, err := newCompanyRow(tenant, c)
	if err != nil {
		return err
	}
	if err := r.db.requireLocked(ctx, "companies", row.TenantID, row.ID); err != nil {
		return err
	}
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		r.db.changed(ctx, tenant)
		if err := r.claimSlug(ctx, tenant, row.Slug, row.ID, row.UpdatedAt); err != nil {
			return err
		}
		var oldName string
		if err := r.db.conn(ctx).NewSelect().Model((*companyRow)(nil)).Column("name").
			Where("tenant_id = ? AND id = ?", row.TenantID, row.ID).Scan(ctx, &oldName); err != nil {
			if err = translate(err); isNotFound(err) {
				return domain.NotFound("company")
			}
			return translate(err)
		}
		_, err := r.db.conn(ctx).NewUpdate().Model(row).ExcludeColumn("tenant_id", "id", "created_by", "created_at").WherePK().Exec(ctx)
		if isUniqueViolation(err, "companies_slug_key", "companies.slug") {
			return errCompanySlugTaken
		}
		if err != nil {
			return translate(err)
		}
		if oldName == row.Name {
			return nil
		}
		// A job's searchable keywords start with its company's name; keep
		// them in step so that a renamed company is found by its new name.
		n := utf8.RuneCountInString(oldName)
		_, err = r.db.conn(ctx).NewRaw(`UPDATE jobs SET keywords = ? || substr(keywords, ?)
WHERE tenant_id = ? AND company_id = ? AND substr(keywords, 1, ?) = ?`, row.Name, n+1, row.TenantID, row.ID, n, oldName).Exec(ctx)
		if err != nil {
			return translate(err)
		}
		return r.db.indexJobs(ctx, tenant, "company_id = ?", row.ID)
	})
}

// ByID returns a company of the board or KindNotFound.
func (r *Companies) ByID(ctx context.Context, tenant domain.TenantID, id string) (*company.Company, error) {
	return r.byID(ctx, tenant, id, false)
}

// LockByID returns a company locked until the caller's transaction ends,
// the only read that Update accepts.
func (r *Companies) LockByID(ctx context.Context, tenant domain.TenantID, id string) (*company.Company, error) {
	return r.byID(ctx, tenant, id, true)
}

func (r *Companies) byID(ctx context.Context, tenant domain.TenantID, id string, lock bool) (*company.Company, error) {
	if !isUUID(id) || !isUUID(tenant.String()) {
		return nil, domain.NotFound("company")
	}
	row := new(companyRow)
	q := r.db.conn(ctx).NewSelect().Model(row).Where("tenant_id = ? AND id = ?", tenant.String(), id)
	if lock {
		var err error
		if q, err = r.db.forUpdate(ctx, q, "", "companies", tenant.String(), id); err != nil {
			return nil, err
		}
	}
	err := q.Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return nil, domain.NotFound("company")
		}
		return nil, err
	}
	return row.toDomain(), nil
}

// BySlug returns the company with that current or former slug.
func (r *Companies) BySlug(ctx context.Context, tenant domain.TenantID, slug string) (*company.Company, bool, error) {
	if !isUUID(tenant.String()) || len(slug) > company.MaxSlugLength {
		return nil, false, domain.NotFound("company")
	}
	row := new(companyRow)
	err := r.db.conn(ctx).NewSelect().Model(row).
		Where("tenant_id = ? AND id = (SELECT s.company_id FROM company_slugs AS s WHERE s.tenant_id = ? AND s.slug = ?)", tenant.String(), tenant.String(), slug).
		Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return nil, false, domain.NotFound("company")
		}
		return nil, false, err
	}
	return row.toDomain(), row.Slug == slug, nil
}

// SlugTaken reports whether any company of the board holds or held slug.
func (r *Companies) SlugTaken(ctx context.Context, tenant domain.TenantID, slug string) (bool, error) {
	n, err := r.db.conn(ctx).NewSelect().Model((*companySlugRow)(nil)).Where("tenant_id = ? AND slug = ?", tenant.String(), slug).Count(ctx)
	return n > 0, translate(err)
}

// Members lists a company's team, owners first, then by name.
func (r *Companies) Members(ctx context.Context, tenant domain.TenantID, companyID string) ([]company.Member, error) {
	var rows []struct {
		UserID    string    `bun:"user_id"`
		Name      string    `bun:"name"`
		Email     string    `bun:"email"`
		Role      string    `bun:"role"`
		CreatedAt time.Time `bun:"created_at"`
	}
	err := r.db.conn(ctx).NewSelect().TableExpr("company_members AS m").
		ColumnExpr("m.user_id, u.name, u.email, m.role, m.created_at").
		Join("JOIN users AS u ON u.tenant_id = m.tenant_id AND u.id = m.user_id").
		Where("m.tenant_id = ? AND m.company_id = ?", tenant.String(), companyID).
		OrderExpr("CASE m.role WHEN 'owner' THEN 0 ELSE 1 END, u.name, u.id").Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]company.Member, len(rows))
	for i, m := range rows {
		out[i] = company.Member{UserID: m.UserID, Name: m.Name, Email: domain.Email(m.Email), Role: company.Role(m.Role), JoinedAt: m.CreatedAt}
	}
	return out, nil
}

// MemberRole returns a user's role in a company, or "".
func (r *Companies) MemberRole(ctx context.Context, tenant domain.TenantID, companyID, userID string) (company.Role, error) {
	role, err := r.db.CompanyRole(ctx, tenant, companyID, userID)
	return company.Role(role), err
}

// CompanyRole returns a user's team role in a company of the board, or ""
// when the user is not on the team. The authorizer reads it on each
// decision, so team changes apply at once on every instance.
func (d *DB) CompanyRole(ctx context.Context, tenant domain.TenantID, companyID, userID string) (string, error) {
	if !isUUID(companyID) || !isUUID(userID) || !isUUID(tenant.String()) {
		return "", nil
	}
	var role string
	err := d.conn(ctx).NewSelect().Model((*memberRow)(nil)).Column("role").
		Where("tenant_id = ? AND company_id = ? AND user_id = ?", tenant.String(), companyID, userID).Scan(ctx, &role)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return "", nil
		}
		return "", err
	}
	return role, nil
}

// AddMember adds a member or changes their role.
func (r *Companies) AddMember(ctx context.Context, tenant domain.TenantID, companyID, userID string, role company.Role, now time.Time) error {
	row := &memberRow{TenantID: tenant.String(), CompanyID: companyID, UserID: userID, Role: string(role), CreatedAt: now}
	_, err := r.db.conn(ctx).NewInsert().Model(row).On("CONFLICT (tenant_id, company_id, user_id) DO UPDATE").Set("role = EXCLUDED.role").Exec(ctx)
	if isForeignKeyViolation(err) {
		return domain.NotFound("user or company")
	}
	return translate(err)
}

// RemoveMember removes a member; KindNotFound if not a member.
func (r *Companies) RemoveMember(ctx context.Context, tenant domain.TenantID, companyID, userID string) error {
	res, err := r.db.conn(ctx).NewDelete().Model((*memberRow)(nil)).
		Where("tenant_id = ? AND company_id = ? AND user_id = ?", tenant.String(), companyID, userID).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "team member")
}
