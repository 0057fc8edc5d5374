package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// employer signs up a user on the board and returns their client and token.
func employer(h *harness, f fixture, email string) (*client, string) {
	c := h.client(f.Host)
	return c, c.signupAndLogin(email, "passphrase for "+email, "Person "+strings.Split(email, "@")[0])
}

// registerCompany creates a company through the API and returns its JSON.
func registerCompany(t *testing.T, c *client, tok string, body map[string]any) map[string]any {
	t.Helper()
	r := c.postJSON("/api/v1/companies", body, bearer(tok))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("register company: %d %s", r.StatusCode, r.body)
	}
	return r.json(t)
}

// publish submits and approves a company as the board's owner.
func publish(t *testing.T, h *harness, f fixture, c *client, tok, id string) {
	t.Helper()
	if r := c.postJSON("/api/v1/companies/"+id+"/submit", "{}", bearer(tok)); r.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d %s", r.StatusCode, r.body)
	}
	owner := h.client(f.Host)
	otok := owner.login(f.OwnerEmail, f.OwnerPass)
	if r := owner.postJSON("/api/v1/moderation/companies/"+id+"/approve", "{}", bearer(otok)); r.StatusCode != http.StatusOK {
		t.Fatalf("approve: %d %s", r.StatusCode, r.body)
	}
}

func patchJSON(c *client, path string, v any, tok string) response {
	raw, _ := json.Marshal(v)
	return c.do(http.MethodPatch, path, bytes.NewReader(raw), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + tok})
}

func TestCompanyLifecycleWithReview(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		c, tok := employer(h, b, "emma@pharma.example")
		co := registerCompany(t, c, tok, map[string]any{"name": "Nova Pharma", "website": "https://nova.example", "sector": "Biotechnology",
			"location": "Basel, Switzerland", "size": "51-200", "founded_year": "2001", "description": "We make **medicines**."})
		id, slug := co["id"].(string), co["slug"].(string)
		if co["status"] != "draft" || slug != "nova-pharma" || !strings.Contains(co["description_html"].(string), "<strong>medicines</strong>") {
			t.Fatalf("registered: %v", co)
		}
		me := c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)).json(t)
		if roles := me["roles"].([]any); len(roles) != 2 || roles[0] != "employer" {
			t.Fatalf("roles after registering = %v, want employer and candidate", roles)
		}
		mine := c.do(http.MethodGet, "/api/v1/me/companies", nil, bearer(tok)).json(t)["items"].([]any)
		if len(mine) != 1 || mine[0].(map[string]any)["role"] != "owner" {
			t.Fatalf("my companies = %v", mine)
		}
		anon := h.client(b.Host)
		for _, path := range []string{"/companies/" + slug, "/api/v1/companies/" + id} {
			if r := anon.get(path); r.StatusCode != http.StatusNotFound {
				t.Fatalf("draft visible at %s: %d", path, r.StatusCode)
			}
		}
		if r := c.postJSON("/api/v1/companies/"+id+"/submit", "{}", bearer(tok)); r.StatusCode != http.StatusOK || r.json(t)["status"] != "pending" {
			t.Fatalf("submit: %d %s", r.StatusCode, r.body)
		}
		if r := c.postJSON("/api/v1/companies/"+id+"/submit", "{}", bearer(tok)); r.StatusCode != http.StatusConflict {
			t.Fatalf("submit twice: %d", r.StatusCode)
		}
		// An employer cannot approve their own profile.
		if r := c.postJSON("/api/v1/moderation/companies/"+id+"/approve", "{}", bearer(tok)); r.StatusCode != http.StatusForbidden {
			t.Fatalf("employer approving: %d", r.StatusCode)
		}
		owner := h.client(b.Host)
		otok := owner.login(b.OwnerEmail, b.OwnerPass)
		r := owner.postJSON("/api/v1/moderation/companies/"+id+"/reject", map[string]string{"reason": "incomplete", "message": "Add a logo and a longer description."}, bearer(otok))
		if r.StatusCode != http.StatusOK || r.json(t)["status"] != "rejected" {
			t.Fatalf("reject: %d %s", r.StatusCode, r.body)
		}
		if got := c.do(http.MethodGet, "/api/v1/companies/"+id, nil, bearer(tok)).json(t)["rejection_reason"]; !strings.Contains(got.(string), "longer description") {
			t.Fatalf("reason not shown to the team: %v", got)
		}
		// The dashboard shows the reason too (through the browser session).
		c.postForm("/login", "/login", url.Values{"email": {"emma@pharma.example"}, "password": {"passphrase for emma@pharma.example"}})
		if dash := c.get("/employer"); !strings.Contains(dash.body, "longer description") {
			t.Fatalf("dashboard does not show the rejection reason")
		}
		publish(t, h, b, c, tok, id)
		page := anon.get("/companies/" + slug)
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "Nova Pharma") {
			t.Fatalf("published page: %d", page.StatusCode)
		}
		ld := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(page.body)
		if ld == nil {
			t.Fatal("no JSON-LD on the profile")
		}
		var org map[string]any
		if err := json.Unmarshal([]byte(ld[1]), &org); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, ld[1])
		}
		if org["@type"] != "Organization" || org["name"] != "Nova Pharma" || org["foundingDate"] != "2001" {
			t.Fatalf("JSON-LD = %v", org)
		}
		if r := anon.get("/api/v1/companies/" + id); r.StatusCode != http.StatusOK || r.json(t)["rejection_reason"] != nil {
			t.Fatalf("public API view: %d %s", r.StatusCode, r.body)
		}
		// Edits to a published profile stay live.
		if r := patchJSON(c, "/api/v1/companies/"+id, map[string]any{"name": "Nova Pharma AG", "sector": "Biotechnology"}, tok); r.StatusCode != http.StatusOK || r.json(t)["status"] != "published" {
			t.Fatalf("edit published: %d %s", r.StatusCode, r.body)
		}
		if r := anon.get("/companies/" + slug); !strings.Contains(r.body, "Nova Pharma AG") {
			t.Fatal("edit of a published profile not live")
		}
	})
}

func TestCompanyPublishesDirectlyWhenReviewIsOff(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		setReviewProfiles(t, h, b, false)
		c, tok := employer(h, b, "emma@pharma.example")
		id := registerCompany(t, c, tok, map[string]any{"name": "Direct Co"})["id"].(string)
		if r := c.postJSON("/api/v1/companies/"+id+"/submit", "{}", bearer(tok)); r.json(t)["status"] != "published" {
			t.Fatalf("submit with review off: %s", r.body)
		}
	})
}

func setReviewProfiles(t *testing.T, h *harness, f fixture, on bool) {
	t.Helper()
	jobSettings(t, h, f, func(st *jobBoardSettings) { st.ReviewProfiles = on })
}

func TestCompanySlugsRedirectAndStayUnique(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		setReviewProfiles(t, h, b, false)
		c, tok := employer(h, b, "emma@pharma.example")
		id := registerCompany(t, c, tok, map[string]any{"name": "Acme Labs"})["id"].(string)
		c.postJSON("/api/v1/companies/"+id+"/submit", "{}", bearer(tok))
		// Same name again: a free slug is derived.
		other := registerCompany(t, c, tok, map[string]any{"name": "Acme Labs"})
		if other["slug"] != "acme-labs-2" {
			t.Fatalf("derived slug = %v", other["slug"])
		}
		if r := patchJSON(c, "/api/v1/companies/"+id, map[string]any{"name": "Acme Labs", "slug": "acme-bio"}, tok); r.StatusCode != http.StatusOK {
			t.Fatalf("rename slug: %d %s", r.StatusCode, r.body)
		}
		r := h.client(b.Host).get("/companies/acme-labs")
		if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/companies/acme-bio" {
			t.Fatalf("old slug: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		// Neither the current nor a former slug can be taken by another company.
		for _, s := range []string{"acme-bio", "acme-labs"} {
			r := patchJSON(c, "/api/v1/companies/"+other["id"].(string), map[string]any{"name": "Other", "slug": s}, tok)
			if r.StatusCode != http.StatusConflict || r.errorField(t, "slug") == "" {
				t.Fatalf("taking %s: %d %s", s, r.StatusCode, r.body)
			}
		}
		if r := c.postJSON("/api/v1/companies", map[string]any{"name": "X", "slug": "Not A Slug"}, bearer(tok)); r.StatusCode != http.StatusBadRequest || r.errorField(t, "slug") == "" {
			t.Fatalf("bad slug: %d %s", r.StatusCode, r.body)
		}
	})
}

func formLogin(email string) url.Values {
	return url.Values{"email": {email}, "password": {"passphrase for " + email}}
}
