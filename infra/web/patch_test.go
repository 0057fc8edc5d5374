package web_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestCompanyPatchChangesOnlyTheFieldsSent(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		c, tok := employer(h, b, "emma@pharma.example")
		co := registerCompany(t, c, tok, map[string]any{"name": "Nova Pharma", "website": "https://nova.example", "sector": "Biotechnology",
			"location": "Basel, Switzerland", "size": "51-200", "founded_year": "2001", "contact_email": "hello@nova.example",
			"description": "We make **medicines**.", "social": map[string]string{"linkedin": "https://www.linkedin.com/company/nova"}})
		id := co["id"].(string)

		r := patchJSON(c, "/api/v1/companies/"+id, map[string]any{"name": "Nova Biopharma"}, tok)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("patch name: %d %s", r.StatusCode, r.body)
		}
		got := r.json(t)
		if got["name"] != "Nova Biopharma" {
			t.Errorf("name %v", got["name"])
		}
		for _, k := range []string{"slug", "website", "sector", "location", "size", "founded_year", "contact_email", "description", "description_html"} {
			if got[k] != co[k] {
				t.Errorf("%s changed from %v to %v", k, co[k], got[k])
			}
		}
		if social, _ := got["social"].(map[string]any); social["linkedin"] != "https://www.linkedin.com/company/nova" {
			t.Errorf("social links lost: %v", got["social"])
		}
		// The stored profile, read back, agrees.
		if again := c.do(http.MethodGet, "/api/v1/companies/"+id, nil, bearer(tok)).json(t); again["website"] != "https://nova.example" || again["name"] != "Nova Biopharma" {
			t.Errorf("stored profile: %v", again)
		}

		// Validation still holds, on the merged profile.
		r = patchJSON(c, "/api/v1/companies/"+id, map[string]any{"website": "not a web address"}, tok)
		if r.StatusCode != http.StatusBadRequest || r.errorField(t, "website") == "" {
			t.Errorf("bad website: %d %s", r.StatusCode, r.body)
		}
		r = patchJSON(c, "/api/v1/companies/"+id, map[string]any{"name": ""}, tok)
		if r.StatusCode != http.StatusBadRequest || r.errorField(t, "name") == "" {
			t.Errorf("blank name: %d %s", r.StatusCode, r.body)
		}
		r = patchJSON(c, "/api/v1/companies/"+id, map[string]any{"founded_year": 2001}, tok)
		if r.StatusCode != http.StatusBadRequest || r.errorField(t, "founded_year") == "" {
			t.Errorf("founded_year of the wrong type: %d %s", r.StatusCode, r.body)
		}
		if got := c.do(http.MethodGet, "/api/v1/companies/"+id, nil, bearer(tok)).json(t); got["website"] != "https://nova.example" || got["name"] != "Nova Biopharma" {
			t.Errorf("a refused patch changed the profile: %v %v", got["website"], got["name"])
		}
		// An empty object changes nothing.
		if r := patchJSON(c, "/api/v1/companies/"+id, map[string]any{}, tok); r.StatusCode != http.StatusOK || r.json(t)["sector"] != "Biotechnology" {
			t.Errorf("empty patch: %d %s", r.StatusCode, r.body)
		}
	})
}

func TestJobPatchChangesOnlyTheFieldsSent(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		tm := jobNewTeam(t, h, b, "emma@pharma.example", "Nova Pharma", true)
		salary := map[string]any{"min": 60000, "max": 80000, "currency": "EUR", "period": "YEAR"}
		j := tm.create(t, jobPosting("Lab Scientist", map[string]any{"salary": salary, "tags": []string{"GMP", "HPLC"}}))
		id := j["id"].(string)

		r := tm.patch(id, map[string]any{"title": "Senior Lab Scientist"})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("patch title: %d %s", r.StatusCode, r.body)
		}
		got := r.json(t)
		if got["title"] != "Senior Lab Scientist" {
			t.Errorf("title %v", got["title"])
		}
		for _, k := range []string{"description", "employment_type", "workplace", "category", "seniority", "apply_url"} {
			if got[k] != j[k] {
				t.Errorf("%s changed from %v to %v", k, j[k], got[k])
			}
		}
		for _, k := range []string{"locations", "tags", "salary"} {
			if jsonText(got[k]) != jsonText(j[k]) {
				t.Errorf("%s changed from %s to %s", k, jsonText(j[k]), jsonText(got[k]))
			}
		}

		// One salary bound; the rest of the salary stays.
		got = jobMustStatus(t, "patch salary max", tm.patch(id, map[string]any{"salary": map[string]any{"max": 90000}}), "draft")
		if sal, _ := got["salary"].(map[string]any); sal["min"] != float64(60000) || sal["max"] != float64(90000) || sal["currency"] != "EUR" {
			t.Errorf("salary after patching max: %v", got["salary"])
		}
		// Switching to apply by e-mail needs only the address.
		got = jobMustStatus(t, "patch apply_email", tm.patch(id, map[string]any{"apply_email": "jobs@nova.example"}), "draft")
		if got["apply_email"] != "jobs@nova.example" || got["apply_url"] != nil && got["apply_url"] != "" {
			t.Errorf("apply after switching to e-mail: url %v email %v", got["apply_url"], got["apply_email"])
		}
		// salary: null removes it.
		got = jobMustStatus(t, "remove salary", tm.patch(id, map[string]any{"salary": nil}), "draft")
		if got["salary"] != nil {
			t.Errorf("salary after null: %v", got["salary"])
		}

		// Validation still holds.
		if r := tm.patch(id, map[string]any{"workplace": "on the moon"}); r.StatusCode != http.StatusBadRequest || r.errorField(t, "workplace") == "" {
			t.Errorf("bad workplace: %d %s", r.StatusCode, r.body)
		}
		if r := tm.patch(id, map[string]any{"title": ""}); r.StatusCode != http.StatusBadRequest || r.errorField(t, "title") == "" {
			t.Errorf("blank title: %d %s", r.StatusCode, r.body)
		}
		if r := tm.patch(id, map[string]any{"tags": "GMP"}); r.StatusCode != http.StatusBadRequest || r.errorField(t, "tags") == "" {
			t.Errorf("tags of the wrong type: %d %s", r.StatusCode, r.body)
		}
		if got := tm.get(t, id); got["title"] != "Senior Lab Scientist" || got["workplace"] != "onsite" {
			t.Errorf("a refused patch changed the job: %v %v", got["title"], got["workplace"])
		}
	})
}

// jsonText is v encoded as JSON, to compare decoded values.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestJobPatchUnderReviewLeavesTheLivePostingAlone proves that patching the
// lists of a published job on a board that reviews edits changes only the
// edit waiting for review: the public posting keeps its locations and tags
// until a moderator approves.
func TestJobPatchUnderReviewLeavesTheLivePostingAlone(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := modNewBoard(t, h, "acme")
		jobSettings(t, h, b.f, func(s *jobBoardSettings) { s.ReviewEdits = true })
		id := b.published(t, "Analytical Chemist")["id"].(string)

		r := b.team.patch(id, map[string]any{"locations": []string{"Zurich, Switzerland"}, "tags": []string{"HPLC"}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("patch: %d %s", r.StatusCode, r.body)
		}
		public := h.client(b.f.Host).do(http.MethodGet, "/api/v1/jobs/"+id, nil, nil)
		if public.StatusCode != http.StatusOK {
			t.Fatalf("public job: %d %s", public.StatusCode, public.body)
		}
		live := public.json(t)
		if jsonText(live["locations"]) != `["Basel, Switzerland"]` || jsonText(live["tags"]) != `["GMP"]` {
			t.Errorf("live posting changed before review: locations %s tags %s", jsonText(live["locations"]), jsonText(live["tags"]))
		}
		changes := map[string]bool{}
		for _, ch := range modList(modFind(b.mod.queue(t), id), "changes") {
			changes[ch["field"].(string)] = true
		}
		if !changes["locations"] || !changes["tags"] {
			t.Errorf("edit under review does not show the new lists: %v", changes)
		}
	})
}
