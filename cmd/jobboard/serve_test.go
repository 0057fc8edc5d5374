package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system"
)

// testFreeAddr returns a loopback address nothing listens on.
func testFreeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// serveUntilReady runs `jobboard serve args...` until /healthz answers,
// then stops it and returns what it wrote to stderr. Unless getenv sets
// SHUTDOWN_DRAIN, the drain after the stop is short.
func serveUntilReady(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	if getenv("SHUTDOWN_DRAIN") == "" {
		base := getenv
		getenv = func(k string) string {
			if k == "SHUTDOWN_DRAIN" {
				return "100ms"
			}
			return base(k)
		}
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), getenv, &out, &errOut) }()
	addr := getenv("ADDR")
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-done:
			t.Fatalf("serve %v returned before answering: %v\n%s", args, err, errOut.String())
		default:
		}
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve %v did not answer /healthz: %v\n%s", args, err, errOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve %v: %v\n%s", args, err, errOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve %v did not stop", args)
	}
	return errOut.String()
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func pendingMigrations(t *testing.T, getenv func(string) string) []string {
	t.Helper()
	db, err := store.Open(context.Background(), getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.MigrationStatuses(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var pending []string
	for _, s := range st {
		if !s.Applied {
			pending = append(pending, s.Name)
		}
	}
	return pending
}

func TestServeAppliesMigrationsAtStartUnlessToldNot(t *testing.T) {
	t.Parallel()
	getenv := cliEnv(t, map[string]string{"ADDR": testFreeAddr(t)})

	// A fresh database: serve brings it up to date.
	logs := serveUntilReady(t, getenv)
	if p := pendingMigrations(t, getenv); len(p) != 0 {
		t.Fatalf("pending after serve: %v", p)
	}
	if !strings.Contains(logs, "migration applied") {
		t.Errorf("serve did not log the migrations it applied:\n%s", logs)
	}

	// Forget the newest migration, as if a new release had brought it:
	// serve --no-migrate leaves it pending.
	db, err := store.Open(context.Background(), getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	var newest string
	if err := db.NewRaw("SELECT name FROM bun_migrations ORDER BY name DESC LIMIT 1").Scan(context.Background(), &newest); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), "DELETE FROM bun_migrations WHERE name = ?", newest); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	logs = serveUntilReady(t, getenv, "--no-migrate")
	if p := pendingMigrations(t, getenv); len(p) != 1 || p[0] != newest {
		t.Fatalf("pending after serve --no-migrate: %v, want [%s]", p, newest)
	}
	if strings.Contains(logs, "migration applied") {
		t.Errorf("serve --no-migrate applied migrations:\n%s", logs)
	}
	// MIGRATE_ON_START=false does the same.
	off := cliEnv(t, map[string]string{"ADDR": getenv("ADDR"), "DATABASE_URL": getenv("DATABASE_URL"), "MIGRATE_ON_START": "false"})
	serveUntilReady(t, off)
	if p := pendingMigrations(t, off); len(p) != 1 {
		t.Fatalf("pending after MIGRATE_ON_START=false: %v", p)
	}
}

func TestRequestLogCarriesIDBoardStatusAndLatency(t *testing.T) {
	t.Parallel()
	eachDialectWithLogs(t, func(t *testing.T, h *harness, logs *syncBuffer) {
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
func eachDialectWithLogs(t *testing.T, fn func(t *testing.T, h *harness, logs *syncBuffer)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			logs := &syncBuffer{}
			fn(t, newHarnessWith(t, storetest.Open(t, d), nil, system.Options{Logger: slog.New(slog.NewJSONHandler(logs, nil))}), logs)
		})
	}
}
