package web_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/logtest"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system"
)

func TestRequestLogCarriesIDBoardStatusAndLatency(t *testing.T) {
	t.Parallel()
	eachDialectWithLogs(t, func(t *testing.T, h *harness, logs *logtest.Buffer) {
		b := h.newBoard("acme")
		c := h.client(b.Host)
		c.ip = "203.0.113.7"
		r := c.do(http.MethodGet, "/jobs", nil, map[string]string{"X-Request-ID": "test-request-0001"})
		if r.StatusCode != http.StatusOK || r.Header.Get("X-Request-ID") != "test-request-0001" {
			t.Fatalf("GET /jobs: %d, request id %q", r.StatusCode, r.Header.Get("X-Request-ID"))
		}
		c.do(http.MethodGet, "/api/v1/jobs/zz-no-such-job", nil, map[string]string{"X-Request-ID": "test-request-0002"})
		// A forged id is replaced by one of the server's.
		c.do(http.MethodGet, "/jobs", nil, map[string]string{"X-Request-ID": "bad id\nwith newline"})

		lines := map[string]map[string]any{}
		var generated int
		for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("log line is not JSON: %q", line)
			}
			if m["msg"] != "request" {
				continue
			}
			id, _ := m["request_id"].(string)
			if strings.HasPrefix(id, "test-request-") {
				lines[id] = m
			} else if id != "" && !strings.Contains(id, "\n") {
				generated++
			}
		}
		for id, want := range map[string]float64{"test-request-0001": 200, "test-request-0002": 404} {
			m, ok := lines[id]
			if !ok {
				t.Fatalf("no request line for %s:\n%s", id, logs.String())
			}
			if m["status"] != want || m["board"] != "acme" || m["method"] != "GET" || m["ip"] != "203.0.113.7" {
				t.Errorf("%s: %v", id, m)
			}
			if lat, ok := m["latency_ms"].(float64); !ok || lat < 0 {
				t.Errorf("%s: latency_ms %v", id, m["latency_ms"])
			}
		}
		if lines["test-request-0001"]["path"] != "/jobs" {
			t.Errorf("path %v", lines["test-request-0001"]["path"])
		}
		if generated != 1 {
			t.Errorf("%d requests logged with a generated id, want 1:\n%s", generated, logs.String())
		}
	})
}

// eachDialectWithLogs runs fn per dialect with a harness whose logs are
// JSON lines in logs.
func eachDialectWithLogs(t *testing.T, fn func(t *testing.T, h *harness, logs *logtest.Buffer)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			logs := &logtest.Buffer{}
			fn(t, newHarnessWith(t, storetest.Open(t, d), nil, system.Options{Logger: slog.New(slog.NewJSONHandler(logs, nil))}), logs)
		})
	}
}
