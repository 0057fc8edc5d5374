// Package mailpittest starts a real SMTP server (mailpit) for a test and
// reads back what it received through mailpit's HTTP API. `make tools`
// installs the binary; without it, Start skips the test with a message
// that says how to get it.
package mailpittest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running mailpit, private to one test.
type Server struct {
	t        testing.TB
	smtpAddr string
	apiBase  string
	client   *http.Client
}

// Address is a sender or recipient as mailpit reports it.
type Address struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// Summary is one entry of the message list.
type Summary struct {
	ID      string    `json:"ID"`
	From    Address   `json:"From"`
	To      []Address `json:"To"`
	Subject string    `json:"Subject"`
	Snippet string    `json:"Snippet"`
}

// Message is one message with its text body and headers.
type Message struct {
	ID      string    `json:"ID"`
	From    Address   `json:"From"`
	To      []Address `json:"To"`
	Subject string    `json:"Subject"`
	Text    string    `json:"Text"`
	// Headers holds every header, as mailpit parsed them.
	Headers map[string][]string `json:"-"`
}

// Header returns the first value of a header, or "".
func (m Message) Header(name string) string {
	for k, v := range m.Headers {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// Binary returns the path of the mailpit binary: MAILPIT_BIN, then PATH,
// then the Go bin directory, or "" when there is none.
func Binary() string {
	if p := os.Getenv("MAILPIT_BIN"); p != "" {
		return p
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	dirs := []string{os.Getenv("GOBIN")}
	if gp := os.Getenv("GOPATH"); gp != "" {
		for _, d := range filepath.SplitList(gp) {
			dirs = append(dirs, filepath.Join(d, "bin"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, d := range filepath.SplitList(strings.TrimSpace(string(out))) {
			dirs = append(dirs, filepath.Join(d, "bin"))
		}
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, "mailpit")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}

var binOnce = sync.OnceValue(Binary)

// Start runs mailpit on free loopback ports with its database in the
// test's temporary directory, and stops it when the test ends. It skips
// the test when the binary is missing.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := binOnce()
	if bin == "" {
		t.Skip("mailpit is not installed: run `make tools` (go install github.com/axllent/mailpit@v1.33.1) to run the tests that send real mail")
	}
	dir := t.TempDir()
	var lastErr error
	// A port found free may be taken before mailpit binds it; try again.
	for attempt := 0; attempt < 3; attempt++ {
		smtpPort, httpPort := freePort(t), freePort(t)
		smtpAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(smtpPort))
		httpAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(httpPort))
		db := filepath.Join(dir, fmt.Sprintf("mailpit-%d.db", attempt))
		ctx, cancel := context.WithCancel(context.Background())
		cmd := exec.CommandContext(ctx, bin, "--smtp", smtpAddr, "--listen", httpAddr, "--database", db,
			"--disable-version-check", "--smtp-disable-rdns", "--quiet", "--max", "5000")
		var logs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir, "TMPDIR="+dir)
		cmd.WaitDelay = 5 * time.Second
		if err := cmd.Start(); err != nil {
			cancel()
			t.Fatalf("start mailpit: %v", err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		s := &Server{t: t, smtpAddr: smtpAddr, apiBase: "http://" + httpAddr, client: &http.Client{Timeout: 10 * time.Second}}
		if err := s.waitReady(exited); err != nil {
			cancel()
			<-exited
			lastErr = fmt.Errorf("%w; output: %s", err, logs.String())
			continue
		}
		t.Cleanup(func() {
			cancel()
			<-exited
		})
		return s
	}
	t.Fatalf("mailpit did not start: %v", lastErr)
	return nil
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitReady waits until both the SMTP port and the API answer.
func (s *Server) waitReady(exited <-chan struct{}) error {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("mailpit exited")
		default:
		}
		if c, err := net.DialTimeout("tcp", s.smtpAddr, 200*time.Millisecond); err == nil {
			_ = c.Close()
			if resp, err := s.client.Get(s.apiBase + "/api/v1/messages?limit=1"); err == nil {
				_ = resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return nil
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("mailpit not ready after 15s")
}

// SMTPAddr is host:port of the SMTP server.
func (s *Server) SMTPAddr() string { return s.smtpAddr }

// SMTPURL is the SMTP_URL that sends to this server.
func (s *Server) SMTPURL() string { return "smtp://" + s.smtpAddr }

// APIBase is the address of the HTTP API and web UI.
func (s *Server) APIBase() string { return s.apiBase }

func (s *Server) getJSON(path string, dst any) {
	s.t.Helper()
	resp, err := s.client.Get(s.apiBase + path)
	if err != nil {
		s.t.Fatalf("mailpit GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("mailpit GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, dst); err != nil {
		s.t.Fatalf("mailpit GET %s: %v", path, err)
	}
}

// Messages lists every message received, newest first.
func (s *Server) Messages() []Summary {
	s.t.Helper()
	var out []Summary
	for start := 0; ; {
		var page struct {
			Total    int       `json:"total"`
			Messages []Summary `json:"messages"`
		}
		s.getJSON("/api/v1/messages?limit=500&start="+strconv.Itoa(start), &page)
		out = append(out, page.Messages...)
		start += len(page.Messages)
		if len(page.Messages) == 0 || start >= page.Total {
			return out
		}
	}
}

// To lists the messages sent to address (case-insensitive), newest first.
func (s *Server) To(address string) []Summary {
	s.t.Helper()
	var out []Summary
	for _, m := range s.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to.Address, address) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// Message reads one message with its text and headers.
func (s *Server) Message(id string) Message {
	s.t.Helper()
	var m Message
	s.getJSON("/api/v1/message/"+url.PathEscape(id), &m)
	s.getJSON("/api/v1/message/"+url.PathEscape(id)+"/headers", &m.Headers)
	return m
}

// Raw returns the message as received, headers and body.
func (s *Server) Raw(id string) string {
	s.t.Helper()
	resp, err := s.client.Get(s.apiBase + "/api/v1/message/" + url.PathEscape(id) + "/raw")
	if err != nil {
		s.t.Fatalf("mailpit raw %s: %v", id, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// WaitTo waits until at least n messages were sent to address, and
// returns them newest first. It fails the test after timeout.
func (s *Server) WaitTo(address string, n int, timeout time.Duration) []Summary {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := s.To(address)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("mailpit: %d messages to %s after %s, want %d", len(got), address, timeout, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// DeleteAll removes every message.
func (s *Server) DeleteAll() {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, s.apiBase+"/api/v1/messages", nil)
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("mailpit delete: %v", err)
	}
	_ = resp.Body.Close()
}
