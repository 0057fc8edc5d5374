package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/infra/secure"
)

func TestPlatformAdminConsole(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		if _, err := h.sys.Accounts.CreateAdmin(ctx, appaccount.CreateAdminInput{Email: "root@platform.example", Password: "platform admin passphrase"}); err != nil {
			t.Fatal(err)
		}
		a := h.newBoard("alpha")
		p := h.client(testBaseDomain)

		// The platform home lists active boards to anyone.
		if r := p.get("/"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Alpha Jobs") {
			t.Fatalf("platform home: %d", r.StatusCode)
		}
		// The console needs an admin.
		if r := p.get("/platform/boards"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/platform/login") {
			t.Fatalf("console anonymous: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		// A board owner is not a platform admin, on either host.
		if r := p.postForm("/platform/login", "/platform/login", url.Values{"email": {a.OwnerEmail}, "password": {a.OwnerPass}}); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("board owner on platform login: %d", r.StatusCode)
		}
		r := p.postForm("/platform/login", "/platform/login", url.Values{"email": {"root@platform.example"}, "password": {"platform admin passphrase"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("admin login: %d %s", r.StatusCode, r.body)
		}
		if r := p.get("/platform/boards"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "alpha."+testBaseDomain) {
			t.Fatalf("console: %d", r.StatusCode)
		}
		// The admin session is not valid on a board host.
		onBoard := h.client(a.Host)
		onBoard.cookies["jb_session"] = p.cookies["jb_session"]
		if r := onBoard.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("admin cookie on a board: %d", r.StatusCode)
		}

		// Create a board through the form; bad input re-renders with the field named.
		bad := p.postForm("/platform/boards", "/platform/boards", url.Values{"name": {"Gamma"}, "slug": {"Not OK"}, "owner_email": {"x"}, "owner_password": {"short"}})
		if bad.StatusCode != http.StatusBadRequest || !strings.Contains(bad.body, `id="slug-error"`) || !strings.Contains(bad.body, `id="owner_email-error"`) || !strings.Contains(bad.body, `id="owner_password-error"`) {
			t.Fatalf("bad create: %d", bad.StatusCode)
		}
		taken := p.postForm("/platform/boards", "/platform/boards", url.Values{"name": {"Alpha again"}, "slug": {"alpha"}, "owner_email": {"o@x.example"}, "owner_password": {"long enough passphrase"}})
		if taken.StatusCode != http.StatusConflict || !strings.Contains(taken.body, "already taken") {
			t.Fatalf("taken slug: %d", taken.StatusCode)
		}
		ok := p.postForm("/platform/boards", "/platform/boards", url.Values{"name": {"Gamma Jobs"}, "slug": {"gamma"}, "owner_email": {"o@gamma.example"}, "owner_password": {"gamma owner passphrase"}})
		if ok.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", ok.StatusCode, ok.body)
		}
		if r := h.client("gamma." + testBaseDomain).get("/"); r.StatusCode != http.StatusOK {
			t.Fatalf("new board home: %d", r.StatusCode)
		}
		// Its owner can sign in and holds the owner role.
		tok := h.client("gamma."+testBaseDomain).login("o@gamma.example", "gamma owner passphrase")
		me := h.client("gamma."+testBaseDomain).do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)).json(t)
		if roles := me["roles"].([]any); len(roles) != 1 || roles[0] != "owner" {
			t.Fatalf("creator roles = %v, want [owner]", roles)
		}

		// Suspend: the board answers 503 everywhere; reopen restores it.
		if r := p.postForm("/platform/boards", "/platform/boards/"+a.ID+"/suspend", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("suspend: %d %s", r.StatusCode, r.body)
		}
		for _, path := range []string{"/", "/login"} {
			if r := h.client(a.Host).get(path); r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.body, "unavailable") {
				t.Fatalf("suspended board %s: %d", path, r.StatusCode)
			}
		}
		if r := h.client(a.Host).postJSON("/api/v1/auth/login", map[string]string{"email": a.OwnerEmail, "password": a.OwnerPass}, nil); r.StatusCode != http.StatusServiceUnavailable || r.errorCode(t) != "board_suspended" {
			t.Fatalf("suspended board API: %d %s", r.StatusCode, r.body)
		}
		if r := p.postForm("/platform/boards", "/platform/boards/"+a.ID+"/suspend", url.Values{}); r.StatusCode != http.StatusConflict {
			t.Fatalf("suspend twice: %d", r.StatusCode)
		}
		if r := p.postForm("/platform/boards", "/platform/boards/"+a.ID+"/reopen", url.Values{}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("reopen: %d", r.StatusCode)
		}
		if r := h.client(a.Host).get("/"); r.StatusCode != http.StatusOK {
			t.Fatalf("reopened board: %d", r.StatusCode)
		}
		if r := p.postForm("/platform/boards", "/platform/boards/not-a-uuid/suspend", url.Values{}); r.StatusCode != http.StatusNotFound {
			t.Fatalf("suspend unknown board: %d", r.StatusCode)
		}
	})
}

func TestSecurityHeadersAndErrorPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), nil)
	b := h.newBoard("acme")
	r := h.client(b.Host).get("/")
	for header, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"X-Frame-Options":         "DENY",
		"X-Request-Id":            "",
	} {
		got := r.Header.Get(header)
		if got == "" || !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", header, got, want)
		}
	}
	if r.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS outside production")
	}
	nf := h.client(b.Host).get("/no/such/page")
	if nf.StatusCode != http.StatusNotFound || !strings.Contains(nf.Header.Get("Content-Type"), "text/html") || !strings.Contains(nf.body, "Page not found") {
		t.Fatalf("HTML 404: %d %s", nf.StatusCode, nf.Header.Get("Content-Type"))
	}
	unknown := h.client("nowhere." + testBaseDomain).get("/")
	if unknown.StatusCode != http.StatusNotFound || !strings.Contains(unknown.body, "no job board at this address") {
		t.Fatalf("unknown board: %d", unknown.StatusCode)
	}
	api := h.client(b.Host).get("/api/v1/nothing")
	if api.StatusCode != http.StatusNotFound || api.errorCode(t) != "not_found" {
		t.Fatalf("API 404: %d %s", api.StatusCode, api.body)
	}
	// A well-formed incoming request id is kept, a malformed one replaced.
	kept := h.client(b.Host).do(http.MethodGet, "/healthz", nil, map[string]string{"X-Request-ID": "abcdef123456"})
	if kept.Header.Get("X-Request-Id") != "abcdef123456" {
		t.Fatalf("request id not kept: %q", kept.Header.Get("X-Request-Id"))
	}
	bad := h.client(b.Host).do(http.MethodGet, "/healthz", nil, map[string]string{"X-Request-ID": "bad id\nwith newline"})
	if strings.ContainsAny(bad.Header.Get("X-Request-Id"), " \n") {
		t.Fatalf("malformed request id echoed")
	}
}

// TestPlatformAdminPasswordRecovery: "Forgot your password?" on the
// platform site mails a one-hour link to an admin (and says there is no
// admin account to anyone else, with the same answer); the link sets the
// password once and signs the admin out everywhere.
func TestPlatformAdminPasswordRecovery(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		if _, err := h.sys.Accounts.CreateAdmin(ctx, appaccount.CreateAdminInput{Email: "root@platform.example", Password: "platform admin passphrase"}); err != nil {
			t.Fatal(err)
		}
		signedIn := newBrowser(t, h, testBaseDomain)
		signedIn.submit(signedIn.page("/platform/login"), "/platform/login", url.Values{"email": {"root@platform.example"}, "password": {"platform admin passphrase"}})
		if r := signedIn.get("/platform/boards"); r.StatusCode != http.StatusOK {
			t.Fatalf("admin console: %d", r.StatusCode)
		}

		p := newBrowser(t, h, testBaseDomain)
		if !strings.Contains(p.page("/platform/login").body, `href="/platform/forgot-password"`) {
			t.Fatal("the platform sign-in page does not offer password recovery")
		}
		for _, email := range []string{"root@platform.example", "nobody@platform.example"} {
			seeOther(t, "forgot "+email, p.submit(p.page("/platform/forgot-password"), "/platform/forgot-password", url.Values{"email": {email}}), "/platform/login")
		}
		if m, _ := h.mails.Last(); m.To != "nobody@platform.example" || strings.Contains(m.Text, "token=") {
			t.Errorf("mail to an address without an admin account: %+v", m)
		}
		token := h.env.LinkToken(t, "root@platform.example", testBaseDomain, "/platform/reset-password")
		// A board's reset page does not take it.
		board := h.newBoard("acme")
		if r := newBrowser(t, h, board.Host).get("/reset-password?token=" + url.QueryEscape(token)); r.StatusCode != http.StatusBadRequest {
			t.Errorf("an admin link on a board: %d", r.StatusCode)
		}
		form := p.page("/platform/reset-password?token=" + url.QueryEscape(token))
		seeOther(t, "reset", p.submit(form, "/platform/reset-password", url.Values{"password": {"a new platform passphrase"}}), "/platform/login")
		if r := signedIn.get("/platform/boards"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("the admin's other session survived the reset: %d", r.StatusCode)
		}
		if r := p.submit(p.page("/platform/login"), "/platform/login", url.Values{"email": {"root@platform.example"}, "password": {"a new platform passphrase"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("sign in with the new password: %d", r.StatusCode)
		}
		again := newBrowser(t, h, testBaseDomain)
		if r := again.submit(again.page("/platform/reset-password?token="+url.QueryEscape(token)), "/platform/reset-password", url.Values{"password": {"yet another passphrase"}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("the link used twice: %d", r.StatusCode)
		}
	})
}

// TestPlatformAdminTwoFactor: a platform admin turns on two-factor sign-in
// with the password and a code; signing in then asks for a code, each
// working once, and a recovery code works too.
func TestPlatformAdminTwoFactor(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		if _, err := h.sys.Accounts.CreateAdmin(ctx, appaccount.CreateAdminInput{Email: "root@platform.example", Password: "platform admin passphrase"}); err != nil {
			t.Fatal(err)
		}
		h.clock.Set(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
		login := url.Values{"email": {"root@platform.example"}, "password": {"platform admin passphrase"}}
		a := newBrowser(t, h, testBaseDomain)
		a.submit(a.page("/platform/login"), "/platform/login", login)
		setup := a.page("/platform/two-factor")
		m := totpSecret.FindStringSubmatch(setup.body)
		if m == nil {
			t.Fatalf("no key on the set-up page: %.600s", setup.body)
		}
		code := func() string {
			c, err := secure.TOTP{}.Code(m[1], h.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if r := a.submit(setup, "/platform/two-factor", url.Values{"code": {code()}, "password": {"wrong"}}); r.StatusCode != http.StatusBadRequest {
			t.Fatalf("turned on with a wrong password: %d", r.StatusCode)
		}
		done := a.submit(a.page("/platform/two-factor"), "/platform/two-factor", url.Values{"code": {code()}, "password": {"platform admin passphrase"}})
		if done.StatusCode != http.StatusOK || strings.Count(done.body, "<li><code>") != 10 {
			t.Fatalf("no recovery codes: %d", done.StatusCode)
		}
		codes := regexp.MustCompile(`<li><code>([a-z0-9-]+)</code></li>`).FindAllStringSubmatch(done.body, -1)

		b := newBrowser(t, h, testBaseDomain)
		seeOther(t, "password", b.submit(b.page("/platform/login"), "/platform/login", login), "/platform/login/two-factor")
		if r := b.get("/platform/boards"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("the console before the code: %d", r.StatusCode)
		}
		if r := b.submit(b.page("/platform/login/two-factor"), "/platform/login/two-factor", url.Values{"code": {code()}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("the enrolment's code used again: %d", r.StatusCode)
		}
		seeOther(t, "recovery code", b.submit(b.page("/platform/login/two-factor"), "/platform/login/two-factor", url.Values{"code": {codes[0][1]}}), "/platform/boards")
		if r := b.get("/platform/boards"); r.StatusCode != http.StatusOK {
			t.Errorf("the console after the code: %d", r.StatusCode)
		}
		h.clock.Advance(30 * time.Second)
		c := newBrowser(t, h, testBaseDomain)
		c.submit(c.page("/platform/login"), "/platform/login", login)
		seeOther(t, "app code", c.submit(c.page("/platform/login/two-factor"), "/platform/login/two-factor", url.Values{"code": {code()}}), "/platform/boards")
		// A board user's pending session is no way into the platform.
		if r := newBrowser(t, h, testBaseDomain).get("/platform/login/two-factor"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("the code page without a password: %d", r.StatusCode)
		}
	})
}

// TestProductionAsksStaffAndAdminsForTwoFactor: in production, new boards
// ask their staff for two factors, and platform admins reach the console
// only with two factors.
func TestProductionAsksStaffAndAdminsForTwoFactor(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), map[string]string{"APP_ENV": "production", "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x", "SECRET_KEY": strings.Repeat("k", 40)})
	ctx := context.Background()
	if _, err := h.sys.Accounts.CreateAdmin(ctx, appaccount.CreateAdminInput{Email: "root@platform.example", Password: "platform admin passphrase"}); err != nil {
		t.Fatal(err)
	}
	a := newBrowser(t, h, testBaseDomain)
	a.submit(a.page("/platform/login"), "/platform/login", url.Values{"email": {"root@platform.example"}, "password": {"platform admin passphrase"}})
	seeOther(t, "console without a second factor", a.get("/platform/boards"), "/platform/two-factor")
	if r := a.get("/platform/two-factor"); r.StatusCode != http.StatusOK {
		t.Errorf("the set-up page: %d", r.StatusCode)
	}

	b := h.newBoard("acme")
	owner := newBrowser(t, h, b.Host)
	owner.submit(owner.page("/login"), "/login", url.Values{"email": {b.OwnerEmail}, "password": {b.OwnerPass}})
	seeOther(t, "a new board's owner without a second factor", owner.get("/admin/settings"), "/me/two-factor")
}
