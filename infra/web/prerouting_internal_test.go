package web

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// listenRaw serves a full Server on a loopback listener wrapped as Serve wraps
// it, and returns its address. The requests these tests send are refused
// before any route runs, so no database is needed.
func listenRaw(t *testing.T) string {
	t.Helper()
	s, err := New(Deps{Logger: slog.New(slog.DiscardHandler), SecretKey: testSecret, BaseDomain: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.app.Listener(lingering(ln)) }()
	t.Cleanup(func() {
		if err := s.app.ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Error(err)
		}
		<-done
	})
	return ln.Addr().String()
}

// rawResponse is one answer read off the wire.
type rawResponse struct {
	status      int
	contentType string
	allow       string
	body        string
}

// roundTrip writes raw on conn and reads one response.
func roundTrip(t *testing.T, conn net.Conn, br *bufio.Reader, raw string) rawResponse {
	t.Helper()
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Allow"), string(b)}
}

// sendRaw sends raw on a new connection and returns the answer.
func sendRaw(t *testing.T, addr, raw string) rawResponse {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return roundTrip(t, conn, bufio.NewReader(conn), raw)
}

const rawHost = "Host: demo.localhost\r\n"

// overBuffer is more than the server's read buffer (ReadBufferSize, 16 KiB).
var overBuffer = strings.Repeat("a", 20<<10)

func TestErrorsBeforeRoutingAnswerTheContract(t *testing.T) {
	t.Parallel()
	addr := listenRaw(t)
	tests := []struct {
		name   string
		raw    string
		status int
		code   string // "" means an HTML page is wanted
	}{
		{"request line too long on the API", "GET /api/v1/jobs?q=" + overBuffer + " HTTP/1.1\r\n" + rawHost + "\r\n", 431, "headers_too_large"},
		{"header too large on the API", "GET /api/v1/jobs HTTP/1.1\r\n" + rawHost + "X-Big: " + overBuffer + "\r\n\r\n", 431, "headers_too_large"},
		{"header too large, absolute target", "GET http://demo.localhost/api/v1/jobs HTTP/1.1\r\n" + rawHost + "X-Big: " + overBuffer + "\r\n\r\n", 431, "headers_too_large"},
		{"header too large on a page", "GET /jobs HTTP/1.1\r\n" + rawHost + "Accept: text/html\r\nX-Big: " + overBuffer + "\r\n\r\n", 431, ""},
		{"body overBuffer the limit on the API", "POST /api/v1/jobs HTTP/1.1\r\n" + rawHost + "Content-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{}", 413, "body_too_large"},
		{"body overBuffer the limit on a page", "POST /login HTTP/1.1\r\n" + rawHost + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999\r\n\r\na=b", 413, ""},
		{"unknown method on the API", "FOO /api/v1/jobs HTTP/1.1\r\n" + rawHost + "\r\n", 405, "method_not_allowed"},
		{"unknown method on a page", "FOO /jobs HTTP/1.1\r\n" + rawHost + "\r\n", 405, ""},
		{"broken head on the API", "GET /api/v1/jobs HTTP/1.1\r\n" + rawHost + "Content-Length: abc\r\n\r\n", 400, "bad_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := sendRaw(t, addr, tt.raw)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %.300s", r.status, tt.status, r.body)
			}
			if tt.status == 405 && r.allow == "" {
				t.Error("a 405 without an Allow header")
			}
			if tt.code == "" {
				if !strings.HasPrefix(r.contentType, "text/html") {
					t.Errorf("Content-Type %q, want the HTML error page", r.contentType)
				}
				return
			}
			if !strings.HasPrefix(r.contentType, "application/json") {
				t.Fatalf("Content-Type %q, want application/json: %.300s", r.contentType, r.body)
			}
			d := decodeError(t, r.body)
			if d.Code != tt.code || d.Message == "" {
				t.Errorf("error %+v, want code %q and a message", d, tt.code)
			}
			if strings.Contains(d.Message, "aaaa") || strings.Contains(d.Message, "Content-Length") {
				t.Errorf("message quotes the request back: %q", d.Message)
			}
		})
	}
}

// On a kept-alive connection, an oversized head that follows an answered
// request is still known to be an API request.
func TestHeadersTooLargeAfterKeepAlive(t *testing.T) {
	t.Parallel()
	addr := listenRaw(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	// A page first, so that a stale head would choose HTML.
	first := roundTrip(t, conn, br, "FOO /jobs HTTP/1.1\r\n"+rawHost+"\r\n")
	if first.status != 405 || !strings.HasPrefix(first.contentType, "text/html") {
		t.Fatalf("FOO /jobs: %d %q", first.status, first.contentType)
	}
	r := roundTrip(t, conn, br, "GET /api/v1/jobs HTTP/1.1\r\n"+rawHost+"X-Big: "+overBuffer+"\r\n\r\n")
	if r.status != 431 || !strings.HasPrefix(r.contentType, "application/json") {
		t.Fatalf("%d %q: %.300s", r.status, r.contentType, r.body)
	}
	if d := decodeError(t, r.body); d.Code != "headers_too_large" {
		t.Errorf("code %q", d.Code)
	}
}

func TestRequestLinePath(t *testing.T) {
	t.Parallel()
	tests := []struct{ head, want string }{
		{"GET /api/v1/jobs?q=1 HTTP/1.1\r\nHost: x\r\n", "/api/v1/jobs"},
		{"\r\nPOST /api/v1/jobs HTTP/1.1\r\n", "/api/v1/jobs"},
		{"GET /api/v1/jobs?q=aaaaaaaa", "/api/v1/jobs"},
		{"GET /api/v1/jo", "/api/v1/jo"},
		{"GET HTTP://Demo.localhost/api/v1/x HTTP/1.1\r\n", "/api/v1/x"},
		{"GET https://demo.localhost HTTP/1.1\r\n", ""},
		{"GET /jobs#top HTTP/1.1\r\n", "/jobs"},
		{"OPTIONS * HTTP/1.1\r\n", ""},
		{"GET", ""},
		{"", ""},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ""},
	}
	for _, tt := range tests {
		if got := requestLinePath([]byte(tt.head)); got != tt.want {
			t.Errorf("requestLinePath(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}
