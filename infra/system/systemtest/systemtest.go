// Package systemtest builds the whole system on a fresh database for the
// use-case tests beside the code in app/<context>: real repositories on
// SQLite (and PostgreSQL when TEST_DATABASE_URL is set), no HTTP, a clock
// the test moves, and a mail recorder.
package systemtest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system"
)

// WebhookSecret signs the test gateway's payment notifications.
const WebhookSecret = "whsec_systemtest"

// Clock is a clock the test sets and moves: standing still at a time it
// is given, or running with the real time plus what the test advanced.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	running bool
	offset  time.Duration
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// NewRunningClock returns a clock that runs with the real time; Advance
// moves it ahead and it keeps running, Set stops it.
func NewRunningClock() *Clock { return &Clock{running: true} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return time.Now().UTC().Truncate(time.Microsecond).Add(c.offset)
	}
	return c.now
}

// Set puts the clock at t; it stands there from then on.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now, c.running = t, false
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		c.offset += d
		return
	}
	c.now = c.now.Add(d)
}

// Env is a system on a fresh database, with its clock and recorded mail.
type Env struct {
	*system.System
	Clock *Clock
	Mails *mail.Recorder
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

// New builds the system on a fresh database of the dialect.
func New(t testing.TB, dialect string) *Env {
	t.Helper()
	envs := map[string]string{"BASE_DOMAIN": "jobs.test", "APP_ENV": "test", "DATA_DIR": t.TempDir(), "STRIPE_WEBHOOK_SECRET": WebhookSecret}
	cfg, err := config.Load(func(k string) string { return envs[k] })
	if err != nil {
		t.Fatal(err)
	}
	clock := NewClock(time.Now().UTC().Truncate(time.Microsecond))
	mails := &mail.Recorder{}
	sys, err := system.New(context.Background(), cfg, storetest.Open(t, dialect), system.Options{
		Clock: clock, Mailer: mails, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Hasher: secure.NewArgon2id(secure.Params{MemoryKiB: 256, Iterations: 1, Lanes: 1, SaltLen: 16, KeyLen: 32}, 4),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &Env{System: sys, Clock: clock, Mails: mails}
}

// Board is a board and its owner.
type Board struct {
	Tenant  domain.TenantID
	OwnerID string
}

// NewBoard creates a board with default settings, as the command line does.
func (e *Env) NewBoard(t testing.TB, slug string) Board {
	t.Helper()
	created, err := e.Boards.Create(context.Background(), appboard.System(), appboard.CreateInput{
		Slug: slug, Name: "Board " + slug, OwnerEmail: "owner@" + slug + ".example", OwnerPassword: "owner password " + slug, OwnerName: "Owner",
	})
	if err != nil {
		t.Fatalf("create board %s: %v", slug, err)
	}
	return Board{Tenant: created.Board.ID(), OwnerID: created.Owner.ID()}
}

// Employer is a signed-up user whose company profile is published.
type Employer struct {
	UserID    string
	CompanyID string
}

// NewEmployer signs up email on the board and registers a company that the
// board's owner approves.
func (e *Env) NewEmployer(t testing.TB, b Board, email, companyName string) Employer {
	t.Helper()
	ctx := context.Background()
	u, err := e.Accounts.Signup(ctx, b.Tenant, appaccount.SignupInput{Email: email, Password: "passphrase for " + email, Name: strings.Split(email, "@")[0]})
	if err != nil {
		t.Fatalf("sign up %s: %v", email, err)
	}
	actor := app.Actor{UserID: u.ID()}
	c, err := e.Companies.Register(ctx, b.Tenant, actor, appcompany.ProfileInput{Name: companyName, Description: "About " + companyName + "."})
	if err != nil {
		t.Fatalf("register %s: %v", companyName, err)
	}
	if _, err := e.Companies.Submit(ctx, b.Tenant, actor, c.ID()); err != nil {
		t.Fatalf("submit %s: %v", companyName, err)
	}
	if _, err := e.Companies.Approve(ctx, b.Tenant, appOwner(b), c.ID()); err != nil {
		t.Fatalf("approve %s: %v", companyName, err)
	}
	return Employer{UserID: u.ID(), CompanyID: c.ID()}
}

// appOwner is the board owner acting.
func appOwner(b Board) app.Actor { return app.UserActor(b.OwnerID) }

// Configure changes the board's settings as its owner does.
func (e *Env) Configure(t testing.TB, b Board, change func(*appboard.SettingsInput)) {
	t.Helper()
	ctx := context.Background()
	cur, err := e.Boards.Settings(ctx, b.Tenant, app.UserActor(b.OwnerID))
	if err != nil {
		t.Fatal(err)
	}
	in := appboard.SettingsOf(cur)
	change(&in)
	if _, err := e.Boards.UpdateSettings(ctx, b.Tenant, app.UserActor(b.OwnerID), in); err != nil {
		t.Fatalf("configure the board: %v", err)
	}
}

// Posting is a valid posting of a job titled title.
func Posting(title string) appjob.PostingInput {
	return appjob.PostingInput{Title: title, Description: "We are hiring a **" + title + "**.", EmploymentType: "FULL_TIME",
		Locations: []string{"Basel, Switzerland"}, Workplace: "onsite", Category: "Research & Development", Seniority: "mid",
		Tags: []string{"GMP"}, ApplyURL: "https://careers.example/apply"}
}

// PublishedJob creates a job of the employer's company, submits it and has
// the board's owner approve it.
func (e *Env) PublishedJob(t testing.TB, b Board, emp Employer, in appjob.PostingInput) *job.Job {
	t.Helper()
	ctx := context.Background()
	actor := app.Actor{UserID: emp.UserID}
	j, err := e.Jobs.Create(ctx, b.Tenant, actor, emp.CompanyID, in)
	if err != nil {
		t.Fatalf("create job %q: %v", in.Title, err)
	}
	if _, err := e.Jobs.Submit(ctx, b.Tenant, actor, j.ID()); err != nil {
		t.Fatalf("submit job %q: %v", in.Title, err)
	}
	if j, err = e.Jobs.Approve(ctx, b.Tenant, appOwner(b), j.ID()); err != nil {
		t.Fatalf("approve job %q: %v", in.Title, err)
	}
	return j
}

// Deliver sends a payment notification of type typ about obj, signed as
// the gateway signs them, through the billing service's webhook handler.
// id names the event: the same id is the same notification delivered again.
func (e *Env) Deliver(t testing.TB, id, typ string, obj map[string]any) error {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"id": id, "object": "event", "type": typ, "api_version": "2023-10-16", "created": time.Now().Unix(),
		"livemode": false, "pending_webhooks": 1, "data": map[string]any{"object": obj},
	})
	if err != nil {
		t.Fatal(err)
	}
	sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: WebhookSecret, Timestamp: time.Now()}).Header
	return e.Billing.HandleWebhook(context.Background(), body, sig)
}
