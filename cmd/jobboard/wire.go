package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/infra/authz"
	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/web"
)

// system is the wired program: configuration, database and services.
type system struct {
	cfg      config.Config
	db       *store.DB
	authz    *authz.Authorizer
	accounts *appaccount.Service
	boards   *appboard.Service
	logger   *slog.Logger
}

// newLogger writes JSON in production and text elsewhere.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Production() {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// loadConfig reads the configuration.
func loadConfig(e env) (config.Config, error) {
	return config.Load(e.getenv)
}

// openDB opens the configured database.
func openDB(ctx context.Context, cfg config.Config) (*store.DB, error) {
	return store.Open(ctx, cfg.DatabaseURL)
}

// wire builds the services on an open, migrated database.
func wire(ctx context.Context, cfg config.Config, db *store.DB, logger *slog.Logger, hasher app.PasswordHasher) (*system, error) {
	az, err := authz.New(ctx, db, authz.WithLogger(logger))
	if err != nil {
		return nil, fmt.Errorf("authorization: %w", err)
	}
	ids := store.UUIDs{}
	clock := app.SystemClock{}
	accounts, err := appaccount.NewService(appaccount.Deps{
		Users: store.NewUsers(db), Roles: store.NewRoles(db), Tokens: store.NewTokens(db), Admins: store.NewAdmins(db),
		Hasher: hasher, Tx: db, Clock: clock, IDs: ids, Throttle: store.NewThrottle(db), Authz: az,
	})
	if err != nil {
		return nil, err
	}
	boards := appboard.NewService(appboard.Deps{
		Boards: store.NewBoards(db), Users: store.NewUsers(db), Roles: store.NewRoles(db),
		Hasher: hasher, Tx: db, Clock: clock, IDs: ids, Authz: az,
	})
	return &system{cfg: cfg, db: db, authz: az, accounts: accounts, boards: boards, logger: logger}, nil
}

// setup loads the configuration, opens the database, migrates it when asked
// and wires the services. The caller closes sys.db.
func setup(ctx context.Context, e env, migrate bool) (*system, error) {
	cfg, err := loadConfig(e)
	if err != nil {
		return nil, err
	}
	logger := newLogger(cfg, e.stderr)
	db, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if migrate {
		applied, err := db.MigrateUp(ctx)
		if err != nil {
			_ = db.Close()
			return nil, err
		}
		for _, name := range applied {
			logger.Info("migration applied", "name", name)
		}
	}
	sys, err := wire(ctx, cfg, db, logger, secure.NewArgon2id(secure.OWASPParams, max(2, runtime.NumCPU())))
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return sys, nil
}

// newWebServer builds the HTTP server on the wired services. An empty
// SECRET_KEY means the key kept in the database.
func newWebServer(ctx context.Context, sys *system) (*web.Server, error) {
	secret := []byte(sys.cfg.SecretKey)
	if len(secret) == 0 {
		s, err := sys.db.Secret(ctx, "csrf")
		if err != nil {
			return nil, fmt.Errorf("load the signing key: %w", err)
		}
		secret = []byte(s)
	}
	return web.New(web.Deps{
		Accounts: sys.accounts, Boards: sys.boards, BoardRepo: store.NewBoards(sys.db),
		Sessions: store.NewSessionStorage(sys.db), DB: sys.db, Logger: sys.logger,
		BaseDomain: sys.cfg.BaseDomain, Production: sys.cfg.Production(), SecretKey: secret,
		TrustedProxies: sys.cfg.TrustedProxies, SessionIdle: sys.cfg.SessionIdle, SessionMax: sys.cfg.SessionAbsolute,
	})
}
