package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"runtime"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appalert "github.com/jobboard/jobboard/app/alert"
	appapplication "github.com/jobboard/jobboard/app/application"
	appbilling "github.com/jobboard/jobboard/app/billing"
	appboard "github.com/jobboard/jobboard/app/board"
	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/infra/authz"
	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/files"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/media"
	"github.com/jobboard/jobboard/infra/payments"
	"github.com/jobboard/jobboard/infra/richtext"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/web"
)

// system is the wired program: configuration, database and services.
type system struct {
	cfg        config.Config
	db         *store.DB
	authz      *authz.Authorizer
	accounts   *appaccount.Service
	boards     *appboard.Service
	companies  *appcompany.Service
	jobs       *appjob.Service
	jobStats   *store.JobStats
	billing    *appbilling.Service
	moderation *appmoderation.Service
	alerts     *appalert.Service
	mailer     app.Mailer
	logger     *slog.Logger

	// applications runs saved jobs, on-site applications and privacy.
	applications *appapplication.Service
}

// newGateway takes payments through Stripe when a secret key is set, and
// through the local test gateway otherwise.
func newGateway(cfg config.Config) (app.PaymentGateway, error) {
	if cfg.StripeSecretKey == "" {
		// No default secret: a well-known one would let anyone forge
		// payment notifications. Without STRIPE_WEBHOOK_SECRET the webhook
		// refuses everything; the dev checkout pages need no webhook.
		return payments.NewDev(cfg.StripeWebhookSecret), nil
	}
	return payments.NewStripe(cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase)
}

// newMailer sends through SMTP_URL, or logs messages when it is empty.
func newMailer(cfg config.Config, logger *slog.Logger) (app.Mailer, error) {
	if cfg.SMTPURL == "" {
		return mail.NewLogMailer(logger), nil
	}
	return mail.NewSMTP(cfg.SMTPURL, "no-reply@"+cfg.BaseDomain)
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
func wire(ctx context.Context, cfg config.Config, db *store.DB, logger *slog.Logger, hasher app.PasswordHasher, mailer app.Mailer) (*system, error) {
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
	disk, err := files.NewDisk(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return nil, err
	}
	images := media.NewImages()
	boards := appboard.NewService(appboard.Deps{
		Boards: store.NewBoards(db), Users: store.NewUsers(db), Roles: store.NewRoles(db),
		Hasher: hasher, Tx: db, Clock: clock, IDs: ids, Authz: az,
		StaffStore: store.NewStaff(db), AuditLog: store.NewAuditLog(db), Mailer: mailer, Files: disk, Images: images,
	})
	companies := appcompany.NewService(appcompany.Deps{
		Companies: store.NewCompanies(db), Directory: store.NewCachedDirectory(db), Boards: store.NewBoards(db), Users: store.NewUsers(db),
		Roles: store.NewRoles(db), Authz: az, Access: az, Files: disk, Images: images, RichText: richtext.New(),
		Mailer: mailer, Tx: db, Clock: clock, IDs: ids,
	})
	gateway, err := newGateway(cfg)
	if err != nil {
		return nil, err
	}
	billingSvc := appbilling.NewService(appbilling.Deps{
		Orders: store.NewOrders(db), PriceList: store.NewPrices(db), Events: db, Reports: store.NewOrders(db), Companies: store.NewCompanies(db),
		Jobs: store.NewJobs(db), Boards: store.NewBoards(db), Users: store.NewUsers(db), Roles: store.NewRoles(db), AuditLog: store.NewAuditLog(db),
		Outbox: store.NewOutbox(db), Mailer: mailer, Gateway: gateway, Authz: az, Access: az,
		Tx: db, Clock: clock, IDs: ids,
	})
	moderationSvc := appmoderation.NewService(appmoderation.Deps{
		Jobs: store.NewJobs(db), Companies: store.NewCompanies(db), Pending: store.NewReviewQueue(db), Reports: store.NewReports(db),
		AuditLog: store.NewAuditLog(db), Users: store.NewUsers(db), Roles: store.NewRoles(db), Boards: store.NewBoards(db),
		Refunder: billingSvc, Mailer: mailer, Throttle: store.NewThrottle(db), Authz: az, Tx: db, Clock: clock, IDs: ids,
	})
	jobStats := store.NewJobStats(db)
	jobs := appjob.NewService(appjob.Deps{
		Jobs: store.NewJobs(db), Search: store.NewCachedJobSearch(db), Counter: jobStats, Companies: store.NewCompanies(db), Boards: store.NewBoards(db),
		Prices: store.NewPrices(db), Authz: az, Access: az, RichText: richtext.New(), Tx: db, Clock: clock, IDs: ids,
	})
	alertKey, err := signingKey(ctx, cfg, db, "alerts")
	if err != nil {
		return nil, err
	}
	alerts := appalert.NewService(appalert.Deps{
		Alerts: store.NewAlerts(db), Search: store.NewJobSearch(db), Boards: store.NewBoards(db), Mailer: mailer, Throttle: store.NewThrottle(db),
		Tx: db, Clock: clock, IDs: ids, Key: alertKey, BoardURL: boardURL(cfg), Logger: logger,
	})
	candidates := store.NewApplications(db)
	applications := appapplication.NewService(appapplication.Deps{
		Applications: candidates, Saved: candidates, Reads: candidates, Eraser: candidates, Alerts: alerts,
		Jobs: store.NewJobs(db), Companies: store.NewCompanies(db), Boards: store.NewBoards(db), Users: store.NewUsers(db), Roles: store.NewRoles(db),
		Authz: az, Access: az, Files: disk, Mailer: mailer, Passwords: accounts, Throttle: store.NewThrottle(db), Tx: db, Clock: clock, IDs: ids,
	})
	sys := &system{cfg: cfg, db: db, authz: az, accounts: accounts, boards: boards, companies: companies, jobs: jobs, jobStats: jobStats, billing: billingSvc, moderation: moderationSvc,
		alerts: alerts, mailer: mailer, logger: logger}
	sys.applications = applications
	return sys, nil
}

// signingKey derives a key for one purpose from SECRET_KEY, or returns the
// random key of that name kept in the database when SECRET_KEY is empty,
// so that every instance signs alike.
func signingKey(ctx context.Context, cfg config.Config, db *store.DB, purpose string) ([]byte, error) {
	if cfg.SecretKey != "" {
		m := hmac.New(sha256.New, []byte(cfg.SecretKey))
		m.Write([]byte(purpose))
		return m.Sum(nil), nil
	}
	s, err := db.Secret(ctx, purpose)
	if err != nil {
		return nil, fmt.Errorf("load the %s signing key: %w", purpose, err)
	}
	return []byte(s), nil
}

// boardURL returns a board's public address for links in mails: its
// custom domain or its subdomain, over https in production; elsewhere over
// http with the port the server listens on, as printURLs shows it.
func boardURL(cfg config.Config) func(b *board.Board) string {
	scheme, suffix := "https", ""
	if !cfg.Production() {
		scheme = "http"
		if _, port, err := net.SplitHostPort(cfg.Addr); err == nil && port != "80" && port != "443" && port != "" {
			suffix = ":" + port
		}
	}
	return func(b *board.Board) string {
		host := b.CustomDomain()
		if host == "" {
			host = b.Slug().String() + "." + cfg.BaseDomain
		}
		return scheme + "://" + host + suffix
	}
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
	mailer, err := newMailer(cfg, logger)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	sys, err := wire(ctx, cfg, db, logger, secure.NewArgon2id(secure.OWASPParams, max(2, runtime.NumCPU())), mailer)
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
		Accounts: sys.accounts, Boards: sys.boards, Companies: sys.companies, Jobs: sys.jobs, Billing: sys.billing, Moderation: sys.moderation, Alerts: sys.alerts, BoardRepo: store.NewBoards(sys.db),
		Applications: sys.applications, SessionOwners: store.NewSessionStorage(sys.db),
		Sessions: store.NewSessionStorage(sys.db), DB: sys.db, Authz: sys.authz, Logger: sys.logger,
		BaseDomain: sys.cfg.BaseDomain, Production: sys.cfg.Production(), SecretKey: secret,
		TrustedProxies: sys.cfg.TrustedProxies, SessionIdle: sys.cfg.SessionIdle, SessionMax: sys.cfg.SessionAbsolute,
		WriteGeneration: sys.db.WriteGeneration,
	})
}
