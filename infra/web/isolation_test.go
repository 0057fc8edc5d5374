package web_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// routeClass says how a route relates to tenants.
type routeClass int

const (
	anyHost       routeClass = iota // health, static, the home page of either host
	boardPublic                     // a board page anyone may open
	boardSignedIn                   // a board route that needs a signed-in user of that board
	platformOnly                    // the platform site on the bare base domain
)

// isolationMatrix lists every route the server registers. The test fails
// when a route is missing here, so each new route must say how it is
// isolated.
var isolationMatrix = map[string]routeClass{
	"GET /healthz":                                      anyHost,
	"GET /readyz":                                       anyHost,
	"GET /":                                             anyHost,
	"GET /api/v1/openapi.json":                          anyHost,
	"GET /theme.css":                                    boardPublic,
	"GET /robots.txt":                                   boardPublic,
	"GET /feed.xml":                                     boardPublic,
	"GET /jobs.xml":                                     boardPublic,
	"GET /sitemap.xml":                                  boardPublic,
	"GET /sitemaps/jobs-:page.xml":                      boardPublic,
	"GET /embed/featured-jobs":                          boardPublic,
	"GET /embed/featured-jobs.js":                       boardPublic,
	"GET /embed/click/:id":                              boardPublic,
	"GET /login":                                        boardPublic,
	"POST /login":                                       boardPublic,
	"GET /signup":                                       boardPublic,
	"POST /signup":                                      boardPublic,
	"POST /logout":                                      boardPublic,
	"POST /api/v1/auth/signup":                          boardPublic,
	"POST /api/v1/auth/login":                           boardPublic,
	"GET /api/v1/auth/me":                               boardSignedIn,
	"POST /api/v1/auth/logout":                          boardSignedIn,
	"GET /check-email":                                  boardPublic,
	"POST /check-email":                                 boardPublic,
	"GET /verify-email":                                 boardPublic,
	"POST /verify-email":                                boardPublic,
	"GET /forgot-password":                              boardPublic,
	"POST /forgot-password":                             boardPublic,
	"GET /reset-password":                               boardPublic,
	"POST /reset-password":                              boardPublic,
	"GET /me/account":                                   boardSignedIn,
	"POST /me/account/password":                         boardSignedIn,
	"POST /me/account/email":                            boardSignedIn,
	"POST /me/sessions/end-others":                      boardSignedIn,
	"GET /login/openid":                                 boardPublic,
	"GET /login/openid/callback":                        boardPublic,
	"GET /admin/sign-in":                                boardSignedIn,
	"GET /admin/roles":                                  boardSignedIn,
	"POST /admin/staff/two-factor-reset":                boardSignedIn,
	"POST /api/v1/board/two-factor-resets":              boardSignedIn,
	"POST /admin/roles":                                 boardSignedIn,
	"POST /admin/roles/:id":                             boardSignedIn,
	"POST /admin/roles/:id/delete":                      boardSignedIn,
	"POST /admin/roles/:id/members":                     boardSignedIn,
	"POST /admin/roles/:id/members/:user_id/remove":     boardSignedIn,
	"GET /api/v1/board/roles":                           boardSignedIn,
	"POST /api/v1/board/roles":                          boardSignedIn,
	"PUT /api/v1/board/roles/:id":                       boardSignedIn,
	"DELETE /api/v1/board/roles/:id":                    boardSignedIn,
	"POST /api/v1/board/roles/:id/members":              boardSignedIn,
	"DELETE /api/v1/board/roles/:id/members/:user_id":   boardSignedIn,
	"POST /admin/sign-in":                               boardSignedIn,
	"GET /login/two-factor":                             boardPublic,
	"POST /login/two-factor":                            boardPublic,
	"GET /me/two-factor":                                boardSignedIn,
	"POST /me/two-factor":                               boardSignedIn,
	"POST /me/two-factor/disable":                       boardSignedIn,
	"POST /me/sessions/:handle/end":                     boardSignedIn,
	"GET /api/v1/me/sessions":                           boardSignedIn,
	"DELETE /api/v1/me/sessions":                        boardSignedIn,
	"DELETE /api/v1/me/sessions/:id":                    boardSignedIn,
	"POST /api/v1/auth/password/forgot":                 boardPublic,
	"POST /api/v1/auth/password/reset":                  boardPublic,
	"POST /api/v1/auth/password":                        boardSignedIn,
	"POST /api/v1/auth/email/verify":                    boardPublic,
	"POST /api/v1/auth/email/resend":                    boardPublic,
	"POST /api/v1/auth/email":                           boardSignedIn,
	"GET /companies":                                    boardPublic,
	"GET /companies/:slug":                              boardPublic,
	"GET /media/companies/:id/logo.png":                 boardPublic,
	"GET /invitations/:token":                           boardPublic,
	"GET /api/v1/companies":                             boardPublic,
	"GET /api/v1/companies/:id":                         boardPublic,
	"GET /employer":                                     boardSignedIn,
	"GET /employer/companies/new":                       boardSignedIn,
	"POST /employer/companies":                          boardSignedIn,
	"GET /employer/companies/:id":                       boardSignedIn,
	"POST /employer/companies/:id":                      boardSignedIn,
	"POST /employer/companies/:id/logo":                 boardSignedIn,
	"POST /employer/companies/:id/submit":               boardSignedIn,
	"GET /employer/companies/:id/team":                  boardSignedIn,
	"POST /employer/companies/:id/team/invitations":     boardSignedIn,
	"POST /employer/companies/:id/team/:user_id/role":   boardSignedIn,
	"POST /employer/companies/:id/team/:user_id/remove": boardSignedIn,
	"POST /invitations/:token/accept":                   boardSignedIn,
	"GET /api/v1/me/companies":                          boardSignedIn,
	"POST /api/v1/companies":                            boardSignedIn,
	"PATCH /api/v1/companies/:id":                       boardSignedIn,
	"POST /api/v1/companies/:id/submit":                 boardSignedIn,
	"PUT /api/v1/companies/:id/logo":                    boardSignedIn,
	"GET /api/v1/companies/:id/members":                 boardSignedIn,
	"POST /api/v1/companies/:id/invitations":            boardSignedIn,
	"PATCH /api/v1/companies/:id/members/:user_id":      boardSignedIn,
	"DELETE /api/v1/companies/:id/members/:user_id":     boardSignedIn,
	"POST /api/v1/invitations/:token/accept":            boardSignedIn,
	"GET /jobs":                                         boardPublic,
	"GET /jobs/:id":                                     boardPublic,
	"GET /jobs/:id/:slug":                               boardPublic,
	"GET /jobs/:id/:slug/apply":                         boardPublic,
	"GET /alerts/new":                                   boardPublic,
	"POST /alerts":                                      boardPublic,
	"GET /alerts/confirm/:token":                        boardPublic,
	"POST /alerts/confirm/:token":                       boardPublic,
	"GET /alerts/unsubscribe/:token":                    boardPublic,
	"POST /alerts/unsubscribe/:token":                   boardPublic,
	"GET /alerts/manage/:token":                         boardPublic,
	"POST /alerts/manage/:token/:id/remove":             boardPublic,
	"POST /api/v1/alerts":                               boardPublic,
	"GET /api/v1/jobs":                                  boardPublic,
	"GET /api/v1/featured-jobs":                         boardPublic,
	"GET /api/v1/jobs/:id":                              boardPublic,
	"GET /api/v1/companies/:id/jobs":                    boardPublic,
	"PATCH /api/v1/jobs/:id":                            boardSignedIn,
	"POST /api/v1/jobs/:id/submit":                      boardSignedIn,
	"POST /api/v1/jobs/:id/close":                       boardSignedIn,
	"POST /api/v1/jobs/:id/renew":                       boardSignedIn,
	"POST /api/v1/jobs/:id/feature":                     boardSignedIn,
	"POST /api/v1/companies/:id/jobs":                   boardSignedIn,
	"GET /employer/companies/:id/jobs":                  boardSignedIn,
	"GET /employer/companies/:id/jobs/new":              boardSignedIn,
	"POST /employer/companies/:id/jobs":                 boardSignedIn,
	"GET /employer/jobs/:id":                            boardSignedIn,
	"POST /employer/jobs/:id":                           boardSignedIn,
	"POST /employer/jobs/:id/submit":                    boardSignedIn,
	"POST /employer/jobs/:id/close":                     boardSignedIn,
	"POST /employer/jobs/:id/renew":                     boardSignedIn,
	"POST /webhooks/stripe":                             anyHost,
	"GET /api/v1/moderation/queue":                      boardSignedIn,
	"POST /api/v1/moderation/bulk":                      boardSignedIn,
	"POST /api/v1/moderation/:kind/:id/:action":         boardSignedIn,
	"POST /api/v1/:kind/:id/reports":                    boardPublic,
	"GET /api/v1/audit":                                 boardSignedIn,
	"GET /api/v1/board/settings":                        boardSignedIn,
	"PATCH /api/v1/board/settings":                      boardSignedIn,
	"GET /admin":                                        boardSignedIn,
	"GET /admin/moderation":                             boardSignedIn,
	"POST /admin/moderation/bulk":                       boardSignedIn,
	"GET /admin/moderation/:kind/:id":                   boardSignedIn,
	"POST /admin/moderation/:kind/:id/:action":          boardSignedIn,
	"GET /admin/audit":                                  boardSignedIn,
	"POST /admin/settings/logo":                         boardSignedIn,
	"POST /admin/settings/logo/remove":                  boardSignedIn,
	"GET /media/board/:key/logo.png":                    boardPublic,
	"POST /jobs/:id/:slug/report":                       boardPublic,
	"POST /companies/:slug/report":                      boardPublic,
	"GET /admin/settings":                               boardSignedIn,
	"POST /admin/settings":                              boardSignedIn,
	"GET /admin/staff":                                  boardSignedIn,
	"POST /admin/staff/invitations":                     boardSignedIn,
	"POST /admin/staff/:user_id/:role/remove":           boardSignedIn,
	"GET /staff-invitations/:token":                     boardPublic,
	"POST /staff-invitations/:token/accept":             boardSignedIn,
	"POST /api/v1/orders":                               boardSignedIn,
	"GET /api/v1/orders/:id":                            boardSignedIn,
	"GET /api/v1/companies/:id/orders":                  boardSignedIn,
	"GET /api/v1/prices":                                boardPublic,
	"PUT /api/v1/prices/:product":                       boardSignedIn,
	"POST /employer/jobs/:id/buy":                       boardSignedIn,
	"POST /employer/companies/:id/premium":              boardSignedIn,
	"GET /employer/companies/:id/orders":                boardSignedIn,
	"GET /billing/orders/:id/success":                   boardSignedIn,
	"GET /billing/orders/:id/cancel":                    boardSignedIn,
	"GET /billing/dev-checkout/:id":                     boardSignedIn,
	"POST /billing/dev-checkout/:id/pay":                boardSignedIn,
	"POST /billing/dev-checkout/:id/cancel":             boardSignedIn,
	"GET /admin/billing":                                boardSignedIn,
	"POST /admin/billing/prices":                        boardSignedIn,
	"GET /platform/login":                               platformOnly,
	"POST /platform/login":                              platformOnly,
	"POST /platform/logout":                             platformOnly,
	"GET /platform/login/two-factor":                    platformOnly,
	"POST /platform/login/two-factor":                   platformOnly,
	"GET /platform/two-factor":                          platformOnly,
	"POST /platform/two-factor":                         platformOnly,
	"POST /platform/two-factor/disable":                 platformOnly,
	"GET /platform/forgot-password":                     platformOnly,
	"POST /platform/forgot-password":                    platformOnly,
	"GET /platform/reset-password":                      platformOnly,
	"POST /platform/reset-password":                     platformOnly,
	"GET /platform/boards":                              platformOnly,
	"POST /platform/boards":                             platformOnly,
	"POST /platform/boards/:id/suspend":                 platformOnly,
	"POST /platform/boards/:id/reopen":                  platformOnly,
	"GET /me/saved":                                     boardSignedIn,
	"POST /me/saved/:job_id":                            boardSignedIn,
	"POST /me/saved/:job_id/remove":                     boardSignedIn,
	"GET /jobs/:id/:slug/application":                   boardPublic,
	"POST /jobs/:id/:slug/application":                  boardSignedIn,
	"GET /me/applications":                              boardSignedIn,
	"GET /applications/:id/cv":                          boardSignedIn,
	"GET /employer/jobs/:id/applications":               boardSignedIn,
	"GET /employer/applications/:id":                    boardSignedIn,
	"POST /employer/applications/:id/status":            boardSignedIn,
	"GET /me/privacy":                                   boardSignedIn,
	"GET /me/data.json":                                 boardSignedIn,
	"POST /me/delete":                                   boardSignedIn,
	"GET /api/v1/me/saved-jobs":                         boardSignedIn,
	"PUT /api/v1/me/saved-jobs/:job_id":                 boardSignedIn,
	"DELETE /api/v1/me/saved-jobs/:job_id":              boardSignedIn,
	"POST /api/v1/jobs/:id/applications":                boardSignedIn,
	"GET /api/v1/jobs/:id/applications":                 boardSignedIn,
	"GET /api/v1/applications/:id":                      boardSignedIn,
	"PATCH /api/v1/applications/:id":                    boardSignedIn,
	"GET /api/v1/applications/:id/cv":                   boardSignedIn,
	"GET /api/v1/me/applications":                       boardSignedIn,
	"GET /api/v1/me/export":                             boardSignedIn,
	"DELETE /api/v1/me":                                 boardSignedIn,
}

var routeParam = regexp.MustCompile(`:[a-z_]+`)

// registeredRoutes returns "METHOD /path" for every route, leaving out
// middleware (including the /static file mount, which serves the same
// embedded files on every host) and HEAD twins.
func registeredRoutes(h *harness) []string {
	seen := map[string]bool{}
	for _, r := range h.srv.App().GetRoutes(true) {
		if r.Method == http.MethodHead {
			continue
		}
		seen[r.Method+" "+r.Path] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestEveryRouteIsInTheIsolationMatrix(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), nil)
	routes := registeredRoutes(h)
	for _, r := range routes {
		if _, ok := isolationMatrix[r]; !ok {
			t.Errorf("route %s is not in the tenant-isolation matrix", r)
		}
	}
	have := map[string]bool{}
	for _, r := range routes {
		have[r] = true
	}
	for r := range isolationMatrix {
		if !have[r] {
			t.Errorf("matrix lists %s, which is not registered", r)
		}
	}
}

func TestTenantIsolationMatrix(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a, b := h.newBoard("alpha"), h.newBoard("beta")
		tokA := h.client(a.Host).login(a.OwnerEmail, a.OwnerPass)
		for route, class := range isolationMatrix {
			method, path, _ := strings.Cut(route, " ")
			path = routeParam.ReplaceAllString(path, a.ID)
			// Unsafe requests carry a valid CSRF token for the host they go
			// to, so that what is tested is the routing, not the token.
			send := func(host string, header map[string]string) response {
				c := h.client(host)
				if method != http.MethodGet && host != "unknown.example" && !strings.HasPrefix(host, "nowhere.") {
					c.headers["X-CSRF-Token"] = c.csrf("/")
				}
				return c.do(method, path, nil, header)
			}
			switch class {
			case boardSignedIn:
				// A's owner token on board B is refused, as is no token.
				onB := send(b.Host, bearer(tokA))
				if onB.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s with board A's token on board B: %d, want 401", route, onB.StatusCode)
				}
				anon := send(b.Host, map[string]string{"Accept": "application/json"})
				if anon.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s anonymous: %d, want 401", route, anon.StatusCode)
				}
				fallthrough
			case boardPublic:
				for _, host := range []string{testBaseDomain, "nowhere." + testBaseDomain, "unknown.example"} {
					if r := send(host, nil); r.StatusCode != http.StatusNotFound {
						t.Errorf("%s on %s: %d, want 404", route, host, r.StatusCode)
					}
				}
			case platformOnly:
				for _, host := range []string{a.Host, b.Host} {
					if r := send(host, nil); r.StatusCode != http.StatusNotFound {
						t.Errorf("%s on board host %s: %d, want 404", route, host, r.StatusCode)
					}
				}
			}
		}
	})
}
