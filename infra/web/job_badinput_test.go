package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jobBadCase is a posting that must be refused naming field.
type jobBadCase struct {
	name  string
	body  string // the raw JSON body
	field string
	// bug, when set, skips the case: a known defect in the code under test.
	bug string
}

// jobBody returns a posting body with changes applied, as JSON.
func jobBody(extra map[string]any) string {
	b, _ := json.Marshal(jobPosting("Analytical Chemist", extra))
	return string(b)
}

func jobBadCases() []jobBadCase {
	tags := make([]string, 16)
	for i := range tags {
		tags[i] = "tag" + strconv.Itoa(i)
	}
	salary := func(minV, maxV any, currency, period string) map[string]any {
		return map[string]any{"salary": map[string]any{"min": minV, "max": maxV, "currency": currency, "period": period}}
	}
	past := time.Now().UTC().AddDate(0, 0, -2).Format("2006-01-02")
	far := time.Now().UTC().AddDate(2, 0, 0).Format("2006-01-02")
	return []jobBadCase{
		{name: "min salary above max", body: jobBody(salary(90000, 60000, "EUR", "YEAR")), field: "salary.min"},
		{name: "negative salary", body: jobBody(salary(-5, 60000, "EUR", "YEAR")), field: "salary.min"},
		{name: "unknown currency", body: jobBody(salary(50000, 60000, "XXX", "YEAR")), field: "salary.currency"},
		{name: "unknown salary period", body: jobBody(salary(50000, 60000, "EUR", "FORTNIGHT")), field: "salary.period"},
		{name: "salary min as a string", body: jobBody(salary("50000", 60000, "EUR", "YEAR")), field: "salary.min"},
		{name: "salary as a number", body: jobBody(map[string]any{"salary": 50000}), field: "salary"},
		{name: "title as a number", body: jobBody(map[string]any{"title": 42}), field: "title"},
		{name: "locations as a string", body: jobBody(map[string]any{"locations": "Basel"}), field: "locations"},
		{name: "tags as an object", body: jobBody(map[string]any{"tags": map[string]any{"a": 1}}), field: "tags"},
		{name: "unknown employment type", body: jobBody(map[string]any{"employment_type": "GIG"}), field: "employment_type"},
		{name: "workplace moon", body: jobBody(map[string]any{"workplace": "moon"}), field: "workplace"},
		{name: "javascript apply URL", body: jobBody(map[string]any{"apply_url": "javascript:alert(1)"}), field: "apply_url"},
		{name: "ftp apply URL", body: jobBody(map[string]any{"apply_url": "ftp://x"}), field: "apply_url"},
		{name: "apply URL without a host", body: jobBody(map[string]any{"apply_url": "https://"}), field: "apply_url"},
		{name: "bad apply e-mail", body: jobBody(map[string]any{"apply_url": nil, "apply_email": "not an address"}), field: "apply_email"},
		// An empty address is sent rather than left out: a PATCH keeps what
		// it leaves out.
		{name: "no apply method", body: jobBody(map[string]any{"apply_url": ""}), field: "apply_url"},
		{name: "empty title", body: jobBody(map[string]any{"title": "   "}), field: "title"},
		{name: "title 151 characters", body: jobBody(map[string]any{"title": strings.Repeat("t", 151)}), field: "title"},
		{name: "title 200 KB", body: jobBody(map[string]any{"title": strings.Repeat("Title ", 200<<10/6)}), field: "title"},
		{name: "markup in title", body: jobBody(map[string]any{"title": "<b>Boss</b>"}), field: "title"},
		{name: "empty description", body: jobBody(map[string]any{"description": ""}), field: "description"},
		{name: "category not on the board", body: jobBody(map[string]any{"category": "Astrology"}), field: "category"},
		{name: "unknown seniority", body: jobBody(map[string]any{"seniority": "overlord"}), field: "seniority"},
		{name: "closing date not a date", body: jobBody(map[string]any{"closing_date": "31/12/2026"}), field: "closing_date"},
		{name: "closing date impossible", body: jobBody(map[string]any{"closing_date": "2026-02-30"}), field: "closing_date"},
		{name: "closing date in the past", body: jobBody(map[string]any{"closing_date": past}), field: "closing_date"},
		{name: "closing date two years away", body: jobBody(map[string]any{"closing_date": far}), field: "closing_date"},
		{name: "too many tags", body: jobBody(map[string]any{"tags": tags}), field: "tags"},
		{name: "tag too long", body: jobBody(map[string]any{"tags": []string{strings.Repeat("g", 41)}}), field: "tags"},
		{name: "no location for on-site", body: jobBody(map[string]any{"locations": []string{}}), field: "locations"},
		{name: "remote with a bad country code", body: jobBody(map[string]any{"workplace": "remote", "applicant_countries": []string{"DE", "Germany"}}), field: "applicant_countries"},
		{name: "remote with a three-letter country", body: jobBody(map[string]any{"workplace": "remote", "applicant_countries": []string{"DEU"}}), field: "applicant_countries"},
		{name: "remote without applicant countries", body: jobBody(map[string]any{"workplace": "remote", "locations": []string{}}), field: "applicant_countries"},
		{name: "remote with an unassigned country code", body: jobBody(map[string]any{"workplace": "remote", "applicant_countries": []string{"ZZ"}}), field: "applicant_countries"},
		{name: "remote worldwide and a country", body: jobBody(map[string]any{"workplace": "remote", "applicant_countries": []string{"worldwide", "DE"}}), field: "applicant_countries"},
		{name: "NUL in description", body: jobBody(map[string]any{"description": "a\u0000b"}), field: "description"},
	}
}

func TestJobBadInputIsRefusedNamingTheField(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		published := tm.publishJob(t, owner, jobPosting("Analytical Chemist", nil))
		for _, tc := range jobBadCases() {
			for _, target := range []struct{ method, path string }{
				{http.MethodPost, "/api/v1/companies/" + tm.companyID + "/jobs"},
				{http.MethodPatch, "/api/v1/jobs/" + published["id"].(string)},
			} {
				t.Run(tc.name+" "+target.method, func(t *testing.T) {
					r := tm.c.do(target.method, target.path, strings.NewReader(tc.body), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + tm.tok})
					if r.StatusCode == http.StatusRequestEntityTooLarge {
						t.Fatalf("413 before the field is named; want 400 naming %s", tc.field)
					}
					if r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusUnprocessableEntity {
						t.Fatalf("status %d, want 400: %.400s", r.StatusCode, r.body)
					}
					if r.errorCode(t) != "validation_failed" {
						t.Errorf("error.code %q, want validation_failed", r.errorCode(t))
					}
					if r.errorField(t, tc.field) == "" {
						t.Errorf("error.fields does not name %s: %.400s", tc.field, r.body)
					}
				})
			}
		}
		// Nothing was stored or changed.
		if got := tm.get(t, published["id"].(string)); got["title"] != "Analytical Chemist" || got["status"] != "published" {
			t.Errorf("refused edits changed the job: %v %v", got["title"], got["status"])
		}
		list := tm.c.do(http.MethodGet, "/api/v1/companies/"+tm.companyID+"/jobs", nil, bearer(tm.tok))
		if ids := jobIDs(t, list); len(ids) != 1 {
			t.Errorf("refused postings were stored: %d jobs", len(ids))
		}
	})
}

// TestJobBadRequestsNever500 sends malformed bodies, ids and queries to
// every job endpoint.
func TestJobBadRequestsNever500(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		j := tm.publishJob(t, owner, jobPosting("Analytical Chemist", nil))
		id := j["id"].(string)
		pending := tm.create(t, jobPosting("Pending Chemist", nil))["id"].(string)
		jobMustStatus(t, "submit", tm.action(pending, "submit"), "pending")
		cases := []struct {
			who    jobStaffClient
			method string
			path   string
			body   string
			want   int
			field  string
			bug    string
		}{
			{owner, http.MethodPost, "/api/v1/jobs/" + id + "/feature", `{"until":"tomorrow"}`, 400, "", ""},
			{owner, http.MethodPost, "/api/v1/jobs/" + id + "/feature", `{"until":"2001-01-01T00:00:00Z"}`, 400, "until", ""},
			{owner, http.MethodPost, "/api/v1/jobs/" + id + "/feature", `{"until":"2099-01-01T00:00:00Z"}`, 400, "until", ""},
			{owner, http.MethodPost, "/api/v1/moderation/jobs/" + id + "/reject", `{"reason":5}`, 400, "reason", ""},
			{owner, http.MethodPost, "/api/v1/moderation/jobs/" + pending + "/reject", `{}`, 400, "reason", ""},
			{owner, http.MethodPost, "/api/v1/moderation/jobs/" + pending + "/reject", `{"reason":"   "}`, 400, "reason", ""},
			{owner, http.MethodPost, "/api/v1/moderation/jobs/" + pending + "/reject", `{"message":"` + strings.Repeat("m", 2100) + `"}`, 400, "reason", ""},
			{jobStaffClient{tm.c, tm.tok}, http.MethodPost, "/api/v1/companies/" + tm.companyID + "/jobs", `{"title":`, 400, "", ""},
			{jobStaffClient{tm.c, tm.tok}, http.MethodPost, "/api/v1/companies/" + tm.companyID + "/jobs", `[]`, 400, "", ""},
			{jobStaffClient{tm.c, tm.tok}, http.MethodPost, "/api/v1/companies/" + tm.companyID + "/jobs", `{}`, 400, "title", ""},
			{jobStaffClient{tm.c, tm.tok}, http.MethodPatch, "/api/v1/jobs/not-a-uuid", jobBody(nil), 404, "", ""},
			{jobStaffClient{tm.c, tm.tok}, http.MethodPost, "/api/v1/jobs/not-a-uuid/submit", `{}`, 404, "", ""},
			{jobStaffClient{tm.c, tm.tok}, http.MethodPost, "/api/v1/companies/not-a-uuid/jobs", jobBody(nil), 404, "", ""},
			{owner, http.MethodPost, "/api/v1/moderation/jobs/00000000-0000-0000-0000-000000000000/approve", `{}`, 404, "", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/api/v1/jobs/%27%20OR%201=1--", ``, 404, "", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/api/v1/jobs?min_salary=lots", ``, 400, "min_salary", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/api/v1/jobs?limit=1000", ``, 400, "limit", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/api/v1/jobs?workplace=moon", ``, 400, "workplace", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/api/v1/jobs?employment_type=GIG", ``, 400, "employment_type", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/api/v1/jobs?q=" + strings.Repeat("x", 300), ``, 400, "q", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/jobs?min_salary=lots&workplace=moon&cursor=zzz", ``, 200, "", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/jobs/" + id, ``, 301, "", ""},
			{jobStaffClient{h.client(b.Host), ""}, http.MethodGet, "/jobs/not-a-uuid/x", ``, 404, "", ""},
		}
		for _, tc := range cases {
			name := tc.method + " " + tc.path
			if len(name) > 60 {
				name = name[:60]
			}
			t.Run(name, func(t *testing.T) {
				r := jobSend(tc.who.c, tc.method, tc.path, tc.body, tc.who.tok)
				if tc.method == http.MethodGet {
					hdr := map[string]string{}
					if tc.who.tok != "" {
						hdr["Authorization"] = "Bearer " + tc.who.tok
					}
					r = tc.who.c.do(tc.method, tc.path, nil, hdr)
				}
				if r.StatusCode != tc.want {
					t.Fatalf("%d, want %d (%.300s)", r.StatusCode, tc.want, r.body)
				}
				if tc.field != "" && r.errorField(t, tc.field) == "" {
					t.Errorf("error.fields does not name %s: %.300s", tc.field, r.body)
				}
			})
		}
	})
}
