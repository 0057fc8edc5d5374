package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRemoteJobsAndHiringOrganization checks that a remote job says where
// its applicants may live (countries, or worldwide explicitly), through
// the API and the form, and that the JobPosting names the company's own
// website as sameAs and its board page as url.
func TestRemoteJobsAndHiringOrganization(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		c, tok := employer(h, b, "emma@nova.example")
		co := registerCompany(t, c, tok, map[string]any{"name": "Nova Pharma", "website": "https://nova.example"})
		publish(t, h, b, c, tok, co["id"].(string))
		tm := &jobTeam{h: h, f: b, c: c, tok: tok, companyID: co["id"].(string), companySlug: co["slug"].(string), companyName: "Nova Pharma"}
		bare := jobNewTeam(t, h, b, "bob@bare.example", "Bare Labs", true)

		remote := func(countries []string) map[string]any {
			return jobPosting("Remote Analyst", map[string]any{"workplace": "remote", "locations": []string{}, "applicant_countries": countries})
		}
		for _, tc := range []struct {
			name      string
			countries []string
			want      string // in the message
		}{
			{"no countries", nil, "say worldwide"},
			{"user-assigned code", []string{"ZZ"}, `"ZZ"`},
			{"worldwide and a country", []string{"worldwide", "DE"}, "not both"},
		} {
			r := jobSend(c, http.MethodPost, "/api/v1/companies/"+tm.companyID+"/jobs", remote(tc.countries), tok)
			if r.StatusCode != http.StatusBadRequest || r.errorCode(t) != "validation_failed" || !strings.Contains(r.errorField(t, "applicant_countries"), tc.want) {
				t.Errorf("%s: %d %s, want 400 naming applicant_countries (%q)", tc.name, r.StatusCode, r.body, tc.want)
			}
		}

		world := tm.publishJob(t, owner, remote([]string{"Worldwide"}))
		if got := world["applicant_countries"].([]any); len(got) != 1 || got[0] != "WORLDWIDE" {
			t.Errorf("worldwide job: applicant_countries %v", got)
		}
		ld := jobPostingLDOf(t, h.client(b.Host), jobPagePath(world))
		req, _ := ld["applicantLocationRequirements"].([]any)
		if ld["jobLocationType"] != "TELECOMMUTE" || len(req) != 1 || req[0].(map[string]any)["name"] != "Worldwide" {
			t.Errorf("worldwide JSON-LD: %v %v", ld["jobLocationType"], ld["applicantLocationRequirements"])
		}
		org, _ := ld["hiringOrganization"].(map[string]any)
		if org["sameAs"] != "https://nova.example" || org["url"] != "http://"+b.Host+"/companies/"+tm.companySlug {
			t.Errorf("hiringOrganization = %v, want sameAs the website and url the board page", org)
		}
		if page := h.client(b.Host).get(jobPagePath(world)); !strings.Contains(page.body, "applicants anywhere") {
			t.Error("the job page does not say applicants may live anywhere")
		}

		// A company without a website has no sameAs.
		plain := bare.publishJob(t, owner, jobPosting("Bare Chemist", nil))
		org, _ = jobPostingLDOf(t, h.client(b.Host), jobPagePath(plain))["hiringOrganization"].(map[string]any)
		if _, ok := org["sameAs"]; ok || org["url"] != "http://"+b.Host+"/companies/"+bare.companySlug {
			t.Errorf("hiringOrganization without a website = %v", org)
		}

		// The form names the field too.
		if r := c.postForm("/login", "/login", formLogin("emma@nova.example")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %d", r.StatusCode)
		}
		newJob := "/employer/companies/" + tm.companyID + "/jobs/new"
		r := c.postForm(newJob, "/employer/companies/"+tm.companyID+"/jobs", url.Values{"title": {"Form Remote"}, "description": {"Work from home."},
			"employment_type": {"FULL_TIME"}, "workplace": {"remote"}, "applicant_countries": {"DE, ZZ"}, "apply_method": {"url"}, "apply_url": {"https://careers.example/r"}})
		if r.StatusCode != http.StatusBadRequest {
			t.Fatalf("form with ZZ: %d, want 400", r.StatusCode)
		}
		checkControlError(t, parseDoc(t, r.body), "applicant_countries")
	})
}
