package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// badCase is one malformed request to an endpoint.
type badCase struct {
	name   string
	ctype  string // Content-Type; "-" sends none
	body   string
	status int      // the exact status wanted; 0 accepts any 4xx
	code   string   // error.code wanted; "" does not check
	fields []string // error.fields that must be named
	// mayPass accepts a 2xx as well: the input is repaired rather than
	// refused (encoding/json turns invalid UTF-8 into U+FFFD).
	mayPass bool
}

const jsonType = "application/json"

// badJSONCommon are the cases every JSON endpoint must refuse alike.
func badJSONCommon() []badCase {
	huge := `{"email":"a@b.example","password":"long enough passphrase","name":"` + strings.Repeat("x", 1100<<10) + `"}`
	deep := `{"email":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`
	return []badCase{
		{name: "malformed JSON", ctype: jsonType, body: `{"email":`, status: 400, code: "malformed_json"},
		{name: "syntax error", ctype: jsonType, body: `{"email" "a@b.example"}`, status: 400, code: "malformed_json"},
		{name: "text/plain", ctype: "text/plain", body: `{"email":"a@b.example","password":"long enough passphrase"}`, status: 415, code: "unsupported_media_type"},
		{name: "form content type", ctype: "application/x-www-form-urlencoded", body: `email=a%40b.example&password=x`, status: 415, code: "unsupported_media_type"},
		{name: "no content type", ctype: "-", body: `{"email":"a@b.example"}`, status: 415, code: "unsupported_media_type"},
		{name: "empty body", ctype: jsonType, body: ``, status: 400, code: "malformed_json"},
		{name: "blank body", ctype: jsonType, body: " \n\t ", status: 400, code: "malformed_json"},
		{name: "array instead of object", ctype: jsonType, body: `[{"email":"a@b.example"}]`, status: 400, code: "malformed_json"},
		{name: "string instead of object", ctype: jsonType, body: `"a@b.example"`, status: 400, code: "malformed_json"},
		{name: "number instead of object", ctype: jsonType, body: `42`, status: 400, code: "malformed_json"},
		{name: "two objects", ctype: jsonType, body: `{"email":"a@b.example"} {"email":"c@d.example"}`, status: 400, code: "malformed_json"},
		{name: "deeply nested", ctype: jsonType, body: deep, status: 400},
		{name: "email is a number", ctype: jsonType, body: `{"email": 5, "password": "long enough passphrase", "name": "A"}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		{name: "email is a list", ctype: jsonType, body: `{"email": ["a@b.example"], "password": "long enough passphrase", "name": "A"}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		{name: "password is a boolean", ctype: jsonType, body: `{"email": "a@b.example", "password": true, "name": "A"}`, status: 400, code: "validation_failed", fields: []string{"password"}},
		{name: "password is an object", ctype: jsonType, body: `{"email": "a@b.example", "password": {"v": 1}, "name": "A"}`, status: 400, code: "validation_failed", fields: []string{"password"}},
		{name: "email 300 characters", ctype: jsonType, body: `{"email":"` + strings.Repeat("e", 288) + `@example.com","password":"long enough passphrase","name":"A"}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		{name: "password 2000 characters", ctype: jsonType, body: `{"email":"a@b.example","password":"` + strings.Repeat("p", 2000) + `","name":"A"}`, status: 400, code: "validation_failed", fields: []string{"password"}},
		{name: "body over 1 MB", ctype: jsonType, body: huge, status: 413, code: "body_too_large"},
	}
}

func signupBadCases() []badCase {
	return append(badJSONCommon(),
		badCase{name: "name is a number", ctype: jsonType, body: `{"email": "a@b.example", "password": "long enough passphrase", "name": 7}`, status: 400, code: "validation_failed", fields: []string{"name"}},
		badCase{name: "empty object", ctype: jsonType, body: `{}`, status: 400, code: "validation_failed", fields: []string{"email", "password", "name"}},
		badCase{name: "null", ctype: jsonType, body: `null`, status: 400},
		badCase{name: "only email", ctype: jsonType, body: `{"email":"a@b.example"}`, status: 400, code: "validation_failed", fields: []string{"password", "name"}},
		badCase{name: "null fields", ctype: jsonType, body: `{"email":null,"password":null,"name":null}`, status: 400, code: "validation_failed", fields: []string{"email", "password", "name"}},
		badCase{name: "blank fields", ctype: jsonType, body: `{"email":"  ","password":"","name":"   "}`, status: 400, code: "validation_failed", fields: []string{"email", "password", "name"}},
		badCase{name: "charset parameter is fine", ctype: "application/json; charset=utf-8", body: `{}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		badCase{name: "name 10k characters", ctype: jsonType, body: `{"email":"a@b.example","password":"long enough passphrase","name":"` + strings.Repeat("n", 10000) + `"}`, status: 400, code: "validation_failed", fields: []string{"name"}},
		badCase{name: "name 101 multibyte characters", ctype: jsonType, body: `{"email":"a@b.example","password":"long enough passphrase","name":"` + strings.Repeat("é", 101) + `"}`, status: 400, code: "validation_failed", fields: []string{"name"}},
		badCase{name: "invalid email", ctype: jsonType, body: `{"email":"not-an-email","password":"long enough passphrase","name":"A"}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		badCase{name: "email with display name", ctype: jsonType, body: `{"email":"Eve <eve@b.example>","password":"long enough passphrase","name":"A"}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		badCase{name: "email with a newline", ctype: jsonType, body: `{"email":"a@b.example\nBcc: c@d.example","password":"long enough passphrase","name":"A"}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		badCase{name: "short password", ctype: jsonType, body: `{"email":"a@b.example","password":"short","name":"A"}`, status: 400, code: "validation_failed", fields: []string{"password"}},
		badCase{name: "every field wrong at once", ctype: jsonType, body: `{"email":"nope","password":"short","name":""}`, status: 400, code: "validation_failed", fields: []string{"email", "password", "name"}},
		badCase{name: "NUL byte in name", ctype: jsonType, body: `{"email":"a@b.example","password":"long enough passphrase","name":"Eve\u0000Admin"}`, status: 400, code: "validation_failed", fields: []string{"name"}},
		badCase{name: "NUL byte in email", ctype: jsonType, body: `{"email":"a\u0000@b.example","password":"long enough passphrase","name":"A"}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		badCase{name: "markup in name", ctype: jsonType, body: `{"email":"a@b.example","password":"long enough passphrase","name":"<script>x</script>"}`, status: 400, code: "validation_failed", fields: []string{"name"}},
		badCase{name: "invalid UTF-8 in name", ctype: jsonType, body: "{\"email\":\"u8name@b.example\",\"password\":\"long enough passphrase\",\"name\":\"Bad \xff\xfe name\"}", mayPass: true},
		badCase{name: "lone surrogate in name", ctype: jsonType, body: `{"email":"u16name@b.example","password":"long enough passphrase","name":"Bad \ud800 name"}`, mayPass: true},
		badCase{name: "invalid UTF-8 in email", ctype: jsonType, body: "{\"email\":\"a\xff@b.example\",\"password\":\"long enough passphrase\",\"name\":\"A\"}", mayPass: true},
	)
}

func loginBadCases() []badCase {
	return append(badJSONCommon(),
		badCase{name: "empty object", ctype: jsonType, body: `{}`, status: 400, code: "validation_failed", fields: []string{"email", "password"}},
		badCase{name: "null", ctype: jsonType, body: `null`, status: 400},
		badCase{name: "only email", ctype: jsonType, body: `{"email":"a@b.example"}`, status: 400, code: "validation_failed", fields: []string{"password"}},
		badCase{name: "only password", ctype: jsonType, body: `{"password":"long enough passphrase"}`, status: 400, code: "validation_failed", fields: []string{"email"}},
		// Sign-in never says whether an address exists, so a malformed
		// one gets the same answer as a wrong password.
		badCase{name: "invalid email", ctype: jsonType, body: `{"email":"not-an-email","password":"long enough passphrase"}`, status: 401, code: "invalid_credentials"},
		badCase{name: "NUL byte in email", ctype: jsonType, body: `{"email":"a\u0000@b.example","password":"long enough passphrase"}`},
		badCase{name: "NUL byte in password", ctype: jsonType, body: `{"email":"a@b.example","password":"long\u0000enough"}`, status: 400, fields: []string{"password"}},
		badCase{name: "invalid UTF-8 in email", ctype: jsonType, body: "{\"email\":\"z\xff@b.example\",\"password\":\"long enough passphrase\"}", status: 401},
		badCase{name: "invalid UTF-8 in password", ctype: jsonType, body: "{\"email\":\"a@b.example\",\"password\":\"long \xff enough\"}", status: 401},
	)
}

// checkAPIError asserts a JSON error answer for tc.
func checkAPIError(t *testing.T, tc badCase, r response) {
	t.Helper()
	if r.StatusCode >= 500 {
		t.Fatalf("status %d, want 4xx: %.500s", r.StatusCode, r.body)
	}
	if tc.mayPass && r.StatusCode < 300 {
		if !utf8.ValidString(r.body) {
			t.Fatalf("repaired input answered with invalid UTF-8: %q", r.body)
		}
		return
	}
	if r.StatusCode < 400 {
		t.Fatalf("status %d, want 4xx: %.500s", r.StatusCode, r.body)
	}
	if tc.status != 0 && r.StatusCode != tc.status {
		t.Errorf("status %d, want %d: %.500s", r.StatusCode, tc.status, r.body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, jsonType) {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
	m := r.json(t)
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object: %.500s", r.body)
	}
	if code, _ := e["code"].(string); code == "" || (tc.code != "" && code != tc.code) {
		t.Errorf("error.code %q, want %q", code, tc.code)
	}
	if msg, _ := e["message"].(string); msg == "" {
		t.Errorf("error.message is empty: %s", r.body)
	}
	for _, f := range tc.fields {
		if r.errorField(t, f) == "" {
			t.Errorf("error.fields does not name %q: %.500s", f, r.body)
		}
	}
}

// knownBadInputBugs lists cases that fail because of a bug in the code
// under test, keyed by endpoint and case name.
var knownBadInputBugs = map[string]string{}

func skipKnownBadInput(t *testing.T, key string) {
	t.Helper()
	if why, ok := knownBadInputBugs[key]; ok {
		t.Skip("known bug: " + why)
	}
}

func TestBadJSONInputIsRefusedWith4xx(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		endpoints := []struct {
			path  string
			cases []badCase
		}{
			{"/api/v1/auth/signup", signupBadCases()},
			{"/api/v1/auth/login", loginBadCases()},
		}
		for _, ep := range endpoints {
			for _, tc := range ep.cases {
				t.Run(ep.path+"/"+tc.name, func(t *testing.T) {
					skipKnownBadInput(t, ep.path+" "+tc.name)
					c := h.client(b.Host)
					hdr := map[string]string{}
					if tc.ctype != "-" {
						hdr["Content-Type"] = tc.ctype
					}
					r := c.do(http.MethodPost, ep.path, strings.NewReader(tc.body), hdr)
					checkAPIError(t, tc, r)
				})
			}
		}
	})
}

// formCase is one bad submission of an HTML form.
type formCase struct {
	name   string
	values url.Values
	status int      // 0 accepts any 4xx
	fields []string // fields whose error must show next to the input
	// mayPass accepts a redirect as well: the input is repaired rather
	// than refused.
	mayPass bool
}

func signupFormCases() []formCase {
	// Each case gets its own address, so that one the server accepts does
	// not turn the next into a conflict.
	n := 0
	ok := func(over map[string]string) url.Values {
		n++
		v := url.Values{"email": {"form" + strconv.Itoa(n) + "@b.example"}, "password": {"form long passphrase"}, "name": {"Form"}}
		for k, x := range over {
			v.Set(k, x)
		}
		return v
	}
	return []formCase{
		{name: "empty form", values: url.Values{}, status: 400, fields: []string{"email", "password", "name"}},
		{name: "blank fields", values: ok(map[string]string{"email": " ", "password": "", "name": "  "}), status: 400, fields: []string{"email", "password", "name"}},
		{name: "name 10k characters", values: ok(map[string]string{"name": strings.Repeat("n", 10000)}), status: 400, fields: []string{"name"}},
		{name: "email 300 characters", values: ok(map[string]string{"email": strings.Repeat("e", 288) + "@example.com"}), status: 400, fields: []string{"email"}},
		{name: "password 2000 characters", values: ok(map[string]string{"password": strings.Repeat("secret-pw-", 200)}), status: 400, fields: []string{"password"}},
		{name: "invalid email", values: ok(map[string]string{"email": "not-an-email"}), status: 400, fields: []string{"email"}},
		{name: "short password", values: ok(map[string]string{"password": "Sh0rt!"}), status: 400, fields: []string{"password"}},
		{name: "common password", values: ok(map[string]string{"password": "password123"}), status: 400, fields: []string{"password"}},
		{name: "password is the e-mail", values: ok(map[string]string{"email": "samesame@b.example", "password": "samesame@b.example"}), status: 400, fields: []string{"password"}},
		{name: "NUL byte in name", values: ok(map[string]string{"name": "Eve\x00Admin"}), status: 400, fields: []string{"name"}},
		{name: "NUL byte in email", values: ok(map[string]string{"email": "a\x00@b.example"}), status: 400, fields: []string{"email"}},
		// A password is never stored or queried as text, so any character
		// may be in it.
		{name: "NUL byte in password", values: ok(map[string]string{"password": "long\x00passphrase"}), mayPass: true},
		{name: "invalid UTF-8 in name", values: ok(map[string]string{"name": "Bad \xff\xfe name"}), status: 400, fields: []string{"name"}},
		// ParseEmail lower-cases first, which turns invalid bytes into
		// U+FFFD; the address stored is valid UTF-8.
		{name: "invalid UTF-8 in email", values: ok(map[string]string{"email": "a\xff@b.example"}), status: 400, fields: []string{"email"}, mayPass: true},
		{name: "invalid UTF-8 in password", values: ok(map[string]string{"password": "long \xff\xfe passphrase"}), status: 400, fields: []string{"password"}},
	}
}

func loginFormCases() []formCase {
	return []formCase{
		{name: "empty form", values: url.Values{}, status: 400, fields: []string{"email", "password"}},
		{name: "email 300 characters", values: url.Values{"email": {strings.Repeat("e", 288) + "@example.com"}, "password": {"whatever it is"}}, status: 400, fields: []string{"email"}},
		{name: "password 2000 characters", values: url.Values{"email": {"a@b.example"}, "password": {strings.Repeat("secret-pw-", 200)}}, status: 400, fields: []string{"password"}},
		{name: "wrong password", values: url.Values{"email": {"a@b.example"}, "password": {"secret-pw-wrong"}}, status: 401, fields: []string{"email"}},
		{name: "NUL byte in email", values: url.Values{"email": {"a\x00@b.example"}, "password": {"secret-pw-nul"}}, fields: []string{"email"}},
		{name: "invalid UTF-8 in email", values: url.Values{"email": {"a\xff@b.example"}, "password": {"secret-pw-utf8"}}, status: 400, fields: []string{"email"}},
		{name: "invalid UTF-8 in password", values: url.Values{"email": {"a@b.example"}, "password": {"secret-pw-\xff"}}, status: 400, fields: []string{"password"}},
	}
}

// checkFieldError asserts that the page shows an error for field right
// before its input, and that the input points at it.
func checkFieldError(t *testing.T, body, field string) {
	t.Helper()
	errAt := strings.Index(body, `id="`+field+`-error"`)
	inputAt := strings.Index(body, `<input id="`+field+`"`)
	if errAt < 0 || inputAt < 0 {
		t.Errorf("no error shown for %s (error at %d, input at %d)", field, errAt, inputAt)
		return
	}
	if inputAt < errAt || inputAt-errAt > 600 {
		t.Errorf("the error for %s is not next to its input (error at %d, input at %d)", field, errAt, inputAt)
	}
	tag := body[inputAt:]
	if end := strings.IndexByte(tag, '>'); end > 0 {
		tag = tag[:end]
	}
	if !strings.Contains(tag, `aria-invalid="true"`) || !strings.Contains(tag, field+`-error"`) {
		t.Errorf("the %s input is not marked invalid or does not point at its error: %s", field, tag)
	}
}

// runFormCases posts each case to path on host with a valid CSRF token.
func runFormCases(t *testing.T, h *harness, host, path string, cases []formCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(path+"/"+tc.name, func(t *testing.T) {
			skipKnownBadInput(t, path+" "+tc.name)
			c := h.client(host)
			password := tc.values.Get("password")
			r := c.postForm(path, path, tc.values)
			if tc.mayPass && r.StatusCode == http.StatusSeeOther {
				return
			}
			if r.StatusCode < 400 || r.StatusCode >= 500 {
				t.Fatalf("status %d, want 4xx: %.800s", r.StatusCode, r.body)
			}
			if tc.status != 0 && r.StatusCode != tc.status {
				t.Errorf("status %d, want %d", r.StatusCode, tc.status)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q, want an HTML page", ct)
			}
			for _, field := range tc.fields {
				checkFieldError(t, r.body, field)
			}
			if len(tc.fields) > 0 && !strings.Contains(r.body, `id="error-summary"`) {
				t.Errorf("no error summary on the page")
			}
			echoed := tc.values.Get("email") + " " + tc.values.Get("name")
			if len(password) >= 4 && !strings.Contains(echoed, password) && (strings.Contains(r.body, password) || strings.Contains(r.body, html.EscapeString(password))) {
				t.Errorf("the page echoes the password back")
			}
			if !csrfMeta.MatchString(r.body) {
				t.Errorf("the answer carries no CSRF token to retry with")
			}
		})
	}
}

func TestBadFormInputIsRefusedWith4xx(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		runFormCases(t, h, b.Host, "/signup", signupFormCases())
		runFormCases(t, h, b.Host, "/login", loginFormCases())
		runFormCases(t, h, testBaseDomain, "/platform/login", loginFormCases())

		t.Run("body over 1 MB", func(t *testing.T) {
			for _, path := range []string{"/signup", "/login"} {
				c := h.client(b.Host)
				r := c.postForm(path, path, url.Values{"email": {"a@b.example"}, "password": {"long enough passphrase"}, "name": {strings.Repeat("x", 1100<<10)}})
				if r.StatusCode != http.StatusRequestEntityTooLarge {
					t.Errorf("%s: status %d, want 413", path, r.StatusCode)
				}
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("%s: Content-Type %q, want an HTML page", path, ct)
				}
			}
		})

		t.Run("wrong content type", func(t *testing.T) {
			for _, path := range []string{"/signup", "/login"} {
				c := h.client(b.Host)
				tok := c.csrf(path)
				r := c.do(http.MethodPost, path, strings.NewReader("email=a@b.example&password=long+enough"), map[string]string{"Content-Type": "text/plain", "X-CSRF-Token": tok})
				if r.StatusCode < 400 || r.StatusCode >= 500 {
					t.Errorf("%s: status %d, want 4xx: %.300s", path, r.StatusCode, r.body)
				}
			}
		})

		t.Run("malformed form encoding", func(t *testing.T) {
			for _, path := range []string{"/signup", "/login"} {
				c := h.client(b.Host)
				tok := c.csrf(path)
				body := "_csrf=" + url.QueryEscape(tok) + "&email=%zz%&password=%%%&name=%E0%A4%A"
				r := c.do(http.MethodPost, path, strings.NewReader(body), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
				if r.StatusCode < 400 || r.StatusCode >= 500 {
					t.Errorf("%s: status %d, want 4xx: %.300s", path, r.StatusCode, r.body)
				}
			}
		})
	})
}

func TestAPIAuthenticationFailuresAre401(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		tests := []struct {
			name   string
			header map[string]string
		}{
			{"no credentials", nil},
			{"garbage bearer token", map[string]string{"Authorization": "Bearer garbage"}},
			{"long unknown bearer token", bearer("jb_" + strings.Repeat("A", 43))},
			{"oversized bearer token", bearer(strings.Repeat("A", 5000))},
			{"empty bearer token", map[string]string{"Authorization": "Bearer "}},
			{"basic credentials", map[string]string{"Authorization": "Basic xxx"}},
			{"lower-case scheme", map[string]string{"Authorization": "bearer garbage-garbage"}},
			{"scheme only", map[string]string{"Authorization": "Bearer"}},
			{"control characters", map[string]string{"Authorization": "Bearer abc\x01\x02defghijkl"}},
			{"session cookie that was never issued", map[string]string{"Cookie": "jb_session=forged-session-id"}},
			{"session cookie with invalid UTF-8", map[string]string{"Cookie": "jb_session=\xff\xfe\xfd"}},
			{"oversized session cookie", map[string]string{"Cookie": "jb_session=" + strings.Repeat("s", 4000)}},
			{"session cookie with a NUL byte", map[string]string{"Cookie": "jb_session=forged\x00id"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				skipKnownBadInput(t, tc.name)
				c := h.client(b.Host)
				r := c.do(http.MethodGet, "/api/v1/auth/me", nil, tc.header)
				if r.StatusCode != http.StatusUnauthorized {
					t.Fatalf("status %d, want 401: %.300s", r.StatusCode, r.body)
				}
				if code := r.errorCode(t); code == "" {
					t.Errorf("no error code: %s", r.body)
				}
				if !strings.Contains(r.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q", r.Header.Get("WWW-Authenticate"))
				}
			})
		}
	})
}

func TestFormPostWithoutCSRFIsForbidden(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		form := "email=a%40b.example&password=long+enough+passphrase&name=A"
		ctype := "application/x-www-form-urlencoded"
		for _, path := range []string{"/signup", "/login", "/logout"} {
			t.Run(path, func(t *testing.T) {
				api := h.client(b.Host)
				r := api.do(http.MethodPost, path, strings.NewReader(form), map[string]string{"Content-Type": ctype, "Accept": jsonType})
				if r.StatusCode != http.StatusForbidden || r.errorCode(t) != "csrf_failed" {
					t.Fatalf("API client: %d %.300s; want 403 csrf_failed", r.StatusCode, r.body)
				}

				browser := h.client(b.Host)
				browser.get(path) // the nonce cookie, but no token in the form
				r = browser.do(http.MethodPost, path, strings.NewReader(form), map[string]string{"Content-Type": ctype, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
				if r.StatusCode != http.StatusForbidden {
					t.Fatalf("browser: status %d, want 403", r.StatusCode)
				}
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(r.body, "<html") {
					t.Fatalf("browser: Content-Type %q, want an HTML page: %.300s", ct, r.body)
				}

				forged := h.client(b.Host)
				forged.get(path)
				r = forged.do(http.MethodPost, path, strings.NewReader(form+"&_csrf=forged-token"), map[string]string{"Content-Type": ctype})
				if r.StatusCode != http.StatusForbidden {
					t.Fatalf("forged token: status %d, want 403", r.StatusCode)
				}
			})
		}
	})
}

func TestUnknownRoutesAre404(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		c := h.client(b.Host)
		for _, tc := range []struct{ method, path string }{
			{http.MethodGet, "/api/v1/nope"},
			{http.MethodGet, "/api/v2/auth/me"},
			{http.MethodPost, "/api/v1/nope"},
			{http.MethodDelete, "/api/v1/auth/login"},
			{http.MethodGet, "/api/v1/auth/login"},
		} {
			r := c.do(tc.method, tc.path, strings.NewReader(`{}`), map[string]string{"Content-Type": jsonType})
			if r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 404: %.300s", tc.method, tc.path, r.StatusCode, r.body)
				continue
			}
			if code := r.errorCode(t); code == "" {
				t.Errorf("%s %s: no JSON error code: %.300s", tc.method, tc.path, r.body)
			}
		}
		for _, path := range []string{"/no-such-page", "/jobs/../../etc/passwd", "/%ff%fe", "/login/extra/segments"} {
			r := c.get(path)
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, r.StatusCode)
				continue
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(r.body, "Page not found") {
				t.Errorf("GET %s: Content-Type %q, want the HTML 404 page: %.300s", path, ct, r.body)
			}
		}
		// An API client asking for JSON gets JSON outside /api/ too.
		r := c.do(http.MethodGet, "/no-such-page", nil, map[string]string{"Accept": jsonType})
		if r.StatusCode != http.StatusNotFound || r.errorCode(t) != "not_found" {
			t.Errorf("JSON 404 outside /api/: %d %.300s", r.StatusCode, r.body)
		}
		// A host that is no board.
		other := h.client("nope." + testBaseDomain)
		if r := other.get("/api/v1/auth/me"); r.StatusCode != http.StatusNotFound || r.errorCode(t) != "unknown_board" {
			t.Errorf("unknown board: %d %.300s", r.StatusCode, r.body)
		}
	})
}
