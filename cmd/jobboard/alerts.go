package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/jobboard/jobboard/infra/system"
)

func cmdAlerts(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "send" {
		return badUsage("alerts: say send")
	}
	fs := flag.NewFlagSet("alerts send", flag.ContinueOnError)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	sys, err := setup(ctx, e, true)
	if err != nil {
		return err
	}
	defer sys.DB.Close()
	res, err := sys.Alerts.RunPass(ctx)
	fmt.Fprintf(e.stdout, "Alert digests: %d prepared, %d sent, %d waiting to be retried, %d given up (see the log).\n",
		res.Prepared, res.Sent, res.Retrying, res.Failed)
	return err
}

// alertWorker prepares and sends alert digests every interval. A pass is
// safe on several instances at once; what one misses (a crash, a failing
// mail server) the next one picks up.
func alertWorker(ctx context.Context, sys *system.System, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		res, err := sys.Alerts.RunPass(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			sys.Logger.Warn("alert pass failed; will retry", "err", err)
		case res.Prepared+res.Sent+res.Retrying+res.Failed > 0:
			sys.Logger.Info("alert pass", "prepared", res.Prepared, "sent", res.Sent, "retrying", res.Retrying, "failed", res.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
