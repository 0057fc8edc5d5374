package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/web"
)

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	noMigrate := fs.Bool("no-migrate", false, "do not apply pending migrations at start")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(e)
	if err != nil {
		return err
	}
	tuneGC(e.getenv)
	sys, err := setup(ctx, e, cfg.MigrateOnStart && !*noMigrate)
	if err != nil {
		return err
	}
	defer sys.DB.Close()
	// What requests rely on (the policy, the view counts) lives until the
	// server has stopped serving, past the drain after SIGTERM; background
	// work stops at once.
	serving, stopServing := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServing()
	go sys.Authz.Run(serving)
	go janitor(ctx, sys)
	go scheduler(ctx, sys, time.Minute)
	go alertWorker(ctx, sys, time.Minute)
	statsDone := make(chan struct{})
	go func() {
		defer close(statsDone)
		sys.JobStats.Run(serving, 2*time.Second, sys.Logger)
	}()

	srv, err := sys.WebServer(ctx)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	printURLs(e, cfg.BaseDomain, ln.Addr().String())
	sys.Logger.Info("serving", "addr", ln.Addr().String(), "database", sys.DB.Dialect(), "env", cfg.AppEnv)
	err = srv.Serve(ctx, ln, web.Shutdown{Drain: cfg.ShutdownDrain, Timeout: cfg.ShutdownTimeout})
	// Let the statistics buffer write its last counts before the database
	// closes.
	stopServing()
	select {
	case <-statsDone:
	case <-time.After(10 * time.Second):
	}
	return err
}

// printURLs tells the person at the terminal where to go.
func printURLs(e env, baseDomain, addr string) {
	_, port, _ := net.SplitHostPort(addr)
	suffix := ""
	if port != "80" && port != "443" {
		suffix = ":" + port
	}
	fmt.Fprintf(e.stdout, "\nJobboard is running.\n  Platform:   http://%s%s\n  Demo board: http://demo.%s%s (if seeded)\n  Health:     http://%s%s/healthz\nPress Ctrl+C to stop.\n\n",
		baseDomain, suffix, baseDomain, suffix, baseDomain, suffix)
}

// janitor removes expired sessions and throttle windows now and then.
func janitor(ctx context.Context, sys *system.System) {
	sessions := store.NewSessionStorage(sys.DB)
	throttle := store.NewThrottle(sys.DB)
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := sessions.DeleteExpired(ctx); err != nil && !strings.Contains(err.Error(), "context canceled") {
			sys.Logger.Warn("delete expired sessions", "err", err)
		}
		if err := throttle.DeleteExpired(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
			sys.Logger.Warn("delete expired throttles", "err", err)
		}
	}
}

// scheduler expires jobs, ends featured periods and sends receipts left
// behind every interval. Each pass is idempotent and safe to run on
// several instances at once.
func scheduler(ctx context.Context, sys *system.System, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := sys.Jobs.ExpireDue(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			sys.Logger.Warn("job expiry pass failed; will retry", "err", err)
		case n > 0:
			sys.Logger.Info("jobs expired", "count", n)
		}
		// Receipts a crash or a mail outage left behind.
		if _, err := sys.Billing.SendAllReceipts(ctx); err != nil && ctx.Err() == nil {
			sys.Logger.Warn("receipt pass failed; will retry", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
