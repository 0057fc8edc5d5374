package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/secure"
)

// TestPasswordRecoveryThroughThePages: "Forgot your password?" from the
// sign-in page, the same answer for any address, a link that works only on
// its board and only once, and a reset that signs out every session and
// token of the account.
func TestPasswordRecoveryThroughThePages(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a, other := h.newBoard("acme"), h.newBoard("beta")
		signedIn := newBrowser(t, h, a.Host)
		seeOther(t, "sign in", signedIn.submit(signedIn.page("/login"), "/login", url.Values{"email": {a.OwnerEmail}, "password": {a.OwnerPass}}), "/")
		apiToken := h.client(a.Host).login(a.OwnerEmail, a.OwnerPass)

		anon := newBrowser(t, h, a.Host)
		login := anon.page("/login")
		if !strings.Contains(login.body, `href="/forgot-password"`) {
			t.Fatal("the sign-in page does not offer password recovery")
		}
		known := anon.submit(anon.page("/forgot-password"), "/forgot-password", url.Values{"email": {a.OwnerEmail}})
		seeOther(t, "forgot", known, "/login")
		knownPage := anon.page("/login")
		unknown := anon.submit(anon.page("/forgot-password"), "/forgot-password", url.Values{"email": {"nobody@acme.example"}})
		seeOther(t, "forgot, unknown address", unknown, "/login")
		unknownPage := anon.page("/login")
		if !strings.Contains(knownPage.body, "If "+a.OwnerEmail+" has an account here") ||
			strings.ReplaceAll(unknownPage.body, "nobody@acme.example", a.OwnerEmail) != strings.ReplaceAll(knownPage.body, csrfOf(knownPage.body), csrfOf(unknownPage.body)) {
			t.Errorf("the answers for a known and an unknown address differ")
		}
		if bad := anon.submit(anon.page("/forgot-password"), "/forgot-password", url.Values{"email": {"not an address"}}); bad.StatusCode != http.StatusBadRequest || !strings.Contains(bad.body, `id="email-error"`) {
			t.Errorf("a malformed address: %d", bad.StatusCode)
		}

		token := h.env.LinkToken(t, a.OwnerEmail, "", "/reset-password")
		path := "/reset-password?token=" + url.QueryEscape(token)
		elsewhere := newBrowser(t, h, other.Host).get(path)
		if elsewhere.StatusCode != http.StatusBadRequest || !strings.Contains(elsewhere.body, "This link cannot be used") || strings.Contains(elsewhere.body, `name="password"`) {
			t.Errorf("the link on another board: %d", elsewhere.StatusCode)
		}
		form := anon.page(path)
		weak := anon.submit(form, "/reset-password", url.Values{"password": {"short"}})
		if weak.StatusCode != http.StatusBadRequest || !strings.Contains(weak.body, `id="password-error"`) {
			t.Fatalf("a weak password: %d %.300s", weak.StatusCode, weak.body)
		}
		done := anon.submit(anon.page(path), "/reset-password", url.Values{"password": {"a brand new passphrase"}})
		seeOther(t, "reset", done, "/login")
		if r := signedIn.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("another browser stayed signed in after the reset: %d", r.StatusCode)
		}
		if r := h.client(a.Host).do(http.MethodGet, "/api/v1/auth/me", nil, bearer(apiToken)); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("an API token survived the reset: %d", r.StatusCode)
		}
		h.client(a.Host).login(a.OwnerEmail, "a brand new passphrase")
		if again := anon.get(path); again.StatusCode != http.StatusBadRequest || !strings.Contains(again.body, `href="/forgot-password"`) {
			t.Errorf("a used link: %d", again.StatusCode)
		}
	})
}

// csrfOf returns the CSRF token a page carries, or "".
func csrfOf(body string) string {
	if m := csrfMeta.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// TestAccountPageChangesPasswordAndAddress: the account page changes the
// password (this browser stays signed in, others are signed out) and the
// address (after its link is followed).
func TestAccountPageChangesPasswordAndAddress(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		const email = "ann@acme.example"
		me := newBrowser(t, h, f.Host)
		signupThroughForm(t, me, "/signup", email, "Ann")
		phone := newBrowser(t, h, f.Host)
		phone.submit(phone.page("/login"), "/login", url.Values{"email": {email}, "password": {"passphrase for " + email}})

		page := me.page("/me/account")
		if !strings.Contains(page.body, email) || !strings.Contains(page.body, "confirmed") {
			t.Fatalf("the account page: %.500s", page.body)
		}
		wrong := me.submit(page, "/me/account/password", url.Values{"current_password": {"not it"}, "new_password": {"a brand new passphrase"}})
		if wrong.StatusCode != http.StatusBadRequest || !strings.Contains(wrong.body, `id="current_password-error"`) {
			t.Fatalf("wrong current password: %d", wrong.StatusCode)
		}
		weak := me.submit(me.page("/me/account"), "/me/account/password", url.Values{"current_password": {"passphrase for " + email}, "new_password": {"short"}})
		if weak.StatusCode != http.StatusBadRequest || !strings.Contains(weak.body, `id="new_password-error"`) || strings.Contains(weak.body, `id="password-error"`) {
			t.Fatalf("a weak new password is not shown on its field: %d", weak.StatusCode)
		}
		seeOther(t, "change password", me.submit(me.page("/me/account"), "/me/account/password",
			url.Values{"current_password": {"passphrase for " + email}, "new_password": {"a brand new passphrase"}}), "/me/account")
		if r := me.get("/api/v1/auth/me"); r.StatusCode != http.StatusOK {
			t.Errorf("the browser that changed the password was signed out: %d", r.StatusCode)
		}
		if r := phone.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("another browser stayed signed in: %d", r.StatusCode)
		}

		seeOther(t, "change address", me.submit(me.page("/me/account"), "/me/account/email",
			url.Values{"email": {"ann@new.example"}, "password": {"a brand new passphrase"}}), "/me/account")
		if p := me.page("/me/account"); !strings.Contains(p.body, "We sent a link to ann@new.example") || !strings.Contains(p.body, ">"+email+"<") {
			t.Errorf("the address changed before its link was followed: %.500s", p.body)
		}
		token := h.env.LinkToken(t, "ann@new.example", "", "/verify-email")
		confirm := me.page("/verify-email?token=" + url.QueryEscape(token))
		seeOther(t, "confirm the new address", me.submit(confirm, "/verify-email", nil), "/me/account")
		if p := me.page("/me/account"); !strings.Contains(p.body, ">ann@new.example<") {
			t.Errorf("the new address is not shown: %.500s", p.body)
		}
	})
}

// TestUnconfirmedAccountsCannotPostPayOrApply: until the address is
// confirmed, submitting a job, buying and applying are refused with
// email_unverified (a page with a new link for browsers); once confirmed,
// they work.
func TestUnconfirmedAccountsCannotPostPayOrApply(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		ob := newOnsiteBoard(t, h, "acme")
		c := h.client(ob.f.Host)
		const email, pass = "new@employer.example", "a long new passphrase"
		if r := c.postJSON("/api/v1/auth/signup", map[string]string{"email": email, "password": pass, "name": "New Employer"}, nil); r.StatusCode != http.StatusCreated {
			t.Fatalf("signup: %d %s", r.StatusCode, r.body)
		}
		tok := c.login(email, pass)
		if me := c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)).json(t); me["user"].(map[string]any)["email_verified"] != false {
			t.Fatalf("me: %v", me)
		}
		co := registerCompany(t, c, tok, map[string]any{"name": "Fresh Labs", "description": "About Fresh Labs."})
		job := jobSend(c, http.MethodPost, "/api/v1/companies/"+co["id"].(string)+"/jobs", jobPosting("Fresh Chemist", nil), tok).json(t)
		jobID := job["id"].(string)
		refused := map[string]response{
			"submit a job": jobSend(c, http.MethodPost, "/api/v1/jobs/"+jobID+"/submit", nil, tok),
			"buy":          jobSend(c, http.MethodPost, "/api/v1/orders", map[string]string{"product": "featured", "job_id": jobID}, tok),
			"apply":        candidateClient{c: c, tok: tok, email: email}.apply(t, ob.job["id"].(string), "New Employer", "cv.pdf", pdfBytes(1024)),
		}
		for what, r := range refused {
			if r.StatusCode != http.StatusForbidden || r.errorCode(t) != "email_unverified" {
				t.Errorf("%s unconfirmed: %d %s", what, r.StatusCode, r.body)
			}
		}
		// A browser is shown how to get a new link.
		b := newBrowser(t, h, ob.f.Host)
		b.submit(b.page("/login"), "/login", url.Values{"email": {email}, "password": {pass}})
		page := b.page("/employer/jobs/" + jobID)
		r := b.postRaw(page, "/employer/jobs/"+jobID+"/submit", url.Values{})
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "Confirm your e-mail address first") || !hasForm(t, r.body, "/check-email") {
			t.Errorf("the browser's refusal: %d %.500s", r.StatusCode, r.body)
		}
		seeOther(t, "resend", b.submit(r, "/check-email", nil), "/check-email")

		c.confirmEmail(email)
		if r := jobSend(c, http.MethodPost, "/api/v1/jobs/"+jobID+"/submit", nil, tok); r.StatusCode == http.StatusForbidden {
			t.Errorf("submit after confirming: %d %s", r.StatusCode, r.body)
		}
		if r := (candidateClient{c: c, tok: tok, email: email}).apply(t, ob.job["id"].(string), "New Employer", "cv.pdf", pdfBytes(1024)); r.StatusCode != http.StatusCreated {
			t.Errorf("apply after confirming: %d %s", r.StatusCode, r.body)
		}
	})
}

// TestSessionsYouCanSee: the account page and the API list where the user
// is signed in (browsers and tokens, with device, address and times), and
// end one, or all but the current one; nobody else's can be ended.
func TestSessionsYouCanSee(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f, other := h.newBoard("acme"), h.newBoard("beta")
		laptop := newBrowser(t, h, f.Host)
		laptop.headers["User-Agent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
		laptop.ip = "198.51.100.20"
		laptop.submit(laptop.page("/login"), "/login", url.Values{"email": {f.OwnerEmail}, "password": {f.OwnerPass}})
		phone := newBrowser(t, h, f.Host)
		phone.headers["User-Agent"] = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
		phone.submit(phone.page("/login"), "/login", url.Values{"email": {f.OwnerEmail}, "password": {f.OwnerPass}})
		api := h.client(f.Host)
		api.headers["User-Agent"] = "curl/8.5.0"
		tok := api.login(f.OwnerEmail, f.OwnerPass)

		page := laptop.page("/me/account")
		for _, want := range []string{"Safari on macOS", "this device", "Chrome on Android", "API token (curl)", "198.51.100.20", "Sign out everywhere else"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the account page does not show %q", want)
			}
		}
		list := api.do(http.MethodGet, "/api/v1/me/sessions", nil, bearer(tok)).json(t)
		items, _ := list["items"].([]any)
		if len(items) != 3 || items[0].(map[string]any)["current"] != true || items[0].(map[string]any)["kind"] != "api_token" {
			t.Fatalf("sessions through the API: %v", list)
		}
		// Board B's owner cannot end A's sessions, nor can a handle be
		// guessed from another account.
		var phoneHandle string
		for _, it := range items {
			if m := it.(map[string]any); m["device"] == "Chrome on Android" {
				phoneHandle = m["id"].(string)
			}
		}
		otherTok := h.client(other.Host).login(other.OwnerEmail, other.OwnerPass)
		if r := h.client(other.Host).do(http.MethodDelete, "/api/v1/me/sessions/"+phoneHandle, nil, bearer(otherTok)); r.StatusCode != http.StatusNotFound {
			t.Errorf("another board's owner ended the session: %d", r.StatusCode)
		}
		if r := phone.get("/api/v1/auth/me"); r.StatusCode != http.StatusOK {
			t.Fatalf("the phone was signed out by someone else: %d", r.StatusCode)
		}
		// End the phone from the laptop.
		seeOther(t, "end one", laptop.submit(laptop.page("/me/account"), "/me/sessions/"+phoneHandle+"/end", nil), "/me/account#signed-in")
		if r := phone.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("the phone stayed signed in: %d", r.StatusCode)
		}
		// Everywhere else, from the laptop: the token ends, the laptop stays.
		seeOther(t, "end others", laptop.submit(laptop.page("/me/account"), "/me/sessions/end-others", nil), "/me/account#signed-in")
		if r := api.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("the token survived: %d", r.StatusCode)
		}
		if r := laptop.get("/api/v1/auth/me"); r.StatusCode != http.StatusOK {
			t.Errorf("the laptop was signed out: %d", r.StatusCode)
		}
		// Through the API, all but the token in use.
		tok2 := api.login(f.OwnerEmail, f.OwnerPass)
		r := api.do(http.MethodDelete, "/api/v1/me/sessions", nil, bearer(tok2))
		if r.StatusCode != http.StatusOK || r.json(t)["ended"] != float64(1) {
			t.Errorf("end others through the API: %d %s", r.StatusCode, r.body)
		}
		if r := laptop.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("the laptop stayed signed in: %d", r.StatusCode)
		}
		if r := api.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok2)); r.StatusCode != http.StatusOK {
			t.Errorf("the token in use ended: %d", r.StatusCode)
		}
	})
}

var totpSecret = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)

// TestTwoFactorThroughThePages: enrolment with a QR code and a confirming
// code, recovery codes shown once, sign-in that asks for the code, an API
// token only with the code, and staff kept out of staff work until they
// use two factors on a board that asks for them.
func TestTwoFactorThroughThePages(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		f := h.newBoard("acme")
		h.clock.Set(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
		code := func(secret string) string {
			c, err := secure.TOTP{}.Code(secret, h.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		owner := newBrowser(t, h, f.Host)
		owner.submit(owner.page("/login"), "/login", url.Values{"email": {f.OwnerEmail}, "password": {f.OwnerPass}})
		setup := owner.page("/me/two-factor")
		m := totpSecret.FindStringSubmatch(setup.body)
		if m == nil || !strings.Contains(setup.body, `src="data:image/png;base64,`) || setup.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("the set-up page has no QR code and key: %s", setup.body[strings.Index(setup.body, "<main"):])
		}
		secret := m[1]
		wrong := owner.submit(setup, "/me/two-factor", url.Values{"code": {"000000"}, "password": {f.OwnerPass}})
		if wrong.StatusCode != http.StatusBadRequest || !strings.Contains(wrong.body, `id="code-error"`) {
			t.Fatalf("a wrong code: %d", wrong.StatusCode)
		}
		done := owner.submit(owner.page("/me/two-factor"), "/me/two-factor", url.Values{"code": {code(secret)}, "password": {f.OwnerPass}})
		if done.StatusCode != http.StatusOK || strings.Count(done.body, "<li><code>") != 10 {
			t.Fatalf("no recovery codes after enrolment: %d %.800s", done.StatusCode, done.body)
		}
		if again := owner.page("/me/two-factor"); strings.Contains(again.body, "<li><code>") || !strings.Contains(again.body, "Two-factor sign-in is on") {
			t.Error("the recovery codes are shown a second time")
		}

		// Signing in now asks for the code.
		h.clock.Advance(30 * time.Second)
		b := newBrowser(t, h, f.Host)
		r := b.submit(b.page("/login?next=/admin/moderation"), "/login", url.Values{"email": {f.OwnerEmail}, "password": {f.OwnerPass}})
		seeOther(t, "password", r, "/login/two-factor?next=%2Fadmin%2Fmoderation")
		if r := b.get("/api/v1/auth/me"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("signed in before the second factor: %d", r.StatusCode)
		}
		prompt := b.page("/login/two-factor?next=%2Fadmin%2Fmoderation")
		if bad := b.submit(prompt, "/login/two-factor", url.Values{"code": {"123456"}}); bad.StatusCode != http.StatusBadRequest {
			t.Fatalf("a wrong code: %d", bad.StatusCode)
		}
		seeOther(t, "code", b.submit(b.page("/login/two-factor?next=%2Fadmin%2Fmoderation"), "/login/two-factor", url.Values{"code": {code(secret)}}), "/admin/moderation")
		if r := b.get("/api/v1/auth/me"); r.StatusCode != http.StatusOK {
			t.Fatalf("not signed in after the code: %d", r.StatusCode)
		}

		// The API: no token without the code.
		api := h.client(f.Host)
		r = api.postJSON("/api/v1/auth/login", map[string]string{"email": f.OwnerEmail, "password": f.OwnerPass}, nil)
		if r.StatusCode != http.StatusUnauthorized || r.errorCode(t) != "otp_required" {
			t.Fatalf("token without the code: %d %s", r.StatusCode, r.body)
		}
		h.clock.Advance(30 * time.Second)
		r = api.postJSON("/api/v1/auth/login", map[string]string{"email": f.OwnerEmail, "password": f.OwnerPass, "otp": code(secret)}, nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("token with the code: %d %s", r.StatusCode, r.body)
		}
		ownerTok, _ := r.json(t)["token"].(string)

		// The board asks its staff for two factors: a moderator without one
		// is sent to set it up, and gets no token; the owner works on.
		if r := jobSend(api, http.MethodPatch, "/api/v1/board/settings", map[string]any{"staff_two_factor": true}, ownerTok); r.StatusCode != http.StatusOK {
			t.Fatalf("turn the setting on: %d %s", r.StatusCode, r.body)
		}
		mod := newBrowser(t, h, f.Host)
		modGrantModerator(t, h, f, "mia@acme.example")
		mod.submit(mod.page("/login"), "/login", url.Values{"email": {"mia@acme.example"}, "password": {"passphrase for mia@acme.example"}})
		seeOther(t, "moderator without a second factor", mod.get("/admin/moderation"), "/me/two-factor")
		r = h.client(f.Host).postJSON("/api/v1/auth/login", map[string]string{"email": "mia@acme.example", "password": "passphrase for mia@acme.example"}, nil)
		if r.StatusCode != http.StatusForbidden || r.errorCode(t) != "two_factor_required" {
			t.Errorf("a token for the moderator: %d %s", r.StatusCode, r.body)
		}
		if r := b.get("/admin/moderation"); r.StatusCode != http.StatusOK {
			t.Errorf("the owner signed in with two factors: %d", r.StatusCode)
		}
		if r := jobSend(api, http.MethodGet, "/api/v1/moderation/queue", nil, ownerTok); r.StatusCode != http.StatusOK {
			t.Errorf("the owner's token: %d %s", r.StatusCode, r.body)
		}
	})
}
