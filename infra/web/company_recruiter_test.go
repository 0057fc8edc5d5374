package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// recruiterOf invites email to the team of tm's company as a recruiter and
// returns the accepted recruiter's client (signed in through the login
// form too, for the HTML routes) and token.
func recruiterOf(t *testing.T, h *harness, f fixture, tm *jobTeam, email string) (*client, string) {
	t.Helper()
	inv := tm.c.postJSON("/api/v1/companies/"+tm.companyID+"/invitations", map[string]string{"email": email, "role": "recruiter"}, bearer(tm.tok))
	if inv.StatusCode != http.StatusCreated {
		t.Fatalf("invite %s: %d %s", email, inv.StatusCode, inv.body)
	}
	rc, rtok := employer(h, f, email)
	if r := rc.postJSON("/api/v1/invitations/"+tokenFromLink(t, inv.json(t)["accept_url"].(string))+"/accept", "{}", bearer(rtok)); r.StatusCode != http.StatusOK {
		t.Fatalf("accept: %d %s", r.StatusCode, r.body)
	}
	if r := rc.postForm("/login", "/login", formLogin(email)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("recruiter login form: %d", r.StatusCode)
	}
	return rc, rtok
}

// TestRecruiterCannotManageProfileTeamOrBilling checks the limits of the
// recruiter role through the API and the HTML forms: the logo, the
// profile, other members and purchases belong to the company's owners,
// while jobs are the recruiter's work.
func TestRecruiterCannotManageProfileTeamOrBilling(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		shop := billingNewShop(t, h, "acme", "olga@nova.example", "Nova Pharma")
		tm, id := shop.team, shop.team.companyID
		rc, rtok := recruiterOf(t, h, shop.f, tm, "rita@nova.example")
		ownerID, ritaID := userID(t, tm.c, tm.tok), userID(t, rc, rtok)
		// A second recruiter, whom Rita must not be able to remove or promote.
		other, otok := recruiterOf(t, h, shop.f, tm, "rob@nova.example")
		robID := userID(t, other, otok)
		orders := func() int { return billingCount(t, h, "SELECT count(*) FROM orders WHERE company_id = ?", id) }
		before := orders()

		api := []struct {
			name   string
			method string
			path   string
			body   string
			ctype  string
		}{
			{"edit the profile", http.MethodPatch, "/api/v1/companies/" + id, `{"name":"Recruiter Co"}`, "application/json"},
			{"demote the owner", http.MethodPatch, "/api/v1/companies/" + id + "/members/" + ownerID, `{"role":"recruiter"}`, "application/json"},
			{"promote another recruiter", http.MethodPatch, "/api/v1/companies/" + id + "/members/" + robID, `{"role":"owner"}`, "application/json"},
			{"promote themselves", http.MethodPatch, "/api/v1/companies/" + id + "/members/" + ritaID, `{"role":"owner"}`, "application/json"},
			{"remove the owner", http.MethodDelete, "/api/v1/companies/" + id + "/members/" + ownerID, ``, "application/json"},
			{"remove another recruiter", http.MethodDelete, "/api/v1/companies/" + id + "/members/" + robID, ``, "application/json"},
			{"buy a premium profile", http.MethodPost, "/api/v1/orders", `{"product":"premium_profile","company_id":"` + id + `"}`, "application/json"},
			{"buy a featured upgrade", http.MethodPost, "/api/v1/orders", `{"product":"featured","job_id":"` + shop.jobID + `"}`, "application/json"},
			{"see the orders", http.MethodGet, "/api/v1/companies/" + id + "/orders", ``, "application/json"},
		}
		for _, c := range api {
			r := rc.do(c.method, c.path, strings.NewReader(c.body), map[string]string{"Content-Type": c.ctype, "Authorization": "Bearer " + rtok})
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("recruiter API %s (%s %s): %d, want 403 (%.200s)", c.name, c.method, c.path, r.StatusCode, r.body)
			}
		}
		body, ct := multipartFile(t, "logo", "logo.png", pngBytes(t, 64, 64))
		if r := rc.do(http.MethodPut, "/api/v1/companies/"+id+"/logo", body, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + rtok}); r.StatusCode != http.StatusForbidden {
			t.Errorf("recruiter PUT logo: %d, want 403 (%.200s)", r.StatusCode, r.body)
		}

		teamPage := "/employer/companies/" + id + "/team"
		forms := []struct {
			name   string
			path   string
			values url.Values
		}{
			{"demote the owner", teamPage + "/" + ownerID + "/role", url.Values{"role": {"recruiter"}}},
			{"promote another recruiter", teamPage + "/" + robID + "/role", url.Values{"role": {"owner"}}},
			{"promote themselves", teamPage + "/" + ritaID + "/role", url.Values{"role": {"owner"}}},
			{"remove the owner", teamPage + "/" + ownerID + "/remove", url.Values{}},
			{"remove another recruiter", teamPage + "/" + robID + "/remove", url.Values{}},
			{"invite", teamPage + "/invitations", url.Values{"email": {"x@nova.example"}, "role": {"owner"}}},
			{"edit the profile", "/employer/companies/" + id, url.Values{"name": {"Recruiter Co"}, "action": {"save"}}},
			{"submit the profile", "/employer/companies/" + id + "/submit", url.Values{}},
			{"buy a premium profile", "/employer/companies/" + id + "/premium", url.Values{}},
			{"buy a featured upgrade", "/employer/jobs/" + shop.jobID + "/buy", url.Values{"product": {"featured"}}},
		}
		for _, f := range forms {
			if r := rc.postForm(teamPage, f.path, f.values); r.StatusCode != http.StatusForbidden {
				t.Errorf("recruiter form %s (POST %s): %d, want 403", f.name, f.path, r.StatusCode)
			}
		}
		if r := rc.get("/employer/companies/" + id + "/orders"); r.StatusCode != http.StatusForbidden {
			t.Errorf("recruiter GET orders page: %d, want 403", r.StatusCode)
		}

		// Nothing changed.
		co := companyAPI(t, tm.c, tm.tok, id)
		if co["name"] != "Nova Pharma" || co["logo_url"] != nil && co["logo_url"] != "" || co["premium_until"] != nil {
			t.Errorf("a recruiter changed the company: name %v, logo %v, premium %v", co["name"], co["logo_url"], co["premium_until"])
		}
		if n := orders(); n != before {
			t.Errorf("a recruiter created %d orders", n-before)
		}
		members := tm.c.do(http.MethodGet, "/api/v1/companies/"+id+"/members", nil, bearer(tm.tok)).json(t)["items"].([]any)
		roles := map[string]any{}
		for _, m := range members {
			mm := m.(map[string]any)
			roles[mm["user_id"].(string)] = mm["role"]
		}
		if len(roles) != 3 || roles[ownerID] != "owner" || roles[ritaID] != "recruiter" || roles[robID] != "recruiter" {
			t.Errorf("team after the recruiter's attempts: %v", members)
		}

		// The owner can do what the recruiter cannot, so the refusals above
		// are about the role and not about the requests.
		if r := billingBuy(tm, map[string]any{"product": "premium_profile", "company_id": id}); r.StatusCode != http.StatusCreated {
			t.Errorf("owner buys premium: %d %s", r.StatusCode, r.body)
		}
		if r := patchJSON(tm.c, "/api/v1/companies/"+id+"/members/"+robID, map[string]string{"role": "owner"}, tm.tok); r.StatusCode != http.StatusNoContent {
			t.Errorf("owner promotes: %d %s", r.StatusCode, r.body)
		}

		// Jobs are the recruiter's work: create, edit and submit, through
		// the API and the forms.
		rec := &jobTeam{h: h, f: shop.f, c: rc, tok: rtok, companyID: id}
		jid := rec.create(t, jobPosting("Recruited Analyst", nil))["id"].(string)
		jobMustStatus(t, "recruiter edits", rec.patch(jid, jobPosting("Recruited Analyst II", nil)), "draft")
		if r := rec.action(jid, "submit"); r.StatusCode != http.StatusOK {
			t.Errorf("recruiter submits: %d %s", r.StatusCode, r.body)
		}
		newJob := "/employer/companies/" + id + "/jobs/new"
		if r := rc.get(newJob); r.StatusCode != http.StatusOK {
			t.Fatalf("recruiter GET %s: %d", newJob, r.StatusCode)
		}
		r := rc.postForm(newJob, "/employer/companies/"+id+"/jobs", url.Values{"title": {"Form Analyst"}, "description": {"Analyse samples."},
			"employment_type": {"FULL_TIME"}, "locations": {"Basel"}, "workplace": {"onsite"}, "apply_method": {"url"}, "apply_url": {"https://careers.example/a"}})
		loc := r.Header.Get("Location")
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/employer/jobs/") {
			t.Fatalf("recruiter creates a job with the form: %d to %q", r.StatusCode, loc)
		}
		if r := rc.postForm(loc, loc+"/submit", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("recruiter submits with the form: %d", r.StatusCode)
		}
		if st := string(billingJob(t, h, shop.f.ID, strings.TrimPrefix(loc, "/employer/jobs/")).Status); st != "pending" && st != "published" {
			t.Errorf("the recruiter's form job is %s after submitting", st)
		}
	})
}
