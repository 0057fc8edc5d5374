package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/jobboard/jobboard/migrations"
	"github.com/uptrace/bun/migrate"
)

// MigrationStatus is one migration and whether it has been applied.
type MigrationStatus struct {
	Name    string
	Comment string
	Applied bool
}

// migrationFiles returns the embedded migrations of the database's dialect.
func (d *DB) migrationFiles() fs.FS {
	if d.IsPostgres() {
		return migrations.Postgres()
	}
	return migrations.SQLite()
}

func (d *DB) migrator() (*migrate.Migrator, error) {
	ms := migrate.NewMigrations()
	if err := ms.Discover(d.migrationFiles()); err != nil {
		return nil, fmt.Errorf("store: discover migrations: %w", err)
	}
	return migrate.NewMigrator(d.DB, ms, migrate.WithMarkAppliedOnSuccess(true)), nil
}

// withLock initialises the bookkeeping tables and runs fn while holding the
// migration lock, waiting up to 30 s for another instance to release it.
func (d *DB) withLock(ctx context.Context, fn func(m *migrate.Migrator) error) error {
	m, err := d.migrator()
	if err != nil {
		return err
	}
	if err := m.Init(ctx); err != nil {
		return fmt.Errorf("store: init migrations: %w", translate(err))
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := m.Lock(ctx)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("store: another process holds the migration lock: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	defer func() { _ = m.Unlock(context.WithoutCancel(ctx)) }()
	return fn(m)
}

// MigrateUp applies every pending migration as one group and returns the
// names applied.
func (d *DB) MigrateUp(ctx context.Context) ([]string, error) {
	var names []string
	err := d.withLock(ctx, func(m *migrate.Migrator) error {
		group, err := m.Migrate(ctx)
		if err != nil {
			return fmt.Errorf("store: migrate up: %w", err)
		}
		for _, mg := range group.Migrations {
			names = append(names, mg.Name+"_"+mg.Comment)
		}
		return nil
	})
	if err != nil {
		return names, err
	}
	// Jobs whose search tokens an older version wrote are indexed again.
	if err := d.ReindexSearch(ctx); err != nil {
		return names, fmt.Errorf("store: index jobs for search: %w", err)
	}
	return names, nil
}

// MigrateDown rolls back the last applied group and returns the names
// rolled back.
func (d *DB) MigrateDown(ctx context.Context) ([]string, error) {
	var names []string
	err := d.withLock(ctx, func(m *migrate.Migrator) error {
		group, err := m.Rollback(ctx)
		if err != nil {
			return fmt.Errorf("store: migrate down: %w", err)
		}
		if group.IsZero() {
			return errors.New("store: there is nothing to roll back")
		}
		for _, mg := range group.Migrations {
			names = append(names, mg.Name+"_"+mg.Comment)
		}
		return nil
	})
	return names, err
}

// MigrationStatuses lists every known migration, oldest first.
func (d *DB) MigrationStatuses(ctx context.Context) ([]MigrationStatus, error) {
	m, err := d.migrator()
	if err != nil {
		return nil, err
	}
	if err := m.Init(ctx); err != nil {
		return nil, fmt.Errorf("store: init migrations: %w", translate(err))
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(ms))
	for _, mg := range ms {
		out = append(out, MigrationStatus{Name: mg.Name, Comment: mg.Comment, Applied: mg.IsApplied()})
	}
	return out, nil
}
