package main

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/logtest"
	"github.com/jobboard/jobboard/infra/store"
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
	var out, errOut logtest.Buffer
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
