package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestJobFeaturedRotation(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		jobSettings(t, h, b, func(s *jobBoardSettings) { s.ReviewJobs = false; s.FeaturedSlots = 2 })
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		until := time.Now().Add(72 * time.Hour)
		featured := map[string]bool{}
		for _, title := range []string{"Featured One", "Featured Two", "Featured Three"} {
			id := tm.publishJob(t, owner, jobPosting(title, nil))["id"].(string)
			jobMustStatus(t, "feature", owner.feature(id, &until), "published")
			featured[id] = true
		}
		plain := tm.publishJob(t, owner, jobPosting("Plain Job", nil))["id"].(string)
		anon := h.client(b.Host)
		seen := map[string]int{}
		for call := 0; call < 6; call++ {
			r := anon.get("/api/v1/featured-jobs")
			ids := jobIDs(t, r)
			if len(ids) != 2 || ids[0] == ids[1] {
				t.Fatalf("call %d: %v, want 2 different jobs", call, ids)
			}
			for _, it := range r.json(t)["items"].([]any) {
				if it.(map[string]any)["featured"] != true {
					t.Errorf("widget item not marked featured: %v", it)
				}
			}
			for _, id := range ids {
				if !featured[id] {
					t.Errorf("call %d: %s is not featured (plain job %v)", call, id, id == plain)
				}
				seen[id]++
			}
		}
		if len(seen) != 3 {
			t.Errorf("over 6 calls the widget showed %d of 3 featured jobs: %v", len(seen), seen)
		}
		for id, n := range seen {
			if n != 4 {
				t.Errorf("job %s shown %d times in 6 calls, want a fair 4", id, n)
			}
		}
		// Fewer featured jobs than slots: all of them, every time.
		jobSettings(t, h, b, func(s *jobBoardSettings) { s.FeaturedSlots = 5 })
		for call := 0; call < 2; call++ {
			if ids := jobIDs(t, anon.get("/api/v1/featured-jobs")); len(ids) != 3 {
				t.Errorf("with 5 slots: %d jobs, want all 3", len(ids))
			}
		}
		// A featured period that has ended leaves the widget at once.
		var one string
		for id := range featured {
			one = id
			break
		}
		jobSetTime(t, h, "featured_until", one, time.Now().Add(-time.Second))
		if ids := jobIDs(t, anon.get("/api/v1/featured-jobs")); len(ids) != 2 || jobContains(ids, one) {
			t.Errorf("after one featured period ended: %v", ids)
		}
	})
}

func TestJobFeatureIsForBoardOwners(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		id := tm.publishJob(t, owner, jobPosting("Featured Maybe", nil))["id"].(string)
		until := time.Now().Add(24 * time.Hour)
		cand := h.client(b.Host)
		ctok := cand.signupAndLogin("cara@candidate.example", "passphrase for cara", "Cara")
		for name, who := range map[string]jobStaffClient{"the company's own employer": {tm.c, tm.tok}, "a candidate": {cand, ctok}} {
			if r := who.feature(id, &until); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s featuring: %d, want 403", name, r.StatusCode)
			}
		}
		if r := h.client(b.Host).do(http.MethodPost, "/api/v1/jobs/"+id+"/feature", strings.NewReader(`{"until":null}`), map[string]string{"Content-Type": "application/json"}); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous featuring: %d, want 401", r.StatusCode)
		}
		if got := tm.get(t, id); got["featured_until"] != nil {
			t.Errorf("job featured by a refused call: %v", got["featured_until"])
		}
	})
}

func TestJobCountersAndApplyRedirect(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		byURL := tm.publishJob(t, owner, jobPosting("Counted Chemist", map[string]any{"apply_url": "https://careers.nova.example/jobs/42?src=board&x=1"}))
		byMail := tm.publishJob(t, owner, jobPosting("Mailed Chemist", map[string]any{"apply_url": nil, "apply_email": "jobs@nova.example"}))
		anon := h.client(b.Host)

		cases := []struct {
			job          map[string]any
			views, click int
			location     func(string) bool
		}{
			{byURL, 3, 2, func(l string) bool { return l == "https://careers.nova.example/jobs/42?src=board&x=1" }},
			{byMail, 1, 1, func(l string) bool {
				u, err := url.Parse(l)
				return err == nil && u.Scheme == "mailto" && u.Opaque == "jobs@nova.example" && strings.Contains(u.Query().Get("subject"), "Mailed Chemist")
			}},
		}
		for _, tc := range cases {
			for i := 0; i < tc.views; i++ {
				if r := anon.get(jobPagePath(tc.job)); r.StatusCode != http.StatusOK {
					t.Fatalf("view: %d", r.StatusCode)
				}
			}
			for i := 0; i < tc.click; i++ {
				r := anon.get(jobPagePath(tc.job) + "/apply")
				if r.StatusCode != http.StatusFound || !tc.location(r.Header.Get("Location")) {
					t.Errorf("apply %v: %d Location %q", tc.job["title"], r.StatusCode, r.Header.Get("Location"))
				}
			}
		}
		// Redirects, the list and the API do not count as views.
		anon.get("/jobs/" + byURL["id"].(string))
		anon.get("/api/v1/jobs/" + byURL["id"].(string))
		anon.get("/jobs")
		if err := h.sys.JobStats.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		// A second batch after the flush adds up.
		anon.get(jobPagePath(byURL))
		if err := h.sys.JobStats.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		r := tm.c.do(http.MethodGet, "/api/v1/companies/"+tm.companyID+"/jobs", nil, bearer(tm.tok))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("team list: %d %s", r.StatusCode, r.body)
		}
		stats := map[string]map[string]any{}
		for _, it := range r.json(t)["items"].([]any) {
			m := it.(map[string]any)
			s, _ := m["stats"].(map[string]any)
			stats[m["id"].(string)] = s
		}
		want := map[string][2]float64{byURL["id"].(string): {4, 2}, byMail["id"].(string): {1, 1}}
		for id, w := range want {
			s := stats[id]
			if s == nil || s["views"] != w[0] || s["apply_clicks"] != w[1] {
				t.Errorf("stats of %s = %v, want views %v apply_clicks %v", id, s, w[0], w[1])
			}
		}
		// Counters are for the team: the public list carries none.
		if pub := anon.get("/api/v1/companies/" + tm.companyID + "/jobs"); strings.Contains(pub.body, `"stats"`) {
			t.Errorf("public company jobs carry stats")
		}
		// Closed jobs neither count nor redirect.
		jobMustStatus(t, "close", tm.action(byMail["id"].(string), "close"), "closed")
		if r := anon.get(jobPagePath(byMail) + "/apply"); r.StatusCode == http.StatusFound {
			t.Errorf("apply on a closed job redirects to %s", r.Header.Get("Location"))
		}
		anon.get(jobPagePath(byMail))
		if err := h.sys.JobStats.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		r = tm.c.do(http.MethodGet, "/api/v1/companies/"+tm.companyID+"/jobs", nil, bearer(tm.tok))
		for _, it := range r.json(t)["items"].([]any) {
			m := it.(map[string]any)
			if m["id"] == byMail["id"] {
				if s := m["stats"].(map[string]any); s["views"] != float64(1) || s["apply_clicks"] != float64(1) {
					t.Errorf("closed job counted: %v", s)
				}
			}
		}
	})
}

// TestJobApplyMailSubject checks the subject of an e-mail application
// link for titles with characters that mean something in a query.
func TestJobApplyMailSubject(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		anon := h.client(b.Host)
		for _, title := range []string{"Lab Chemist", "R&D Chemist", "C++ Developer (100%)", "Chemist #2 = lead?"} {
			t.Run(title, func(t *testing.T) {
				j := tm.publishJob(t, owner, jobPosting(title, map[string]any{"apply_url": nil, "apply_email": "jobs@nova.example"}))
				r := anon.get(jobPagePath(j) + "/apply")
				loc := r.Header.Get("Location")
				u, err := url.Parse(loc)
				if r.StatusCode != http.StatusFound || err != nil || u.Scheme != "mailto" || u.Opaque != "jobs@nova.example" {
					t.Fatalf("apply: %d %q (%v)", r.StatusCode, loc, err)
				}
				q, err := url.ParseQuery(u.RawQuery)
				if got := q.Get("subject"); err != nil || len(q) != 1 || got != "Application: "+title {
					t.Errorf("mail subject lost: Location %s", loc)
				}
			})
		}
	})
}
