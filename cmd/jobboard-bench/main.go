// Command jobboard-bench generates benchmark data and loads a Jobboard
// server with it (see BENCHMARKS.md). It is a separate program so that
// the server binary carries none of it.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/jobboard/jobboard/cmd/internal/cli"
	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/store"
)

const usage = `Usage: jobboard-bench seed|run [flags]

  seed [--boards 200] [--companies 50000] [--jobs 1000000] [--seed 1] [--skew 1.0] [--reset|--if-empty]
        generate deterministic boards, companies and jobs into DATABASE_URL
  run [--duration 10s] [--warmup 2s] [--connections 64] [--out ./bench-results] [--only a,b] [--server PATH]
        serve DATABASE_URL on loopback from the jobboard binary and load it

Configuration comes from the environment, as for jobboard: DATABASE_URL,
BASE_DOMAIN and the rest.
`

func main() {
	cli.Main("jobboard-bench", usage, func(ctx context.Context, args []string) error {
		return run(ctx, args, env{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr})
	})
}

// run dispatches a command line.
func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return badUsage("say seed or run")
	}
	switch args[0] {
	case "seed":
		return cmdBenchSeed(ctx, e, args[1:])
	case "run":
		return cmdBenchRun(ctx, e, args[1:])
	case "bare":
		return cmdBenchBare(ctx, e, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usage)
		return nil
	default:
		return badUsage("unknown command %q", args[0])
	}
}

// env bundles what every command gets from main.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// badUsage is a mistake in the command line.
var badUsage = cli.BadUsage

// parseFlags parses a subcommand's flags; any mistake is a usage error.
var parseFlags = cli.ParseFlags

// openDB reads the configuration and opens its database.
func openDB(ctx context.Context, e env) (config.Config, *store.DB, error) {
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return cfg, nil, err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	return cfg, db, err
}
