// Command jobboard runs the job board platform: the web server and its
// administrative subcommands.
package main

import (
	"context"
	"os"

	"github.com/jobboard/jobboard/cmd/internal/cli"
)

func main() {
	cli.Main("jobboard", usage, func(ctx context.Context, args []string) error {
		return run(ctx, args, os.Getenv, os.Stdout, os.Stderr)
	})
}
