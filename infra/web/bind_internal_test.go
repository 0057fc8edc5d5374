package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/domain"
)

type decodeTarget struct {
	Title  string   `json:"title"`
	Count  int      `json:"count"`
	Remote bool     `json:"remote"`
	Tags   []string `json:"tags"`
	Salary struct {
		Min int `json:"min"`
	} `json:"salary"`
}

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		code        string
		field       string // a field the error must name, with its message
		fieldMsg    string
	}{
		{"object", "application/json", `{"title":"Go developer","count":2,"tags":["go"],"salary":{"min":1}}`, 200, "", "", ""},
		{"charset parameter", "application/json; charset=utf-8", `{"title":"x"}`, 200, "", "", ""},
		{"upper-case media type", "Application/JSON", `{"title":"x"}`, 200, "", "", ""},
		{"unknown fields ignored", "application/json", `{"title":"x","extra":1}`, 200, "", "", ""},
		{"surrounding whitespace", "application/json", " \n {\"title\":\"x\"} \n", 200, "", "", ""},

		{"no content type", "", `{"title":"x"}`, 415, "unsupported_media_type", "", ""},
		{"text/plain", "text/plain", `{"title":"x"}`, 415, "unsupported_media_type", "", ""},
		{"form", "application/x-www-form-urlencoded", `title=x`, 415, "unsupported_media_type", "", ""},
		{"JSON look-alike type", "application/json-patch+json", `{"title":"x"}`, 415, "unsupported_media_type", "", ""},

		{"empty body", "application/json", ``, 400, "malformed_json", "", ""},
		{"blank body", "application/json", "  \n\t", 400, "malformed_json", "", ""},
		{"truncated", "application/json", `{"title":"x"`, 400, "malformed_json", "", ""},
		{"syntax error", "application/json", `{"title":}`, 400, "malformed_json", "", ""},
		{"single quotes", "application/json", `{'title':'x'}`, 400, "malformed_json", "", ""},
		{"array instead of object", "application/json", `["x"]`, 400, "malformed_json", "", ""},
		{"string instead of object", "application/json", `"x"`, 400, "malformed_json", "", ""},
		{"two objects", "application/json", `{"title":"a"}{"title":"b"}`, 400, "malformed_json", "", ""},
		{"trailing garbage", "application/json", `{"title":"a"} x`, 400, "malformed_json", "", ""},

		{"number for string", "application/json", `{"title":5}`, 400, "validation_failed", "title", "must be a string"},
		{"string for number", "application/json", `{"count":"two"}`, 400, "validation_failed", "count", "must be a number"},
		{"fraction for integer", "application/json", `{"count":1.5}`, 400, "validation_failed", "count", "must be a number"},
		{"string for boolean", "application/json", `{"remote":"yes"}`, 400, "validation_failed", "remote", "must be a boolean"},
		{"string for list", "application/json", `{"tags":"go"}`, 400, "validation_failed", "tags", "must be a list"},
		{"number in list", "application/json", `{"tags":["go",1]}`, 400, "validation_failed", "tags", "must be a string"},
		{"string for object", "application/json", `{"salary":"lots"}`, 400, "validation_failed", "salary", "object"},
		{"nested field named with its path", "application/json", `{"salary":{"min":"x"}}`, 400, "validation_failed", "salary.min", "must be a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, app := newBareServer(t)
			app.Post("/api/v1/x", func(c *fiber.Ctx) error {
				var dst decodeTarget
				if err := decodeJSON(c, &dst); err != nil {
					return err
				}
				return c.JSON(dst)
			})
			req := httptest.NewRequest(http.MethodPost, "/api/v1/x", strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, body := send(t, app, req)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tt.status, body)
			}
			if tt.status == 200 {
				return
			}
			detail := decodeError(t, body)
			if detail.Code != tt.code {
				t.Errorf("code %q, want %q", detail.Code, tt.code)
			}
			if detail.Message == "" {
				t.Error("no message")
			}
			if tt.field != "" && !strings.Contains(detail.Fields[tt.field], tt.fieldMsg) {
				t.Errorf("fields %v, want %q: %q", detail.Fields, tt.field, tt.fieldMsg)
			}
		})
	}
}

func TestJSONKind(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"string", "string"},
		{"bool", "boolean"},
		{"slice", "list"},
		{"array", "list"},
		{"map", "object"},
		{"struct", "object"},
		{"int", "number"},
		{"float64", "number"},
		{"uint8", "number"},
	}
	for _, tt := range tests {
		if got := jsonKind(tt.in); got != tt.want {
			t.Errorf("jsonKind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFieldErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want map[string]string
	}{
		{"one field", domain.Invalid("title", "enter a title"), map[string]string{"title": "enter a title"}},
		{"wrapped", fmt.Errorf("x: %w", domain.InvalidFields(map[string]string{"a": "1", "b": "2"})), map[string]string{"a": "1", "b": "2"}},
		{"validation without fields", &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json"}, nil},
		{"other kind with fields", &domain.Error{Kind: domain.KindConflict, Code: "c", Fields: map[string]string{"a": "1"}}, nil},
		{"plain error", errors.New("x"), nil},
		{"nil", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := fieldErrors(tt.err)
			if len(got) != len(tt.want) || (tt.want == nil) != (got == nil) {
				t.Fatalf("fieldErrors = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("field %q = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}
