// Package system is the composition root: it builds the whole program,
// repositories, services and the web server, from a configuration and
// options. The command line and the tests both start here, so what the
// tests run is what ships.
package system

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"time"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appalert "github.com/jobboard/jobboard/app/alert"
	appapplication "github.com/jobboard/jobboard/app/application"
	appbilling "github.com/jobboard/jobboard/app/billing"
	appboard "github.com/jobboard/jobboard/app/board"
	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/infra/authz"
	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/files"
	"github.com/jobboard/jobboard/infra/media"
	"github.com/jobboard/jobboard/infra/openid"
	"github.com/jobboard/jobboard/infra/richtext"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/web"
)

// Options replace parts the system would otherwise build from its
// configuration. The zero value builds the production system.
type Options struct {
	// Clock tells every service, the web layer (sessions, "posted" dates)
	// and the caches (their entries' ages) the time; the real clock by
	// default.
	Clock app.Clock
	// IDs makes new identifiers; UUIDv7 by default.
	IDs app.IDs
	// Mailer sends mail; SMTP_URL's server by default, or the log.
	Mailer app.Mailer
	// Gateway takes payments; Stripe when STRIPE_SECRET_KEY is set, the
	// local test gateway otherwise.
	Gateway app.PaymentGateway
	// Hasher hashes passwords; argon2id at OWASP's parameters by default.
	Hasher app.PasswordHasher
	// Logger receives the logs; by default NewLogger writing to stderr's
	// replacement, io.Discard.
	Logger *slog.Logger
	// SitemapPageSize is how many URLs go in one sitemap file; the
	// protocol's 50,000 by default.
	SitemapPageSize int
	// Tx runs the use cases' transactions; the database by default. A
	// test wraps it to stop before a commit, as a crash would.
	Tx app.TxRunner
}

// System is the wired program on an open, migrated database.
type System struct {
	Config       config.Config
	DB           *store.DB
	Authz        *authz.Authorizer
	Accounts     *appaccount.Service
	Boards       *appboard.Service
	Companies    *appcompany.Service
	Jobs         *appjob.Service
	JobStats     *store.JobStats
	Billing      *appbilling.Service
	Moderation   *appmoderation.Service
	Alerts       *appalert.Service
	Applications *appapplication.Service
	Mailer       app.Mailer
	Gateway      app.PaymentGateway
	Logger       *slog.Logger
	Clock        app.Clock

	sitemapPageSize int
}

// New builds the services on db, which must be open and migrated.
func New(ctx context.Context, cfg config.Config, db *store.DB, opts Options) (*System, error) {
	opts, err := defaults(cfg, opts)
	if err != nil {
		return nil, err
	}
	logger, clock, ids, hasher, mailer := opts.Logger, opts.Clock, opts.IDs, opts.Hasher, opts.Mailer
	db.LimitReads(cfg.ReadSlots, cfg.ReadQueueWait)
	var tx app.TxRunner = db
	if opts.Tx != nil {
		tx = opts.Tx
	}
	az, err := authz.New(ctx, db, authz.WithLogger(logger))
	if err != nil {
		return nil, fmt.Errorf("authorization: %w", err)
	}
	sealer, err := sealerFor(ctx, cfg, db, "sealed-secrets")
	if err != nil {
		return nil, err
	}
	accounts, err := appaccount.NewService(appaccount.Deps{
		Users: store.NewUsers(db), Roles: store.NewRoles(db), Tokens: store.NewTokens(db), Admins: store.NewAdmins(db),
		Hasher: hasher, Tx: tx, Clock: clock, IDs: ids, Throttle: store.NewThrottle(db), Authz: az,
		OneTime: store.NewOneTimeTokens(db), Sessions: store.NewSessionStorage(db), Outbox: store.NewOutbox(db), Mailer: mailer,
		Boards: store.NewBoards(db), BoardURL: BoardURL(cfg),
		TwoFactors: store.NewTwoFactors(db), Sealer: sealer, OTP: secure.TOTP{},
		OpenID: store.NewOpenIDProviders(db), Identities: store.NewIdentities(db), OpenIDClient: openid.New(10*time.Second, nil),
		AdminResets: store.NewAdminResets(db), PlatformURL: PlatformURL(cfg), AdminTwoFactors: store.NewAdminTwoFactors(db),
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
		Hasher: hasher, Tx: tx, Clock: clock, IDs: ids, Authz: az,
		StaffStore: store.NewStaff(db), AuditLog: store.NewAuditLog(db), Mailer: mailer, Files: disk, Images: images,
		StaffTwoFactor: cfg.Production(), CustomRoles: store.NewCustomRoles(db), TwoFactors: store.NewTwoFactors(db),
	})
	companies := appcompany.NewService(appcompany.Deps{
		Companies: store.NewCompanies(db), Directory: store.NewCachedDirectory(db), Boards: store.NewBoards(db), Users: store.NewUsers(db),
		Roles: store.NewRoles(db), Authz: az, Access: az, Files: disk, Images: images, RichText: richtext.New(),
		Mailer: mailer, Tx: tx, Clock: clock, IDs: ids,
	})
	billingSvc := appbilling.NewService(appbilling.Deps{
		Orders: store.NewOrders(db), PriceList: store.NewPrices(db), Events: db, Reports: store.NewOrders(db), Companies: store.NewCompanies(db),
		Jobs: store.NewJobs(db), Boards: store.NewBoards(db), Users: store.NewUsers(db), Roles: store.NewRoles(db), AuditLog: store.NewAuditLog(db),
		Outbox: store.NewOutbox(db), Mailer: mailer, Gateway: opts.Gateway, Authz: az, Access: az, Address: accounts,
		Tx: tx, Clock: clock, IDs: ids,
	})
	moderationSvc := appmoderation.NewService(appmoderation.Deps{
		Jobs: store.NewJobs(db), Companies: store.NewCompanies(db), Pending: store.NewReviewQueue(db), Reports: store.NewReports(db),
		AuditLog: store.NewAuditLog(db), Users: store.NewUsers(db), Roles: store.NewRoles(db), Boards: store.NewBoards(db),
		Refunder: billingSvc, Mailer: mailer, Throttle: store.NewThrottle(db), Authz: az, Tx: tx, Clock: clock, IDs: ids,
	})
	jobStats := store.NewJobStats(db)
	jobs := appjob.NewService(appjob.Deps{
		Jobs: store.NewJobs(db), Search: store.NewCachedJobSearch(db), Counter: jobStats, Companies: store.NewCompanies(db), Boards: store.NewBoards(db),
		Prices: store.NewPrices(db), Authz: az, Access: az, RichText: richtext.New(), Tx: tx, Clock: clock, IDs: ids, Address: accounts,
	})
	alertKey, err := SigningKey(ctx, cfg, db, "alerts")
	if err != nil {
		return nil, err
	}
	alerts := appalert.NewService(appalert.Deps{
		Alerts: store.NewAlerts(db), Search: store.NewJobSearch(db), Boards: store.NewBoards(db), Mailer: mailer, Throttle: store.NewThrottle(db),
		Tx: tx, Clock: clock, IDs: ids, Key: alertKey, BoardURL: BoardURL(cfg), Logger: logger,
	})
	candidates := store.NewApplications(db)
	applications := appapplication.NewService(appapplication.Deps{
		Applications: candidates, Saved: candidates, Reads: candidates, Eraser: candidates, Alerts: alerts,
		Jobs: store.NewJobs(db), Companies: store.NewCompanies(db), Boards: store.NewBoards(db), Users: store.NewUsers(db), Roles: store.NewRoles(db),
		Authz: az, Access: az, Files: disk, Mailer: mailer, Passwords: accounts, Address: accounts, Throttle: store.NewThrottle(db), Tx: tx, Clock: clock, IDs: ids,
	})
	return &System{Config: cfg, DB: db, Authz: az, Accounts: accounts, Boards: boards, Companies: companies, Jobs: jobs, JobStats: jobStats,
		Billing: billingSvc, Moderation: moderationSvc, Alerts: alerts, Applications: applications, Mailer: mailer, Gateway: opts.Gateway, Logger: logger, Clock: clock,
		sitemapPageSize: opts.SitemapPageSize}, nil
}

// defaults fills the options left empty from the configuration.
func defaults(cfg config.Config, o Options) (Options, error) {
	if o.Logger == nil {
		o.Logger = NewLogger(cfg, io.Discard)
	}
	if o.Clock == nil {
		o.Clock = app.SystemClock{}
	}
	if o.IDs == nil {
		o.IDs = store.UUIDs{}
	}
	if o.Hasher == nil {
		o.Hasher = secure.NewArgon2id(secure.OWASPParams, max(2, runtime.NumCPU()))
	}
	var err error
	if o.Mailer == nil {
		if o.Mailer, err = NewMailer(cfg, o.Logger); err != nil {
			return o, err
		}
	}
	if o.Gateway == nil {
		if o.Gateway, err = NewGateway(cfg); err != nil {
			return o, err
		}
	}
	return o, nil
}

// WebServer builds the HTTP server on the wired services. An empty
// SECRET_KEY means the key kept in the database.
func (s *System) WebServer(ctx context.Context) (*web.Server, error) {
	secret := []byte(s.Config.SecretKey)
	if len(secret) == 0 {
		k, err := s.DB.Secret(ctx, "csrf")
		if err != nil {
			return nil, fmt.Errorf("load the signing key: %w", err)
		}
		secret = []byte(k)
	}
	return web.New(web.Deps{
		Accounts: s.Accounts, Boards: s.Boards, Companies: s.Companies, Jobs: s.Jobs, Billing: s.Billing, Moderation: s.Moderation, Alerts: s.Alerts, BoardRepo: store.NewBoards(s.DB),
		Applications: s.Applications, SessionOwners: store.NewSessionStorage(s.DB),
		Sessions: store.NewSessionStorage(s.DB), DB: s.DB, Authz: s.Authz, Logger: s.Logger,
		BaseDomain: s.Config.BaseDomain, Production: s.Config.Production(), SecretKey: secret,
		TrustedProxies: s.Config.TrustedProxies, SessionIdle: s.Config.SessionIdle, SessionMax: s.Config.SessionAbsolute,
		Generation: s.DB.Generation, PlatformGeneration: s.DB.PlatformGeneration, SitemapPageSize: s.sitemapPageSize, Now: s.Clock.Now,
	})
}
