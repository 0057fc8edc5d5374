// Command jobboard-bench generates benchmark data and loads a Jobboard
// server with it (see BENCHMARKS.md). It is a separate program so that
// the server binary carries none of it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], env{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr})
	stop()
	if err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintf(os.Stderr, "jobboard-bench: %s\n\n%s", u.msg, usage)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "jobboard-bench:", err)
		os.Exit(1)
	}
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

// usageError is a mistake in the command line; main prints the usage and
// exits with status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func badUsage(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...)}
}

// parseFlags parses a subcommand's flags; any mistake is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return badUsage("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return badUsage("%s: unexpected argument %q", fs.Name(), strings.Join(fs.Args(), " "))
	}
	return nil
}

// openDB reads the configuration and opens its database.
func openDB(ctx context.Context, e env) (config.Config, *store.DB, error) {
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return cfg, nil, err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	return cfg, db, err
}
