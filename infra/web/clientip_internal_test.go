package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// clientIPOf sends a request with the given X-Forwarded-For header lines
// and returns what clientIP saw. app.Test's peer address is 0.0.0.0.
func clientIPOf(t *testing.T, proxies []string, xff ...string) string {
	t.Helper()
	s, app := newBareServer(t, proxies...)
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString(s.clientIP(c)) })
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, v := range xff {
		req.Header.Add("X-Forwarded-For", v)
	}
	_, body := send(t, app, req)
	return body
}

func TestClientIPTrustedPeer(t *testing.T) {
	t.Parallel()
	proxies := []string{"0.0.0.0/32", "10.0.0.0/8", "fd00::/8"}
	tests := []struct {
		name string
		xff  string
		want string
	}{
		{"no header", "", "0.0.0.0"},
		{"one client", "203.0.113.7", "203.0.113.7"},
		{"spaces trimmed", "  203.0.113.7  ", "203.0.113.7"},
		{"spoofed entry left of the real client", "198.51.100.66, 203.0.113.7", "203.0.113.7"},
		{"trusted hop skipped", "203.0.113.7, 10.0.0.2", "203.0.113.7"},
		{"several trusted hops skipped", "198.51.100.66, 203.0.113.7, 10.0.0.2, 10.9.9.9", "203.0.113.7"},
		{"trusted IPv6 hop skipped", "203.0.113.7, fd00::1", "203.0.113.7"},
		{"every hop trusted", "10.0.0.1, 10.0.0.2", "10.0.0.1"},
		{"IPv6 client", "2001:db8::1", "2001:db8::1"},
		{"IPv4-mapped client unmapped", "::ffff:203.0.113.7", "203.0.113.7"},
		{"unparsable hop stops the walk at the last trusted one", "203.0.113.7, nonsense, 10.0.0.2", "10.0.0.2"},
		{"unparsable right-most entry", "203.0.113.7, nonsense", "0.0.0.0"},
		{"host and port is not an address", "203.0.113.7:4711", "0.0.0.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var xff []string
			if tt.xff != "" {
				xff = []string{tt.xff}
			}
			if got := clientIPOf(t, proxies, xff...); got != tt.want {
				t.Errorf("clientIP with X-Forwarded-For %q = %q, want %q", tt.xff, got, tt.want)
			}
		})
	}
}

func TestClientIPUntrustedPeer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		proxies []string
		xff     string
	}{
		{"no trusted proxies", nil, "203.0.113.7"},
		{"peer outside the trusted ranges", []string{"10.0.0.0/8"}, "203.0.113.7"},
		{"header naming a trusted proxy", []string{"10.0.0.0/8"}, "10.0.0.1"},
		{"long chain", []string{"192.168.0.0/16"}, "198.51.100.66, 203.0.113.7, 192.168.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := clientIPOf(t, tt.proxies, tt.xff); got != "0.0.0.0" {
				t.Errorf("an untrusted peer's X-Forwarded-For %q was believed: %q", tt.xff, got)
			}
		})
	}
}

func TestClientIPRepeatedHeader(t *testing.T) {
	t.Parallel()
	// A client sends its own X-Forwarded-For; the trusted proxy adds
	// another header line rather than appending to the first. The lines
	// form one list (RFC 9110, 5.3), so the proxy's entry is the right-most.
	if got := clientIPOf(t, []string{"0.0.0.0/32"}, "198.51.100.66", "203.0.113.7"); got != "203.0.113.7" {
		t.Errorf("clientIP = %q, want 203.0.113.7", got)
	}
}

func TestTrusted(t *testing.T) {
	t.Parallel()
	s, _ := newBareServer(t, "10.0.0.0/8", "::1/128")
	tests := []struct {
		addr string
		want bool
	}{
		{"10.1.2.3", true},
		{"11.0.0.1", false},
		{"::ffff:10.1.2.3", true},
		{"::1", true},
		{"::2", false},
	}
	for _, tt := range tests {
		a := mustAddr(t, tt.addr)
		if got := s.trusted(a); got != tt.want {
			t.Errorf("trusted(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}
