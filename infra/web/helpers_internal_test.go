package web

import (
	"strings"
	"testing"
)

func TestHostOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"demo.localhost", "demo.localhost"},
		{"demo.localhost:8080", "demo.localhost"},
		{"DEMO.LocalHost:8080", "demo.localhost"},
		{"demo.localhost.", "demo.localhost"},
		{"demo.localhost.:8080", "demo.localhost"},
		{"  jobs.example.com  ", "jobs.example.com"},
		{"localhost", "localhost"},
		{"localhost:80", "localhost"},
		{"127.0.0.1:8080", "127.0.0.1"},
		{"[::1]:8080", "[::1]"},
		{"[::1]", "[::1]"},
		{"[2001:DB8::1]:443", "[2001:db8::1]"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := hostOnly(tt.in); got != tt.want {
				t.Errorf("hostOnly(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"root", "/", "/"},
		{"path", "/employer", "/employer"},
		{"path with query", "/jobs?q=go&page=2", "/jobs?q=go&page=2"},
		{"path with fragment", "/companies/acme#team", "/companies/acme#team"},
		{"encoded characters kept", "/jobs?q=r%26d", "/jobs?q=r%26d"},

		{"empty", "", ""},
		{"protocol-relative", "//evil.example", ""},
		{"protocol-relative with path", "//evil.example/login", ""},
		{"backslash", `/\evil.example`, ""},
		{"absolute http", "http://evil.example", ""},
		{"absolute https", "https://evil.example/x", ""},
		{"javascript", "javascript:alert(1)", ""},
		{"relative path", "employer", ""},
		{"CRLF injection", "/x\r\nSet-Cookie: a=b", ""},
		{"bare LF", "/x\nLocation: //evil", ""},
		{"bare CR", "/x\rfoo", ""},
		{"tab before slash", "/\t/evil.example", ""},
		{"NUL", "/x\x00y", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := safeNext(tt.in); got != tt.want {
				t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestValidSessionID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		id   string
		want bool
	}{
		{"made by newSessionID", newSessionID(), true},
		{"43 URL-safe characters", strings.Repeat("aZ9-_", 8) + "abc", true},
		{"empty", "", false},
		{"42 characters", strings.Repeat("a", 42), false},
		{"44 characters", strings.Repeat("a", 44), false},
		{"standard base64 plus", strings.Repeat("a", 42) + "+", false},
		{"standard base64 slash", strings.Repeat("a", 42) + "/", false},
		{"padding", strings.Repeat("a", 42) + "=", false},
		{"space", strings.Repeat("a", 42) + " ", false},
		{"non-ASCII", strings.Repeat("a", 41) + "é", false},
		{"UUID", "123e4567-e89b-12d3-a456-426614174000", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := validSessionID(tt.id); got != tt.want {
				t.Errorf("validSessionID(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}

func TestNewSessionIDUnique(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := newSessionID()
		if seen[id] {
			t.Fatalf("newSessionID repeated %q", id)
		}
		seen[id] = true
	}
}
