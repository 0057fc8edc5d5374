package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	appaccount "github.com/jobboard/jobboard/app/account"
)

func TestAPISignupLoginMeLogout(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		c := h.client(b.Host)
		tok := c.signupAndLogin("Jane@Example.com", "a long enough passphrase", "Jane Doe")

		me := c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok))
		if me.StatusCode != http.StatusOK {
			t.Fatalf("me: %d %s", me.StatusCode, me.body)
		}
		m := me.json(t)
		user := m["user"].(map[string]any)
		if user["email"] != "jane@example.com" || user["name"] != "Jane Doe" {
			t.Fatalf("me user = %v", user)
		}
		if roles := m["roles"].([]any); len(roles) != 1 || roles[0] != "candidate" {
			t.Fatalf("roles = %v, want [candidate]", roles)
		}
		if m["board"].(map[string]any)["id"] != b.ID {
			t.Fatalf("board = %v", m["board"])
		}

		// Signing up again with the address answers as a new sign-up does;
		// the owner is told by mail, and the account is unchanged.
		first := c.postJSON("/api/v1/auth/signup", map[string]string{"email": "june@example.com", "password": "another long passphrase", "name": "J"}, nil)
		again := c.postJSON("/api/v1/auth/signup", map[string]string{"email": "Jane@example.com", "password": "another long passphrase", "name": "J"}, nil)
		if again.StatusCode != first.StatusCode || strings.ReplaceAll(again.body, "Jane@example.com", "june@example.com") != first.body {
			t.Fatalf("a taken address answers differently:\n%d %s\n%d %s", first.StatusCode, first.body, again.StatusCode, again.body)
		}
		if m, _ := h.mails.Last(); m.To != "jane@example.com" || !strings.Contains(m.Subject, "Someone tried to sign up") || !strings.Contains(m.Text, "/forgot-password") {
			t.Fatalf("the owner of the address was not told: %+v", m)
		}
		if r := c.postJSON("/api/v1/auth/login", map[string]string{"email": "jane@example.com", "password": "another long passphrase"}, nil); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("the second sign-up changed the password: %d", r.StatusCode)
		}

		if r := c.do(http.MethodPost, "/api/v1/auth/logout", nil, bearer(tok)); r.StatusCode != http.StatusNoContent {
			t.Fatalf("logout: %d %s", r.StatusCode, r.body)
		}
		if r := c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("me after logout: %d, want 401", r.StatusCode)
		}
	})
}

func TestSameAnswerForUnknownEmailAndWrongPassword(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		c := h.client(b.Host)
		wrong := c.postJSON("/api/v1/auth/login", map[string]string{"email": b.OwnerEmail, "password": "not the password"}, nil)
		unknown := c.postJSON("/api/v1/auth/login", map[string]string{"email": "nobody@acme.example", "password": "not the password"}, nil)
		if wrong.StatusCode != http.StatusUnauthorized || unknown.StatusCode != http.StatusUnauthorized {
			t.Fatalf("statuses %d and %d, want 401", wrong.StatusCode, unknown.StatusCode)
		}
		if wrong.body != unknown.body {
			t.Fatalf("answers differ:\n%s\n%s", wrong.body, unknown.body)
		}
	})
}

func TestLoginThrottlePerAccountAndClientAndPerIP(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		h.clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		login := func(c *client, email, password string) response {
			return c.postJSON("/api/v1/auth/login", map[string]string{"email": email, "password": password}, nil)
		}
		c := h.client(b.Host)
		c.ip = "192.0.2.10"
		for i := range appaccount.SlowAfter {
			if r := login(c, b.OwnerEmail, "wrong guess"); r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i+1, r.StatusCode)
			}
		}
		// The failing client slows down: it must wait a second.
		r := login(c, b.OwnerEmail, b.OwnerPass)
		if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "1" {
			t.Fatalf("after %d failures: %d (Retry-After %q) %s", appaccount.SlowAfter, r.StatusCode, r.Header.Get("Retry-After"), r.body)
		}
		// The owner, on another client, still signs in.
		other := h.client(b.Host)
		other.ip = "192.0.2.99"
		if r := login(other, b.OwnerEmail, b.OwnerPass); r.StatusCode != http.StatusOK {
			t.Fatalf("the owner is locked out by someone else's failures: %d %s", r.StatusCode, r.body)
		}
		// The waits grow, then the pair is refused until the window ends,
		// even with the right password.
		for i := appaccount.SlowAfter; i < appaccount.MaxPairFailures; i++ {
			h.clock.Advance(65 * time.Second)
			if r := login(c, b.OwnerEmail, "wrong guess"); r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("attempt %d after waiting: %d %s", i+1, r.StatusCode, r.body)
			}
		}
		h.clock.Advance(2 * time.Minute)
		if r := login(c, b.OwnerEmail, b.OwnerPass); r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("after %d failures: %d, want 429", appaccount.MaxPairFailures, r.StatusCode)
		}
		h.clock.Advance(appaccount.LoginWindow)
		if r := login(c, b.OwnerEmail, b.OwnerPass); r.StatusCode != http.StatusOK {
			t.Fatalf("after the window: %d %s", r.StatusCode, r.body)
		}
		// The same for an e-mail that does not exist: no enumeration.
		for range appaccount.SlowAfter {
			login(c, "ghost@acme.example", "wrong guess")
		}
		if r := login(c, "ghost@acme.example", "x"); r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("unknown account not throttled alike: %d", r.StatusCode)
		}

		// Per IP: many accounts from one address, seen through a chain of
		// trusted proxies.
		proxied := h.client(b.Host)
		proxied.headers["X-Forwarded-For"] = "203.0.113.7, 10.9.9.9"
		for i := 0; i < 50; i++ {
			r := proxied.postJSON("/api/v1/auth/login", map[string]string{"email": "user" + strconv.Itoa(i) + "@acme.example", "password": "wrong guess"}, nil)
			if r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("ip attempt %d: %d %s", i, r.StatusCode, r.body)
			}
		}
		r = proxied.postJSON("/api/v1/auth/login", map[string]string{"email": "someone@acme.example", "password": "x"}, nil)
		if r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("ip limit: %d", r.StatusCode)
		}
		// Another client behind the same proxies is another address.
		proxied.headers["X-Forwarded-For"] = "203.0.113.8, 10.9.9.9"
		if r := proxied.postJSON("/api/v1/auth/login", map[string]string{"email": "fresh@acme.example", "password": "x"}, nil); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("other client behind proxy: %d", r.StatusCode)
		}
	})
}

func TestCredentialsAndTokensAreBoundToTheirBoard(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a, b := h.newBoard("alpha"), h.newBoard("beta")
		ca, cb := h.client(a.Host), h.client(b.Host)
		tok := ca.signupAndLogin("pat@example.com", "pat's long passphrase", "Pat")

		// Same credentials on board B: not registered there.
		r := cb.postJSON("/api/v1/auth/login", map[string]string{"email": "pat@example.com", "password": "pat's long passphrase"}, nil)
		if r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("login on B with A's account: %d %s", r.StatusCode, r.body)
		}
		// A's token on B.
		if r := cb.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("A's token on B: %d %s", r.StatusCode, r.body)
		}
		// A's session cookie on B.
		ca.postForm("/login", "/login", url.Values{"email": {"pat@example.com"}, "password": {"pat's long passphrase"}})
		sid := ca.cookies["jb_session"]
		if sid == "" {
			t.Fatal("no session cookie after login")
		}
		cb.cookies["jb_session"] = sid
		if r := cb.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("A's cookie on B: %d %s", r.StatusCode, r.body)
		}
		if r := ca.get("/api/v1/auth/me"); r.StatusCode != http.StatusOK {
			t.Fatalf("A's cookie on A: %d %s", r.StatusCode, r.body)
		}
		// Registering on B with the same e-mail makes a separate account.
		delete(cb.cookies, "jb_session")
		cb.signupAndLogin("pat@example.com", "a different passphrase", "Pat on B")
		if r := h.client(a.Host).postJSON("/api/v1/auth/login", map[string]string{"email": "pat@example.com", "password": "a different passphrase"}, nil); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("B's password on A: %d", r.StatusCode)
		}
	})
}

func TestBrowserSignupLoginLogout(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		c := h.client(b.Host)

		// Without the token, a form post is refused.
		r := c.do(http.MethodPost, "/signup", strings.NewReader("email=a@b.example&password=long+enough+pw&name=A"), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("signup without CSRF: %d", r.StatusCode)
		}
		r = c.postForm("/signup", "/signup", url.Values{"email": {"sam@example.com"}, "password": {"sam's long passphrase"}, "name": {"Sam"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/check-email" {
			t.Fatalf("signup: %d %q %s", r.StatusCode, r.Header.Get("Location"), r.body)
		}
		if check := c.get("/check-email"); !strings.Contains(check.body, "we sent a link to sam@example.com") {
			t.Fatalf("the page after signing up does not say where the link went:\n%s", check.body)
		}
		// Signed in only after confirming the address and signing in.
		token := h.env.LinkToken(t, "sam@example.com", "", "/verify-email")
		r = c.postForm("/verify-email?token="+token, "/verify-email", url.Values{"token": {token}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
			t.Fatalf("confirm: %d %q %s", r.StatusCode, r.Header.Get("Location"), r.body)
		}
		if r := c.postForm("/login", "/login", url.Values{"email": {"sam@example.com"}, "password": {"sam's long passphrase"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("login after confirming: %d %s", r.StatusCode, r.body)
		}
		home := c.get("/")
		if !strings.Contains(home.body, `Signed in as </span><a href="/me/account" title="Your account"><strong>Sam</strong></a>`) {
			t.Fatalf("home does not show the signed-in user:\n%s", home.body)
		}
		first := c.cookies["jb_session"]

		// Logout destroys the session server-side: replaying the old cookie
		// does not sign anybody in.
		r = c.postForm("/", "/logout", url.Values{})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: %d", r.StatusCode)
		}
		replay := h.client(b.Host)
		replay.cookies["jb_session"] = first
		if r := replay.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("replayed cookie after logout: %d", r.StatusCode)
		}
		if data, _ := h.sys.DB.NewSelect().Table("sessions").Where("id = ?", first).Count(context.Background()); data != 0 {
			t.Fatalf("session row still stored after logout")
		}

		// Login issues a new session id, never reusing the one held before.
		c.cookies["jb_session"] = first
		r = c.postForm("/login", "/login", url.Values{"email": {"sam@example.com"}, "password": {"sam's long passphrase"}, "next": {"/api/v1/auth/me"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/api/v1/auth/me" {
			t.Fatalf("login: %d location %q", r.StatusCode, r.Header.Get("Location"))
		}
		if got := c.cookies["jb_session"]; got == "" || got == first {
			t.Fatalf("session id not renewed at login")
		}
		if r := c.get("/api/v1/auth/me"); r.StatusCode != http.StatusOK {
			t.Fatalf("me with cookie: %d", r.StatusCode)
		}
		// A cookie-authenticated API write needs the CSRF header.
		if r := c.do(http.MethodPost, "/api/v1/auth/logout", nil, nil); r.StatusCode != http.StatusForbidden {
			t.Fatalf("cookie API write without CSRF: %d", r.StatusCode)
		}
		// Off-site redirects after login are refused.
		r = h.client(b.Host).postForm("/login", "/login", url.Values{"email": {"sam@example.com"}, "password": {"sam's long passphrase"}, "next": {"//evil.example/x"}})
		if loc := r.Header.Get("Location"); loc != "/" {
			t.Fatalf("open redirect: location %q", loc)
		}
	})
}

func TestSessionCookieAttributes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), map[string]string{"APP_ENV": "production", "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x", "SECRET_KEY": strings.Repeat("k", 40)})
	b := h.newBoard("acme")
	c := h.client(b.Host)
	r := c.postForm("/login", "/login", url.Values{"email": {b.OwnerEmail}, "password": {b.OwnerPass}})
	var found bool
	for _, ck := range r.Cookies() {
		if ck.Name == "jb_session" {
			found = true
			if !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Domain != "" {
				t.Fatalf("session cookie attributes: %+v", ck)
			}
		}
	}
	if !found {
		t.Fatalf("no session cookie set: %d %s", r.StatusCode, r.body)
	}
	if hsts := r.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Fatalf("no HSTS in production: %q", hsts)
	}
}

// TestFlashIsClearedOnNestedPagesAndSecureInProduction: the one-time
// message's cookie is cleared with Path=/ wherever it is shown, so it does
// not show again, and is Secure in production.
func TestFlashIsClearedOnNestedPagesAndSecureInProduction(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetestOpenSQLite(t), map[string]string{"APP_ENV": "production", "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x", "SECRET_KEY": strings.Repeat("k", 40)})
	b := h.newBoard("acme")
	c := h.client(b.Host)
	r := c.postForm("/login", "/login", url.Values{"email": {b.OwnerEmail}, "password": {b.OwnerPass}, "next": {"/me/account"}})
	var set *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == "jb_flash" {
			set = ck
		}
	}
	if set == nil || set.Path != "/" || !set.Secure || !set.HttpOnly {
		t.Fatalf("flash cookie: %+v", set)
	}
	page := c.get("/me/account")
	if !strings.Contains(page.body, "Welcome back") {
		t.Fatalf("the message is not shown on the nested page")
	}
	var cleared *http.Cookie
	for _, ck := range page.Cookies() {
		if ck.Name == "jb_flash" {
			cleared = ck
		}
	}
	if cleared == nil || cleared.Path != "/" || cleared.MaxAge >= 0 && !cleared.Expires.Before(time.Now()) || !cleared.Secure {
		t.Fatalf("the flash cookie is not cleared for the whole site: %+v", cleared)
	}
	if again := c.get("/me/account"); strings.Contains(again.body, "Welcome back") {
		t.Error("the message shows twice")
	}
}
