package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/logtest"
)

// panickingPinger stands for a bug deep in a handler.
type panickingPinger struct{}

func (panickingPinger) Ping(context.Context) error { panic("secret internal detail") }

// TestPanickingHandlerGetsAGeneric500AndTheServerKeepsServing: a panic in
// a handler answers the generic error (JSON or a page), with a request id
// and without the panic's text, is logged with its detail, and the server
// goes on serving.
func TestPanickingHandlerGetsAGeneric500AndTheServerKeepsServing(t *testing.T) {
	t.Parallel()
	logs := &logtest.Buffer{}
	s, err := New(Deps{Logger: slog.New(slog.NewJSONHandler(logs, nil)), SecretKey: testSecret, BaseDomain: "localhost", DB: panickingPinger{}})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string, header map[string]string) (*http.Response, string) {
		req := httptest.NewRequest(http.MethodGet, "http://localhost"+path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		return send(t, s.App(), req)
	}
	for range 3 {
		resp, body := get("/readyz", nil)
		if resp.StatusCode != http.StatusInternalServerError {
			t.Fatalf("panic: %d, want 500: %s", resp.StatusCode, body)
		}
		if decodeError(t, body).Code != "internal" || strings.Contains(body, "secret internal detail") {
			t.Errorf("panic answer is not the generic error: %s", body)
		}
		if resp.Header.Get("X-Request-ID") == "" {
			t.Error("no request id on the 500")
		}
	}
	// Nor does a browser see the detail.
	if resp, body := get("/readyz", map[string]string{"Accept": "text/html"}); resp.StatusCode != http.StatusInternalServerError || strings.Contains(body, "secret internal detail") {
		t.Errorf("panic for a browser: %d %.300s", resp.StatusCode, body)
	}
	// The server keeps serving.
	if resp, _ := get("/healthz", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz after panics: %d", resp.StatusCode)
	}
	if !strings.Contains(logs.String(), `"status":500`) || !strings.Contains(logs.String(), "secret internal detail") {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
}
