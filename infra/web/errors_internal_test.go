package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/domain"
)

const genericMessage = "something went wrong on our side; it has been logged"

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		err     error
		status  int
		code    string
		message string // "" means not checked
		retry   int
	}{
		{"invalid", domain.Invalid("title", "enter a title"), 400, "validation_failed", "the input is not valid", 0},
		{"unauthorized", domain.ErrUnauthorized, 401, "unauthorized", "sign in required", 0},
		{"forbidden", domain.Forbidden("owners only"), 403, "forbidden", "owners only", 0},
		{"not found", domain.NotFound("company"), 404, "not_found", "company not found", 0},
		{"conflict", domain.Conflict("slug_taken", "that address is taken"), 409, "slug_taken", "that address is taken", 0},
		{"gone", &domain.Error{Kind: domain.KindGone, Code: "invitation_used", Message: "used"}, 410, "invitation_used", "used", 0},
		{"too large", &domain.Error{Kind: domain.KindTooLarge, Code: "body_too_large", Message: "big"}, 413, "body_too_large", "big", 0},
		{"unsupported", errNotJSON, 415, "unsupported_media_type", errNotJSON.Message, 0},
		{"unprocessable", &domain.Error{Kind: domain.KindUnprocessable, Code: "rule", Message: "no"}, 422, "rule", "no", 0},
		{"too many", domain.TooMany("slow down", 30), 429, "rate_limited", "slow down", 30},
		{"unavailable", domain.Unavailable(errors.New("dial tcp: refused")), 503, "unavailable", domain.ErrUnavailable.Message, 5},
		{"wrapped with %w", fmt.Errorf("submit: %w", domain.NotFound("job")), 404, "not_found", "job not found", 0},
		{"wrapped twice", fmt.Errorf("a: %w", fmt.Errorf("b: %w", domain.Conflict("c", "m"))), 409, "c", "m", 0},

		{"internal domain error hides its message", &domain.Error{Kind: domain.KindInternal, Code: "db", Message: "password=hunter2"}, 500, "internal", genericMessage, 0},
		{"plain error", errors.New("pq: relation users does not exist"), 500, "internal", genericMessage, 0},
		{"a query cancelled with its request", fmt.Errorf("find jobs: %w", context.Canceled), 503, "unavailable", domain.ErrUnavailable.Message, 1},
		{"a query past its deadline", fmt.Errorf("facets: %w", context.DeadlineExceeded), 503, "unavailable", domain.ErrUnavailable.Message, 1},
		{"wrapped with %v loses the kind", fmt.Errorf("x: %v", domain.NotFound("job")), 500, "internal", genericMessage, 0},

		{"fiber not found", fiber.ErrNotFound, 404, "not_found", "the page or resource was not found", 0},
		{"fiber method not allowed", fiber.ErrMethodNotAllowed, 405, "method_not_allowed", "", 0},
		{"fiber body too large", fiber.ErrRequestEntityTooLarge, 413, "body_too_large", "the request body is too large", 0},
		{"fiber headers too large", fiber.ErrRequestHeaderFieldsTooLarge, 431, "headers_too_large", "the request line or headers are too large", 0},
		{"fiber unsupported media type", fiber.ErrUnsupportedMediaType, 415, "unsupported_media_type", "", 0},
		{"fiber too many requests", fiber.ErrTooManyRequests, 429, "rate_limited", "", 0},
		{"fiber timeout", fiber.ErrRequestTimeout, 408, "timeout", "", 0},
		{"fiber bad request with message", fiber.NewError(400, "bad header"), 400, "bad_request", "bad header", 0},
		{"wrapped fiber error", fmt.Errorf("x: %w", fiber.ErrForbidden), 403, "forbidden", "", 0},
		{"fiber internal error", fiber.ErrInternalServerError, 500, "internal", genericMessage, 0},
		{"fiber 502", fiber.ErrBadGateway, 500, "internal", genericMessage, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, detail, retry := classify(tt.err)
			if status != tt.status || detail.Code != tt.code || retry != tt.retry {
				t.Errorf("classify = %d %q retry %d, want %d %q retry %d", status, detail.Code, retry, tt.status, tt.code, tt.retry)
			}
			if tt.message != "" && detail.Message != tt.message {
				t.Errorf("message %q, want %q", detail.Message, tt.message)
			}
			if status >= 500 && detail.Fields != nil {
				t.Errorf("a 500 shows fields %v", detail.Fields)
			}
		})
	}
}

func TestClassifyKeepsFields(t *testing.T) {
	t.Parallel()
	_, detail, _ := classify(domain.InvalidFields(map[string]string{"name": "a", "slug": "b"}))
	if detail.Fields["name"] != "a" || detail.Fields["slug"] != "b" || len(detail.Fields) != 2 {
		t.Errorf("fields %v", detail.Fields)
	}
}

func TestClassifyEveryKindHasAStatus(t *testing.T) {
	t.Parallel()
	for k := domain.KindInvalid; k <= domain.KindUnprocessable; k++ {
		status, _, _ := classify(&domain.Error{Kind: k, Code: "x"})
		if status < 400 || status >= 500 && k != domain.KindUnavailable {
			t.Errorf("kind %v maps to %d", k, status)
		}
	}
}

func TestClassifyUnmappedFiberCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *fiber.Error
		code string
	}{
		{fiber.ErrConflict, "conflict"},
		{fiber.ErrUnprocessableEntity, "unprocessable_entity"},
		{fiber.ErrGone, "gone"},
	}
	for _, tt := range tests {
		status, detail, _ := classify(tt.err)
		if status != tt.err.Code || detail.Code != tt.code {
			t.Errorf("classify(%v) = %d %q, want %d %q", tt.err, status, detail.Code, tt.err.Code, tt.code)
		}
	}
}

func TestWantsHTML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		path   string
		accept string
		want   bool
	}{
		{"browser page", "/jobs", "text/html,application/xhtml+xml,*/*;q=0.8", true},
		{"no Accept header", "/companies", "", true},
		{"anything", "/", "*/*", true},
		{"JSON only", "/companies", "application/json", false},
		{"JSON with HTML too", "/companies", "application/json, text/html", true},
		{"API path with HTML", "/api/v1/jobs", "text/html", false},
		{"API path", "/api/v1/jobs", "", false},
		{"webhook", "/webhooks/stripe", "text/html", false},
		{"healthz", "/healthz", "text/html", false},
		{"readyz", "/readyz", "", false},
		{"path merely starting with api", "/apical", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := fiber.New()
			app.Use(func(c *fiber.Ctx) error {
				if wantsHTML(c) {
					return c.SendString("html")
				}
				return c.SendString("json")
			})
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			_, body := send(t, app, req)
			if got := body == "html"; got != tt.want {
				t.Errorf("wantsHTML(%s, Accept %q) = %v, want %v", tt.path, tt.accept, got, tt.want)
			}
		})
	}
}

func TestHandleError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		path       string
		accept     string
		err        error
		status     int
		html       bool
		retryAfter string
		wwwAuth    bool
	}{
		{"API not found", "/api/v1/jobs/1", "", domain.NotFound("job"), 404, false, "", false},
		{"API unauthorized sets WWW-Authenticate", "/api/v1/auth/me", "", domain.ErrUnauthorized, 401, false, "", true},
		{"page unauthorized has no WWW-Authenticate", "/employer", "application/json", domain.ErrUnauthorized, 401, false, "", false},
		{"rate limited sets Retry-After", "/api/v1/auth/login", "", domain.TooMany("slow down", 42), 429, false, "42", false},
		{"unavailable sets Retry-After", "/api/v1/jobs", "", domain.Unavailable(io.EOF), 503, false, "5", false},
		{"internal error as JSON", "/api/v1/jobs", "", errors.New("secret detail"), 500, false, "", false},
		{"browser gets HTML", "/companies/x", "text/html", domain.NotFound("company"), 404, true, "", false},
		{"browser gets HTML for 500", "/companies/x", "text/html", errors.New("secret detail"), 500, true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, app := newBareServer(t)
			app.Use(func(c *fiber.Ctx) error { return tt.err })
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			resp, body := send(t, app, req)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, tt.retryAfter)
			}
			if got := resp.Header.Get("WWW-Authenticate") != ""; got != tt.wwwAuth {
				t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
			}
			if strings.Contains(body, "secret detail") {
				t.Errorf("the response shows the internal error: %s", body)
			}
			ct := resp.Header.Get("Content-Type")
			if tt.html {
				if !strings.HasPrefix(ct, "text/html") {
					t.Errorf("Content-Type %q, want HTML", ct)
				}
				return
			}
			if !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q, want JSON", ct)
			}
			detail := decodeError(t, body)
			if want := func() string { _, d, _ := classify(tt.err); return d.Code }(); detail.Code != want {
				t.Errorf("code %q, want %q", detail.Code, want)
			}
		})
	}
}

func TestErrorTitle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		want   string
	}{
		{404, "Page not found"},
		{403, "Not allowed"},
		{401, "Sign in required"},
		{503, "Temporarily unavailable"},
		{429, "Too many requests"},
		{500, "Something went wrong"},
		{400, "Request not accepted"},
		{409, "Request not accepted"},
	}
	for _, tt := range tests {
		if got := errorTitle(tt.status); got != tt.want {
			t.Errorf("errorTitle(%d) = %q, want %q", tt.status, got, tt.want)
		}
	}
}
