package store

import (
	"context"
	"slices"
	"strings"
	"time"

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

// briefJobColumns are jobColumns with empty descriptions, for lists of
// cards: a description is most of a row's bytes.
var briefJobColumns = strings.Replace(jobColumns, "j.description, j.description_html,", "'' AS description, '' AS description_html,", 1)

// selectListings starts a query over jobs joined with their companies.
func (s *JobSearch) selectListings(ctx context.Context, now time.Time) *bun.SelectQuery {
	return s.selectListingsOf(ctx, now, false)
}

// selectListingsOf is selectListings, without the descriptions if brief.
func (s *JobSearch) selectListingsOf(ctx context.Context, now time.Time, brief bool) *bun.SelectQuery {
	cols := jobColumns
	if brief {
		cols = briefJobColumns
	}
	return s.db.conn(ctx).NewSelect().TableExpr("jobs AS j").
		ColumnExpr(cols).
		ColumnExpr(companyListingColumns).
		ColumnExpr(featuredExpr+" AS featured", now).
		Join("JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id")
}

// public restricts a query over jobs j joined with companies c to the
// board's open jobs: published, unexpired, and neither the job nor its
// company taken down.
func public(q *bun.SelectQuery, tenant domain.TenantID, now time.Time) *bun.SelectQuery {
	return q.Where(publicWhere, tenant.String(), now)
}

// withCompany joins a job query with the jobs' companies.
func withCompany(q *bun.SelectQuery) *bun.SelectQuery {
	return q.Join("JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id")
}

// filter starts a query over job_index x, the narrow rows of the board's
// open jobs, restricted to the unexpired ones that f's filters and, when
// text is searched, its match (see prepare) keep.
func (s *JobSearch) filter(ctx context.Context, tenant domain.TenantID, f appjob.Query, m *textMatch) *bun.SelectQuery {
	q := s.db.conn(ctx).NewSelect().TableExpr("job_index AS x").
		Where("x.tenant_id = ? AND x.expires_at > ?", tenant.String(), f.Now)
	if f.Category != "" {
		q = q.Where("x.category = ?", f.Category)
	}
	if f.Workplace != "" {
		q = q.Where("x.workplace = ?", f.Workplace)
	}
	if f.EmploymentType != "" {
		q = q.Where("x.employment_type = ?", f.EmploymentType)
	}
	if f.CompanyID != "" {
		// A company's jobs are found by the jobs' own company index:
		// job_index has none, so that no index of job_index lists a whole
		// board for the planner to intersect a search's matches with.
		company, args := "?", []any{f.CompanyID}
		if !isUUID(f.CompanyID) {
			company, args = "(SELECT c.id FROM companies AS c WHERE c.tenant_id = ? AND c.slug = ?)", []any{tenant.String(), f.CompanyID}
		}
		q = q.Where("x.job_id IN (SELECT j.id FROM jobs AS j WHERE j.tenant_id = ? AND j.company_id = "+company+" AND j.status = 'published')",
			append([]any{tenant.String()}, args...)...)
	}
	if f.MinSalary > 0 {
		q = q.Where("x.salary_year_max >= ?", f.MinSalary)
	}
	if !f.PublishedFrom.IsZero() {
		q = q.Where("x.published_at >= ?", f.PublishedFrom)
	}
	if !f.PublishedBefore.IsZero() {
		q = q.Where("x.published_at < ?", f.PublishedBefore)
	}
	if f.Location != "" {
		q = q.Where("EXISTS (SELECT 1 FROM job_locations AS l WHERE l.tenant_id = x.tenant_id AND l.job_id = x.job_id AND lower(l.location) = lower(?))", f.Location)
	}
	if m != nil {
		q = m.matching(q)
	}
	return q
}

// textMatch is a text search written for the database: what a job must
// match anywhere, the words of it that a title match has in its title,
// and the whole search with its words in the title (a title word is also
// a word anywhere, so that alone finds the title matches, without the
// long lists of the words anywhere: 8 ms → 2 ms for a common word).
type textMatch struct {
	postgres           bool
	any, title, titled string
}

// prepare parses f's text with the board's analyzer and corrects its typos
// from the board's vocabulary; nil when f searches no text. A search of
// nothing but stop words or exclusions matches no job.
func (s *JobSearch) prepare(ctx context.Context, tenant domain.TenantID, f appjob.Query) (*textMatch, error) {
	if strings.TrimSpace(f.Text) == "" {
		return nil, nil
	}
	a, err := s.db.analyzer(ctx, tenant)
	if err != nil {
		return nil, err
	}
	terms := a.parse(f.Text)
	fixes, err := s.db.corrections(ctx, tenant, typos(terms))
	if err != nil {
		return nil, err
	}
	e := a.expr(terms, fixes)
	// A title match is a match (filters and exclusions included) whose
	// words are all in its title: the title expression has the words only.
	words := searchExpr{groups: e.groups}
	e.filters = a.filterTokens(f.Category, f.Workplace, f.EmploymentType)
	m := &textMatch{postgres: s.db.IsPostgres()}
	switch {
	case e.empty():
	case m.postgres:
		m.any, m.title, m.titled = e.tsquery(a, a.anywhere), words.tsquery(a, a.inTitle), e.tsquery(a, a.inTitle)
	default:
		m.any, m.title, m.titled = e.fts5(a, a.anywhere), words.fts5(a, a.inTitle), e.fts5(a, a.inTitle)
	}
	return m, nil
}

// matching keeps the rows of job_index x that match the search; none when
// nothing can.
func (m *textMatch) matching(q *bun.SelectQuery) *bun.SelectQuery {
	switch {
	case m.any == "":
		return q.Where("1 = 0")
	case m.postgres:
		return q.Where("x.search @@ CAST(? AS tsquery)", m.any)
	default:
		return q.Where("x.job_rowid IN (SELECT rowid FROM job_search WHERE job_search MATCH ?)", m.any)
	}
}

// ranksTitles reports whether the list order puts the jobs with every
// searched word in their title first: for a text search with words, unless
// the newest come first.
func (m *textMatch) ranksTitles(newestFirst bool) bool {
	return m != nil && m.any != "" && m.title != "" && !newestFirst
}

// inTitle is the match narrowed to the jobs with every searched word in
// their title (without, when in is false). The title's words are tokens of
// the same index, so one lookup of the search index finds them: no row is
// read to test its title.
func (m *textMatch) inTitle(in bool) *textMatch {
	n := *m
	switch {
	case in:
		n.any = m.titled
	case m.postgres:
		n.any = "(" + m.any + ") & !(" + m.title + ")"
	default:
		n.any = "(" + m.any + ") NOT (" + m.title + ")"
	}
	return &n
}

// listSegment is one stretch of the list order, walked newest first.
type listSegment struct {
	featured, title bool
	// match is the text match of the stretch; nil when no text is searched.
	match  *textMatch
	narrow func(q *bun.SelectQuery) *bun.SelectQuery
}

// listSegments are the stretches of f's list order, and the one its cursor
// is in. Each segment is a query that walks an index in order
// (job_index_list_idx, job_index_featured_idx) instead of one that sorts
// every open job of the board by computed flags; a row comparison, not an
// OR, lets the database seek to the cursor.
func listSegments(f appjob.Query, m *textMatch) (segments []listSegment, start int) {
	keep := func(q *bun.SelectQuery) *bun.SelectQuery { return q }
	segments = []listSegment{{match: m, narrow: keep}}
	if !f.NewestFirst {
		featured := func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("x.featured_until > ?", f.Now) }
		rest := func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("(x.featured_until IS NULL OR x.featured_until <= ?)", f.Now)
		}
		segments = []listSegment{{featured: true, match: m, narrow: featured}, {match: m, narrow: rest}}
	}
	titled := m.ranksTitles(f.NewestFirst)
	if titled {
		var split []listSegment
		for _, sg := range segments {
			inTitle, elsewhere := sg, sg
			inTitle.title = true
			inTitle.match, elsewhere.match = m.inTitle(true), m.inTitle(false)
			split = append(split, inTitle, elsewhere)
		}
		segments = split
	}
	if c := f.After; c != nil && !f.NewestFirst {
		for i, sg := range segments {
			if sg.featured == c.Featured && sg.title == (c.Title && titled) {
				return segments, i
			}
		}
	}
	return segments, 0
}

// Find returns open jobs matching f after the cursor, in list order:
// featured first, then (for a text search) those with every word in their
// title, then the rest, each newest first; or newest only when asked.
// The order is found on job_index; the page's rows are read from jobs by
// their ids.
func (s *JobSearch) Find(ctx context.Context, tenant domain.TenantID, f appjob.Query) ([]appjob.Listing, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	m, err := s.prepare(ctx, tenant, f)
	if err != nil {
		return nil, err
	}
	return s.find(ctx, tenant, f, m)
}

// find is Find with the text match prepared.
func (s *JobSearch) find(ctx context.Context, tenant domain.TenantID, f appjob.Query, m *textMatch) ([]appjob.Listing, error) {
	segments, start := listSegments(f, m)
	var err error
	// A text search looks among the board's newest jobs first (see
	// searchWindow), except for featured jobs, which are few. Finding
	// enough there is the right answer: a newer match would be in the
	// window too.
	var from time.Time
	if m != nil && m.any != "" && f.Limit > 0 {
		if from, err = s.db.windowStart(ctx, tenant); err != nil {
			return nil, err
		}
	}
	var (
		ids   []string
		title = map[string]bool{}
	)
	for i := start; i < len(segments); i++ {
		query := func(window bool) ([]string, error) {
			q := segments[i].narrow(s.filter(ctx, tenant, f, segments[i].match).Column("x.job_id"))
			if i == start && f.After != nil {
				q = q.Where("(x.published_at, x.job_id) < (?, ?)", f.After.PublishedAt, f.After.ID)
			}
			if window {
				q = q.Where("x.published_at >= ?", from)
			}
			q = q.OrderExpr("x.published_at DESC, x.job_id DESC")
			if f.Limit > 0 {
				q = q.Limit(int64(f.Limit - len(ids)))
			}
			var found []string
			return found, translate(q.Scan(ctx, &found))
		}
		window := !from.IsZero() && !segments[i].featured && (i != start || f.After == nil || !f.After.PublishedAt.Before(from))
		found, err := query(window)
		if err == nil && window && len(found) < f.Limit-len(ids) {
			found, err = query(false)
		}
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			title[id] = segments[i].title
		}
		ids = append(ids, found...)
		if f.Limit > 0 && len(ids) >= f.Limit {
			break
		}
	}
	out, err := s.listingsByID(ctx, tenant, ids, f.Now, f.Brief)
	for k := range out {
		out[k].TitleMatch = title[out[k].Job.ID]
	}
	return out, err
}

// listingsByID returns the board's open jobs with those ids, in the ids'
// order; a job closed since its id was found is left out.
func (s *JobSearch) listingsByID(ctx context.Context, tenant domain.TenantID, ids []string, now time.Time, brief bool) ([]appjob.Listing, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := listingsByIDQuery
	if brief {
		q = briefListingsByIDQuery
	}
	items, err := s.scanBound(ctx, q, []any{now, tenant.String(), now, ids}, []any{now, tenant.String(), now, bun.In(ids)})
	if err != nil {
		return nil, err
	}
	at := make(map[string]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	slices.SortFunc(items, func(a, b appjob.Listing) int { return at[a.Job.ID] - at[b.Job.ID] })
	return items, nil
}

// listingSQL selects jobs with their companies as listingRow holds them,
// the jobs' columns being cols, where the condition after WHERE; its
// first placeholder is the time featured is judged at.
func listingSQL(cols, where string) string {
	return "SELECT " + cols + ", " + companyListingColumns + ", " + featuredExpr + " AS featured " +
		"FROM jobs AS j JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id WHERE " + where
}

// companyListingColumns are the company's columns of a listingRow.
const companyListingColumns = "c.name AS company_name, c.slug AS company_slug, c.logo_key AS company_logo_key, c.website AS company_website, c.taken_down_at AS company_taken_down_at"

// publicWhere is the condition of public, with placeholders for the board
// and the time.
const publicWhere = "j.tenant_id = ? AND j.status = 'published' AND j.expires_at > ? AND j.taken_down_at IS NULL AND c.taken_down_at IS NULL"

// The queries of a job page and of a page of jobs by their ids; see
// boundQuery.
var (
	getListingQuery = bound(numbered(listingSQL(jobColumns, "j.tenant_id = ? AND j.id = ?")),
		listingSQL(jobColumns, "j.tenant_id = ? AND j.id = ?"))
	listingsByIDQuery = bound(numbered(listingSQL(jobColumns, publicWhere+" AND j.id = ANY(CAST(? AS uuid[]))")),
		listingSQL(jobColumns, publicWhere+" AND j.id IN (?)"))
	briefListingsByIDQuery = bound(numbered(listingSQL(briefJobColumns, publicWhere+" AND j.id = ANY(CAST(? AS uuid[]))")),
		listingSQL(briefJobColumns, publicWhere+" AND j.id IN (?)"))
)

// scanBound runs a bound query of listings (see boundQuery).
func (s *JobSearch) scanBound(ctx context.Context, q boundQuery, pgArgs, sqliteArgs []any) ([]appjob.Listing, error) {
	rows, err := s.db.queryBound(ctx, q, pgArgs, sqliteArgs)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []appjob.Listing
	for rows.Next() {
		var r listingRow
		if err := rows.Scan(r.fields()...); err != nil {
			return nil, translate(err)
		}
		out = append(out, r.listing())
	}
	return out, translate(rows.Err())
}

// fields are the destinations of a row of listingSQL, in its column
// order: jobColumns, then the company's and the featured flag. Scanning
// into them directly costs a fifth of what bun's reflection did.
func (r *listingRow) fields() []any {
	j := &r.jobRow
	return []any{&j.TenantID, &j.ID, &j.CompanyID, &j.Slug, &j.Title, &j.Description, &j.DescriptionHTML, &j.Keywords, &j.EmploymentType, &j.Workplace,
		&j.Locations, &j.ApplicantCountries, &j.SalaryMin, &j.SalaryMax, &j.SalaryCurrency, &j.SalaryPeriod, &j.SalaryYearMax, &j.Category,
		&j.Seniority, &j.Tags, &j.ApplyURL, &j.ApplyEmail, &j.ApplyOnSite, &j.ClosingDate, &j.Status, &j.RejectionReason, &j.PublishedAt, &j.ExpiresAt,
		&j.FeaturedUntil, &j.FeaturedPending, &j.PostingPending, &j.ClosedAt, &j.CreatedBy, &j.CreatedAt, &j.UpdatedAt, &j.TakenDownAt, &j.Revision, &j.RevisionAt,
		&r.CompanyName, &r.CompanySlug, &r.CompanyLogoKey, &r.CompanyWebsite, &r.CompanyDownAt, &r.Featured}
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
	args := []any{now, tenant.String(), id}
	items, err := s.scanBound(ctx, getListingQuery, args, args)
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
	return similar(j, limit, func(column, value string) ([]appjob.Listing, error) {
		return s.newestWith(ctx, tenant, column, value, now, limit+1)
	})
}

// similar picks up to limit jobs other than j: the newest of its category,
// then of its company; newest lists them by column's value.
func similar(j job.Snapshot, limit int, newest func(column, value string) ([]appjob.Listing, error)) ([]appjob.Listing, error) {
	var out []appjob.Listing
	seen := map[string]bool{j.ID: true}
	for _, by := range [][2]string{{"category", j.Posting.Category}, {"company_id", j.CompanyID}} {
		if by[1] == "" || len(out) >= limit {
			continue
		}
		items, err := newest(by[0], by[1])
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

// newestWith returns the board's n newest open jobs whose column (category
// or company_id) is value, without their descriptions.
func (s *JobSearch) newestWith(ctx context.Context, tenant domain.TenantID, column, value string, now time.Time, n int) ([]appjob.Listing, error) {
	q := public(s.selectListingsOf(ctx, now, true), tenant, now).Where("? = ?", bun.Ident("j."+column), value).
		OrderExpr("j.published_at DESC, j.id DESC").Limit(int64(n))
	return s.scan(ctx, q)
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
	if !isUUID(tenant.String()) {
		return 0, nil
	}
	n, err := s.filter(ctx, tenant, appjob.Query{Now: now}, nil).Count(ctx)
	return int(n), translate(err)
}
