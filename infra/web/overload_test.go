package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestOverloadIsAFast503WithRetryAfter: when more searches arrive at once
// than the instance lets use the database, the ones that find no slot in
// time are answered 503 with Retry-After and the code "overloaded" (JSON)
// or the unavailable page (HTML), quickly; never a 500, and the rest are
// answered normally. Every search is a different URL, so no cache helps.
func TestOverloadIsAFast503WithRetryAfter(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		tm := jobNewTeam(t, h, f, "emma@nova.example", "Nova Pharma", true)
		owner := jobOwnerOf(h, f)
		for _, title := range []string{"Analytical Chemist", "Clinical Monitor", "Quality Lead"} {
			tm.publishJob(t, owner, jobPosting(title, nil))
		}
		h.db.LimitReads(1, time.Millisecond)
		defer h.db.LimitReads(0, 0)

		var (
			mu      sync.Mutex
			refused int
			slowest time.Duration
		)
		for burst := 0; burst < 20 && refused == 0; burst++ {
			var wg sync.WaitGroup
			for i := range 24 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := h.client(f.Host)
					path := fmt.Sprintf("/api/v1/jobs?q=chemist%d%d&limit=5", burst, i)
					accept := map[string]string{"Accept": "application/json"}
					if i%2 == 1 {
						path = fmt.Sprintf("/jobs?q=monitor%d%d", burst, i)
						accept = map[string]string{"Accept": "text/html"}
					}
					start := time.Now()
					r := c.do(http.MethodGet, path, nil, accept)
					took := time.Since(start)
					mu.Lock()
					defer mu.Unlock()
					switch r.StatusCode {
					case http.StatusOK:
					case http.StatusServiceUnavailable:
						refused++
						slowest = max(slowest, took)
						if r.Header.Get("Retry-After") == "" {
							t.Errorf("%s: 503 without Retry-After", path)
						}
						if strings.HasPrefix(path, "/api/") && r.errorCode(t) != "overloaded" {
							t.Errorf("%s: 503 code %q, want overloaded", path, r.errorCode(t))
						}
					default:
						t.Errorf("%s: %d %.300s", path, r.StatusCode, r.body)
					}
				}()
			}
			wg.Wait()
		}
		if refused == 0 {
			t.Fatal("one read slot never refused a search in 20 bursts of 24")
		}
		if slowest > 5*time.Second {
			t.Errorf("a refusal took %v; it should be about the queue wait", slowest)
		}

		// Once the burst is over the board answers as before.
		h.db.LimitReads(0, 0)
		if r := h.client(f.Host).get("/api/v1/jobs?q=quality"); r.StatusCode != http.StatusOK {
			t.Errorf("after the burst: %d", r.StatusCode)
		}
	})
}
