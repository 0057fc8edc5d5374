package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/domain/board"
)

var (
	boardA = board.Rehydrate("tenant-a", "a", "A", board.StatusActive, "", board.DefaultSettings(), time.Unix(0, 0))
	boardB = board.Rehydrate("tenant-b", "b", "B", board.StatusActive, "", board.DefaultSettings(), time.Unix(0, 0))
)

// csrfApp returns an app that puts the board named by the X-Test-Board
// header ("a", "b" or none for the platform) on the request, runs the CSRF
// middleware and answers every route with the form token.
func csrfApp(t *testing.T) (*Server, *fiber.App) {
	t.Helper()
	s, app := newBareServer(t)
	app.Use(func(c *fiber.Ctx) error {
		switch c.Get("X-Test-Board") {
		case "a":
			c.Locals(localBoard, boardA)
		case "b":
			c.Locals(localBoard, boardB)
		}
		return c.Next()
	})
	app.Use(s.csrf)
	app.All("/*", func(c *fiber.Ctx) error { return c.SendString(s.formToken(c)) })
	return s, app
}

// tokenFor returns the token the server computes for a board ("" for the
// platform), a session cookie and a nonce.
func tokenFor(t *testing.T, s *Server, boardName, session, nonce string) string {
	t.Helper()
	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error {
		switch boardName {
		case "a":
			c.Locals(localBoard, boardA)
		case "b":
			c.Locals(localBoard, boardB)
		}
		return c.SendString(s.csrfToken(c, nonce))
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if session != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
	}
	_, body := send(t, app, req)
	return body
}

func TestCSRFTokenScope(t *testing.T) {
	t.Parallel()
	s, _ := newBareServer(t)
	nonce := strings.Repeat("n", 43)
	sess1, sess2 := strings.Repeat("s", 43), strings.Repeat("t", 43)
	base := tokenFor(t, s, "a", sess1, nonce)
	if base == "" {
		t.Fatal("empty token")
	}
	if again := tokenFor(t, s, "a", sess1, nonce); again != base {
		t.Errorf("the token is not stable: %q then %q", base, again)
	}
	other := &Server{deps: Deps{SecretKey: []byte("another secret of thirty-two bytes")}}
	tests := []struct {
		name  string
		token string
	}{
		{"another board", tokenFor(t, s, "b", sess1, nonce)},
		{"the platform", tokenFor(t, s, "", sess1, nonce)},
		{"another session", tokenFor(t, s, "a", sess2, nonce)},
		{"no session", tokenFor(t, s, "a", "", nonce)},
		{"another nonce", tokenFor(t, s, "a", sess1, strings.Repeat("m", 43))},
		{"another secret", tokenFor(t, other, "a", sess1, nonce)},
	}
	for _, tt := range tests {
		if tt.token == base {
			t.Errorf("the token for %s equals the original", tt.name)
		}
	}
}

// csrfRequest builds a request to the CSRF test app.
type csrfRequest struct {
	method, path, boardName string
	nonce, session          string
	header, form            string // token in X-CSRF-Token or in the _csrf form field
	authorization           string
}

func (r csrfRequest) build() *http.Request {
	var req *http.Request
	if r.form != "" {
		req = httptest.NewRequest(r.method, r.path, strings.NewReader(url.Values{csrfField: {r.form}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(r.method, r.path, nil)
	}
	req.Header.Set("Accept", "application/json")
	if r.boardName != "" {
		req.Header.Set("X-Test-Board", r.boardName)
	}
	if r.nonce != "" {
		req.AddCookie(&http.Cookie{Name: csrfCookie, Value: r.nonce})
	}
	if r.session != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.session})
	}
	if r.header != "" {
		req.Header.Set(csrfHeader, r.header)
	}
	if r.authorization != "" {
		req.Header.Set("Authorization", r.authorization)
	}
	return req
}

func TestCSRFIssuesNonce(t *testing.T) {
	t.Parallel()
	_, app := csrfApp(t)
	resp, body := send(t, app, csrfRequest{method: http.MethodGet, path: "/", boardName: "a"}.build())
	var nonce *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == csrfCookie {
			nonce = ck
		}
	}
	if nonce == nil {
		t.Fatal("no CSRF cookie issued")
	}
	if len(nonce.Value) != 43 || !nonce.HttpOnly || nonce.SameSite != http.SameSiteLaxMode || nonce.Path != "/" {
		t.Errorf("cookie %+v", nonce)
	}
	if body == "" {
		t.Error("no form token on a page that issued the nonce")
	}

	// A GET with a valid nonce keeps it.
	resp, _ = send(t, app, csrfRequest{method: http.MethodGet, path: "/", boardName: "a", nonce: nonce.Value}.build())
	for _, ck := range resp.Cookies() {
		if ck.Name == csrfCookie {
			t.Errorf("a second nonce was issued: %q", ck.Value)
		}
	}
	// A malformed nonce is replaced.
	resp, _ = send(t, app, csrfRequest{method: http.MethodGet, path: "/", boardName: "a", nonce: "short"}.build())
	replaced := false
	for _, ck := range resp.Cookies() {
		replaced = replaced || ck.Name == csrfCookie && len(ck.Value) == 43
	}
	if !replaced {
		t.Error("a malformed nonce was not replaced")
	}
}

func TestCSRFCheck(t *testing.T) {
	t.Parallel()
	s, app := csrfApp(t)
	nonce := strings.Repeat("n", 43)
	sess, otherSess := strings.Repeat("s", 43), strings.Repeat("t", 43)
	good := tokenFor(t, s, "a", sess, nonce)
	noSession := tokenFor(t, s, "a", "", nonce)
	tests := []struct {
		name string
		req  csrfRequest
		ok   bool
	}{
		{"token in header", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: nonce, session: sess, header: good}, true},
		{"token in form", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: nonce, session: sess, form: good}, true},
		{"anonymous form", csrfRequest{method: "POST", path: "/login", boardName: "a", nonce: nonce, form: noSession}, true},
		{"PUT checked too", csrfRequest{method: "PUT", path: "/x", boardName: "a", nonce: nonce, session: sess, header: good}, true},
		{"HEAD is safe", csrfRequest{method: "HEAD", path: "/x", boardName: "a"}, true},
		{"OPTIONS is safe", csrfRequest{method: "OPTIONS", path: "/x", boardName: "a"}, true},

		{"no token", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: nonce, session: sess}, false},
		{"no nonce cookie", csrfRequest{method: "POST", path: "/x", boardName: "a", session: sess, header: good}, false},
		{"malformed nonce cookie", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: "short", session: sess, header: good}, false},
		{"token from another board", csrfRequest{method: "POST", path: "/x", boardName: "b", nonce: nonce, session: sess, header: good}, false},
		{"token from the platform", csrfRequest{method: "POST", path: "/x", nonce: nonce, session: sess, header: good}, false},
		{"token from another session", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: nonce, session: otherSess, header: good}, false},
		{"token from before signing in", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: nonce, session: sess, header: noSession}, false},
		{"token for another nonce", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: strings.Repeat("m", 43), session: sess, header: good}, false},
		{"garbage token", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: nonce, session: sess, header: "x"}, false},
		{"DELETE checked", csrfRequest{method: "DELETE", path: "/x", boardName: "a", nonce: nonce, session: sess}, false},
		{"API call with a session cookie", csrfRequest{method: "POST", path: "/api/v1/jobs", boardName: "a", nonce: nonce, session: sess}, false},

		{"webhook exempt", csrfRequest{method: "POST", path: "/webhooks/stripe", boardName: "a"}, true},
		{"bearer token exempt", csrfRequest{method: "POST", path: "/api/v1/jobs", boardName: "a", session: sess, authorization: "Bearer abc"}, true},
		{"API call without a session cookie exempt", csrfRequest{method: "POST", path: "/api/v1/auth/login", boardName: "a"}, true},
		{"basic auth is not exempt", csrfRequest{method: "POST", path: "/x", boardName: "a", nonce: nonce, session: sess, authorization: "Basic abc"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, body := send(t, app, tt.req.build())
			if tt.ok {
				if resp.StatusCode != http.StatusOK {
					t.Errorf("status %d, want 200; body %s", resp.StatusCode, body)
				}
				return
			}
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", resp.StatusCode)
			}
			if d := decodeError(t, body); d.Code != "csrf_failed" {
				t.Errorf("code %q, want csrf_failed", d.Code)
			}
		})
	}
}
