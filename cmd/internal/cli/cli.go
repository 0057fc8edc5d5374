// Package cli holds what the project's commands share: usage errors, flag
// parsing and the way main exits.
package cli

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
)

// UsageError is a mistake in the command line; Main prints it with the
// usage and exits with status 2.
type UsageError struct{ Msg string }

// Error returns the mistake.
func (u UsageError) Error() string { return u.Msg }

// BadUsage returns a UsageError with a formatted message.
func BadUsage(format string, args ...any) error {
	return UsageError{Msg: fmt.Sprintf(format, args...)}
}

// IsUsage reports whether err is a mistake in the command line.
func IsUsage(err error) bool {
	var u UsageError
	return errors.As(err, &u)
}

// ParseFlags parses a subcommand's flags; any mistake, and any argument
// left over, is a usage error.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return BadUsage("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return BadUsage("%s: unexpected argument %q", fs.Name(), strings.Join(fs.Args(), " "))
	}
	return nil
}

// Required returns a usage error naming the first of order whose flag is
// empty.
func Required(cmd string, flags map[string]string, order ...string) error {
	for _, name := range order {
		if strings.TrimSpace(flags[name]) == "" {
			return BadUsage("%s: --%s is required", cmd, name)
		}
	}
	return nil
}

// Main runs the command line with a context that SIGINT and SIGTERM
// cancel, and exits: 0 when run succeeds, 2 with the usage after a usage
// error, 1 after any other error.
func Main(name, usage string, run func(ctx context.Context, args []string) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err == nil {
		return
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
	if IsUsage(err) {
		fmt.Fprint(os.Stderr, "\n", usage)
		os.Exit(2)
	}
	os.Exit(1)
}
