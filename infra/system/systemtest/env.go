// Package systemtest builds the whole system on a fresh database for tests:
// the use-case tests beside the code in app/<context> (no HTTP) and the HTTP
// and browser tests that serve it. Real repositories on SQLite (and
// PostgreSQL when TEST_DATABASE_URL is set), a clock the test moves, and a
// mail recorder.
package systemtest

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system"
)

// WebhookSecret signs the test gateway's payment notifications.
const WebhookSecret = "whsec_systemtest"

// BaseDomain is the platform host of a test system: board acme answers on
// acme.jobs.test.
const BaseDomain = "jobs.test"

// Env is a system on a fresh database, with its clock and recorded mail.
type Env struct {
	*system.System
	// DB is the system's database.
	DB *store.DB
	// Clock is the system's clock when Build chose it (nil when the
	// options brought another).
	Clock *Clock
	// Mails records what the system sent, except what RouteMail sends
	// elsewhere.
	Mails  *mail.Recorder
	router *mailRouter
}

// Each runs fn once per dialect under test, in parallel subtests, each on
// its own database.
func Each(t *testing.T, fn func(t *testing.T, env *Env)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, New(t, d))
		})
	}
}

// New builds the system on a fresh database of the dialect, with a clock
// standing at the present.
func New(t testing.TB, dialect string) *Env {
	t.Helper()
	return Build(t, storetest.Open(t, dialect), nil, system.Options{})
}

// CheapHasher hashes passwords with argon2id at parameters that keep tests
// fast; the real parameters are tested in infra/secure.
func CheapHasher() *secure.Argon2id {
	return secure.NewArgon2id(secure.Params{MemoryKiB: 256, Iterations: 1, Lanes: 1, SaltLen: 16, KeyLen: 32}, 4)
}

// Build wires the system on db. extra overrides the test configuration's
// environment values; what opts leaves empty is a silent logger, a cheap
// hasher, the mail recorder and a clock standing at the present.
func Build(t testing.TB, db *store.DB, extra map[string]string, opts system.Options) *Env {
	t.Helper()
	envs := map[string]string{"BASE_DOMAIN": BaseDomain, "APP_ENV": "test", "TRUSTED_PROXIES": "0.0.0.0/32,10.0.0.0/8",
		"DATA_DIR": t.TempDir(), "STRIPE_WEBHOOK_SECRET": WebhookSecret}
	for k, v := range extra {
		envs[k] = v
	}
	cfg, err := config.Load(func(k string) string { return envs[k] })
	if err != nil {
		t.Fatal(err)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Hasher == nil {
		opts.Hasher = CheapHasher()
	}
	mails := &mail.Recorder{}
	router := &mailRouter{rec: mails}
	if opts.Mailer == nil {
		opts.Mailer = router
	}
	clock, _ := opts.Clock.(*Clock)
	if opts.Clock == nil {
		clock = NewClock(time.Now().UTC().Truncate(time.Microsecond))
		opts.Clock = clock
	}
	sys, err := system.New(context.Background(), cfg, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	return &Env{System: sys, DB: db, Clock: clock, Mails: mails, router: router}
}

// Instance is another process of the system on the same database and
// configuration (a worker with its own clock, an instance that crashes),
// built with opts; what opts leaves empty is the environment's.
func (e *Env) Instance(t testing.TB, opts system.Options) *system.System {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = e.Logger
	}
	if opts.Hasher == nil {
		opts.Hasher = CheapHasher()
	}
	if opts.Mailer == nil {
		opts.Mailer = e.router
	}
	if opts.Gateway == nil {
		opts.Gateway = e.Gateway
	}
	if opts.Clock == nil {
		opts.Clock = e.System.Clock
	}
	sys, err := system.New(context.Background(), e.Config, e.DB, opts)
	if err != nil {
		t.Fatal(err)
	}
	return sys
}

// RouteMail sends the messages pick chooses through to (a real SMTP
// server); the others are still recorded. Set it before the requests whose
// mail it routes.
func (e *Env) RouteMail(to app.Mailer, pick func(app.Message) bool) {
	e.router.mu.Lock()
	defer e.router.mu.Unlock()
	e.router.route = func(m app.Message) app.Mailer {
		if pick(m) {
			return to
		}
		return nil
	}
}

// AlertMail picks the alert service's messages (confirmations and
// digests), for RouteMail.
func AlertMail(m app.Message) bool {
	return strings.HasPrefix(m.Subject, "Confirm your job alert") || m.Headers["List-Unsubscribe"] != ""
}

// mailRouter records messages, or sends those a route picks through
// another mailer.
type mailRouter struct {
	rec   *mail.Recorder
	mu    sync.Mutex
	route func(app.Message) app.Mailer
}

// Send delivers m through the mailer its route picks, else records it.
func (r *mailRouter) Send(ctx context.Context, m app.Message) error {
	r.mu.Lock()
	route := r.route
	r.mu.Unlock()
	if route != nil {
		if to := route(m); to != nil {
			return to.Send(ctx, m)
		}
	}
	return r.rec.Send(ctx, m)
}
