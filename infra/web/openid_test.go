package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"
)

// startProvider runs an OpenID Connect provider for the test.
func startProvider(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return m
}

// atProvider follows the provider's sign-in address (the provider signs
// the queued user in at once) and returns where it sends the browser
// back to, as a path on the board.
func atProvider(t *testing.T, authURL string) string {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil {
		t.Fatalf("provider answered %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back.RequestURI()
}

// TestOpenIDSignIn: a board owner sets the publisher's provider; readers
// sign in with it (PKCE, state and nonce checked, the ID token verified),
// their first sign-in creating or joining the account with the verified
// address; forged state, a wrong nonce and unverified addresses are
// refused; and the provider can be the only way in for candidates.
func TestOpenIDSignIn(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		m := startProvider(t)
		f := h.newBoard("acme")
		owner := newBrowser(t, h, f.Host)
		owner.submit(owner.page("/login"), "/login", url.Values{"email": {f.OwnerEmail}, "password": {f.OwnerPass}})
		settings := owner.page("/admin/sign-in")
		bad := owner.submit(settings, "/admin/sign-in", url.Values{"issuer": {"ftp://nowhere"}, "client_id": {"x"}, "client_secret": {"y"}, "label": {"P"}})
		if bad.StatusCode != http.StatusBadRequest || !strings.Contains(bad.body, `id="issuer-error"`) {
			t.Fatalf("a bad issuer: %d", bad.StatusCode)
		}
		seeOther(t, "provider", owner.submit(owner.page("/admin/sign-in"), "/admin/sign-in", url.Values{
			"issuer": {m.Issuer()}, "client_id": {m.ClientID}, "client_secret": {m.ClientSecret}, "label": {"PharmaTimes"}}), "/admin/sign-in")
		if p := owner.page("/admin/sign-in"); strings.Contains(p.body, m.ClientSecret) {
			t.Fatal("the client secret is shown again")
		}

		signIn := func(b *browser, user *mockoidc.MockUser, next string) response {
			t.Helper()
			m.QueueUser(user)
			r := b.get("/login/openid?next=" + url.QueryEscape(next))
			loc := r.Header.Get("Location")
			if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, m.AuthorizationEndpoint()) ||
				!strings.Contains(loc, "code_challenge_method=S256") || !strings.Contains(loc, "nonce=") {
				t.Fatalf("start: %d %q", r.StatusCode, loc)
			}
			return b.get(atProvider(t, loc))
		}
		reader := newBrowser(t, h, f.Host)
		if p := reader.page("/login"); !strings.Contains(p.body, "Sign in with PharmaTimes") {
			t.Fatal("the sign-in page has no provider button")
		}
		ann := &mockoidc.MockUser{Subject: "sub-ann", Email: "Ann@PharmaTimes.example", EmailVerified: true}
		seeOther(t, "first sign-in", signIn(reader, ann, "/jobs"), "/jobs")
		me := reader.get("/api/v1/auth/me").json(t)
		user := me["user"].(map[string]any)
		if user["email"] != "ann@pharmatimes.example" || user["email_verified"] != true {
			t.Fatalf("the account made: %v", me)
		}
		again := newBrowser(t, h, f.Host)
		seeOther(t, "second sign-in", signIn(again, ann, "/"), "/")
		if id := again.get("/api/v1/auth/me").json(t)["user"].(map[string]any)["id"]; id != user["id"] {
			t.Errorf("the second sign-in made another account: %v, want %v", id, user["id"])
		}

		// An account with a password joins by its verified address.
		bob := h.client(f.Host)
		bob.signupAndLogin("bob@acme.example", "bob's long passphrase", "Bob")
		b2 := newBrowser(t, h, f.Host)
		seeOther(t, "join by address", signIn(b2, &mockoidc.MockUser{Subject: "sub-bob", Email: "bob@acme.example", EmailVerified: true}, "/"), "/")
		if got := b2.get("/api/v1/auth/me").json(t)["user"].(map[string]any)["email"]; got != "bob@acme.example" {
			t.Errorf("joined %v", got)
		}
		// An unverified address neither joins nor makes an account.
		b3 := newBrowser(t, h, f.Host)
		if r := signIn(b3, &mockoidc.MockUser{Subject: "sub-eve", Email: "bob@acme.example", EmailVerified: false}, "/"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("an unverified address: %d", r.StatusCode)
		}
		if r := b3.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("signed in with an unverified address: %d", r.StatusCode)
		}

		// A forged state, and a code whose ID token carries another nonce.
		forged := newBrowser(t, h, f.Host)
		m.QueueUser(ann)
		start := forged.get("/login/openid")
		back := atProvider(t, start.Header.Get("Location"))
		u, _ := url.Parse(back)
		q := u.Query()
		q.Set("state", "not-the-state")
		if r := forged.get(u.Path + "?" + q.Encode()); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("a forged state: %d", r.StatusCode)
		}
		nonce := newBrowser(t, h, f.Host)
		m.QueueUser(ann)
		auth, _ := url.Parse(nonce.get("/login/openid").Header.Get("Location"))
		aq := auth.Query()
		aq.Set("nonce", "someone-elses-nonce")
		auth.RawQuery = aq.Encode()
		if r := nonce.get(atProvider(t, auth.String())); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("a wrong nonce: %d", r.StatusCode)
		}
		if r := nonce.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("signed in with a wrong nonce: %d", r.StatusCode)
		}
		// A return without a sign-in started here.
		if r := newBrowser(t, h, f.Host).get(back); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("a return nobody started: %d", r.StatusCode)
		}

		// The only way in for candidates: no password sign-up or sign-in for
		// them; the owner keeps the password.
		form := owner.page("/admin/sign-in")
		seeOther(t, "exclusive", owner.submit(form, "/admin/sign-in", url.Values{"exclusive": {"on"}}), "/admin/sign-in")
		r := h.client(f.Host).postJSON("/api/v1/auth/login", map[string]string{"email": "bob@acme.example", "password": "bob's long passphrase"}, nil)
		if r.StatusCode != http.StatusForbidden || r.errorCode(t) != "use_provider" {
			t.Errorf("a candidate's password: %d %s", r.StatusCode, r.body)
		}
		r = h.client(f.Host).postJSON("/api/v1/auth/signup", map[string]string{"email": "new@acme.example", "password": "a long new passphrase", "name": "New"}, nil)
		if r.StatusCode != http.StatusForbidden || r.errorCode(t) != "use_provider" {
			t.Errorf("a password sign-up: %d %s", r.StatusCode, r.body)
		}
		h.client(f.Host).login(f.OwnerEmail, f.OwnerPass)

		// Another board has no provider.
		other := h.newBoard("beta")
		if r := newBrowser(t, h, other.Host).get("/login/openid"); r.StatusCode != http.StatusNotFound {
			t.Errorf("sign-in with a provider on a board without one: %d", r.StatusCode)
		}
	})
}
