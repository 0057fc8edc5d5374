package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/store"
)

// TestBenchHarnessSmoke runs the benchmark harness end to end on tiny data:
// seed two boards into a fresh SQLite file, load every endpoint briefly
// from an in-process server, and read the reports back. It checks that
// everything answers 2xx, never how fast.
func TestBenchHarnessSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers and seeds a database")
	}
	ctx := context.Background()
	dir := t.TempDir()
	envs := map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(dir, "bench.db"), "BASE_DOMAIN": "localhost",
		"APP_ENV": "test", "DATA_DIR": dir}
	db, err := store.Open(ctx, envs["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := benchSeed(ctx, db, benchSeedOptions{Boards: 2, Companies: 4, Jobs: 50, Seed: 7, Skew: 1}, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if err := benchSeed(ctx, db, benchSeedOptions{Boards: 2, Companies: 4, Jobs: 50, Seed: 7, Skew: 1}, io.Discard); err == nil {
		t.Error("a second seed without --reset succeeded; want a refusal")
	}
	_ = db.Close()

	out := filepath.Join(dir, "results")
	e := env{getenv: func(k string) string { return envs[k] }, stdout: io.Discard, stderr: io.Discard}
	rep, err := benchRun(ctx, e, benchRunOptions{Duration: 250 * time.Millisecond, Connections: 2, Out: out, InProcess: true, Writes: []int{20}})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	one := []benchColdJob{{ID: "x", Slug: "x", PublishedAt: time.Now()}}
	all := append(benchEndpoints(rep.Data, []string{"/"}), benchColdEndpoints(rep.Data, one, one)...)
	want := len(all) + len(benchWriteMixEndpoints(all, []int{20}))
	if len(rep.Endpoints) != want {
		t.Errorf("measured %d endpoints, want %d", len(rep.Endpoints), want)
	}
	for _, ep := range rep.Endpoints {
		if strings.HasPrefix(ep.Name, "writes-") && (ep.Writes == 0 || ep.WriteErrors != 0) {
			t.Errorf("%s: %d writes, %d failed; want writes during the reads", ep.Name, ep.Writes, ep.WriteErrors)
		}
		if ep.Requests == 0 || ep.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors (statuses %v, first error %q); want some requests and no errors",
				ep.Name, ep.Requests, ep.Errors, ep.Statuses, ep.FirstError)
		}
	}

	raw, err := os.ReadFile(filepath.Join(out, "latest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back benchReport
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatalf("latest.json does not parse: %v", err)
	}
	if len(back.Endpoints) != want || back.BareRPS <= 0 || back.PeakRSSMiB <= 0 || back.Data.BigBoard == "" {
		t.Errorf("latest.json: %d endpoints, bare %v req/s, peak RSS %v MiB, big board %q; want all filled",
			len(back.Endpoints), back.BareRPS, back.PeakRSSMiB, back.Data.BigBoard)
	}
	md, err := os.ReadFile(filepath.Join(out, "latest.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range rep.Endpoints {
		if !strings.Contains(string(md), "| "+ep.Name+" |") {
			t.Errorf("latest.md has no row for %s", ep.Name)
		}
	}
}
