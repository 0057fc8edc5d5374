package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// jobPostingLDOf fetches a job page and returns its parsed JSON-LD.
func jobPostingLDOf(t *testing.T, c *client, path string) map[string]any {
	t.Helper()
	r := c.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, r.StatusCode)
	}
	scripts := jobLDPattern.FindAllStringSubmatch(r.body, -1)
	if len(scripts) != 1 {
		t.Fatalf("%d JSON-LD scripts on %s, want 1", len(scripts), path)
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(scripts[0][1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, scripts[0][1])
	}
	return ld
}

func TestJobPostingStructuredData(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova & Partners", true)
		anon := h.client(b.Host)
		cases := []struct {
			name  string
			extra map[string]any
			check func(t *testing.T, ld map[string]any)
		}{
			{
				name: "on-site with a salary range",
				extra: map[string]any{"locations": []string{"Basel, Switzerland", "Zurich, Switzerland"},
					"salary": map[string]any{"min": 80000, "max": 95000, "currency": "CHF", "period": "YEAR"}},
				check: func(t *testing.T, ld map[string]any) {
					places, _ := ld["jobLocation"].([]any)
					if len(places) != 2 {
						t.Fatalf("jobLocation = %v, want 2 places", ld["jobLocation"])
					}
					addr, _ := places[0].(map[string]any)["address"].(map[string]any)
					if places[0].(map[string]any)["@type"] != "Place" || addr["addressLocality"] != "Basel, Switzerland" {
						t.Errorf("jobLocation[0] = %v", places[0])
					}
					if _, ok := ld["jobLocationType"]; ok {
						t.Errorf("on-site job has jobLocationType %v", ld["jobLocationType"])
					}
					sal, _ := ld["baseSalary"].(map[string]any)
					val, _ := sal["value"].(map[string]any)
					if sal["@type"] != "MonetaryAmount" || sal["currency"] != "CHF" || val["minValue"] != float64(80000) || val["maxValue"] != float64(95000) || val["unitText"] != "YEAR" {
						t.Errorf("baseSalary = %v", ld["baseSalary"])
					}
				},
			},
			{
				name:  "remote for two countries without a salary",
				extra: map[string]any{"workplace": "remote", "locations": []string{}, "applicant_countries": []string{"de", "FR"}, "employment_type": "CONTRACTOR"},
				check: func(t *testing.T, ld map[string]any) {
					if ld["jobLocationType"] != "TELECOMMUTE" {
						t.Errorf("jobLocationType = %v", ld["jobLocationType"])
					}
					req, _ := ld["applicantLocationRequirements"].([]any)
					var names []string
					for _, r := range req {
						m := r.(map[string]any)
						if m["@type"] != "Country" {
							t.Errorf("applicantLocationRequirements item %v", m)
						}
						names = append(names, m["name"].(string))
					}
					if strings.Join(names, ",") != "DE,FR" {
						t.Errorf("applicantLocationRequirements = %v", ld["applicantLocationRequirements"])
					}
					if _, ok := ld["baseSalary"]; ok {
						t.Errorf("baseSalary present without a salary: %v", ld["baseSalary"])
					}
					if _, ok := ld["jobLocation"]; ok {
						t.Errorf("remote job without locations has jobLocation %v", ld["jobLocation"])
					}
					if ld["employmentType"] != "CONTRACTOR" {
						t.Errorf("employmentType = %v", ld["employmentType"])
					}
				},
			},
			{
				name:  "hybrid with an hourly fixed rate",
				extra: map[string]any{"workplace": "hybrid", "salary": map[string]any{"min": 55, "max": 55, "currency": "EUR", "period": "HOUR"}},
				check: func(t *testing.T, ld map[string]any) {
					if _, ok := ld["jobLocation"]; !ok {
						t.Error("hybrid job without jobLocation")
					}
					sal, _ := ld["baseSalary"].(map[string]any)
					val, _ := sal["value"].(map[string]any)
					fixed := val["value"] == float64(55) || val["minValue"] == float64(55) && val["maxValue"] == float64(55)
					if sal["currency"] != "EUR" || !fixed || val["unitText"] != "HOUR" {
						t.Errorf("baseSalary = %v", ld["baseSalary"])
					}
				},
			},
		}
		for i, tc := range cases {
			title := "Structured Role " + string(rune('A'+i))
			j := tm.publishJob(t, owner, jobPosting(title, tc.extra))
			t.Run(tc.name, func(t *testing.T) {
				ld := jobPostingLDOf(t, anon, jobPagePath(j))
				if ld["@type"] != "JobPosting" || ld["@context"] == nil {
					t.Fatalf("@type %v @context %v", ld["@type"], ld["@context"])
				}
				if ld["title"] != title {
					t.Errorf("title = %v", ld["title"])
				}
				if d, _ := ld["description"].(string); !strings.Contains(d, "<strong>"+title+"</strong>") {
					t.Errorf("description = %v", ld["description"])
				}
				posted, err := time.Parse(time.RFC3339, ld["datePosted"].(string))
				if err != nil || posted.Sub(jobTimeOf(t, j["published_at"])).Abs() > time.Second {
					t.Errorf("datePosted = %v, published_at %v", ld["datePosted"], j["published_at"])
				}
				valid, err := time.Parse(time.RFC3339, ld["validThrough"].(string))
				if err != nil || valid.Sub(jobTimeOf(t, j["expires_at"])).Abs() > time.Second {
					t.Errorf("validThrough = %v, expires_at %v", ld["validThrough"], j["expires_at"])
				}
				org, _ := ld["hiringOrganization"].(map[string]any)
				if org["@type"] != "Organization" || org["name"] != "Nova & Partners" {
					t.Errorf("hiringOrganization = %v", ld["hiringOrganization"])
				}
				if et, _ := ld["employmentType"].(string); et == "" {
					t.Error("employmentType missing")
				}
				if u, _ := ld["url"].(string); !strings.HasSuffix(u, jobPagePath(j)) {
					t.Errorf("url = %v", ld["url"])
				}
				tc.check(t, ld)
			})
		}
	})
}

// TestJobStructuredDataCannotEndTheScript checks that posting text cannot
// close the JSON-LD script element.
func TestJobStructuredDataCannotEndTheScript(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner := jobOwnerOf(h, b)
		tm := jobNewTeam(t, h, b, "emma@nova.example", "Nova Pharma", true)
		desc := "Bring </script><script>alert(1)</script> skills & `code` <!-- and more -->"
		j := tm.publishJob(t, owner, jobPosting("Script Breaker", map[string]any{"description": desc}))
		r := h.client(b.Host).get(jobPagePath(j))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("page: %d", r.StatusCode)
		}
		if bad := dangerousMarkup(r.body); bad != "" {
			t.Errorf("dangerous markup on the job page: %s", bad)
		}
		jobPostingLDOf(t, h.client(b.Host), jobPagePath(j))
	})
}
