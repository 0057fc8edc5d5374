package store

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/uptrace/bun"
)

// facetSample bounds the jobs facets are counted over: the first
// facetSample matches the database finds, in no particular order (an order
// would make it read every match to sort them). Counting every match of a
// common search re-reads tens of thousands of rows on each request; past
// this many the counts are lower bounds, which the pages show as "120+".
const facetSample = 1000

// facetValues is how many values of each facet are shown, the most
// common first.
const facetValues = 30

// sampleRow is one match of a search as job_index holds it: what facets
// count and what the list order needs.
type sampleRow struct {
	JobID          string     `bun:"job_id"`
	PublishedAt    time.Time  `bun:"published_at"`
	FeaturedUntil  *time.Time `bun:"featured_until"`
	CompanyID      string     `bun:"company_id"`
	Category       string     `bun:"category"`
	Workplace      string     `bun:"workplace"`
	EmploymentType string     `bun:"employment_type"`
	// Locations is a JSON list, Remote included.
	Locations string `bun:"locations"`
}

// sampled is the sample of a search's matches and, when the sample holds
// every match and the search ranks title matches first, which of them
// have the searched words in their title.
type sampled struct {
	rows []sampleRow
	// title is nil unless asked for and the sample is complete.
	title map[string]bool
}

// complete reports whether the sample holds every match.
func (sm sampled) complete() bool { return len(sm.rows) <= facetSample }

// sample reads up to facetSample+1 of the matches of f, and their title
// matches when titles is set and that is all of them.
func (s *JobSearch) sample(ctx context.Context, tenant domain.TenantID, f appjob.Query, m *textMatch, titles bool) (sampled, error) {
	var out sampled
	locations := "x.locations"
	if s.db.IsPostgres() {
		locations = "array_to_json(x.locations)::text AS locations"
	}
	read := func(ctx context.Context) error {
		q := s.filter(ctx, tenant, f, m).
			ColumnExpr("x.job_id, x.published_at, x.featured_until, x.company_id, x.category, x.workplace, x.employment_type").
			ColumnExpr(locations).Limit(facetSample + 1)
		if err := q.Scan(ctx, &out.rows); err != nil {
			return err
		}
		if !titles || !out.complete() || len(out.rows) == 0 {
			return nil
		}
		var ids []string
		if err := s.filter(ctx, tenant, f, m.inTitle(true)).Column("x.job_id").Scan(ctx, &ids); err != nil {
			return err
		}
		out.title = make(map[string]bool, len(ids))
		for _, id := range ids {
			out.title[id] = true
		}
		return nil
	}
	var err error
	if m == nil || !s.db.IsPostgres() {
		err = read(ctx)
	} else {
		// A LIMIT over a text match tempts PostgreSQL to walk the table
		// or the list index and test each row's tokens, which are stored
		// out of line and cost a read each; the bitmap of the search
		// index reads only the matching rows.
		err = s.db.RunInTx(ctx, func(ctx context.Context) error {
			if _, err := s.db.conn(ctx).ExecContext(ctx, "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"); err != nil {
				return err
			}
			return read(ctx)
		})
	}
	return out, translate(err)
}

// Facets counts the matching jobs per filter value, most common first,
// over at most facetSample+1 matches.
func (s *JobSearch) Facets(ctx context.Context, tenant domain.TenantID, f appjob.Query) (appjob.Facets, error) {
	if !isUUID(tenant.String()) {
		return appjob.Facets{}, nil
	}
	m, err := s.prepare(ctx, tenant, f)
	if err != nil {
		return appjob.Facets{}, err
	}
	sm, err := s.sample(ctx, tenant, f, m, false)
	if err != nil {
		return appjob.Facets{}, err
	}
	return s.countFacets(ctx, tenant, sm.rows)
}

// FindWithFacets is Find and Facets of f (without its cursor) in one
// pass where it can: when the search has no more than facetSample
// matches, the sample the facets are counted over is every match, and the
// first page is ordered from it, so the page costs no query of its own
// besides reading its rows.
func (s *JobSearch) FindWithFacets(ctx context.Context, tenant domain.TenantID, f appjob.Query) ([]appjob.Listing, appjob.Facets, error) {
	if !isUUID(tenant.String()) {
		return nil, appjob.Facets{}, nil
	}
	m, err := s.prepare(ctx, tenant, f)
	if err != nil {
		return nil, appjob.Facets{}, err
	}
	titled := m.ranksTitles(f.NewestFirst)
	sm, err := s.sample(ctx, tenant, wholeSearch(f), m, titled && f.After == nil)
	if err != nil {
		return nil, appjob.Facets{}, err
	}
	facets, err := s.countFacets(ctx, tenant, sm.rows)
	if err != nil {
		return nil, appjob.Facets{}, err
	}
	if f.After != nil || f.Limit <= 0 || !sm.complete() || (titled && sm.title == nil) {
		items, err := s.find(ctx, tenant, f, m)
		return items, facets, err
	}
	rows := orderSample(sm, f.Now, f.NewestFirst)
	ids := make([]string, 0, min(f.Limit, len(rows)))
	for _, r := range rows[:min(f.Limit, len(rows))] {
		ids = append(ids, r.JobID)
	}
	items, err := s.listingsByID(ctx, tenant, ids, f.Now, f.Brief)
	for k := range items {
		items[k].TitleMatch = sm.title[items[k].Job.ID]
	}
	return items, facets, err
}

// wholeSearch is f without its page (cursor and limit): what its facets
// are counted over, the same for every page.
func wholeSearch(f appjob.Query) appjob.Query {
	f.After, f.Limit = nil, 0
	return f
}

// orderSample sorts a complete sample in list order (see Find): featured
// first, then title matches, each newest first; or newest only.
func orderSample(sm sampled, now time.Time, newestFirst bool) []sampleRow {
	rows := slices.Clone(sm.rows)
	rank := func(r sampleRow) int {
		if newestFirst {
			return 0
		}
		n := 0
		if r.FeaturedUntil != nil && r.FeaturedUntil.After(now) {
			n += 2
		}
		if sm.title[r.JobID] {
			n++
		}
		return n
	}
	slices.SortFunc(rows, func(a, b sampleRow) int {
		if c := cmp.Compare(rank(b), rank(a)); c != 0 {
			return c
		}
		if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
			return c
		}
		return strings.Compare(b.JobID, a.JobID)
	})
	return rows
}

// countFacets counts rows per filter value, the facetValues most common
// of each, and names the companies counted.
func (s *JobSearch) countFacets(ctx context.Context, tenant domain.TenantID, rows []sampleRow) (appjob.Facets, error) {
	var out appjob.Facets
	partial := len(rows) > facetSample
	category, workplace, employment, company, location := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range rows {
		category[r.Category]++
		workplace[r.Workplace]++
		employment[r.EmploymentType]++
		company[r.CompanyID]++
		var locs []string
		_ = json.Unmarshal([]byte(r.Locations), &locs) // written by the database; empty if not
		for _, l := range locs {
			location[l]++
		}
	}
	out.Category = topValues(category, nil, partial)
	out.Workplace = topValues(workplace, nil, partial)
	out.EmploymentType = topValues(employment, nil, partial)
	out.Location = topValues(location, nil, partial)
	top := topValues(company, nil, false)
	if len(top) == 0 {
		return out, nil
	}
	ids := make([]string, len(top))
	for i, v := range top {
		ids[i] = v.Value
	}
	var names []struct {
		ID   string `bun:"id"`
		Slug string `bun:"slug"`
		Name string `bun:"name"`
	}
	err := s.db.conn(ctx).NewSelect().TableExpr("companies AS c").ColumnExpr("c.id, c.slug, c.name").
		Where("c.tenant_id = ? AND c.id IN (?)", tenant.String(), bun.In(ids)).Scan(ctx, &names)
	if err != nil {
		return out, translate(err)
	}
	bySlug := map[string]int{}
	labels := map[string]string{}
	for _, n := range names {
		bySlug[n.Slug] = company[n.ID]
		labels[n.Slug] = n.Name
	}
	out.Company = topValues(bySlug, labels, partial)
	return out, nil
}

// topValues lists the facetValues most common values of counts, most
// common first, then by value; labels name them (the value itself when
// nil). The empty value is not a filter value and is left out.
func topValues(counts map[string]int, labels map[string]string, atLeast bool) []appjob.FacetValue {
	var out []appjob.FacetValue
	for v, n := range counts {
		if v == "" {
			continue
		}
		label := v
		if labels != nil {
			label = labels[v]
		}
		out = append(out, appjob.FacetValue{Value: v, Label: label, Count: n, AtLeast: atLeast})
	}
	slices.SortFunc(out, func(a, b appjob.FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	if len(out) > facetValues {
		out = out[:facetValues]
	}
	return out
}
