package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// testSecret signs CSRF tokens in these tests.
var testSecret = []byte("0123456789abcdef0123456789abcdef")

// newBareServer returns a Server with no database behind it, enough for
// middleware and helpers, and a bare Fiber app that uses its error handler.
func newBareServer(t *testing.T, proxies ...string) (*Server, *fiber.App) {
	t.Helper()
	v, err := loadViews()
	if err != nil {
		t.Fatal(err)
	}
	d := Deps{Logger: slog.New(slog.DiscardHandler), SecretKey: testSecret, BaseDomain: "localhost"}
	for _, p := range proxies {
		d.TrustedProxies = append(d.TrustedProxies, netip.MustParsePrefix(p))
	}
	s := &Server{deps: d, views: v}
	app := fiber.New(fiber.Config{ErrorHandler: s.handleError})
	return s, app
}

// send runs req through app without a time limit and returns the response
// and its body.
func send(t *testing.T, app *fiber.App, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// decodeError parses the contract's JSON error body.
func decodeError(t *testing.T, body string) errorDetail {
	t.Helper()
	var eb errorBody
	if err := json.Unmarshal([]byte(body), &eb); err != nil {
		t.Fatalf("error body %q is not JSON: %v", body, err)
	}
	return eb.Error
}

func mustAddr(t *testing.T, s string) netip.Addr {
	t.Helper()
	a, err := netip.ParseAddr(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
