package web_test

import (
	"net/http"
	"testing"
)

// A display field made only of invisible characters, or holding a
// bidirectional override, is refused naming the field, and nothing is
// written.
func TestInvisibleAndBidiDisplayTextIsRefused(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		jobsPath := "/api/v1/companies/" + tm.companyID + "/jobs"

		refused := func(t *testing.T, what string, r response, field string) {
			t.Helper()
			if r.StatusCode != http.StatusBadRequest {
				t.Fatalf("%s: status %d, want 400: %.400s", what, r.StatusCode, r.body)
			}
			if code := r.errorCode(t); code != "validation_failed" {
				t.Errorf("%s: error.code %q, want validation_failed", what, code)
			}
			if r.errorField(t, field) == "" {
				t.Errorf("%s: error.fields does not name %s: %.400s", what, field, r.body)
			}
		}

		// A job title of a zero-width space.
		r := jobSend(tm.c, http.MethodPost, jobsPath, jobPosting("\u200b", nil), tm.tok)
		refused(t, "job title U+200B", r, "title")
		r = jobSend(tm.c, http.MethodPost, jobsPath, jobPosting("Analytical Chemist", map[string]any{"tags": []string{"GMP", "\u2066lab\u2069"}}), tm.tok)
		refused(t, "job tag with an isolate", r, "tags")
		if ids := jobIDs(t, tm.c.do(http.MethodGet, jobsPath, nil, bearer(tm.tok))); len(ids) != 0 {
			t.Errorf("refused postings were stored: %d jobs", len(ids))
		}
		draft := tm.create(t, jobPosting("Analytical Chemist", nil))
		r = tm.patch(draft["id"].(string), map[string]any{"title": "\u200b\u2060"})
		refused(t, "job title edited to invisibles", r, "title")
		if got := tm.get(t, draft["id"].(string)); got["title"] != "Analytical Chemist" {
			t.Errorf("a refused edit changed the title to %+q", got["title"])
		}

		// A company name with a right-to-left override.
		r = tm.c.postJSON("/api/v1/companies", map[string]any{"name": "Acme\u202e Labs", "description": "About us."}, bearer(tm.tok))
		refused(t, "company name with U+202E", r, "name")
		r = patchJSON(tm.c, "/api/v1/companies/"+tm.companyID, map[string]any{"name": "Nova\u202e Pharma"}, tm.tok)
		refused(t, "company name edited with U+202E", r, "name")
		mine := tm.c.do(http.MethodGet, "/api/v1/me/companies", nil, bearer(tm.tok)).json(t)["items"].([]any)
		if len(mine) != 1 {
			t.Errorf("refused companies were stored: %d companies", len(mine))
		}
		if got := tm.c.do(http.MethodGet, "/api/v1/companies/"+tm.companyID, nil, bearer(tm.tok)).json(t)["name"]; got != "Nova Pharma" {
			t.Errorf("a refused edit changed the company name to %+q", got)
		}

		// A person's name of Hangul fillers on sign-up.
		anon := h.client(b.Host)
		r = anon.postJSON("/api/v1/auth/signup", map[string]any{"email": "filler@nova.example", "password": "long enough passphrase", "name": "\u3164\u3164"}, nil)
		refused(t, "sign-up name U+3164", r, "name")
		if r := anon.postJSON("/api/v1/auth/login", map[string]any{"email": "filler@nova.example", "password": "long enough passphrase"}, nil); r.StatusCode == http.StatusOK {
			t.Error("a refused sign-up created the account")
		}
	})
}
