package main

import (
	"context"
	"flag"
	"fmt"
	"time"
)

func cmdStripe(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "reconcile" {
		return badUsage("stripe: say reconcile")
	}
	fs := flag.NewFlagSet("stripe reconcile", flag.ContinueOnError)
	since := fs.Duration("since", 72*time.Hour, "settle pending orders created within this long")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *since <= 0 {
		return badUsage("stripe reconcile: --since must be positive, like 72h")
	}
	sys, err := setup(ctx, e, true)
	if err != nil {
		return err
	}
	defer sys.DB.Close()
	res, err := sys.Billing.Reconcile(ctx, time.Now().UTC().Add(-*since))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Checked %d pending orders: %d paid and fulfilled, %d expired, %d unknown to the gateway, %d could not be settled (see the log).\n",
		res.Checked, res.Paid, res.Expired, res.Unknown, res.Failed)
	if res.Receipts > 0 {
		fmt.Fprintf(e.stdout, "Recorded %d missing receipt links of paid orders.\n", res.Receipts)
	}
	if res.Failed > 0 {
		return fmt.Errorf("%d orders could not be settled", res.Failed)
	}
	return nil
}
