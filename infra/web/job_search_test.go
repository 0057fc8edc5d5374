package web_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jobSearchBoard is a board with a fixed set of open jobs for searching.
type jobSearchBoard struct {
	f     fixture
	anon  *client
	nova  *jobTeam
	helix *jobTeam
	ids   map[string]string // letter -> job id
}

// jobNewSearchBoard publishes five jobs of two companies, oldest first
// (A one hour before B and so on), plus a draft that must never match.
func jobNewSearchBoard(t *testing.T, h *harness) *jobSearchBoard {
	t.Helper()
	f := h.newBoard("acme")
	jobSettings(t, h, f, func(s *jobBoardSettings) { s.ReviewJobs = false })
	sb := &jobSearchBoard{f: f, anon: h.client(f.Host), ids: map[string]string{}}
	sb.nova = jobNewTeam(t, h, f, "emma@nova.example", "Nova Pharma", true)
	sb.helix = jobNewTeam(t, h, f, "hugo@helix.example", "Helix Diagnostics", true)
	jobs := []struct {
		key   string
		team  *jobTeam
		title string
		extra map[string]any
	}{
		{"A", sb.nova, "Senior Research Scientist", map[string]any{"description": "Lead clinical trial design and oncology research in our labs.",
			"category": "Research & Development", "locations": []string{"Basel"}}},
		{"B", sb.helix, "Clinical Trial Manager", map[string]any{"description": "Run studies across sites and manage vendors.",
			"category": "Clinical", "workplace": "hybrid", "locations": []string{"London", "Basel"},
			"salary": map[string]any{"min": 90000, "max": 100000, "currency": "GBP", "period": "YEAR"}}},
		{"C", sb.nova, "Quality Engineer", map[string]any{"description": "This clinical role has a trial period of six months.",
			"category": "Quality", "locations": []string{"Zurich"}, "employment_type": "PART_TIME",
			"salary": map[string]any{"min": 40, "max": 50, "currency": "EUR", "period": "HOUR"}}},
		{"D", sb.helix, "Data Scientist", map[string]any{"description": "Python and statistics for diagnostics.",
			"category": "Data & IT", "workplace": "remote", "locations": []string{}, "applicant_countries": []string{"worldwide"}, "employment_type": "CONTRACTOR",
			"salary": map[string]any{"min": 8000, "max": 9000, "currency": "EUR", "period": "MONTH"}}},
		{"E", sb.nova, "Regulatory Specialist", map[string]any{"description": "Submissions to agencies.",
			"category": "Regulatory Affairs", "workplace": "remote", "locations": []string{"Berlin"}, "applicant_countries": []string{"DE"}}},
	}
	base := time.Now().Add(-6 * time.Hour)
	for i, j := range jobs {
		id := j.team.publishJob(t, jobStaffClient{}, jobPosting(j.title, j.extra))["id"].(string)
		jobSetTime(t, h, "published_at", id, base.Add(time.Duration(i)*time.Hour))
		sb.ids[j.key] = id
	}
	sb.nova.create(t, jobPosting("Draft Scientist", map[string]any{"description": "Clinical trial scientist draft."}))
	return sb
}

// keys maps job ids back to their letters; unknown ids show as "?".
func (sb *jobSearchBoard) keys(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "?"
		for k, v := range sb.ids {
			if v == id {
				out[i] = k
			}
		}
	}
	return strings.Join(out, "")
}

func (sb *jobSearchBoard) search(t *testing.T, query url.Values) string {
	t.Helper()
	return sb.keys(jobIDs(t, sb.anon.get("/api/v1/jobs?"+query.Encode())))
}

func jobSorted(s string) string {
	b := []byte(s)
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	return string(b)
}

func TestJobSearchFullText(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		cases := []struct {
			name, q, want string
		}{
			{"title word", "engineer", "C"},
			{"two words", "clinical manager", "B"},
			{"stemming", "scientists", "AD"},
			{"stemming the other way", "managing", "B"},
			{"case", "DATA", "D"},
			{"words anywhere", "clinical trial", "ABC"},
			{"phrase", `"clinical trial"`, "AB"},
			{"exclusion", "scientist -senior", "D"},
			{"exclusion of a phrase", `clinical -"trial period"`, "AB"},
			{"company name", "helix", "BD"},
			{"company name and word", "nova scientist", "A"},
			{"description word", "oncology", "A"},
			{"or", "engineer OR python", "CD"},
			{"no match", "astronaut", ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := sb.search(t, url.Values{"q": {tc.q}}); jobSorted(got) != tc.want {
					t.Errorf("q=%s found %q, want %q", tc.q, got, tc.want)
				}
			})
		}
		// The search page shows the same results.
		page := sb.anon.get("/jobs?q=scientists")
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, sb.ids["A"]) || !strings.Contains(page.body, sb.ids["D"]) || strings.Contains(page.body, sb.ids["B"]) {
			t.Errorf("search page for scientists: %d", page.StatusCode)
		}
	})
}

func TestJobSearchSyntaxNeverFails(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		queries := []string{
			`AND OR NOT * ( ) " :`, "AND", "OR", "NOT", "*", "(", ")", `"`, ":", "-", "--", "---scientist", `""`, `"unclosed phrase`,
			"scientist*", "title:scientist", "NEAR(data scientist)", "data NEAR scientist", "^data", "{data}", "data + scientist",
			"a & b | !c", "<->", "scientist <-> data", "scientist:*", `\`, `'; DROP TABLE jobs; --`, `%`, `_`, "OR scientist", "scientist OR",
			"-scientist", "NOT scientist", "Wissenschaftler über Straße", "研究", "🧪 scientist", "data\tscientist", strings.Repeat("(", 100),
			strings.Repeat(`" `, 50), "x OR y OR z OR NOT ( a AND b )",
		}
		for _, q := range queries {
			for _, path := range []string{"/api/v1/jobs?", "/jobs?"} {
				r := sb.anon.get(path + url.Values{"q": {q}}.Encode())
				if r.StatusCode != http.StatusOK {
					t.Errorf("%sq=%q: %d %.200s", path, q, r.StatusCode, r.body)
				}
			}
		}
		// Stray syntax does not drop the real words.
		for _, q := range []string{`engineer ( "`, `engineer*`, `(engineer)`, `engineer:`, `"engineer`} {
			if got := sb.search(t, url.Values{"q": {q}}); got != "C" {
				t.Errorf("q=%s found %q, want C", q, got)
			}
		}
		// Words every text has or no text needs (stop words, operators
		// spelled out) are ignored alike on both databases.
		for _, q := range []string{"the engineer", "engineer AND", "engineer and quality"} {
			got := sb.search(t, url.Values{"q": {q}})
			if got != "C" {
				t.Errorf("q=%s found %q, want C", q, got)
			}
		}
	})
}

func TestJobSearchFilters(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		cases := []struct {
			name  string
			query url.Values
			want  string
		}{
			{"everything", url.Values{}, "ABCDE"},
			{"category", url.Values{"category": {"Clinical"}}, "B"},
			{"category with an ampersand", url.Values{"category": {"Data & IT"}}, "D"},
			{"unknown category", url.Values{"category": {"Astrology"}}, ""},
			{"location", url.Values{"location": {"Basel"}}, "AB"},
			{"location of a second place", url.Values{"location": {"London"}}, "B"},
			{"remote location", url.Values{"location": {"Remote"}}, "DE"},
			{"workplace", url.Values{"workplace": {"remote"}}, "DE"},
			{"workplace onsite", url.Values{"workplace": {"onsite"}}, "AC"},
			{"employment type", url.Values{"employment_type": {"CONTRACTOR"}}, "D"},
			{"company slug", url.Values{"company": {"helix-diagnostics"}}, "BD"},
			{"company id", url.Values{"company": {sb.nova.companyID}}, "ACE"},
			{"hourly 50 is 104,000 a year", url.Values{"min_salary": {"104000"}}, "CD"},
			{"just above the hourly job", url.Values{"min_salary": {"104001"}}, "D"},
			{"yearly maximum counts", url.Values{"min_salary": {"100000"}}, "BCD"},
			{"monthly 9,000 is 108,000 a year", url.Values{"min_salary": {"108000"}}, "D"},
			{"above every salary", url.Values{"min_salary": {"108001"}}, ""},
			{"combined filters", url.Values{"workplace": {"remote"}, "company": {"nova-pharma"}}, "E"},
			{"filter and text", url.Values{"q": {"scientist"}, "category": {"Data & IT"}}, "D"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := sb.search(t, tc.query); jobSorted(got) != tc.want {
					t.Errorf("%s found %q, want %q", tc.query.Encode(), got, tc.want)
				}
				// The HTML page applies the same filters.
				page := sb.anon.get("/jobs?" + tc.query.Encode())
				if page.StatusCode != http.StatusOK {
					t.Fatalf("page: %d", page.StatusCode)
				}
				for k, id := range sb.ids {
					if strings.Contains(page.body, id) != strings.Contains(tc.want, k) {
						t.Errorf("page %s: job %s shown=%v", tc.query.Encode(), k, strings.Contains(page.body, id))
					}
				}
			})
		}
	})
}

// TestJobSearchLocationAsTyped checks the free-text location box of the
// search form: people type "basel", not only the facet's exact "Basel".
func TestJobSearchLocationAsTyped(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		for _, loc := range []string{"basel", "BASEL", " Basel "} {
			got := sb.search(t, url.Values{"location": {loc}})
			if jobSorted(got) != "AB" {
				t.Errorf("location=%q found %q, want AB", loc, got)
			}
		}
	})
}

func TestJobSearchOrderFeaturedThenNewest(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		if got := sb.search(t, url.Values{}); got != "EDCBA" {
			t.Errorf("order without featuring = %q, want newest first EDCBA", got)
		}
		owner := jobOwnerOf(h, sb.f)
		until := time.Now().Add(48 * time.Hour)
		for _, k := range []string{"B", "D"} {
			jobMustStatus(t, "feature "+k, owner.feature(sb.ids[k], &until), "published")
		}
		if got := sb.search(t, url.Values{}); got != "DBECA" {
			t.Errorf("order with B and D featured = %q, want DBECA", got)
		}
		if got := sb.search(t, url.Values{"q": {"scientist"}}); got != "DA" {
			t.Errorf("search order = %q, want DA", got)
		}
		r := sb.anon.get("/api/v1/jobs")
		for _, it := range r.json(t)["items"].([]any) {
			m := it.(map[string]any)
			want := m["id"] == sb.ids["B"] || m["id"] == sb.ids["D"]
			if m["featured"] != want {
				t.Errorf("job %s featured=%v, want %v", sb.keys([]string{m["id"].(string)}), m["featured"], want)
			}
		}
		// Ending the featured period puts the job back in date order.
		jobMustStatus(t, "unfeature D", owner.feature(sb.ids["D"], nil), "published")
		if got := sb.search(t, url.Values{}); got != "BEDCA" {
			t.Errorf("order after unfeaturing D = %q, want BEDCA", got)
		}
	})
}

func TestJobSearchFacets(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		type counts map[string]map[string]int
		cases := []struct {
			name  string
			query url.Values
			want  counts
		}{
			{"everything", url.Values{}, counts{
				"category":        {"Research & Development": 1, "Clinical": 1, "Quality": 1, "Data & IT": 1, "Regulatory Affairs": 1},
				"location":        {"Basel": 2, "London": 1, "Zurich": 1, "Remote": 2, "Berlin": 1},
				"workplace":       {"onsite": 2, "hybrid": 1, "remote": 2},
				"employment_type": {"FULL_TIME": 3, "PART_TIME": 1, "CONTRACTOR": 1},
				"company":         {"nova-pharma": 3, "helix-diagnostics": 2},
			}},
			{"text", url.Values{"q": {"scientist"}}, counts{
				"category":        {"Research & Development": 1, "Data & IT": 1},
				"location":        {"Basel": 1, "Remote": 1},
				"workplace":       {"onsite": 1, "remote": 1},
				"employment_type": {"FULL_TIME": 1, "CONTRACTOR": 1},
				"company":         {"nova-pharma": 1, "helix-diagnostics": 1},
			}},
			{"filter", url.Values{"workplace": {"remote"}}, counts{
				"category":        {"Data & IT": 1, "Regulatory Affairs": 1},
				"location":        {"Remote": 2, "Berlin": 1},
				"workplace":       {"remote": 2},
				"employment_type": {"FULL_TIME": 1, "CONTRACTOR": 1},
				"company":         {"nova-pharma": 1, "helix-diagnostics": 1},
			}},
			{"nothing", url.Values{"q": {"astronaut"}}, counts{"category": {}, "location": {}, "workplace": {}, "employment_type": {}, "company": {}}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := sb.anon.get("/api/v1/jobs?" + tc.query.Encode())
				facets, ok := r.json(t)["facets"].(map[string]any)
				if !ok {
					t.Fatalf("no facets: %.300s", r.body)
				}
				for name, want := range tc.want {
					list, ok := facets[name].([]any)
					if !ok {
						t.Errorf("facet %s is not a list: %v", name, facets[name])
						continue
					}
					got := map[string]int{}
					prev := -1
					for _, v := range list {
						m := v.(map[string]any)
						n := int(m["count"].(float64))
						got[m["value"].(string)] = n
						if prev >= 0 && n > prev {
							t.Errorf("facet %s is not ordered by count: %v", name, list)
						}
						prev = n
						if name == "company" {
							wantLabel := map[string]string{"nova-pharma": "Nova Pharma", "helix-diagnostics": "Helix Diagnostics"}[m["value"].(string)]
							if m["label"] != wantLabel {
								t.Errorf("company facet label %v, want %s", m["label"], wantLabel)
							}
						}
					}
					if len(got) != len(want) {
						t.Errorf("facet %s = %v, want %v", name, got, want)
						continue
					}
					for k, n := range want {
						if got[k] != n {
							t.Errorf("facet %s = %v, want %v", name, got, want)
							break
						}
					}
				}
			})
		}
	})
}

func TestJobSearchWithNoResults(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		r := sb.anon.get("/api/v1/jobs?q=astronaut&workplace=remote")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", r.StatusCode, r.body)
		}
		if !strings.Contains(r.body, `"items":[]`) || r.json(t)["next_cursor"] != "" {
			t.Errorf("empty answer: %.300s", r.body)
		}
		page := sb.anon.get("/jobs?q=astronaut&workplace=remote")
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "No jobs match your search") || !strings.Contains(page.body, "remove a filter") {
			t.Errorf("empty search page: %d, says no match: %v, suggests widening: %v", page.StatusCode,
				strings.Contains(page.body, "No jobs match your search"), strings.Contains(page.body, "remove a filter"))
		}
	})
}

func TestJobSearchBadCursor(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		enc := base64.RawURLEncoding.EncodeToString
		for _, cur := range []string{"garbage!", "zzzz", enc([]byte("not json")), enc([]byte(`{"i":"x"}`)), enc([]byte(`{"p":"2026-01-01T00:00:00Z"}`)), enc([]byte(`[1,2]`)), strings.Repeat("A", 500)} {
			r := sb.anon.get("/api/v1/jobs?cursor=" + url.QueryEscape(cur))
			if r.StatusCode != http.StatusBadRequest || r.errorField(t, "cursor") == "" {
				t.Errorf("cursor %q: %d %.200s", cur, r.StatusCode, r.body)
			}
			// The page falls back to the first page instead of an error.
			if page := sb.anon.get("/jobs?cursor=" + url.QueryEscape(cur)); page.StatusCode != http.StatusOK {
				t.Errorf("page with cursor %q: %d", cur, page.StatusCode)
			}
		}
	})
}

func TestJobSearchKeysetPagination(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		jobSettings(t, h, b, func(s *jobBoardSettings) { s.ReviewJobs = false })
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		type row struct {
			id       string
			at       time.Time
			featured bool
		}
		base := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
		until := time.Now().Add(24 * time.Hour)
		var rows []row
		for i := 0; i < 25; i++ {
			id := tm.publishJob(t, owner, jobPosting("Paginated Chemist "+strconv.Itoa(i), nil))["id"].(string)
			// Jobs 10-14 share a publication time: the id breaks the tie.
			at := base.Add(time.Duration(i) * time.Minute)
			if i >= 10 && i < 15 {
				at = base.Add(10 * time.Minute)
			}
			jobSetTime(t, h, "published_at", id, at)
			r := row{id: id, at: at, featured: i == 3 || i == 11 || i == 12}
			if r.featured {
				jobMustStatus(t, "feature", owner.feature(id, &until), "published")
			}
			rows = append(rows, r)
		}
		sort.Slice(rows, func(i, j int) bool {
			a, b := rows[i], rows[j]
			if a.featured != b.featured {
				return a.featured
			}
			if !a.at.Equal(b.at) {
				return a.at.After(b.at)
			}
			return a.id > b.id
		})
		want := make([]string, len(rows))
		for i, r := range rows {
			want[i] = r.id
		}
		anon := h.client(b.Host)
		for _, q := range []string{"", "&q=chemist", "&category=" + url.QueryEscape("Research & Development")} {
			var got []string
			var sizes []int
			cursor := ""
			for page := 0; page < 5; page++ {
				path := "/api/v1/jobs?limit=10" + q
				if cursor != "" {
					path += "&cursor=" + url.QueryEscape(cursor)
				}
				r := anon.get(path)
				ids := jobIDs(t, r)
				sizes = append(sizes, len(ids))
				got = append(got, ids...)
				cursor, _ = r.json(t)["next_cursor"].(string)
				if cursor == "" {
					break
				}
			}
			if len(sizes) != 3 || sizes[0] != 10 || sizes[1] != 10 || sizes[2] != 5 {
				t.Errorf("q=%s: page sizes %v, want [10 10 5]", q, sizes)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				seen := map[string]int{}
				for _, id := range got {
					seen[id]++
				}
				var dup, missing int
				for _, id := range want {
					if seen[id] == 0 {
						missing++
					}
					if seen[id] > 1 {
						dup++
					}
				}
				t.Errorf("q=%s: pages differ from the list order: %d ids, %d duplicated, %d missing", q, len(got), dup, missing)
			}
		}
		// The HTML page links to the next page with a working cursor.
		first := anon.get("/jobs")
		next := jobNextLink(first.body)
		if next == "" {
			t.Fatal("no next-page link on /jobs")
		}
		second := anon.get(strings.ReplaceAll(next, "&amp;", "&"))
		if second.StatusCode != http.StatusOK || !strings.Contains(second.body, want[len(want)-1]) || strings.Contains(second.body, want[0]) {
			t.Errorf("second HTML page: %d", second.StatusCode)
		}
	})
}

// jobNextLink finds the next-page link of the jobs page.
func jobNextLink(body string) string {
	const marker = `rel="next"`
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	j := strings.LastIndex(body[:i], `href="`)
	if j < 0 {
		return ""
	}
	rest := body[j+len(`href="`):]
	return rest[:strings.Index(rest, `"`)]
}

// TestJobSearchFollowsCompanyRename renames a published company: its jobs
// must be found by the new name, as the facets and pages already show it.
func TestJobSearchFollowsCompanyRename(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		sb := jobNewSearchBoard(t, h)
		r := patchJSON(sb.helix.c, "/api/v1/companies/"+sb.helix.companyID, map[string]any{"name": "Zenith Labs"}, sb.helix.tok)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("rename: %d %s", r.StatusCode, r.body)
		}
		page := sb.anon.get("/api/v1/jobs?q=scientist")
		if !strings.Contains(page.body, `"name":"Zenith Labs"`) {
			t.Fatalf("listings do not show the new name: %.300s", page.body)
		}
		got := sb.search(t, url.Values{"q": {"zenith"}})
		old := sb.search(t, url.Values{"q": {"helix"}})
		if jobSorted(got) != "BD" || old != "" {
			t.Errorf("after the rename q=zenith found %q and q=helix found %q", got, old)
		}
	})
}
