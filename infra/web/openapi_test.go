package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var paramPattern = regexp.MustCompile(`:([a-zA-Z_]+)`)

func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), nil)
	b := h.newBoard("acme")
	r := h.client(b.Host).get("/api/v1/openapi.json")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("openapi: %d", r.StatusCode)
	}
	doc := r.json(t)
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi version %v", doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	documented := map[string]bool{}
	for p, item := range paths {
		for method := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+p] = true
		}
	}
	registered := map[string]bool{}
	for _, route := range registeredRoutes(h) {
		method, path, _ := strings.Cut(route, " ")
		if !strings.HasPrefix(path, "/api/") {
			continue
		}
		key := method + " " + paramPattern.ReplaceAllString(path, "{$1}")
		registered[key] = true
		if !documented[key] {
			t.Errorf("%s is served but not in openapi.json", key)
		}
	}
	for key := range documented {
		if !registered[key] {
			t.Errorf("%s is in openapi.json but not served", key)
		}
	}
	// Every $ref points at a schema that exists.
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, ref := range regexp.MustCompile(`"#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(r.body, -1) {
		if _, ok := schemas[ref[1]]; !ok {
			t.Errorf("dangling $ref %s", ref[1])
		}
	}
}
