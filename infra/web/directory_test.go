package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestDirectorySearchFiltersOrderAndPages(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		setReviewProfiles(t, h, b, false)
		c, tok := employer(h, b, "emma@pharma.example")
		ids := map[string]string{}
		for i := 0; i < 25; i++ {
			name := fmt.Sprintf("Company %02d", 24-i)
			sector, loc := "Biotechnology", "Basel"
			if i%2 == 0 {
				sector, loc = "Diagnostics", "London"
			}
			co := registerCompany(t, c, tok, map[string]any{"name": name, "sector": sector, "location": loc})
			ids[name] = co["id"].(string)
			c.postJSON("/api/v1/companies/"+co["id"].(string)+"/submit", "{}", bearer(tok))
		}
		// A draft never shows.
		registerCompany(t, c, tok, map[string]any{"name": "Company Draft"})
		// One premium profile comes first.
		future := time.Now().UTC().Add(30 * 24 * time.Hour)
		if _, err := h.db.ExecContext(context.Background(), "UPDATE companies SET premium_until = ? WHERE id = ?", future, ids["Company 17"]); err != nil {
			t.Fatal(err)
		}
		anon := h.client(b.Host)
		var names []string
		next := "/api/v1/companies?limit=10"
		for pages := 0; next != ""; pages++ {
			if pages > 5 {
				t.Fatal("pagination does not end")
			}
			r := anon.get(next)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", next, r.StatusCode, r.body)
			}
			m := r.json(t)
			for _, it := range m["items"].([]any) {
				names = append(names, it.(map[string]any)["name"].(string))
			}
			next = ""
			if cur, _ := m["next_cursor"].(string); cur != "" {
				next = "/api/v1/companies?limit=10&cursor=" + url.QueryEscape(cur)
			}
		}
		if len(names) != 25 || names[0] != "Company 17" || names[1] != "Company 00" || names[24] != "Company 24" {
			t.Fatalf("order = %v", names)
		}
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				t.Fatalf("%s listed twice across pages", n)
			}
			seen[n] = true
		}
		count := func(q string) int {
			r := anon.get("/api/v1/companies?" + q)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", q, r.StatusCode, r.body)
			}
			return len(r.json(t)["items"].([]any))
		}
		if n := count("q=company+1&limit=100"); n != 10 {
			t.Errorf("name search: %d, want 10", n)
		}
		if n := count("sector=Diagnostics&limit=100"); n != 13 {
			t.Errorf("sector filter: %d, want 13", n)
		}
		if n := count("location=lond&sector=Diagnostics&limit=100"); n != 13 {
			t.Errorf("location filter: %d, want 13", n)
		}
		if n := count("q=%25&limit=100"); n != 0 {
			t.Errorf("a wildcard in the query matched %d", n)
		}
		if r := anon.get("/api/v1/companies?cursor=garbage"); r.StatusCode != http.StatusBadRequest || r.errorField(t, "cursor") == "" {
			t.Errorf("bad cursor: %d %s", r.StatusCode, r.body)
		}
		if r := anon.get("/api/v1/companies?limit=1000"); r.StatusCode != http.StatusBadRequest {
			t.Errorf("limit 1000: %d", r.StatusCode)
		}
		// The HTML directory: results, and a helpful empty state.
		page := anon.get("/companies?sector=Diagnostics")
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "Company 00") || strings.Contains(page.body, "Company 01<") {
			t.Errorf("HTML directory filter: %d", page.StatusCode)
		}
		if page := anon.get("/companies?q=zzzz"); !strings.Contains(page.body, "No companies match") {
			t.Error("no empty-result message")
		}
	})
}
