package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCustomRolesThroughThePagesAndTheAPI: an owner makes a "Sales" role
// through the API and gives it; its holder lands on prices and orders,
// changes a price, and is refused the queue and the settings; the roles
// page shows the role; another board's owner cannot touch it; and on a
// board that asks staff for two factors, the role counts as staff.
func TestCustomRolesThroughThePagesAndTheAPI(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f, other := h.newBoard("acme"), h.newBoard("beta")
		owner := jobOwnerOf(h, f)
		r := jobSend(owner.c, http.MethodPost, "/api/v1/board/roles", map[string]any{"name": "Sales", "permissions": []string{"see_revenue", "manage_prices"}}, owner.tok)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		roleID := r.json(t)["id"].(string)
		sam := newBrowser(t, h, f.Host)
		signupThroughForm(t, sam, "/signup", "sam@acme.example", "Sam")
		if r := jobSend(owner.c, http.MethodPost, "/api/v1/board/roles/"+roleID+"/members", map[string]string{"email": "sam@acme.example"}, owner.tok); r.StatusCode != http.StatusNoContent {
			t.Fatalf("grant: %d %s", r.StatusCode, r.body)
		}

		seeOther(t, "sales' administration", sam.get("/admin"), "/admin/billing")
		billing := sam.page("/admin/billing")
		if !strings.Contains(billing.body, `href="/admin/billing"`) || strings.Contains(billing.body, `href="/admin/moderation"`) || strings.Contains(billing.body, `href="/admin/settings"`) {
			t.Error("the tabs do not follow the role's permissions")
		}
		samTok := h.client(f.Host).login("sam@acme.example", "passphrase for sam@acme.example")
		if r := jobSend(h.client(f.Host), http.MethodPut, "/api/v1/prices/featured", map[string]any{"currency": "EUR", "amount": 9900, "duration_days": 30}, samTok); r.StatusCode != http.StatusOK {
			t.Errorf("sales changes a price: %d %s", r.StatusCode, r.body)
		}
		for _, path := range []string{"/api/v1/moderation/queue", "/api/v1/board/settings", "/api/v1/audit", "/api/v1/board/roles"} {
			if r := jobSend(h.client(f.Host), http.MethodGet, path, nil, samTok); r.StatusCode != http.StatusForbidden {
				t.Errorf("sales GET %s: %d, want 403", path, r.StatusCode)
			}
		}
		if r := sam.get("/admin/moderation"); r.StatusCode != http.StatusForbidden {
			t.Errorf("sales opens the queue: %d", r.StatusCode)
		}

		// The roles page, for the owner.
		ownerB := newBrowser(t, h, f.Host)
		ownerB.submit(ownerB.page("/login"), "/login", url.Values{"email": {f.OwnerEmail}, "password": {f.OwnerPass}})
		page := ownerB.page("/admin/roles")
		if !strings.Contains(page.body, "Sales") || !strings.Contains(page.body, "sam@acme.example") {
			t.Errorf("the roles page does not show the role and its holder")
		}
		seeOther(t, "new role", ownerB.submit(page, "/admin/roles", url.Values{"name": {"Reviewers"}, "perm_review_jobs": {"on"}}), "/admin/roles")
		if bad := ownerB.submit(ownerB.page("/admin/roles"), "/admin/roles", url.Values{"name": {"Nothing"}}); bad.StatusCode != http.StatusBadRequest {
			t.Errorf("a role without permissions: %d", bad.StatusCode)
		}

		// Another board's owner.
		otherOwner := jobOwnerOf(h, other)
		if r := jobSend(otherOwner.c, http.MethodDelete, "/api/v1/board/roles/"+roleID, nil, otherOwner.tok); r.StatusCode != http.StatusNotFound {
			t.Errorf("another board deletes the role: %d", r.StatusCode)
		}

		// Staff two-factor covers custom roles.
		if r := jobSend(owner.c, http.MethodPatch, "/api/v1/board/settings", map[string]any{"staff_two_factor": true}, owner.tok); r.StatusCode != http.StatusOK {
			t.Fatalf("settings: %d", r.StatusCode)
		}
		if r := h.client(f.Host).postJSON("/api/v1/auth/login", map[string]string{"email": "sam@acme.example", "password": "passphrase for sam@acme.example"}, nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("a token for a role holder without a second factor: %d", r.StatusCode)
		}
	})
}

// TestAPricesOnlyRoleSeesThePriceList: a role that changes prices without
// seeing revenue opens the prices page without the orders.
func TestAPricesOnlyRoleSeesThePriceList(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		owner := jobOwnerOf(h, f)
		r := jobSend(owner.c, http.MethodPost, "/api/v1/board/roles", map[string]any{"name": "Pricing", "permissions": []string{"manage_prices"}}, owner.tok)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		p := newBrowser(t, h, f.Host)
		signupThroughForm(t, p, "/signup", "pat@acme.example", "Pat")
		if r := jobSend(owner.c, http.MethodPost, "/api/v1/board/roles/"+r.json(t)["id"].(string)+"/members", map[string]string{"email": "pat@acme.example"}, owner.tok); r.StatusCode != http.StatusNoContent {
			t.Fatalf("grant: %d", r.StatusCode)
		}
		page := p.page("/admin/billing")
		if !hasForm(t, page.body, "/admin/billing/prices") {
			t.Error("the prices page has no price form for a pricing role")
		}
	})
}
