package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestEmployerPostsAJobThroughTheForms(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		c, tok := employer(h, b, "emma@pharma.example")
		co := registerCompany(t, c, tok, map[string]any{"name": "Form Co"})
		id := co["id"].(string)
		c.postForm("/login", "/login", formLogin("emma@pharma.example"))

		// Before the profile is published the jobs page says so.
		if r := c.get("/employer/companies/" + id + "/jobs"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "once the company profile is published") {
			t.Fatalf("jobs page: %d", r.StatusCode)
		}
		publish(t, h, b, c, tok, id)
		newPage := "/employer/companies/" + id + "/jobs/new"
		if r := c.get(newPage); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `<label for="title">`) {
			t.Fatalf("new job page: %d", r.StatusCode)
		}
		bad := url.Values{"title": {"Lab Technician"}, "description": {"Run the lab."}, "employment_type": {"FULL_TIME"},
			"workplace": {"onsite"}, "locations": {"Basel"}, "apply_method": {"url"}, "apply_url": {"javascript:alert(1)"},
			"salary_min": {"lots"}}
		r := c.postForm(newPage, "/employer/companies/"+id+"/jobs", bad)
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, `id="salary_min-error"`) {
			t.Fatalf("bad number: %d", r.StatusCode)
		}
		bad.Set("salary_min", "90000")
		bad.Set("salary_max", "60000")
		bad.Set("salary_currency", "EUR")
		bad.Set("salary_period", "YEAR")
		r = c.postForm(newPage, "/employer/companies/"+id+"/jobs", bad)
		for _, f := range []string{"apply_url", "salary_min"} {
			if !strings.Contains(r.body, `id="`+f+`-error"`) {
				t.Errorf("no error shown for %s (status %d)", f, r.StatusCode)
			}
		}
		if !strings.Contains(r.body, `value="Lab Technician"`) {
			t.Error("typed values not kept")
		}
		good := bad
		good.Set("apply_url", "https://formco.example/apply")
		good.Set("salary_max", "95000")
		good.Set("tags", "GMP, HPLC")
		r = c.postForm(newPage, "/employer/companies/"+id+"/jobs", good)
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/employer/jobs/") {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		editor := r.Header.Get("Location")
		jobID := strings.TrimPrefix(editor, "/employer/jobs/")
		r = c.postForm(editor, editor+"/submit", url.Values{})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d", r.StatusCode)
		}
		if r := c.get(editor); !strings.Contains(r.body, "Waiting for review") {
			t.Fatal("editor does not say the job waits for review")
		}
		owner := h.client(b.Host)
		otok := owner.login(b.OwnerEmail, b.OwnerPass)
		if r := owner.postJSON("/api/v1/moderation/jobs/"+jobID+"/approve", "{}", bearer(otok)); r.StatusCode != http.StatusOK {
			t.Fatalf("approve: %d %s", r.StatusCode, r.body)
		}
		ed := c.get(editor)
		if !strings.Contains(ed.body, "Live at") || !strings.Contains(ed.body, "Close (position filled)") {
			t.Fatal("editor of a published job")
		}
		list := c.get("/employer/companies/" + id + "/jobs")
		if !strings.Contains(list.body, "Lab Technician") || !strings.Contains(list.body, "published") {
			t.Fatal("jobs list")
		}
		// Edit while live.
		good.Set("title", "Senior Lab Technician")
		if r := c.postForm(editor, editor, good); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", r.StatusCode, r.body)
		}
		pub := h.client(b.Host).get("/jobs?q=senior")
		if !strings.Contains(pub.body, "Senior Lab Technician") {
			t.Fatal("edited job not found by search")
		}
		// Close: the public page answers 410.
		if r := c.postForm(editor, editor+"/close", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("close: %d", r.StatusCode)
		}
		r = h.client(b.Host).get("/jobs/" + jobID + "/senior-lab-technician")
		if r.StatusCode != http.StatusGone || !strings.Contains(r.body, `name="robots" content="noindex"`) {
			t.Fatalf("closed job page: %d", r.StatusCode)
		}
		// An outsider cannot open the editor.
		out := h.client(b.Host)
		out.signupAndLogin("out@x.example", "passphrase for out@x.example", "Out")
		out.postForm("/login", "/login", formLogin("out@x.example"))
		if r := out.get(editor); r.StatusCode != http.StatusNotFound {
			t.Fatalf("outsider editor: %d", r.StatusCode)
		}
	})
}
