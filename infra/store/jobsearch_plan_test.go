package store_test

import (
	"context"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/uptrace/bun"
)

// jobQueryRecorder keeps the job search queries bun sends.
type jobQueryRecorder struct {
	mu      sync.Mutex
	on      bool
	queries []string
}

func (r *jobQueryRecorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (r *jobQueryRecorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	// The start of a board's search window is found once a minute per
	// board, not per request: when the board is a large share of the
	// table (a third here) PostgreSQL rightly reads it by a scan.
	if strings.Contains(e.Query, "OFFSET "+strconv.Itoa(store.SearchWindow-1)) {
		return
	}
	if r.on && (strings.Contains(e.Query, "FROM jobs AS j") || strings.Contains(e.Query, "FROM job_index AS x")) {
		r.queries = append(r.queries, e.Query)
	}
}

// record returns the job queries fn runs.
func (r *jobQueryRecorder) record(fn func()) []string {
	r.mu.Lock()
	r.on, r.queries = true, nil
	r.mu.Unlock()
	fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.queries
}

const (
	jobPlanTenants = 3
	jobPlanJobs    = 20000
)

// jobPlanData fills a fresh database with boards, companies and jobs in a
// few statements and returns the tenant ids.
func jobPlanData(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	tenants := make([]string, jobPlanTenants)
	gen := store.UUIDs{}
	for i := range tenants {
		tenants[i] = gen.New()
		if _, err := db.ExecContext(ctx, `INSERT INTO boards (id, slug, name, created_at, updated_at) VALUES (?, ?, ?, now(), now())`,
			tenants[i], "plan-"+string(rune('a'+i)), "Plan board"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO companies (tenant_id, id, slug, name, sort_name, status, created_by, created_at, updated_at)
VALUES (?, ?, 'plan-co', 'Plan Co', 'plan co', 'published', ?, now(), now())`, tenants[i], tenants[i], tenants[i]); err != nil {
			t.Fatal(err)
		}
	}
	// The company of each board has the board's id, which keeps the
	// generated rows simple. Jobs: 85% published (a few featured), the
	// rest drafts, pending, expired and closed; eight categories; titles
	// from a small vocabulary so that words have realistic selectivity.
	_, err := db.ExecContext(ctx, `
WITH b AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM boards)
INSERT INTO jobs (tenant_id, id, company_id, slug, title, description, description_html, keywords, employment_type, workplace,
  locations, category, status, published_at, expires_at, featured_until, created_by, created_at, updated_at)
SELECT b.id, md5('job' || g)::uuid, b.id, 'job-' || g,
  (ARRAY['Senior','Junior','Lead','Principal','Associate'])[1 + g % 5] || ' ' ||
  (ARRAY['Chemist','Scientist','Engineer','Manager','Analyst','Technician','Specialist','Director','Nurse','Auditor','Biostatistician','Pharmacist'])[1 + (g / 5) % 12] ||
  ' ' || g,
  repeat('We develop medicines and devices and look for people who care about quality, patients and good science. ', 3) ||
  (ARRAY['oncology','vaccines','diagnostics','biologics','gene therapy','cardiology','neurology'])[1 + g % 7],
  '<p>description</p>', 'Plan Co',
  (ARRAY['FULL_TIME','PART_TIME','CONTRACTOR'])[1 + g % 3],
  (ARRAY['onsite','hybrid','remote'])[1 + (g / 3) % 3],
  '["Basel"]',
  (ARRAY['Research & Development','Clinical','Regulatory Affairs','Quality','Manufacturing','Sales & Marketing','Medical Affairs','Data & IT'])[1 + (g / 7) % 8],
  CASE WHEN g % 20 < 17 THEN 'published' WHEN g % 20 = 17 THEN 'draft' WHEN g % 20 = 18 THEN 'expired' ELSE 'closed' END,
  now() - (g % 2000) * interval '17 minutes',
  now() + (1 + g % 30) * interval '1 day',
  CASE WHEN g % 97 = 0 THEN now() + interval '3 days' END,
  b.id, now(), now()
FROM generate_series(1, ?) AS g JOIN b ON b.n = g % ?`, jobPlanJobs, jobPlanTenants)
	if err != nil {
		t.Fatalf("generate jobs: %v", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO job_locations (tenant_id, job_id, location)
SELECT tenant_id, id, (ARRAY['Basel','London','Boston','Remote','Berlin','Paris'])[1 + abs(hashtext(id::text)) % 6] FROM jobs`); err != nil {
		t.Fatalf("generate locations: %v", err)
	}
	// The rows were written by SQL: index them for search as the program
	// does after a migration.
	if err := db.ReindexSearch(ctx); err != nil {
		t.Fatalf("index for search: %v", err)
	}
	for _, tbl := range []string{"boards", "companies", "jobs", "job_locations", "job_index"} {
		if _, err := db.ExecContext(ctx, "ANALYZE "+tbl); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := db.NewRaw("SELECT count(*) FROM jobs").Scan(ctx, &n); err != nil || n != jobPlanJobs {
		t.Fatalf("generated %d jobs (%v), want %d", n, err, jobPlanJobs)
	}
	return tenants
}

var (
	jobPlanIndexUse = regexp.MustCompile(`(?:Index Scan|Index Only Scan)(?: Backward)? using (\S+) on (\S+)|Bitmap Index Scan on (\S+)`)
	jobPlanSeqScan  = regexp.MustCompile(`Seq Scan on (jobs|job_index)\b`)
)

// jobPlanIndexes returns the definitions of the indexes of jobs and of
// job_index, its narrow projection for lists and searches.
func jobPlanIndexes(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	var rows []struct {
		Name string `bun:"indexname"`
		Def  string `bun:"indexdef"`
	}
	if err := db.NewRaw("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('jobs', 'job_index')").Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.Name] = r.Def
	}
	return out
}

// leadsWithTenant reports whether an index definition's column list
// starts with tenant_id.
func leadsWithTenant(def string) bool {
	i := strings.Index(def, "(")
	return i >= 0 && strings.HasPrefix(strings.TrimSpace(def[i+1:]), "tenant_id")
}

func explain(t *testing.T, db *store.DB, query string) string {
	t.Helper()
	rows, err := db.DB.DB.QueryContext(context.Background(), "EXPLAIN "+query)
	if err != nil {
		t.Fatalf("EXPLAIN: %v\n%s", err, query)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// TestJobSearchPlansUseTenantIndexes checks on PostgreSQL that the public
// board's queries reach jobs and job_index through an index that leads
// with tenant_id, never by scanning the whole table.
func TestJobSearchPlansUseTenantIndexes(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.Postgres)
	tenants := jobPlanData(t, db)
	indexes := jobPlanIndexes(t, db)
	rec := &jobQueryRecorder{}
	db.AddQueryHook(rec)
	search := store.NewJobSearch(db)
	ctx := context.Background()
	tenant := domain.TenantID(tenants[1])
	now := time.Now().UTC()

	cases := []struct {
		name  string
		query appjob.Query
		// issue, when set, is a known finding: the assertion is skipped.
		issue string
	}{
		{name: "list", query: appjob.Query{Limit: 21, Now: now}},
		{name: "full text", query: appjob.Query{Text: "biostatistician", Limit: 21, Now: now}},
		{name: "category", query: appjob.Query{Category: "Clinical", Limit: 21, Now: now}},
		{name: "location", query: appjob.Query{Location: "Boston", Limit: 21, Now: now}},
		{name: "newest for the home page", query: appjob.Query{NewestFirst: true, Limit: 10, Now: now}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var items []appjob.Listing
			queries := rec.record(func() {
				var err error
				if items, err = search.Find(ctx, tenant, tc.query); err != nil {
					t.Fatal(err)
				}
			})
			if len(items) == 0 {
				t.Fatalf("the search found nothing; the data set is wrong")
			}
			for _, it := range items {
				if string(it.Job.Tenant) != tenants[1] {
					t.Fatalf("a job of another tenant: %s", it.Job.Tenant)
				}
			}
			// Featured jobs first, then the rest, each split by title
			// matches for a text search: one to four queries of
			// job_index (the page's rows are read by a bound query,
			// checked below).
			if len(queries) < 1 || len(queries) > 4 {
				t.Fatalf("captured %d queries, want 1 to 4", len(queries))
			}
			for _, q := range queries {
				jobPlanCheck(t, db, indexes, q, tc.issue, tenant)
			}
		})
	}
	t.Run("bound queries read jobs by the board's primary key", func(t *testing.T) {
		page, err := search.Find(ctx, tenant, appjob.Query{Limit: 21, Now: now})
		if err != nil || len(page) == 0 {
			t.Fatalf("first page: %d jobs, %v", len(page), err)
		}
		ids := make([]string, len(page))
		for i, l := range page {
			ids[i] = "'" + l.Job.ID + "'"
		}
		at, board := "'"+now.Format(time.RFC3339Nano)+"'", "'"+string(tenant)+"'"
		args := map[string][]string{
			"a job by its id":        {at, board, ids[0]},
			"a page of jobs by ids":  {at, board, at, "ARRAY[" + strings.Join(ids, ", ") + "]"},
			"a page of cards by ids": {at, board, at, "ARRAY[" + strings.Join(ids, ", ") + "]"},
		}
		for name, q := range store.BoundListingQueries {
			literal := q
			for i := len(args[name]); i >= 1; i-- {
				literal = strings.ReplaceAll(literal, "$"+strconv.Itoa(i), args[name][i-1])
			}
			t.Run(name, func(t *testing.T) {
				plan := explain(t, db, literal)
				if !strings.Contains(plan, "Index Scan using jobs_pkey on jobs") {
					t.Errorf("the query does not read jobs by their primary key:\n%s\nplan:\n%s", literal, plan)
				}
				jobPlanCheck(t, db, indexes, literal, "", tenant)
			})
		}
	})
	t.Run("boards created together search with codes of their own", func(t *testing.T) {
		for _, other := range []string{tenants[0], tenants[2]} {
			queries := rec.record(func() {
				if _, err := search.Find(ctx, domain.TenantID(other), appjob.Query{Text: "biostatistician", Limit: 21, Now: now}); err != nil {
					t.Fatal(err)
				}
			})
			for _, q := range queries {
				jobPlanCheck(t, db, indexes, q, "", domain.TenantID(other))
			}
		}
	})
	t.Run("a later page seeks the list index to its cursor", func(t *testing.T) {
		first, err := search.Find(ctx, tenant, appjob.Query{NewestFirst: true, Limit: 200, Now: now})
		if err != nil || len(first) < 200 {
			t.Fatalf("first page: %d jobs, %v", len(first), err)
		}
		last := first[len(first)-1].Job
		queries := rec.record(func() {
			after := &appjob.Cursor{PublishedAt: *last.PublishedAt, ID: last.ID}
			if _, err := search.Find(ctx, tenant, appjob.Query{NewestFirst: true, Limit: 21, Now: now, After: after}); err != nil {
				t.Fatal(err)
			}
		})
		if len(queries) != 1 {
			t.Fatalf("captured %d queries, want 1", len(queries))
		}
		plan := explain(t, db, queries[0])
		if !regexp.MustCompile(`Index Cond: .*ROW\(x?\.?published_at, x?\.?job_id\) < ROW`).MatchString(plan) {
			t.Errorf("the cursor is not an index condition, so rows before it are read and discarded:\n%s", plan)
		}
		for _, q := range queries {
			jobPlanCheck(t, db, indexes, q, "", tenant)
		}
	})
	t.Run("pages found among the newest jobs are the board's pages", func(t *testing.T) {
		// Each board holds more than the search window's jobs: a page is
		// first looked for among the newest. It must be the page of the
		// whole list, which a search without a limit reads.
		for _, text := range []string{"chemist", "senior", "oncology", "biostatistician", "senior nurse", "princip", "cardiology auditor"} {
			all, err := search.Find(ctx, tenant, appjob.Query{Text: text, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var after *appjob.Cursor
			for page := 0; page < 3; page++ {
				got, err := search.Find(ctx, tenant, appjob.Query{Text: text, Limit: 21, Now: now, After: after})
				if err != nil {
					t.Fatal(err)
				}
				want := all[min(len(all), 21*page):min(len(all), 21*(page+1))]
				if len(got) != len(want) {
					t.Fatalf("%q page %d: %d jobs, want %d", text, page+1, len(got), len(want))
				}
				for i := range got {
					if got[i].Job.ID != want[i].Job.ID || got[i].TitleMatch != want[i].TitleMatch {
						t.Fatalf("%q page %d, #%d: %s (title %v), want %s (title %v)", text, page+1, i+1,
							got[i].Job.ID, got[i].TitleMatch, want[i].Job.ID, want[i].TitleMatch)
					}
				}
				if len(got) < 21 {
					break
				}
				last := got[len(got)-1]
				after = &appjob.Cursor{Featured: last.Featured, Title: last.TitleMatch, PublishedAt: *last.Job.PublishedAt, ID: last.Job.ID}
			}
			if len(all) == 0 {
				t.Errorf("%q finds nothing; the data set is wrong", text)
			}
		}
	})
	t.Run("one pass answers as the separate ones do", func(t *testing.T) {
		// The first page is ordered from the facets' sample when that holds
		// every match; it must be the page Find gives, and the facets those
		// Facets counts, whether the sample holds every match or not.
		for _, q := range []appjob.Query{
			{Text: "biostatistician", Category: "Clinical"}, {Text: "cardiology auditor"}, {Text: "senior nurse"},
			{Text: "chemist"}, {Text: "oncology", Workplace: "remote"}, {Category: "Quality", EmploymentType: "PART_TIME"},
			{Text: "princip", Category: "Data & IT"}, {}, {Text: "astronaut"},
		} {
			q.Now, q.Limit = now, 21
			want, err := search.Find(ctx, tenant, q)
			if err != nil {
				t.Fatal(err)
			}
			all := q
			all.Limit = 0
			wantFacets, err := search.Facets(ctx, tenant, all)
			if err != nil {
				t.Fatal(err)
			}
			got, gotFacets, err := search.FindWithFacets(ctx, tenant, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%+v: %d jobs in one pass, %d by Find", q, len(got), len(want))
			}
			for i := range got {
				if got[i].Job.ID != want[i].Job.ID || got[i].TitleMatch != want[i].TitleMatch || got[i].Featured != want[i].Featured {
					t.Fatalf("%+v, #%d: %s (title %v) in one pass, %s (title %v) by Find", q, i+1,
						got[i].Job.ID, got[i].TitleMatch, want[i].Job.ID, want[i].TitleMatch)
				}
			}
			if !reflect.DeepEqual(gotFacets, wantFacets) {
				t.Errorf("%+v: facets in one pass %+v, by Facets %+v", q, gotFacets, wantFacets)
			}
		}
		// A narrow search is answered by its sample: no query walks the list
		// order.
		queries := rec.record(func() {
			if _, _, err := search.FindWithFacets(ctx, tenant, appjob.Query{Text: "biostatistician", Category: "Clinical", Limit: 21, Now: now}); err != nil {
				t.Fatal(err)
			}
		})
		if len(queries) == 0 {
			t.Fatal("no queries captured")
		}
		for _, q := range queries {
			if strings.Contains(q, "ORDER BY x.published_at") {
				t.Errorf("a search with few matches walked the list order besides its sample:\n%s", q)
			}
		}
	})
	t.Run("facets of a full-text search", func(t *testing.T) {
		queries := rec.record(func() {
			if _, err := search.Facets(ctx, tenant, appjob.Query{Text: "biostatistician", Now: now}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := search.FindWithFacets(ctx, tenant, appjob.Query{Text: "biostatistician", Limit: 21, Now: now}); err != nil {
				t.Fatal(err)
			}
		})
		if len(queries) == 0 {
			t.Fatal("no facet queries captured")
		}
		for _, q := range queries {
			jobPlanCheck(t, db, indexes, q, "", tenant)
		}
	})
	t.Run("facets count at most a thousand matches, and say so", func(t *testing.T) {
		all, err := search.Facets(ctx, tenant, appjob.Query{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, v := range all.Category {
			sum += v.Count
			if !v.AtLeast {
				t.Errorf("%s: %d counted over a sample, not marked as a lower bound", v.Value, v.Count)
			}
		}
		if sum != 1001 {
			t.Errorf("categories of the unfiltered board add up to %d, want the sample of 1001", sum)
		}
		few, err := search.Facets(ctx, tenant, appjob.Query{Text: "biostatistician", Category: "Clinical", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		found, err := search.Find(ctx, tenant, appjob.Query{Text: "biostatistician", Category: "Clinical", NewestFirst: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if len(few.Category) != 1 || few.Category[0].Count != len(found) || few.Category[0].AtLeast {
			t.Errorf("facets of a narrow search: %+v, want exactly the %d matches", few.Category, len(found))
		}
	})
}

// searchTokens are the index tokens of a query's tsquery literal.
var searchTokens = regexp.MustCompile(`''[atf]([0-9a-f]{8})`)

// boardCodes are the board codes the search tokens of the tests' queries
// carried, by board.
var boardCodes sync.Map // tenant → code

// jobPlanCheck explains query and asserts its use of the jobs table: an
// index that leads with tenant_id, or a search index when every token
// searched for carries the board's code (the index then holds the board's
// jobs only, for those tokens).
func jobPlanCheck(t *testing.T, db *store.DB, indexes map[string]string, query, issue string, tenant domain.TenantID) {
	t.Helper()
	plan := explain(t, db, query)
	var used []string
	for _, m := range jobPlanIndexUse.FindAllStringSubmatch(plan, -1) {
		name := m[1] + m[3]
		if _, onJobs := indexes[name]; onJobs {
			used = append(used, name)
		}
	}
	var problems []string
	if jobPlanSeqScan.MatchString(plan) {
		problems = append(problems, "the plan scans the whole jobs table")
	}
	tenantLed := false
	for _, name := range used {
		if name == "job_index_search_idx" || name == "job_index_featured_search_idx" {
			toks := searchTokens.FindAllStringSubmatch(query, -1)
			for _, m := range toks {
				code, _ := boardCodes.LoadOrStore(tenant, m[1])
				if m[1] != code {
					problems = append(problems, "search tokens of two boards in one query: "+m[0])
				}
				boardCodes.Range(func(other, c any) bool {
					if other != tenant && c == m[1] {
						problems = append(problems, "two boards share the code "+m[1])
					}
					return true
				})
			}
			if len(toks) > 0 {
				tenantLed = true
				continue
			}
		}
		if leadsWithTenant(indexes[name]) {
			tenantLed = true
		} else {
			problems = append(problems, "index "+name+" does not lead with tenant_id: "+indexes[name])
		}
	}
	if !tenantLed {
		problems = append(problems, "no index on jobs or job_index that leads with tenant_id is used")
	}
	if len(problems) == 0 {
		t.Logf("plan uses %v\n%s", used, plan)
		return
	}
	msg := strings.Join(problems, "; ") + "\nquery:\n" + query + "\nplan:\n" + plan
	if issue != "" {
		t.Skip("known issue: " + issue + "\n" + msg)
	}
	t.Error(msg)
}
