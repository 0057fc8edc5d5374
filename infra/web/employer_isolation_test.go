package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestEmployerRoutesAreInvisibleFromAnotherBoard sends every employer
// write and dashboard route of the API and the HTML forms to board B with
// board A's company, job and member ids. The same person is on both boards
// and owns a company on each, and B's owner tries too: every answer is 404
// and A's data stays as it was.
func TestEmployerRoutesAreInvisibleFromAnotherBoard(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		const email = "emma@nova.example"
		shopA := billingNewShop(t, h, "alpha", email, "Quokka Therapeutics")
		tmA, coA, jobA := shopA.team, shopA.team.companyID, shopA.jobID
		memberA := userID(t, tmA.c, tmA.tok)
		draftA := tmA.create(t, jobPosting("Alpha Draft", nil))["id"].(string)

		shopB := billingNewShop(t, h, "beta", email, "Quokka Therapeutics")
		tmB := shopB.team
		if r := tmB.c.postForm("/login", "/login", formLogin(email)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("login on B: %d", r.StatusCode)
		}
		ownerB := h.client(shopB.f.Host)
		ownerBTok := ownerB.login(shopB.f.OwnerEmail, shopB.f.OwnerPass)
		if r := ownerB.postForm("/login", "/login", url.Values{"email": {shopB.f.OwnerEmail}, "password": {shopB.f.OwnerPass}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("owner login on B: %d", r.StatusCode)
		}
		ordersA := func() int { return billingCount(t, h, "SELECT count(*) FROM orders WHERE company_id = ?", coA) }
		beforeOrders := ordersA()

		type caller struct {
			name string
			c    *client
			tok  string
		}
		callers := []caller{{"B's employer", tmB.c, tmB.tok}, {"B's owner", ownerB, ownerBTok}}

		for _, who := range callers {
			api := []struct {
				method, path, body string
			}{
				{http.MethodPatch, "/api/v1/companies/" + coA + "/members/" + memberA, `{"role":"recruiter"}`},
				{http.MethodDelete, "/api/v1/companies/" + coA + "/members/" + memberA, ``},
				{http.MethodGet, "/api/v1/companies/" + coA + "/orders", ``},
				{http.MethodPost, "/api/v1/orders", `{"product":"premium_profile","company_id":"` + coA + `"}`},
				{http.MethodPost, "/api/v1/orders", `{"product":"featured","job_id":"` + jobA + `"}`},
			}
			for _, c := range api {
				r := who.c.do(c.method, c.path, strings.NewReader(c.body), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + who.tok})
				if r.StatusCode != http.StatusNotFound {
					t.Errorf("%s: %s %s with A's ids: %d, want 404 (%.200s)", who.name, c.method, c.path, r.StatusCode, r.body)
				}
			}
			body, ct := multipartFile(t, "logo", "logo.png", pngBytes(t, 64, 64))
			if r := who.c.do(http.MethodPut, "/api/v1/companies/"+coA+"/logo", body, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + who.tok}); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s: PUT A's logo: %d, want 404 (%.200s)", who.name, r.StatusCode, r.body)
			}

			for _, path := range []string{
				"/employer/companies/" + coA + "/jobs",
				"/employer/companies/" + coA + "/orders",
				"/employer/companies/" + coA + "/jobs/new",
				"/employer/jobs/" + jobA,
				"/employer/jobs/" + draftA,
			} {
				if r := who.c.get(path); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s: GET %s with A's ids: %d, want 404", who.name, path, r.StatusCode)
				}
			}
			posting := url.Values{"title": {"Taken Over"}, "description": {"Ours now."}, "employment_type": {"FULL_TIME"}, "locations": {"Basel"},
				"workplace": {"onsite"}, "apply_method": {"url"}, "apply_url": {"https://evil.example/apply"}}
			type form struct {
				path   string
				values url.Values
			}
			forms := []form{
				{"/employer/companies/" + coA + "/jobs", posting},
				{"/employer/companies/" + coA + "/premium", url.Values{}},
				{"/employer/companies/" + coA + "/team/" + memberA + "/role", url.Values{"role": {"recruiter"}}},
				{"/employer/companies/" + coA + "/team/" + memberA + "/remove", url.Values{}},
			}
			for _, id := range []string{jobA, draftA} {
				forms = append(forms, form{"/employer/jobs/" + id, posting}, form{"/employer/jobs/" + id + "/submit", url.Values{}},
					form{"/employer/jobs/" + id + "/close", url.Values{}}, form{"/employer/jobs/" + id + "/renew", url.Values{}},
					form{"/employer/jobs/" + id + "/buy", url.Values{"product": {"featured"}}},
					form{"/employer/jobs/" + id + "/buy", url.Values{"product": {"job_posting"}}})
			}
			for _, f := range forms {
				if r := who.c.postForm("/employer", f.path, f.values); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s: POST %s with A's ids: %d, want 404", who.name, f.path, r.StatusCode)
				}
			}
		}

		// A's company, team, jobs and orders are as they were.
		if co := companyAPI(t, tmA.c, tmA.tok, coA); co["logo_url"] != nil && co["logo_url"] != "" || co["premium_until"] != nil {
			t.Errorf("A's company changed: logo %v, premium %v", co["logo_url"], co["premium_until"])
		}
		members := tmA.c.do(http.MethodGet, "/api/v1/companies/"+coA+"/members", nil, bearer(tmA.tok)).json(t)["items"].([]any)
		if len(members) != 1 || members[0].(map[string]any)["role"] != "owner" {
			t.Errorf("A's team changed: %v", members)
		}
		if got := tmA.get(t, jobA); got["status"] != "published" || got["title"] != "Quokka Therapeutics Chemist" || got["featured_until"] != nil {
			t.Errorf("A's published job changed: %v %v %v", got["status"], got["title"], got["featured_until"])
		}
		if got := tmA.get(t, draftA); got["status"] != "draft" || got["title"] != "Alpha Draft" {
			t.Errorf("A's draft changed: %v %v", got["status"], got["title"])
		}
		if n := billingCount(t, h, "SELECT count(*) FROM jobs WHERE company_id = ?", coA); n != 2 {
			t.Errorf("A's company has %d jobs, want 2", n)
		}
		if n := ordersA(); n != beforeOrders {
			t.Errorf("%d orders were made for A's company from board B", n-beforeOrders)
		}
		// B's own employer routes still answer, so the 404s above are about
		// the board and not about the requests.
		if r := tmB.c.get("/employer/jobs/" + shopB.jobID); r.StatusCode != http.StatusOK {
			t.Errorf("B's own job editor: %d", r.StatusCode)
		}
		if r := tmB.c.get("/employer/companies/" + tmB.companyID + "/orders"); r.StatusCode != http.StatusOK {
			t.Errorf("B's own orders page: %d", r.StatusCode)
		}
	})
}
