package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/infra/mail"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/system/systemtest"
	"github.com/jobboard/jobboard/infra/web"
)

// testBaseDomain is the platform host in HTTP tests.
const testBaseDomain = systemtest.BaseDomain

// harness is a wired system on a fresh database with its HTTP server.
type harness struct {
	t   testing.TB
	env *systemtest.Env
	sys *system.System
	srv *web.Server
	db  *store.DB
	// mails records what the system sent, except what routeMail sends
	// elsewhere.
	mails *mail.Recorder
	// clock is the system's clock when the test left it to the harness:
	// it runs with the real time until the test advances it.
	clock *systemtest.Clock
}

// routeMail sends the messages pick chooses through to; the others are
// still recorded. Set it before the requests whose mail it routes.
func (h *harness) routeMail(to app.Mailer, pick func(app.Message) bool) { h.env.RouteMail(to, pick) }

// alertMail picks the alert service's messages: confirmations and digests.
var alertMail = systemtest.AlertMail

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
// is a silent logger, a cheap hasher, a mail recorder and a clock running
// with the real time.
func newHarnessWith(t testing.TB, db *store.DB, extra map[string]string, opts system.Options) *harness {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = systemtest.NewRunningClock()
	}
	env := systemtest.Build(t, db, extra, opts)
	srv, err := env.WebServer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, env: env, sys: env.System, srv: srv, db: db, mails: env.Mails, clock: env.Clock}
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
	return c.exchange(c.request(method, path, body, header))
}

// request is a request from this client: its host, address, headers and
// cookies, then header.
func (c *client) request(method, path string, body io.Reader, header map[string]string) *http.Request {
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
	return req
}

// exchange sends req to the server and keeps the cookies it sets.
func (c *client) exchange(req *http.Request) response {
	c.h.t.Helper()
	resp, err := c.h.srv.App().Test(req, -1)
	if err != nil {
		c.h.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
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

// signupAndLogin creates an account through the API, confirms its
// address with the link mailed to it, and returns a bearer token.
func (c *client) signupAndLogin(email, password, name string) string {
	c.h.t.Helper()
	r := c.postJSON("/api/v1/auth/signup", map[string]string{"email": email, "password": password, "name": name}, nil)
	if r.StatusCode != http.StatusCreated {
		c.h.t.Fatalf("signup %s: %d %s", email, r.StatusCode, r.body)
	}
	c.confirmEmail(email)
	return c.login(email, password)
}

// confirmEmail follows the newest confirmation link mailed to email.
func (c *client) confirmEmail(email string) {
	c.h.t.Helper()
	token := c.h.env.LinkToken(c.h.t, email, "", "/verify-email")
	if r := c.postJSON("/api/v1/auth/email/verify", map[string]string{"token": token}, nil); r.StatusCode != http.StatusOK {
		c.h.t.Fatalf("confirm %s: %d %s", email, r.StatusCode, r.body)
	}
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
	return h.env.Instance(h.t, opts)
}

// hostOnly is host without its port.
func hostOnly(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return host
}
