package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/gofiber/fiber/v2"
)

func TestBearerToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header, want string
	}{
		{"token", "Bearer abc.def", "abc.def"},
		{"spaces trimmed", "Bearer   abc  ", "abc"},
		{"empty token", "Bearer ", ""},
		{"lower-case scheme", "bearer abc", ""},
		{"basic", "Basic dXNlcjpwYXNz", ""},
		{"no header", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := fiber.New()
			app.Get("/", func(c *fiber.Ctx) error { return c.SendString(bearerToken(c)) })
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			if _, body := send(t, app, req); body != tt.want {
				t.Errorf("bearerToken(%q) = %q, want %q", tt.header, body, tt.want)
			}
		})
	}
}

func TestScope(t *testing.T) {
	t.Parallel()
	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error {
		if c.Query("board") == "a" {
			c.Locals(localBoard, boardA)
		}
		return c.SendString(scope(c))
	})
	for q, want := range map[string]string{"/?board=a": "tenant-a", "/": "*"} {
		if _, body := send(t, app, httptest.NewRequest(http.MethodGet, q, nil)); body != want {
			t.Errorf("scope for %s = %q, want %q", q, body, want)
		}
	}
}

func TestRequireSignInRedirect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		handler  fiber.Handler
		path     string
		login    string
		knownBug bool
	}{
		{"user page", requireUser, "/employer", "/login", false},
		{"user page with one parameter", requireUser, "/employer/companies?tab=team", "/login", false},
		{"admin page", requireAdmin, "/platform/boards", "/platform/login", false},
		{"user page with two parameters", requireUser, "/employer/companies?tab=team&page=2", "/login", true},
		{"admin page with two parameters", requireAdmin, "/platform/boards?q=x&page=2", "/platform/login", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, app := newBareServer(t)
			app.Use(tt.handler, func(c *fiber.Ctx) error { return c.SendString("in") })
			resp, _ := send(t, app, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d, want 303", resp.StatusCode)
			}
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			if loc.Path != tt.login {
				t.Errorf("redirected to %q, want %q", loc.Path, tt.login)
			}
			if got := loc.Query().Get("next"); got != tt.path {
				t.Errorf("next = %q, want %q", got, tt.path)
			}
		})
	}
}

func TestRequireSignInAPI(t *testing.T) {
	t.Parallel()
	for name, h := range map[string]fiber.Handler{"user": requireUser, "admin": requireAdmin} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, app := newBareServer(t)
			app.Use(h, func(c *fiber.Ctx) error { return c.SendString("in") })
			resp, body := send(t, app, httptest.NewRequest(http.MethodGet, "/api/v1/auth/me", nil))
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", resp.StatusCode)
			}
			if d := decodeError(t, body); d.Code != "unauthorized" {
				t.Errorf("code %q", d.Code)
			}
		})
	}
}

func TestRequireSignInLetsPrincipalsThrough(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler fiber.Handler
		kind    string
		ok      bool
	}{
		{"user on a user page", requireUser, "user", true},
		{"admin on a user page", requireUser, "admin", false},
		{"admin on an admin page", requireAdmin, "admin", true},
		{"user on an admin page", requireAdmin, "user", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, app := newBareServer(t)
			app.Use(func(c *fiber.Ctx) error {
				c.Locals(localPrincipal, &Principal{Kind: tt.kind, ID: "p1"})
				return c.Next()
			}, tt.handler, func(c *fiber.Ctx) error { return c.SendString("in") })
			resp, _ := send(t, app, httptest.NewRequest(http.MethodGet, "/api/v1/x", nil))
			if got := resp.StatusCode == http.StatusOK; got != tt.ok {
				t.Errorf("status %d, want ok=%v", resp.StatusCode, tt.ok)
			}
		})
	}
}
