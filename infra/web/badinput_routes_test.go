package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// badInputBodyless lists the unsafe API routes that read no request body:
// any body is ignored, so a bad one may be answered like a good one (2xx).
// They must still never fail with a 5xx, and a refusal must be in the
// error shape. A route missing here that answers a bad body with a 2xx
// fails the test.
var badInputBodyless = map[string]string{
	"POST /api/v1/auth/logout":                      "ends the session; reads no body",
	"POST /api/v1/companies/:id/submit":             "a state change without input",
	"DELETE /api/v1/companies/:id/members/:user_id": "a removal without input",
	"PUT /api/v1/me/saved-jobs/:job_id":             "the job in the path is the input",
	"DELETE /api/v1/me/saved-jobs/:job_id":          "the job in the path is the input",
	"POST /api/v1/invitations/:token/accept":        "the token in the path is the input",
	"POST /api/v1/jobs/:id/submit":                  "a state change without input",
	"POST /api/v1/jobs/:id/close":                   "a state change without input",
	"POST /api/v1/jobs/:id/renew":                   "a state change without input",
	"DELETE /api/v1/me/sessions":                    "ends the other sessions; reads no body",
	"DELETE /api/v1/me/sessions/:id":                "the session in the path is the input",
}

// badInputSkipped lists the unsafe API routes this test leaves out, and why.
var badInputSkipped = map[string]string{
	"POST /webhooks/stripe": "signed raw body; TestStripeWebhook* send it forged and malformed payloads",
}

// badInputParams fills a route's path parameters: with the ids of real
// rows, so that the handler gets as far as reading the body, or with
// nonsense.
type badInputParams struct {
	companyID, jobID, userID string
}

func (p badInputParams) fill(path string, real bool) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, ":") {
			continue
		}
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		v := "zz-no-such-id"
		switch s {
		case ":kind":
			v = "jobs"
		case ":action":
			// reject reads a body; approve reads none.
			v = "reject"
		case ":product":
			v = "job_posting"
		case ":token":
			v = "jb_no-such-token"
		case ":user_id":
			if real {
				v = p.userID
			}
		case ":job_id":
			if real {
				v = p.jobID
			}
		case ":id":
			if real {
				switch prev {
				case "companies":
					v = p.companyID
				case "jobs", ":kind":
					v = p.jobID
				}
			}
		}
		segs[i] = v
	}
	return strings.Join(segs, "/")
}

// badInputBodies are the bad requests every unsafe API route gets.
func badInputBodies() []badCase {
	wrongTypes := `{"name":1,"title":{},"description":[],"email":true,"password":1,"role":[],"product":{},"job_id":[],"company_id":1,` +
		`"until":1,"reason":{},"message":[],"note":5,"amount":"x","currency":1,"duration_days":"x","refs":"x","action":[],"salary":"x",` +
		`"locations":"x","tags":1,"website":[],"social":"x","review_jobs":"x","categories":"x"}`
	nul := `{"name":"a\u0000b","title":"a\u0000b","description":"a\u0000b","email":"a\u0000@b.example","password":"long\u0000enough passphrase",` +
		`"role":"owner\u0000","product":"job_posting\u0000","job_id":"\u0000","company_id":"\u0000","until":"2030-01-01\u0000",` +
		`"reason":"spam\u0000","message":"a\u0000b","note":"a\u0000b","currency":"EUR\u0000","action":"approve\u0000","website":"https://a\u0000.example",` +
		`"workplace":"remote\u0000","apply_url":"https://a.example/\u0000","refs":[{"kind":"jobs\u0000","id":"\u0000"}]}`
	return []badCase{
		{name: "malformed JSON", ctype: jsonType, body: `{"name":`},
		{name: "wrong content type", ctype: "text/plain", body: `{"name":"x"}`},
		{name: "no content type", ctype: "-", body: `{"name":"x"}`},
		{name: "JSON array", ctype: jsonType, body: `[{"name":"x"}]`},
		{name: "wrong types", ctype: jsonType, body: wrongTypes},
		{name: "NUL bytes", ctype: jsonType, body: nul},
		{name: "3 MB body", ctype: jsonType, body: `{"name":"` + strings.Repeat("x", 3<<20) + `"}`, status: http.StatusRequestEntityTooLarge},
	}
}

// TestBadInputOnEveryUnsafeAPIRoute sends every bad body to every unsafe
// route under /api/v1 that the server registers, so routes added later are
// covered without listing them here.
func TestBadInputOnEveryUnsafeAPIRoute(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		owner := h.client(f.Host)
		tok := owner.login(f.OwnerEmail, f.OwnerPass)
		co := registerCompany(t, owner, tok, map[string]any{"name": "Owner Co", "description": "About Owner Co."})
		publish(t, h, f, owner, tok, co["id"].(string))
		tm := &jobTeam{h: h, f: f, c: owner, tok: tok, companyID: co["id"].(string)}
		params := badInputParams{companyID: tm.companyID, jobID: tm.create(t, jobPosting("Lab Scientist", nil))["id"].(string), userID: userID(t, owner, tok)}

		var routes []string
		for _, r := range registeredRoutes(h) {
			method, path, _ := strings.Cut(r, " ")
			if safeHTTPMethod(method) || !strings.HasPrefix(path, "/api/v1/") && !strings.HasPrefix(path, "/webhooks/") {
				continue
			}
			if _, skip := badInputSkipped[r]; skip {
				continue
			}
			routes = append(routes, r)
		}
		if len(routes) < 20 {
			t.Fatalf("only %d unsafe API routes found: %v", len(routes), routes)
		}
		for _, route := range routes {
			method, pattern, _ := strings.Cut(route, " ")
			_, bodyless := badInputBodyless[route]
			for _, real := range []bool{true, false} {
				path := params.fill(pattern, real)
				for _, tc := range badInputBodies() {
					name := route + "/" + tc.name
					if !real {
						name += " (unknown ids)"
					}
					t.Run(name, func(t *testing.T) {
						skipKnownBadInput(t, route+" "+tc.name)
						auth := tok
						if route == "POST /api/v1/auth/logout" {
							// A token of its own, so that the owner's stays valid.
							auth = h.client(f.Host).login(f.OwnerEmail, f.OwnerPass)
						}
						hdr := map[string]string{"Authorization": "Bearer " + auth}
						if tc.ctype != "-" {
							hdr["Content-Type"] = tc.ctype
						}
						r := owner.do(method, path, strings.NewReader(tc.body), hdr)
						if r.StatusCode >= 500 {
							t.Fatalf("%s %s: status %d, want 4xx: %.500s", method, path, r.StatusCode, r.body)
						}
						if bodyless && r.StatusCode < 400 && tc.status == 0 {
							return
						}
						checkAPIError(t, tc, r)
					})
				}
			}
		}
		// The owner stayed signed in throughout, so the answers above were
		// not all just 401s.
		if r := owner.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)); r.StatusCode != http.StatusOK {
			t.Fatalf("the owner's token stopped working during the test: %d", r.StatusCode)
		}
		for r := range badInputBodyless {
			if !strings.Contains(strings.Join(routes, "\n"), r) {
				t.Errorf("badInputBodyless lists %s, which is not registered", r)
			}
		}
	})
}

func safeHTTPMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
