package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

const usage = `Usage: jobboard <command> [flags]

Commands:
  serve [--no-migrate]                 run the web server (migrates first unless told not to)
  migrate up|down|status               apply, roll back (last group) or list migrations
  seed --demo                          create the demo board and its demo accounts
  board create --slug S --name N --owner-email E --owner-password P [--owner-name N]
                                       create a board and its owner
  admin create --email E --password P [--name N]
                                       create a platform admin
  stripe reconcile [--since 72h]       settle pending orders with the payment gateway
  alerts send                          prepare and send due job alert digests once

Configuration comes from the environment: ADDR, DATABASE_URL, BASE_DOMAIN,
APP_ENV, SECRET_KEY, TRUSTED_PROXIES, STRIPE_*, SMTP_URL, DATA_DIR.
`

// usageError is a mistake in the command line; main prints the usage and
// exits with status 2.
type usageError struct{ msg, usage string }

func (u usageError) Error() string { return u.msg }

func badUsage(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...), usage: usage}
}

// env bundles what every command gets from main.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// run dispatches a command line. It is main without the process: tests call
// it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return badUsage("no command given")
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, e, args[1:])
	case "migrate":
		return cmdMigrate(ctx, e, args[1:])
	case "seed":
		return cmdSeed(ctx, e, args[1:])
	case "board":
		return cmdBoard(ctx, e, args[1:])
	case "admin":
		return cmdAdmin(ctx, e, args[1:])
	case "stripe":
		return cmdStripe(ctx, e, args[1:])
	case "alerts":
		return cmdAlerts(ctx, e, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return badUsage("unknown command %q", args[0])
	}
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

// required returns a usage error naming the first empty flag.
func required(cmd string, flags map[string]string, order ...string) error {
	for _, name := range order {
		if strings.TrimSpace(flags[name]) == "" {
			return badUsage("%s: --%s is required", cmd, name)
		}
	}
	return nil
}
