package main

import (
	"context"
	"fmt"
)

func cmdMigrate(ctx context.Context, e env, args []string) error {
	if len(args) != 1 {
		return badUsage("migrate: say up, down or status")
	}
	cfg, err := loadConfig(e)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "up":
		applied, err := db.MigrateUp(ctx)
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintln(e.stdout, "The database is up to date.")
		}
		for _, n := range applied {
			fmt.Fprintln(e.stdout, "applied", n)
		}
	case "down":
		rolled, err := db.MigrateDown(ctx)
		if err != nil {
			return err
		}
		for _, n := range rolled {
			fmt.Fprintln(e.stdout, "rolled back", n)
		}
	case "status":
		statuses, err := db.MigrationStatuses(ctx)
		if err != nil {
			return err
		}
		for _, s := range statuses {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(e.stdout, "%-8s %s_%s\n", state, s.Name, s.Comment)
		}
	default:
		return badUsage("migrate: unknown action %q; say up, down or status", args[0])
	}
	return nil
}
