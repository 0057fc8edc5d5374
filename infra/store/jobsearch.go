package store

import (
	"context"
	"strings"
	"time"
	"unicode"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/uptrace/bun"
)

// JobSearch is the public board's read model. Full-text matching uses a
// tsvector column and GIN index on PostgreSQL and an FTS5 table on SQLite;
// everything else is shared.
type JobSearch struct{ db *DB }

// NewJobSearch returns the job search read model.
func NewJobSearch(db *DB) *JobSearch { return &JobSearch{db: db} }

var _ appjob.Search = (*JobSearch)(nil)

type listingRow struct {
	jobRow         `bun:",extend"`
	CompanyName    string     `bun:"company_name"`
	CompanySlug    string     `bun:"company_slug"`
	CompanyLogoKey string     `bun:"company_logo_key"`
	CompanyWebsite string     `bun:"company_website"`
	CompanyDownAt  *time.Time `bun:"company_taken_down_at"`
	Featured       int        `bun:"featured"`
}

func (r *listingRow) listing() appjob.Listing {
	return appjob.Listing{Job: r.snapshot(), CompanyName: r.CompanyName, CompanySlug: r.CompanySlug, CompanyLogoKey: r.CompanyLogoKey,
		CompanyWebsite: r.CompanyWebsite, Featured: r.Featured == 1,
		CompanyHidden: r.CompanyDownAt != nil}
}

const featuredExpr = "(CASE WHEN j.featured_until > ? THEN 1 ELSE 0 END)"

// selectListings starts a query over jobs joined with their companies.
func (s *JobSearch) selectListings(ctx context.Context, now time.Time) *bun.SelectQuery {
	return s.db.conn(ctx).NewSelect().TableExpr("jobs AS j").
		ColumnExpr(jobColumns).
		ColumnExpr("c.name AS company_name, c.slug AS company_slug, c.logo_key AS company_logo_key, c.website AS company_website, c.taken_down_at AS company_taken_down_at").
		ColumnExpr(featuredExpr+" AS featured", now).
		Join("JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id")
}

// public restricts a query over jobs j joined with companies c to the
// board's open jobs: published, unexpired, and neither the job nor its
// company taken down.
func public(q *bun.SelectQuery, tenant domain.TenantID, now time.Time) *bun.SelectQuery {
	return q.Where("j.tenant_id = ? AND j.status = 'published' AND j.expires_at > ? AND j.taken_down_at IS NULL AND c.taken_down_at IS NULL", tenant.String(), now)
}

// withCompany joins a job query with the jobs' companies.
func withCompany(q *bun.SelectQuery) *bun.SelectQuery {
	return q.Join("JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id")
}

// filter applies the search's text and filters.
func (s *JobSearch) filter(q *bun.SelectQuery, tenant domain.TenantID, f appjob.Query) *bun.SelectQuery {
	q = public(q, tenant, f.Now)
	if f.Category != "" {
		q = q.Where("j.category = ?", f.Category)
	}
	if f.Workplace != "" {
		q = q.Where("j.workplace = ?", f.Workplace)
	}
	if f.EmploymentType != "" {
		q = q.Where("j.employment_type = ?", f.EmploymentType)
	}
	if f.CompanyID != "" {
		if isUUID(f.CompanyID) {
			q = q.Where("j.company_id = ?", f.CompanyID)
		} else {
			q = q.Where("c.slug = ?", f.CompanyID)
		}
	}
	if f.MinSalary > 0 {
		q = q.Where("j.salary_year_max >= ?", f.MinSalary)
	}
	if !f.PublishedFrom.IsZero() {
		q = q.Where("j.published_at >= ?", f.PublishedFrom)
	}
	if !f.PublishedBefore.IsZero() {
		q = q.Where("j.published_at < ?", f.PublishedBefore)
	}
	if f.Location != "" {
		q = q.Where("EXISTS (SELECT 1 FROM job_locations AS l WHERE l.tenant_id = j.tenant_id AND l.job_id = j.id AND lower(l.location) = lower(?))", f.Location)
	}
	if f.Text != "" {
		if s.db.IsPostgres() {
			q = q.Where("j.search @@ websearch_to_tsquery('english', ?)", f.Text)
		} else if m := ftsQuery(f.Text); m != "" {
			q = q.Where("j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)", m)
		} else {
			q = q.Where("1 = 0")
		}
	}
	return q
}

// Find returns open jobs matching f: featured first then newest, or newest
// only when asked, after the cursor.
func (s *JobSearch) Find(ctx context.Context, tenant domain.TenantID, f appjob.Query) ([]appjob.Listing, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	// A row comparison, not an OR: PostgreSQL then seeks the list index to
	// the cursor instead of reading and discarding every row before it.
	older := "(j.published_at, j.id) < (?, ?)"
	page := func(where string, after *appjob.Cursor, limit int, args ...any) ([]appjob.Listing, error) {
		q := s.filter(s.selectListings(ctx, f.Now), tenant, f)
		if where != "" {
			q = q.Where(where, args...)
		}
		if after != nil {
			q = q.Where(older, after.PublishedAt, after.ID)
		}
		q = q.OrderExpr("j.published_at DESC, j.id DESC")
		if limit > 0 {
			q = q.Limit(int64(limit))
		}
		return s.scan(ctx, q)
	}
	if f.NewestFirst {
		return page("", f.After, f.Limit)
	}
	// Featured first, then the rest, each newest first: two queries that
	// walk an index in order (jobs_featured_idx, jobs_list_idx) instead of
	// one that sorts every open job of the board by a computed flag.
	var out []appjob.Listing
	c := f.After
	if c == nil || c.Featured {
		featured, err := page("j.featured_until > ?", c, f.Limit, f.Now)
		if err != nil {
			return nil, err
		}
		out, c = featured, nil
		if f.Limit > 0 && len(out) >= f.Limit {
			return out, nil
		}
	}
	limit := f.Limit
	if limit > 0 {
		limit -= len(out)
	}
	rest, err := page("(j.featured_until IS NULL OR j.featured_until <= ?)", c, limit, f.Now)
	if err != nil {
		return nil, err
	}
	return append(out, rest...), nil
}

func (s *JobSearch) scan(ctx context.Context, q *bun.SelectQuery) ([]appjob.Listing, error) {
	var rows []listingRow
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	out := make([]appjob.Listing, len(rows))
	for i := range rows {
		out[i] = rows[i].listing()
	}
	return out, nil
}

// Facets counts the matching jobs per filter value, most common first.
func (s *JobSearch) Facets(ctx context.Context, tenant domain.TenantID, f appjob.Query) (appjob.Facets, error) {
	var out appjob.Facets
	if !isUUID(tenant.String()) {
		return out, nil
	}
	type facetRow struct {
		Value string `bun:"value"`
		Label string `bun:"label"`
		N     int    `bun:"n"`
	}
	count := func(dst *[]appjob.FacetValue, value, label string, join string) error {
		var rows []facetRow
		q := s.db.conn(ctx).NewSelect().TableExpr("jobs AS j").
			Join("JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id")
		if join != "" {
			q = q.Join(join)
		}
		q = s.filter(q, tenant, f).ColumnExpr(value + " AS value, " + label + " AS label, count(*) AS n").
			GroupExpr(value + ", " + label).OrderExpr("n DESC, value").Limit(30)
		if err := q.Scan(ctx, &rows); err != nil {
			return translate(err)
		}
		for _, r := range rows {
			if r.Value != "" {
				*dst = append(*dst, appjob.FacetValue{Value: r.Value, Label: r.Label, Count: r.N})
			}
		}
		return nil
	}
	steps := []struct {
		dst          *[]appjob.FacetValue
		value, label string
		join         string
	}{
		{&out.Category, "j.category", "j.category", ""},
		{&out.Workplace, "j.workplace", "j.workplace", ""},
		{&out.EmploymentType, "j.employment_type", "j.employment_type", ""},
		{&out.Company, "c.slug", "c.name", ""},
		{&out.Location, "fl.location", "fl.location", "JOIN job_locations AS fl ON fl.tenant_id = j.tenant_id AND fl.job_id = j.id"},
	}
	for _, st := range steps {
		if err := count(st.dst, st.value, st.label, st.join); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Featured returns every featured open job.
func (s *JobSearch) Featured(ctx context.Context, tenant domain.TenantID, now time.Time) ([]appjob.Listing, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	q := public(s.selectListings(ctx, now), tenant, now).Where("j.featured_until > ?", now).OrderExpr("j.id")
	return s.scan(ctx, q)
}

// Get returns a job of any status with its company.
func (s *JobSearch) Get(ctx context.Context, tenant domain.TenantID, id string, now time.Time) (appjob.Listing, error) {
	if !isUUID(tenant.String()) || !isUUID(id) {
		return appjob.Listing{}, domain.NotFound("job")
	}
	items, err := s.scan(ctx, s.selectListings(ctx, now).Where("j.tenant_id = ? AND j.id = ?", tenant.String(), id))
	if err != nil {
		return appjob.Listing{}, err
	}
	if len(items) == 0 {
		return appjob.Listing{}, domain.NotFound("job")
	}
	return items[0], nil
}

// Similar returns open jobs of the same category, then of the same company.
func (s *JobSearch) Similar(ctx context.Context, tenant domain.TenantID, j job.Snapshot, now time.Time, limit int) ([]appjob.Listing, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	var out []appjob.Listing
	seen := map[string]bool{j.ID: true}
	for _, where := range []struct{ cond, arg string }{{"j.category = ?", j.Posting.Category}, {"j.company_id = ?", j.CompanyID}} {
		if where.arg == "" || len(out) >= limit {
			continue
		}
		q := public(s.selectListings(ctx, now), tenant, now).Where(where.cond, where.arg).Where("j.id <> ?", j.ID).
			OrderExpr("j.published_at DESC, j.id DESC").Limit(int64(limit + 1))
		items, err := s.scan(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if !seen[it.Job.ID] && len(out) < limit {
				seen[it.Job.ID] = true
				out = append(out, it)
			}
		}
	}
	return out, nil
}

// SitemapEntries returns open jobs ordered by id.
func (s *JobSearch) SitemapEntries(ctx context.Context, tenant domain.TenantID, now time.Time, offset, limit int) ([]appjob.SitemapEntry, error) {
	var rows []struct {
		ID        string    `bun:"id"`
		Slug      string    `bun:"slug"`
		UpdatedAt time.Time `bun:"updated_at"`
	}
	q := public(withCompany(s.db.conn(ctx).NewSelect().TableExpr("jobs AS j").ColumnExpr("j.id, j.slug, j.updated_at")), tenant, now).
		OrderExpr("j.id").Offset(int64(offset)).Limit(int64(limit))
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	out := make([]appjob.SitemapEntry, len(rows))
	for i, r := range rows {
		out[i] = appjob.SitemapEntry{ID: r.ID, Slug: r.Slug, UpdatedAt: r.UpdatedAt}
	}
	return out, nil
}

// CountPublic counts the board's open jobs.
func (s *JobSearch) CountPublic(ctx context.Context, tenant domain.TenantID, now time.Time) (int, error) {
	n, err := public(withCompany(s.db.conn(ctx).NewSelect().TableExpr("jobs AS j")), tenant, now).Count(ctx)
	return int(n), translate(err)
}

// ftsStopWords are words too common to search for, as PostgreSQL's english
// text search configuration drops them.
var ftsStopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("a an and are as at be but by for from has have in into is it its of on or that the their this to was were will with") {
		m[w] = true
	}
	return m
}()

// ftsQuery turns a web-style search ("chemist london", "\"clinical trial\"",
// "nurse -night", "qa OR quality") into a safe FTS5 expression: every term
// is quoted, so no user text is read as FTS5 syntax.
func ftsQuery(text string) string {
	var (
		parts   []string
		pending string // "NOT" or "OR" waiting for a right-hand term
	)
	add := func(term string, negate bool) {
		term = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' {
				return r
			}
			return ' '
		}, term)
		term = strings.Join(strings.Fields(term), " ")
		if term == "" {
			return
		}
		if ftsStopWords[strings.ToLower(term)] {
			// PostgreSQL's english configuration ignores these; so does
			// SQLite here, so both answer the same search alike.
			return
		}
		quoted := `"` + term + `"`
		switch {
		case negate && len(parts) > 0:
			parts = append(parts, "NOT", quoted)
		case negate:
			// FTS5 cannot start with NOT; a lone exclusion matches nothing useful.
		case pending == "OR" && len(parts) > 0:
			parts = append(parts, "OR", quoted)
		default:
			parts = append(parts, quoted)
		}
		pending = ""
	}
	for len(text) > 0 {
		text = strings.TrimLeft(text, " \t\r\n")
		if text == "" {
			break
		}
		negate := false
		if text[0] == '-' {
			negate, text = true, text[1:]
		}
		if strings.HasPrefix(text, `"`) {
			end := strings.Index(text[1:], `"`)
			if end < 0 {
				add(text[1:], negate)
				break
			}
			add(text[1:end+1], negate)
			text = text[end+2:]
			continue
		}
		word := text
		if i := strings.IndexAny(text, " \t\r\n"); i >= 0 {
			word, text = text[:i], text[i:]
		} else {
			text = ""
		}
		if word == "OR" && !negate {
			pending = "OR"
			continue
		}
		add(word, negate)
	}
	return strings.Join(parts, " ")
}
