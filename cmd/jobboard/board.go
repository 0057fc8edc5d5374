package main

import (
	"context"
	"flag"
	"fmt"

	appboard "github.com/jobboard/jobboard/app/board"
)

func cmdBoard(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return badUsage("board: say create")
	}
	fs := flag.NewFlagSet("board create", flag.ContinueOnError)
	var in appboard.CreateInput
	fs.StringVar(&in.Slug, "slug", "", "the board's address label: SLUG.BASE_DOMAIN")
	fs.StringVar(&in.Name, "name", "", "the board's display name")
	fs.StringVar(&in.OwnerEmail, "owner-email", "", "the owner's e-mail address")
	fs.StringVar(&in.OwnerPassword, "owner-password", "", "the owner's first password")
	fs.StringVar(&in.OwnerName, "owner-name", "", "the owner's name")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := required("board create", map[string]string{"slug": in.Slug, "name": in.Name, "owner-email": in.OwnerEmail, "owner-password": in.OwnerPassword},
		"slug", "name", "owner-email", "owner-password"); err != nil {
		return err
	}
	sys, err := setup(ctx, e, true)
	if err != nil {
		return err
	}
	defer sys.DB.Close()
	created, err := sys.Boards.Create(ctx, appboard.System(), in)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created board %q at http://%s.%s (id %s); owner %s\n",
		created.Board.Name(), created.Board.Slug(), sys.Config.BaseDomain, created.Board.ID(), created.Owner.Email())
	return nil
}
