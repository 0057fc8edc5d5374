package main

import (
	"context"

	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system"
)

// loadConfig reads the configuration.
func loadConfig(e env) (config.Config, error) {
	return config.Load(e.getenv)
}

// openDB opens the configured database.
func openDB(ctx context.Context, cfg config.Config) (*store.DB, error) {
	return store.Open(ctx, cfg.DatabaseURL)
}

// setup loads the configuration, opens the database, migrates it when asked
// and builds the system, logging to e's stderr. The caller closes sys.DB.
func setup(ctx context.Context, e env, migrate bool) (*system.System, error) {
	cfg, err := loadConfig(e)
	if err != nil {
		return nil, err
	}
	logger := system.NewLogger(cfg, e.stderr)
	db, err := system.Open(ctx, cfg, migrate, logger)
	if err != nil {
		return nil, err
	}
	sys, err := system.New(ctx, cfg, db, system.Options{Logger: logger})
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return sys, nil
}
