package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/infra/config"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/system/systemtest"
	"github.com/jobboard/jobboard/infra/web"
)

// testBaseDomain is the platform host in HTTP tests.
const testBaseDomain = "jobs.test"

// cheapHash keeps tests fast; the real parameters are tested in
// infra/secure.
var cheapHash = secure.Params{MemoryKiB: 256, Iterations: 1, Lanes: 1, SaltLen: 16, KeyLen: 32}

// harness is a wired system on a fresh database with its HTTP server.
type harness struct {
	t   testing.TB
	sys *system.System
	srv *web.Server
	db  *store.DB
	// mails records what the system sent, except what routeMail sends
	// elsewhere.
	mails  *mail.Recorder
	router *mailRouter
	// clock is the system's clock when the test left it to the harness:
	// it runs with the real time until the test advances it.
	clock *systemtest.Clock
}

// mailRouter records messages, or sends those a route picks through
// another mailer (a real SMTP server).
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

// routeMail sends the messages pick chooses through to; the others are
// still recorded. Set it before the requests whose mail it routes.
func (h *harness) routeMail(to app.Mailer, pick func(app.Message) bool) {
	h.router.mu.Lock()
	defer h.router.mu.Unlock()
	h.router.route = func(m app.Message) app.Mailer {
		if pick(m) {
			return to
		}
		return nil
	}
}

// alertMail picks the alert service's messages: confirmations and digests.
func alertMail(m app.Message) bool {
	return strings.HasPrefix(m.Subject, "Confirm your job alert") || m.Headers["List-Unsubscribe"] != ""
}

// eachDialect runs fn with a fresh harness per dialect.
func eachDialect(t *testing.T, fn func(t *testing.T, h *harness)) {
	t.Helper()
	eachDialectWith(t, system.Options{}, fn)
}

// eachDialectWith runs fn with a fresh harness per dialect, built with
// opts (the harness's logger, hasher and mail recorder fill what opts
// leaves empty).
func eachDialectWith(t *testing.T, opts system.Options, fn func(t *testing.T, h *harness)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, newHarnessWith(t, storetest.Open(t, d), nil, opts))
		})
	}
}

// newHarness wires the system on db. extra overrides environment values.
func newHarness(t testing.TB, db *store.DB, extra map[string]string) *harness {
	t.Helper()
	return newHarnessWith(t, db, extra, system.Options{})
}

// newHarnessWith wires the system on db with opts; what opts leaves empty
// is a silent logger, a cheap hasher and a mail recorder.
func newHarnessWith(t testing.TB, db *store.DB, extra map[string]string, opts system.Options) *harness {
	t.Helper()
	envs := map[string]string{"BASE_DOMAIN": testBaseDomain, "APP_ENV": "test", "TRUSTED_PROXIES": "0.0.0.0/32,10.0.0.0/8", "DATA_DIR": t.TempDir(),
		"STRIPE_WEBHOOK_SECRET": billingWebhookSecret}
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
		opts.Hasher = secure.NewArgon2id(cheapHash, 4)
	}
	mails := &mail.Recorder{}
	router := &mailRouter{rec: mails}
	if opts.Mailer == nil {
		opts.Mailer = router
	}
	var clock *systemtest.Clock
	if opts.Clock == nil {
		clock = systemtest.NewRunningClock()
		opts.Clock = clock
	}
	ctx := context.Background()
	sys, err := system.New(ctx, cfg, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sys.WebServer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, sys: sys, srv: srv, db: db, mails: mails, router: router, clock: clock}
}

// fixture is a board with its owner's credentials.
type fixture struct {
	ID, Slug, Host        string
	OwnerEmail, OwnerPass string
}

// newBoard creates a board through the use case, as the CLI does.
func (h *harness) newBoard(slug string) fixture {
	h.t.Helper()
	f := fixture{Slug: slug, Host: slug + "." + testBaseDomain, OwnerEmail: "owner@" + slug + ".example", OwnerPass: "owner password " + slug}
	created, err := h.sys.Boards.Create(context.Background(), appboard.System(), appboard.CreateInput{
		Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:] + " Jobs", OwnerEmail: f.OwnerEmail, OwnerPassword: f.OwnerPass, OwnerName: "Owner " + slug,
	})
	if err != nil {
		h.t.Fatalf("create board %s: %v", slug, err)
	}
	f.ID = created.Board.ID().String()
	return f
}

// client is a browser or API client bound to one host, with a cookie jar.
type client struct {
	h       *harness
	host    string
	cookies map[string]string
	ip      string // the client address, sent through the trusted proxy
	headers map[string]string
}

func (h *harness) client(host string) *client {
	return &client{h: h, host: host, cookies: map[string]string{}, headers: map[string]string{}}
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	body string
}

// json decodes the body into a map.
func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body is not JSON (%v): %.300s", err, r.body)
	}
	return m
}

// errorCode returns error.code of a JSON error body.
func (r response) errorCode(t testing.TB) string {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// errorField returns error.fields[name] of a JSON error body.
func (r response) errorField(t testing.TB, name string) string {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	fields, _ := e["fields"].(map[string]any)
	v, _ := fields[name].(string)
	return v
}

// do sends a request and records the cookies the response sets.
func (c *client) do(method, path string, body io.Reader, header map[string]string) response {
	c.h.t.Helper()
	req := httptest.NewRequest(method, "http://"+c.host+path, body)
	req.Host = c.host
	if c.ip != "" {
		// app.Test's peer is 0.0.0.0, a trusted proxy here, so the
		// client address travels in X-Forwarded-For as behind a real proxy.
		req.Header.Set("X-Forwarded-For", c.ip)
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	var parts []string
	for k, v := range c.cookies {
		parts = append(parts, k+"="+v)
	}
	if len(parts) > 0 {
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	resp, err := c.h.srv.App().Test(req, -1)
	if err != nil {
		c.h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())) {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return response{Response: resp, body: string(b)}
}

func (c *client) get(path string) response { return c.do(http.MethodGet, path, nil, nil) }

// postJSON sends a JSON body.
func (c *client) postJSON(path string, v any, header map[string]string) response {
	var body io.Reader
	switch b := v.(type) {
	case string:
		body = strings.NewReader(b)
	default:
		raw, _ := json.Marshal(v)
		body = strings.NewReader(string(raw))
	}
	hdr := map[string]string{"Content-Type": "application/json"}
	for k, v := range header {
		hdr[k] = v
	}
	return c.do(http.MethodPost, path, body, hdr)
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// csrf loads a page and returns the CSRF token it carries.
func (c *client) csrf(path string) string {
	c.h.t.Helper()
	r := c.get(path)
	m := csrfMeta.FindStringSubmatch(r.body)
	if m == nil {
		c.h.t.Fatalf("no CSRF token on %s (status %d)", path, r.StatusCode)
	}
	return m[1]
}

// postForm submits a form with the CSRF token of the page it came from.
func (c *client) postForm(page, path string, values url.Values) response {
	c.h.t.Helper()
	values.Set("_csrf", c.csrf(page))
	return c.do(http.MethodPost, path, strings.NewReader(values.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
}

// signup creates an account through the API and returns its token.
func (c *client) signupAndLogin(email, password, name string) string {
	c.h.t.Helper()
	r := c.postJSON("/api/v1/auth/signup", map[string]string{"email": email, "password": password, "name": name}, nil)
	if r.StatusCode != http.StatusCreated {
		c.h.t.Fatalf("signup %s: %d %s", email, r.StatusCode, r.body)
	}
	return c.login(email, password)
}

// login returns a bearer token.
func (c *client) login(email, password string) string {
	c.h.t.Helper()
	r := c.postJSON("/api/v1/auth/login", map[string]string{"email": email, "password": password}, nil)
	if r.StatusCode != http.StatusOK {
		c.h.t.Fatalf("login %s: %d %s", email, r.StatusCode, r.body)
	}
	tok, _ := r.json(c.h.t)["token"].(string)
	return tok
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

// instance is another process of the system on the harness's database and
// configuration (a worker with its own clock, an instance that crashes),
// built with opts; what opts leaves empty is the harness's.
func (h *harness) instance(opts system.Options) *system.System {
	h.t.Helper()
	if opts.Logger == nil {
		opts.Logger = h.sys.Logger
	}
	if opts.Hasher == nil {
		opts.Hasher = secure.NewArgon2id(cheapHash, 4)
	}
	if opts.Mailer == nil {
		opts.Mailer = h.router
	}
	if opts.Gateway == nil {
		opts.Gateway = h.sys.Gateway
	}
	if opts.Clock == nil {
		opts.Clock = h.sys.Clock
	}
	sys, err := system.New(context.Background(), h.sys.Config, h.db, opts)
	if err != nil {
		h.t.Fatal(err)
	}
	return sys
}
