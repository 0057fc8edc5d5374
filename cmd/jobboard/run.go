package main

import (
	"context"
	"fmt"
	"io"

	"github.com/jobboard/jobboard/cmd/internal/cli"
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

// badUsage is a mistake in the command line.
var badUsage = cli.BadUsage

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
var parseFlags = cli.ParseFlags

// required returns a usage error naming the first empty flag.
var required = cli.Required
