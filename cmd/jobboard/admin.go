package main

import (
	"context"
	"flag"
	"fmt"

	appaccount "github.com/jobboard/jobboard/app/account"
)

func cmdAdmin(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return badUsage("admin: say create")
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	var in appaccount.CreateAdminInput
	fs.StringVar(&in.Email, "email", "", "the admin's e-mail address")
	fs.StringVar(&in.Password, "password", "", "the admin's password")
	fs.StringVar(&in.Name, "name", "", "the admin's name")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := required("admin create", map[string]string{"email": in.Email, "password": in.Password}, "email", "password"); err != nil {
		return err
	}
	sys, err := setup(ctx, e, true)
	if err != nil {
		return err
	}
	defer sys.DB.Close()
	a, err := sys.Accounts.CreateAdmin(ctx, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created platform admin %s; sign in at http://%s/platform/login\n", a.Email, sys.Config.BaseDomain)
	return nil
}
