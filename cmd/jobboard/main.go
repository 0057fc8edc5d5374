// Command jobboard runs the job board platform: the web server and its
// administrative subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "jobboard:", u.msg)
			fmt.Fprintln(os.Stderr)
			fmt.Fprint(os.Stderr, u.usage)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "jobboard:", err)
		os.Exit(1)
	}
}
