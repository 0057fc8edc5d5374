package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestJobIsInvisibleFromAnotherBoard(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a, b := h.newBoard("alpha"), h.newBoard("beta")
		ownerA, ownerB := jobOwnerOf(h, a), jobOwnerOf(h, b)
		until := time.Now().Add(72 * time.Hour)

		// Board A: an open featured job, a pending one and an expired one.
		tmA := jobNewTeam(t, h, a, "emma@nova.example", "Quokka Therapeutics", true)
		open := tmA.publishJob(t, ownerA, jobPosting("Xylophonist Scientist", nil))
		openID := open["id"].(string)
		jobMustStatus(t, "feature on A", ownerA.feature(openID, &until), "published")
		pending := tmA.create(t, jobPosting("Xylophonist Pending", nil))
		jobMustStatus(t, "submit on A", tmA.action(pending["id"].(string), "submit"), "pending")
		expired := tmA.publishJob(t, ownerA, jobPosting("Xylophonist Expired", nil))
		jobSetTime(t, h, "expires_at", expired["id"].(string), time.Now().Add(-time.Hour))

		// Board B: the same person with a company of the same name and a
		// job with the same search text.
		tmB := jobNewTeam(t, h, b, "emma@nova.example", "Quokka Therapeutics", true)
		own := tmB.publishJob(t, ownerB, jobPosting("Xylophonist Scientist", nil))
		jobMustStatus(t, "feature on B", ownerB.feature(own["id"].(string), &until), "published")

		for _, j := range []map[string]any{open, pending, expired} {
			id := j["id"].(string)
			reads := []struct {
				name string
				path string
				tok  string
			}{
				{"public page", jobPagePath(j), ""},
				{"short link", "/jobs/" + id, ""},
				{"apply link", jobPagePath(j) + "/apply", ""},
				{"API job", "/api/v1/jobs/" + id, ""},
				{"API job as B's employer", "/api/v1/jobs/" + id, tmB.tok},
				{"API job as B's owner", "/api/v1/jobs/" + id, ownerB.tok},
				{"A's company jobs as B's employer", "/api/v1/companies/" + tmA.companyID + "/jobs", tmB.tok},
			}
			for _, rd := range reads {
				hdr := map[string]string{}
				if rd.tok != "" {
					hdr["Authorization"] = "Bearer " + rd.tok
				}
				if r := tmB.c.do(http.MethodGet, rd.path, nil, hdr); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s of A's %s job on board B: %d, want 404", rd.name, j["status"], r.StatusCode)
				}
			}
			writes := []struct {
				name string
				call func() response
			}{
				{"PATCH", func() response { return tmB.patch(id, jobPosting("Taken over", nil)) }},
				{"submit", func() response { return tmB.action(id, "submit") }},
				{"close", func() response { return tmB.action(id, "close") }},
				{"renew", func() response { return tmB.action(id, "renew") }},
				{"approve", func() response { return ownerB.approve(id) }},
				{"reject", func() response { return ownerB.reject(id, "spam", "x") }},
				{"feature", func() response { return ownerB.feature(id, &until) }},
				{"unfeature", func() response { return ownerB.feature(id, nil) }},
				{"create in A's company", func() response {
					return jobSend(tmB.c, http.MethodPost, "/api/v1/companies/"+tmA.companyID+"/jobs", jobPosting("Intruder", nil), tmB.tok)
				}},
			}
			for _, w := range writes {
				if r := w.call(); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s of A's %s job from board B: %d, want 404 (%.200s)", w.name, j["status"], r.StatusCode, r.body)
				}
			}
		}

		// B's lists show B's job only, even for the same words.
		anonB := h.client(b.Host)
		for _, path := range []string{"/api/v1/jobs?q=xylophonist", "/api/v1/jobs", "/api/v1/featured-jobs", "/jobs?q=xylophonist", "/jobs", "/", "/companies/" + tmB.companySlug} {
			r := anonB.get(path)
			if r.StatusCode != http.StatusOK {
				t.Errorf("B %s: %d", path, r.StatusCode)
				continue
			}
			for _, j := range []map[string]any{open, pending, expired} {
				if strings.Contains(r.body, j["id"].(string)) {
					t.Errorf("board B's %s shows A's %s job", path, j["status"])
				}
			}
			if !strings.Contains(r.body, own["id"].(string)) {
				t.Errorf("board B's %s does not show B's own job", path)
			}
		}
		if r := anonB.get("/api/v1/jobs?company=" + tmA.companyID); len(jobIDs(t, r)) != 0 {
			t.Errorf("B's search by A's company id found jobs: %s", r.body)
		}
		// A's job is untouched and still listed on A.
		got := tmA.get(t, openID)
		if got["title"] != "Xylophonist Scientist" || got["status"] != "published" || got["featured_until"] == nil {
			t.Errorf("A's job changed: %v %v %v", got["title"], got["status"], got["featured_until"])
		}
		if ids := jobIDs(t, h.client(a.Host).get("/api/v1/jobs?q=xylophonist")); len(ids) != 1 || ids[0] != openID {
			t.Errorf("A's search = %v, want only A's open job", ids)
		}
	})
}
