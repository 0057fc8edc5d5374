package web_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

// tcpProxy forwards TCP connections to a target. Stopping it closes the
// listener and every open connection, which looks to the program like the
// database going away; starting it again on the same port brings it back.
type tcpProxy struct {
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

func startTCPProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{target: target, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	p.serve(ln)
	t.Cleanup(p.stop)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.forward(c, ln)
			}()
		}
	}()
}

// track registers conns unless the listener they came through has been
// stopped, in which case it closes them.
func (p *tcpProxy) track(ln net.Listener, conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != ln {
		for _, c := range conns {
			_ = c.Close()
		}
		return false
	}
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *tcpProxy) forward(client net.Conn, ln net.Listener) {
	server, err := net.DialTimeout("tcp", p.target, 3*time.Second)
	if err != nil {
		_ = client.Close()
		return
	}
	if !p.track(ln, client, server) {
		return
	}
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		_ = dst.Close()
		_ = src.Close()
		done <- struct{}{}
	}
	go pipe(server, client)
	go pipe(client, server)
	<-done
	<-done
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}

// stop closes the listener and every connection through it.
func (p *tcpProxy) stop() {
	p.mu.Lock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
	p.mu.Unlock()
	p.wg.Wait()
}

// restart listens on the same address again.
func (p *tcpProxy) restart(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ln, err := net.Listen("tcp", p.addr)
		if err == nil {
			p.serve(ln)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("listen again on %s: %v", p.addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// boundedResponse is an answer obtained within a deadline.
type boundedResponse struct {
	status int
	header http.Header
	body   string
	took   time.Duration
}

// boundedDo sends a request to the harness and fails the test if no answer
// comes within limit, instead of hanging.
func boundedDo(t *testing.T, h *harness, host, method, path string, body string, header map[string]string, limit time.Duration) boundedResponse {
	t.Helper()
	req := httptest.NewRequest(method, "http://"+host+path, strings.NewReader(body))
	req.Host = host
	for k, v := range header {
		req.Header.Set(k, v)
	}
	type result struct {
		r   boundedResponse
		err error
	}
	ch := make(chan result, 1)
	start := time.Now()
	go func() {
		resp, err := h.srv.App().Test(req, -1)
		if err != nil {
			ch <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		ch <- result{r: boundedResponse{status: resp.StatusCode, header: resp.Header, body: string(b), took: time.Since(start)}, err: err}
	}()
	select {
	case res := <-ch:
		if res.err != nil {
			t.Fatalf("%s %s: %v", method, path, res.err)
		}
		return res.r
	case <-time.After(limit):
		t.Fatalf("%s %s: no answer within %s", method, path, limit)
	}
	return boundedResponse{}
}

// postgresHostPort returns host:port of a PostgreSQL URL.
func postgresHostPort(t *testing.T, u *url.URL) string {
	t.Helper()
	if u.Port() != "" {
		return u.Host
	}
	host := u.Hostname()
	if host == "" {
		t.Skip("TEST_DATABASE_URL has no TCP host")
	}
	return net.JoinHostPort(host, "5432")
}

func TestDatabaseOutageAnswers503AndRecovers(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("TEST_DATABASE_URL is not set: the outage test needs PostgreSQL")
	}
	ctx := context.Background()
	u, err := url.Parse(storetest.URL(t, store.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	proxy := startTCPProxy(t, postgresHostPort(t, u))
	u.Host = proxy.addr
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("open through the proxy: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	h := newHarness(t, db, nil)
	b := h.newBoard("acme")
	login := `{"email":"` + b.OwnerEmail + `","password":"` + b.OwnerPass + `"}`
	jsonHeader := map[string]string{"Content-Type": "application/json"}

	checkUp := func(t *testing.T) {
		t.Helper()
		if r := boundedDo(t, h, b.Host, http.MethodGet, "/readyz", "", nil, 10*time.Second); r.status != http.StatusOK {
			t.Fatalf("readyz: %d %s", r.status, r.body)
		}
		if r := boundedDo(t, h, b.Host, http.MethodGet, "/", "", nil, 10*time.Second); r.status != http.StatusOK {
			t.Fatalf("home: %d %.300s", r.status, r.body)
		}
		if r := boundedDo(t, h, b.Host, http.MethodPost, "/api/v1/auth/login", login, jsonHeader, 10*time.Second); r.status != http.StatusOK {
			t.Fatalf("API login: %d %.300s", r.status, r.body)
		}
	}
	checkUp(t)
	// A signed-in API client: its calls need the database for the token.
	authed := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + h.client(b.Host).login(b.OwnerEmail, b.OwnerPass)}

	proxy.stop()

	r := boundedDo(t, h, b.Host, http.MethodGet, "/readyz", "", nil, 10*time.Second)
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database down: %d %s", r.status, r.body)
	}
	if r.took > 3*time.Second {
		t.Errorf("readyz took %s to notice the database is down", r.took)
	}
	if r.header.Get("Retry-After") == "" {
		t.Errorf("readyz 503 without Retry-After")
	}
	if r := boundedDo(t, h, b.Host, http.MethodGet, "/healthz", "", nil, 10*time.Second); r.status != http.StatusOK {
		t.Errorf("healthz with the database down: %d; the process still runs", r.status)
	}

	// Public pages may still come from the page cache for the second or two
	// its entries live; after that every request that needs the database
	// gets the unavailable page, and none hangs.
	down := time.Now()
	for {
		r = boundedDo(t, h, b.Host, http.MethodGet, "/", "", map[string]string{"Accept": "text/html"}, 10*time.Second)
		if r.status == http.StatusServiceUnavailable {
			break
		}
		if r.status != http.StatusOK || time.Since(down) > 5*time.Second {
			t.Fatalf("home with the database down for %s: %d %.300s", time.Since(down).Round(time.Millisecond), r.status, r.body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(r.body, "Temporarily unavailable") {
		t.Errorf("home with the database down: Content-Type %q, want the HTML unavailable page: %.500s", ct, r.body)
	}
	if strings.Contains(r.body, "connect") || strings.Contains(r.body, proxy.addr) {
		t.Errorf("the page leaks the cause: %.500s", r.body)
	}

	for _, req := range []struct {
		method, path, body string
		header             map[string]string
	}{
		{http.MethodPost, "/api/v1/auth/login", login, jsonHeader},
		{http.MethodGet, "/api/v1/auth/me", "", authed},
	} {
		r = boundedDo(t, h, b.Host, req.method, req.path, req.body, req.header, 10*time.Second)
		if r.status != http.StatusServiceUnavailable {
			t.Fatalf("%s %s with the database down: %d %.300s", req.method, req.path, r.status, r.body)
		}
		if !strings.Contains(r.body, `"code":"unavailable"`) {
			t.Errorf("%s %s: body %s, want error code unavailable", req.method, req.path, r.body)
		}
		if strings.Contains(r.body, proxy.addr) {
			t.Errorf("the API error leaks the cause: %s", r.body)
		}
	}

	proxy.restart(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := boundedDo(t, h, b.Host, http.MethodGet, "/readyz", "", nil, 10*time.Second)
		if r.status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz still %d 10s after the database came back: %s", r.status, r.body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	checkUp(t)
	c := h.client(b.Host)
	tok := c.signupAndLogin("back@acme.example", "a long enough passphrase", "Back Again")
	if r := c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)); r.StatusCode != http.StatusOK {
		t.Fatalf("me after recovery: %d %s", r.StatusCode, r.body)
	}
}

// TestTCPProxyStopClosesConnections checks the proxy itself, so that a
// passing outage test means what it says.
func TestTCPProxyStopClosesConnections(t *testing.T) {
	t.Parallel()
	echo, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer echo.Close()
	go func() {
		for {
			c, err := echo.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(c, c); _ = c.Close() }()
		}
	}()
	p := startTCPProxy(t, echo.Addr().String())
	roundTrip := func() error {
		c, err := net.DialTimeout("tcp", p.addr, time.Second)
		if err != nil {
			return err
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(2 * time.Second))
		if _, err := c.Write([]byte("ping")); err != nil {
			return err
		}
		buf := make([]byte, 4)
		if _, err := io.ReadFull(c, buf); err != nil {
			return err
		}
		if string(buf) != "ping" {
			return errors.New("echo mismatch: " + string(buf))
		}
		return nil
	}
	if err := roundTrip(); err != nil {
		t.Fatalf("through the proxy: %v", err)
	}

	held, err := net.DialTimeout("tcp", p.addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if _, err := held.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	one := make([]byte, 1)
	_ = held.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadFull(held, one); err != nil {
		t.Fatal(err)
	}

	p.stop()
	if _, err := held.Read(one); err == nil {
		t.Fatal("an open connection survived stop")
	}
	if err := roundTrip(); err == nil {
		t.Fatal("the proxy still accepts after stop")
	}
	p.restart(t)
	if err := roundTrip(); err != nil {
		t.Fatalf("after restart: %v", err)
	}
}
