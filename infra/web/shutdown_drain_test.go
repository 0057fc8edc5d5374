package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/web"
)

// drainResult is what one request sent across the SIGTERM got.
type drainResult struct {
	sent   time.Time
	path   string
	status int
	closed bool // the response said Connection: close
	err    error
}

// failed reports whether the request did not get its page.
func (r drainResult) failed() bool { return r.err != nil || r.status != http.StatusOK }

// keepAliveClient is an HTTP client that keeps its connections open.
func keepAliveClient() *http.Client {
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second}}
}

// drainGet sends GET path to base with the Host header host.
func drainGet(cl *http.Client, base, host, path string) drainResult {
	r := drainResult{sent: time.Now(), path: path}
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		r.err = err
		return r
	}
	req.Host = host
	resp, err := cl.Do(req)
	if err != nil {
		r.err = err
		return r
	}
	_, r.err = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	r.status, r.closed = resp.StatusCode, resp.Close
	return r
}

// keepAliveLoad is clients sending GETs in a loop, each on its own
// keep-alive connection, until stopped, their deadline passes or each has
// sent its share.
type keepAliveLoad struct {
	quit    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	results []drainResult
	ok      atomic.Int64
}

// startKeepAliveLoad starts workers clients on base as host.
func startKeepAliveLoad(base, host string, workers int, pause time.Duration, deadline time.Time) *keepAliveLoad {
	const maxPerWorker = 2000
	paths := []string{"/healthz", "/jobs", "/api/v1/companies", "/api/v1/prices"}
	l := &keepAliveLoad{quit: make(chan struct{})}
	for w := range workers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			cl := keepAliveClient()
			defer cl.CloseIdleConnections()
			for i := 0; i < maxPerWorker && time.Now().Before(deadline); i++ {
				select {
				case <-l.quit:
					return
				default:
				}
				r := drainGet(cl, base, host, paths[(w+i)%len(paths)])
				if !r.failed() {
					l.ok.Add(1)
				}
				l.mu.Lock()
				l.results = append(l.results, r)
				l.mu.Unlock()
				time.Sleep(pause)
			}
		}()
	}
	return l
}

// warmUp waits until n requests were answered.
func (l *keepAliveLoad) warmUp(t *testing.T, n int64) {
	t.Helper()
	for wait := time.Now().Add(10 * time.Second); l.ok.Load() < n; {
		if time.Now().After(wait) {
			t.Fatalf("the server did not warm up: %d requests answered", l.ok.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop stops the clients and returns what their requests got.
func (l *keepAliveLoad) stop() []drainResult {
	close(l.quit)
	l.wg.Wait()
	return l.results
}

// serveForTest serves h on a fresh loopback listener until the returned
// SIGTERM is called; Serve's error arrives on the channel.
func serveForTest(t *testing.T, h *harness, sd web.Shutdown) (base string, sigterm context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	errc := make(chan error, 1)
	go func() { errc <- h.srv.Serve(ctx, ln, sd) }()
	return "http://" + ln.Addr().String(), cancel, errc
}

// awaitServe waits for Serve to return and checks that it stopped cleanly
// and no longer accepts connections.
func awaitServe(t *testing.T, base string, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after SIGTERM")
	}
	if c, err := net.DialTimeout("tcp", base[len("http://"):], time.Second); err == nil {
		c.Close()
		t.Error("the server still accepts connections after shutdown")
	}
}

// TestShutdownDrainKeepsServingUntilNotReady sends requests from several
// keep-alive clients across the SIGTERM while another client polls
// /readyz. /readyz must turn 503 at once, the server must go on serving
// for the drain, and no request sent before /readyz was seen 503 may fail.
func TestShutdownDrainKeepsServingUntilNotReady(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		const (
			drain    = 800 * time.Millisecond
			maxPolls = 2000
			pause    = 3 * time.Millisecond
		)
		b := h.newBoard("acme")
		base, sigterm, done := serveForTest(t, h, web.Shutdown{Drain: drain, Timeout: 5 * time.Second})
		deadline := time.Now().Add(20 * time.Second)
		load := startKeepAliveLoad(base, b.Host, 4, pause, deadline)

		// The load balancer's view: /readyz polled on its own connection.
		var (
			seenReady atomic.Bool
			first503  time.Time
			body503   string
		)
		quitPoll := make(chan struct{})
		polled := make(chan struct{})
		go func() {
			defer close(polled)
			cl := keepAliveClient()
			defer cl.CloseIdleConnections()
			for i := 0; i < maxPolls && time.Now().Before(deadline); i++ {
				select {
				case <-quitPoll:
					return
				default:
				}
				req, _ := http.NewRequest(http.MethodGet, base+"/readyz", nil)
				req.Host = b.Host
				if resp, err := cl.Do(req); err == nil {
					raw, _ := io.ReadAll(resp.Body)
					_ = resp.Body.Close()
					switch resp.StatusCode {
					case http.StatusOK:
						seenReady.Store(true)
					case http.StatusServiceUnavailable:
						first503, body503 = time.Now(), string(raw)
						return
					}
				}
				time.Sleep(pause)
			}
		}()

		load.warmUp(t, 40)
		for wait := time.Now().Add(10 * time.Second); !seenReady.Load(); {
			if time.Now().After(wait) {
				t.Fatal("/readyz never answered 200")
			}
			time.Sleep(10 * time.Millisecond)
		}
		sigtermAt := time.Now()
		sigterm()
		awaitServe(t, base, done)
		served := time.Since(sigtermAt)
		results := load.stop()
		close(quitPoll)
		<-polled

		if served < drain {
			t.Errorf("Serve returned %s after SIGTERM, before the %s drain ended", served, drain)
		}
		if first503.IsZero() {
			t.Fatal("/readyz never answered 503 after SIGTERM")
		}
		if took := first503.Sub(sigtermAt); took >= drain {
			t.Errorf("/readyz turned 503 %s after SIGTERM, not within the %s drain", took, drain)
		}
		var rb struct {
			Status   string `json:"status"`
			Draining bool   `json:"draining"`
		}
		if err := json.Unmarshal([]byte(body503), &rb); err != nil || rb.Status != "unavailable" || !rb.Draining {
			t.Errorf("/readyz while draining answered %q", body503)
		}

		var before, failedBefore, keptAlive, afterOK, afterOpen int
		for _, r := range results {
			switch {
			case r.sent.Before(first503):
				before++
				if r.failed() {
					failedBefore++
					if failedBefore <= 5 {
						t.Errorf("GET %s sent %s after SIGTERM, before /readyz was seen 503 (%s): status %d, err %v",
							r.path, r.sent.Sub(sigtermAt), first503.Sub(sigtermAt), r.status, r.err)
					}
				}
				if r.sent.Before(sigtermAt) && !r.failed() && !r.closed {
					keptAlive++
				}
			case !r.failed():
				afterOK++
				if !r.closed {
					afterOpen++
				}
			}
		}
		if failedBefore > 0 {
			t.Errorf("%d of %d requests sent before /readyz turned 503 failed", failedBefore, before)
		}
		if keptAlive == 0 {
			t.Error("no response before SIGTERM kept its connection open: the test did not use keep-alive")
		}
		if afterOK == 0 {
			t.Error("no request sent after /readyz turned 503 was answered: the server did not serve through the drain")
		}
		if afterOpen > 0 {
			t.Errorf("%d of %d responses during the drain did not close their connection", afterOpen, afterOK)
		}
		t.Logf("%d requests, %d before /readyz turned 503 (%s after SIGTERM), %d answered during the drain; Serve returned after %s",
			len(results), before, first503.Sub(sigtermAt), afterOK, served)
	})
}

// TestShutdownWithoutDrainUnderKeepAliveLoad stops at once
// (SHUTDOWN_DRAIN=0) while keep-alive clients keep sending, so that idle
// connections are closed as requests arrive on them. The process must
// survive that (fasthttp panics on a deadline set on a connection closed
// under it) and Serve must return cleanly.
func TestShutdownWithoutDrainUnderKeepAliveLoad(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		base, sigterm, done := serveForTest(t, h, web.Shutdown{Timeout: 5 * time.Second})
		load := startKeepAliveLoad(base, b.Host, 8, time.Millisecond, time.Now().Add(20*time.Second))
		load.warmUp(t, 80)
		sigterm()
		awaitServe(t, base, done)
		results := load.stop()
		t.Logf("%d requests", len(results))
	})
}
