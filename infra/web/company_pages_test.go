package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/system/systemtest"
	"golang.org/x/net/html"
)

// browser is a client that fills in and submits the forms of the pages it
// loads, as a person with a browser does, and fails the test on any 5xx.
type browser struct {
	*client
	t *testing.T
}

func newBrowser(t *testing.T, h *harness, host string) *browser {
	return &browser{client: h.client(host), t: t}
}

// checked fails the test when r is a server error.
func (b *browser) checked(method, path string, r response) response {
	b.t.Helper()
	if r.StatusCode >= 500 {
		b.t.Errorf("%s %s: status %d: %.500s", method, path, r.StatusCode, r.body)
	}
	return r
}

// send is client.do with the request line a browser writes: the path
// alone (origin-form), not the absolute URL httptest.NewRequest leaves in
// RequestURI.
func (b *browser) send(method, path string, body io.Reader, header map[string]string) response {
	b.t.Helper()
	hdr := map[string]string{"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
	for k, v := range header {
		hdr[k] = v
	}
	req := b.client.request(method, path, body, hdr)
	req.RequestURI = path
	return b.checked(method, path, b.client.exchange(req))
}

func (b *browser) get(path string) response {
	b.t.Helper()
	return b.send(http.MethodGet, path, nil, nil)
}

// page loads path and fails unless it is a 200 HTML page.
func (b *browser) page(path string) response {
	b.t.Helper()
	r := b.get(path)
	if r.StatusCode != http.StatusOK {
		b.t.Fatalf("GET %s: %d, want 200: %.500s", path, r.StatusCode, r.body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		b.t.Fatalf("GET %s: Content-Type %q, want HTML", path, ct)
	}
	return r
}

// submit posts the form of page whose action is action with the values it
// carries (hidden fields included), changed by set.
func (b *browser) submit(page response, action string, set url.Values) response {
	b.t.Helper()
	form := findForm(b.t, page.body, action)
	values := formState(form)
	for k, v := range set {
		values[k] = v
	}
	method := strings.ToUpper(attrOf(form, "method"))
	if method == "" {
		method = http.MethodGet
	}
	return b.send(method, action, strings.NewReader(values.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
}

// upload posts the multipart form of page whose action is action, with its
// hidden fields and one file.
func (b *browser) upload(page response, action, field, filename string, data []byte) response {
	b.t.Helper()
	form := findForm(b.t, page.body, action)
	if enc := attrOf(form, "enctype"); enc != "multipart/form-data" {
		b.t.Fatalf("form %s has enctype %q, want multipart/form-data", action, enc)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range formState(form) {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, err := w.CreateFormFile(field, filename)
	if err != nil {
		b.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = w.Close()
	return b.send(http.MethodPost, action, &buf, map[string]string{"Content-Type": w.FormDataContentType()})
}

// postRaw posts values with the CSRF token of page, for forms the page does
// not offer.
func (b *browser) postRaw(page response, action string, values url.Values) response {
	b.t.Helper()
	m := csrfMeta.FindStringSubmatch(page.body)
	if m == nil {
		b.t.Fatalf("no CSRF token on the page")
	}
	values.Set("_csrf", m[1])
	return b.send(http.MethodPost, action, strings.NewReader(values.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
}

// seeOther fails unless r redirects with 303 to want.
func seeOther(t *testing.T, what string, r response, want string) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != want {
		t.Fatalf("%s: %d to %q, want 303 to %q: %.500s", what, r.StatusCode, r.Header.Get("Location"), want, r.body)
	}
}

func parseDoc(t testing.TB, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("page does not parse: %v", err)
	}
	return doc
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// findAll returns the elements under n for which match is true, in
// document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byID(doc *html.Node, id string) *html.Node {
	if found := findAll(doc, func(n *html.Node) bool { return attrOf(n, "id") == id }); len(found) > 0 {
		return found[0]
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// findForm returns the form of body that posts to action.
func findForm(t testing.TB, body, action string) *html.Node {
	t.Helper()
	forms := findAll(parseDoc(t, body), func(n *html.Node) bool { return n.Data == "form" && attrOf(n, "action") == action })
	if len(forms) == 0 {
		t.Fatalf("no form posting to %s on the page", action)
	}
	return forms[0]
}

// hasForm reports whether body has a form posting to action.
func hasForm(t testing.TB, body, action string) bool {
	return len(findAll(parseDoc(t, body), func(n *html.Node) bool { return n.Data == "form" && attrOf(n, "action") == action })) > 0
}

// formState returns what a browser would send for form without pressing a
// named button: inputs (no files), selected options and text areas.
func formState(form *html.Node) url.Values {
	v := url.Values{}
	for _, n := range findAll(form, func(n *html.Node) bool {
		return n.Data == "input" || n.Data == "select" || n.Data == "textarea"
	}) {
		name := attrOf(n, "name")
		if name == "" || hasAttr(n, "disabled") {
			continue
		}
		switch n.Data {
		case "input":
			switch strings.ToLower(attrOf(n, "type")) {
			case "file", "submit", "button", "image", "reset":
				continue
			case "checkbox", "radio":
				if !hasAttr(n, "checked") {
					continue
				}
			}
			v.Add(name, attrOf(n, "value"))
		case "textarea":
			v.Add(name, textOf(n))
		case "select":
			opts := findAll(n, func(o *html.Node) bool { return o.Data == "option" })
			chosen := ""
			for i, o := range opts {
				if i == 0 || hasAttr(o, "selected") {
					chosen = attrOf(o, "value")
				}
			}
			v.Add(name, chosen)
		}
	}
	return v
}

// checkControlError asserts that the page shows an error for field inside
// the field's own block, and that the control is marked invalid and points
// at the message.
func checkControlError(t *testing.T, doc *html.Node, field string) {
	t.Helper()
	msg, control := byID(doc, field+"-error"), byID(doc, field)
	if msg == nil || control == nil {
		t.Errorf("%s: error message found %v, control found %v", field, msg != nil, control != nil)
		return
	}
	if msg.Parent != control.Parent {
		t.Errorf("%s: the error is not next to its control", field)
	}
	if attrOf(control, "aria-invalid") != "true" {
		t.Errorf("%s: control not marked aria-invalid", field)
	}
	if !strings.Contains(" "+attrOf(control, "aria-describedby")+" ", " "+field+"-error ") {
		t.Errorf("%s: aria-describedby %q does not name the error", field, attrOf(control, "aria-describedby"))
	}
	if strings.TrimSpace(strings.TrimPrefix(textOf(msg), "Error:")) == "" {
		t.Errorf("%s: empty error message", field)
	}
}

// companyAPI reads the company as its team sees it through the API.
func companyAPI(t *testing.T, c *client, tok, id string) map[string]any {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/companies/"+id, nil, bearer(tok))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET company %s: %d %s", id, r.StatusCode, r.body)
	}
	return r.json(t)
}

var invitationLink = regexp.MustCompile(`https?://[^\s"<]+/invitations/([A-Za-z0-9_-]+)`)

// signupThroughForm creates an account with the sign-up form, confirms
// the address with the link mailed to it and signs in, as a person does;
// it returns the sign-in's redirect.
func signupThroughForm(t *testing.T, b *browser, path, email, name string) response {
	t.Helper()
	page := b.page(path)
	r := b.submit(page, "/signup", url.Values{"name": {name}, "email": {email}, "password": {"passphrase for " + email}})
	seeOther(t, "sign-up", r, "/check-email")
	link := systemtest.LinkIn(b.h.env.Mails.Messages(), email, "", "/verify-email")
	if link == nil {
		t.Fatalf("no confirmation link mailed to %s", email)
	}
	r = b.submit(b.page(link.RequestURI()), "/verify-email", nil)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("confirm %s: %d %s", email, r.StatusCode, r.Header.Get("Location"))
	}
	login := b.page(r.Header.Get("Location"))
	return b.submit(login, "/login", url.Values{"email": {email}, "password": {"passphrase for " + email}})
}

func TestEmployerPagesRedirectAnonymousBrowsersToLogin(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		anon := newBrowser(t, h, b.Host)
		for _, path := range []string{"/employer", "/employer/companies/new", "/employer/companies/x1/team"} {
			r := anon.get(path)
			if r.StatusCode != http.StatusSeeOther {
				t.Errorf("GET %s anonymous: %d, want 303", path, r.StatusCode)
				continue
			}
			loc, err := url.Parse(r.Header.Get("Location"))
			if err != nil || loc.Path != "/login" || loc.Query().Get("next") != path {
				t.Errorf("GET %s anonymous: redirected to %q, want /login?next=%s", path, r.Header.Get("Location"), path)
			}
		}
		t.Run("absolute-form request line", func(t *testing.T) {
			// HTTP/1.1 servers must accept "GET http://host/path"; the
			// destination should survive it.
			r := h.client(b.Host).get("/employer")
			if loc, _ := url.Parse(r.Header.Get("Location")); loc == nil || loc.Query().Get("next") != "/employer" {
				t.Fatalf("next lost in the sign-in redirect: %q", r.Header.Get("Location"))
			}
		})
		// Signing in from there comes back to the page asked for.
		owner := newBrowser(t, h, b.Host)
		signupThroughForm(t, owner, "/signup", "olga@pharma.example", "Olga")
		owner.postRaw(owner.page("/"), "/logout", url.Values{})
		loc := anon.get("/employer/companies/new").Header.Get("Location")
		login := anon.page(loc)
		r := anon.submit(login, "/login", formLogin("olga@pharma.example"))
		seeOther(t, "login with next", r, "/employer/companies/new")
		anon.page("/employer/companies/new")
	})
}

// TestEmployerJourneyThroughTheForms follows an employer from sign-up to a
// reviewed profile and a team, using only the HTML forms.
func TestEmployerJourneyThroughTheForms(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		const ownerEmail = "olivia@pharma.example"

		// Sign up; the dashboard offers to add a company.
		olivia := newBrowser(t, h, b.Host)
		r := signupThroughForm(t, olivia, "/signup", ownerEmail, "Olivia")
		seeOther(t, "signup", r, "/")
		dash := olivia.page("/employer")
		if !strings.Contains(dash.body, "Add my company") || !strings.Contains(dash.body, `href="/employer/companies/new"`) || strings.Contains(dash.body, "Your companies") {
			t.Fatalf("dashboard without companies has no empty state:\n%s", dash.body)
		}
		// The API is used only to check what was stored, with a token from
		// a client that holds no session cookie.
		api := h.client(b.Host)
		otok := api.login(ownerEmail, "passphrase for "+ownerEmail)

		// Bad input: every error next to its field, typed values kept.
		form := olivia.page("/employer/companies/new")
		for _, field := range []string{"name", "website", "sector", "founded_year", "description", "social_linkedin"} {
			if byID(parseDoc(t, form.body), field) == nil {
				t.Errorf("the new-company form has no %s control", field)
			}
		}
		bad := olivia.submit(form, "/employer/companies", url.Values{"name": {"Nova Pharma"}, "website": {"javascript:alert(1)"}, "founded_year": {"3000"}, "sector": {"Astrology"}, "location": {"Basel"}})
		if bad.StatusCode != http.StatusBadRequest {
			t.Fatalf("bad company form: %d, want 400: %.500s", bad.StatusCode, bad.body)
		}
		doc := parseDoc(t, bad.body)
		for _, field := range []string{"website", "founded_year", "sector"} {
			checkControlError(t, doc, field)
		}
		if byID(doc, "name-error") != nil || byID(doc, "location-error") != nil {
			t.Error("valid fields are marked as errors")
		}
		summary := byID(doc, "error-summary")
		if summary == nil {
			t.Error("no error summary")
		} else {
			for _, field := range []string{"website", "founded_year", "sector"} {
				if len(findAll(summary, func(n *html.Node) bool { return n.Data == "a" && attrOf(n, "href") == "#"+field })) == 0 {
					t.Errorf("the error summary does not link to #%s", field)
				}
			}
		}
		kept := formState(findForm(t, bad.body, "/employer/companies"))
		for k, want := range map[string]string{"name": "Nova Pharma", "website": "javascript:alert(1)", "founded_year": "3000", "location": "Basel"} {
			if kept.Get(k) != want {
				t.Errorf("%s re-filled with %q, want %q", k, kept.Get(k), want)
			}
		}
		if dangerousMarkup(bad.body) != "" {
			t.Errorf("the re-rendered form carries live markup: %s", dangerousMarkup(bad.body))
		}

		// Good input: a draft, and its editor.
		r = olivia.submit(bad, "/employer/companies", url.Values{"website": {"https://nova.example"}, "founded_year": {"2001"}, "sector": {"Biotechnology"},
			"size": {"51-200"}, "description": {"We make **medicines**."}})
		loc := r.Header.Get("Location")
		if r.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/employer/companies/[^/]+$`).MatchString(loc) {
			t.Fatalf("create company: %d to %q: %.500s", r.StatusCode, loc, r.body)
		}
		editorPath := loc
		id := strings.TrimPrefix(loc, "/employer/companies/")
		editor := olivia.page(editorPath)
		if !strings.Contains(editor.body, "saved as a draft") || !strings.Contains(editor.body, `badge draft`) {
			t.Errorf("editor does not show the new draft")
		}
		saved := formState(findForm(t, editor.body, editorPath))
		for k, want := range map[string]string{"name": "Nova Pharma", "slug": "nova-pharma", "website": "https://nova.example", "sector": "Biotechnology", "founded_year": "2001", "description": "We make **medicines**."} {
			if saved.Get(k) != want {
				t.Errorf("editor %s = %q, want %q", k, saved.Get(k), want)
			}
		}
		if dash := olivia.page("/employer"); !strings.Contains(dash.body, "Nova Pharma") || !strings.Contains(dash.body, `href="`+editorPath+`"`) {
			t.Error("the dashboard does not list the new company")
		}

		// An outsider finds nothing at a draft's pages.
		xavier := newBrowser(t, h, b.Host)
		signupThroughForm(t, xavier, "/signup", "xavier@else.example", "Xavier")
		for _, path := range []string{editorPath, editorPath + "/team"} {
			if r := xavier.get(path); r.StatusCode != http.StatusNotFound {
				t.Errorf("outsider GET %s: %d, want 404", path, r.StatusCode)
			}
		}
		if r := xavier.postRaw(xavier.page("/employer"), editorPath, url.Values{"name": {"Taken"}, "action": {"save"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("outsider POST %s: %d, want 404", editorPath, r.StatusCode)
		}

		// Preview renders the Markdown and saves nothing.
		r = olivia.submit(editor, editorPath, url.Values{"action": {"preview"}, "description": {"We *really* make **remedies**."}, "location": {"Zürich"}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("preview: %d %.500s", r.StatusCode, r.body)
		}
		preview := findAll(parseDoc(t, r.body), func(n *html.Node) bool { return attrOf(n, "aria-labelledby") == "preview-heading" })
		if len(preview) == 0 || !strings.Contains(renderNode(preview[0]), "<strong>remedies</strong>") || !strings.Contains(renderNode(preview[0]), "<em>really</em>") {
			t.Errorf("the preview does not show the rendered Markdown")
		}
		if got := formState(findForm(t, r.body, editorPath)); got.Get("description") != "We *really* make **remedies**." || got.Get("location") != "Zürich" {
			t.Errorf("preview lost the typed text: %q %q", got.Get("description"), got.Get("location"))
		}
		if co := companyAPI(t, api, otok, id); co["description"] != "We make **medicines**." || co["location"] != "Basel" {
			t.Errorf("preview changed the stored profile: %v %v", co["description"], co["location"])
		}

		// Save.
		r = olivia.submit(r, editorPath, url.Values{"action": {"save"}})
		seeOther(t, "save", r, editorPath)
		if co := companyAPI(t, api, otok, id); co["description"] != "We *really* make **remedies**." || co["location"] != "Zürich" || co["status"] != "draft" {
			t.Errorf("saved profile: %v %v %v", co["description"], co["location"], co["status"])
		}
		editor = olivia.page(editorPath)
		if !strings.Contains(editor.body, "The profile is saved.") {
			t.Error("no confirmation after saving")
		}

		// Logo through the multipart form.
		logoAction := editorPath + "/logo"
		r = olivia.upload(editor, logoAction, "logo", "logo.png", pngBytes(t, 600, 200))
		seeOther(t, "logo upload", r, editorPath)
		editor = olivia.page(editorPath)
		imgs := findAll(parseDoc(t, editor.body), func(n *html.Node) bool {
			return n.Data == "img" && strings.HasPrefix(attrOf(n, "src"), "/media/companies/"+id+"/logo.png")
		})
		if len(imgs) == 0 || attrOf(imgs[0], "alt") == "" {
			t.Fatalf("the editor does not show the logo with a text alternative")
		}
		if img := olivia.get(attrOf(imgs[0], "src")); img.StatusCode != http.StatusOK || img.Header.Get("Content-Type") != "image/png" {
			t.Errorf("logo: %d %s", img.StatusCode, img.Header.Get("Content-Type"))
		}
		notImage := olivia.upload(editor, logoAction, "logo", "logo.png", []byte("this is a text file, not an image"))
		if notImage.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("non-image logo: %d, want 415", notImage.StatusCode)
		}
		t.Run("non-image logo re-renders the editor", func(t *testing.T) {
			if !strings.Contains(notImage.body, `id="logo-error"`) && !hasForm(t, notImage.body, logoAction) {
				t.Fatalf("a non-image logo did not re-render the editor: %d", notImage.StatusCode)
			}
			doc := parseDoc(t, notImage.body)
			if byID(doc, "logo-error") == nil {
				t.Errorf("no logo error on the re-rendered editor")
			}
			if !hasForm(t, notImage.body, editorPath) {
				t.Error("the re-rendered editor has no profile form")
			}
			if input := byID(doc, "logo"); input == nil || !strings.Contains(attrOf(input, "aria-describedby"), "logo-error") {
				t.Error("the file input does not point at its error")
			}
		})
		if co := companyAPI(t, api, otok, id); co["logo_url"] == "" || co["logo_url"] == nil {
			t.Error("a refused upload removed the logo")
		}

		// Submit for review.
		editor = olivia.page(editorPath)
		r = olivia.submit(editor, editorPath+"/submit", nil)
		seeOther(t, "submit", r, editorPath)
		editor = olivia.page(editorPath)
		if !strings.Contains(editor.body, `badge pending`) || !strings.Contains(editor.body, "Waiting for review") || hasForm(t, editor.body, editorPath+"/submit") {
			t.Errorf("the editor does not show the pending review")
		}
		if !strings.Contains(olivia.page("/employer").body, `badge pending`) {
			t.Error("the dashboard does not show the pending review")
		}

		// A rejection reason reaches the editor and the dashboard.
		mod := h.client(b.Host)
		mtok := mod.login(b.OwnerEmail, b.OwnerPass)
		if r := mod.postJSON("/api/v1/moderation/companies/"+id+"/reject", map[string]string{"reason": "incomplete", "message": "Please describe your products."}, bearer(mtok)); r.StatusCode != http.StatusOK {
			t.Fatalf("reject: %d %s", r.StatusCode, r.body)
		}
		editor = olivia.page(editorPath)
		if !strings.Contains(editor.body, "Not approved:") || !strings.Contains(editor.body, "Please describe your products.") || !hasForm(t, editor.body, editorPath+"/submit") {
			t.Errorf("the editor does not show the rejection and a way to resubmit")
		}
		if dash := olivia.page("/employer"); !strings.Contains(dash.body, "Please describe your products.") || !strings.Contains(dash.body, `badge rejected`) {
			t.Error("the dashboard does not show the rejection reason")
		}

		// Team: invite by e-mail; the link is on the page and in the mail.
		teamPath := editorPath + "/team"
		team := olivia.page(teamPath)
		if !strings.Contains(team.body, ownerEmail) || !strings.Contains(team.body, "(you)") {
			t.Error("the team page does not list its owner")
		}
		badInvite := olivia.submit(team, teamPath+"/invitations", url.Values{"email": {"not-an-address"}, "role": {"recruiter"}})
		if badInvite.StatusCode != http.StatusBadRequest {
			t.Errorf("bad invitation: %d, want 400", badInvite.StatusCode)
		} else {
			checkControlError(t, parseDoc(t, badInvite.body), "email")
			if got := formState(findForm(t, badInvite.body, teamPath+"/invitations")).Get("email"); got != "not-an-address" {
				t.Errorf("invitation e-mail re-filled with %q", got)
			}
		}
		sent := len(h.mails.Messages())
		r = olivia.submit(team, teamPath+"/invitations", url.Values{"email": {"rita@pharma.example"}, "role": {"recruiter"}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("invite: %d %.500s", r.StatusCode, r.body)
		}
		m := invitationLink.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("the invitation link is not shown on the page")
		}
		link, token := m[0], m[1]
		msgs := h.mails.Messages()
		if len(msgs) != sent+1 || msgs[sent].To != "rita@pharma.example" || !strings.Contains(msgs[sent].Text, link) {
			t.Fatalf("invitation e-mail: %d new, %+v", len(msgs)-sent, msgs[len(msgs)-1])
		}
		inviteResponse := r
		t.Run("invitation confirmed on the same page", func(t *testing.T) {
			if !strings.Contains(inviteResponse.body, "Invitation sent to rita@pharma.example") {
				t.Fatal("the invitation is not confirmed on the same page")
			}
		})
		team = olivia.page(teamPath)
		if !strings.Contains(team.body, "rita@pharma.example as recruiter") {
			t.Error("the pending invitation is not listed")
		}
		if strings.Contains(team.body, token) {
			t.Error("the invitation link can be read back from the team page")
		}

		// An anonymous visitor is sent to sign in or up and back.
		anon := newBrowser(t, h, b.Host)
		inv := anon.page("/invitations/" + token)
		if !strings.Contains(inv.body, "Nova Pharma") || !strings.Contains(inv.body, "recruiter") || hasForm(t, inv.body, "/invitations/"+token+"/accept") {
			t.Error("the invitation page for a visitor")
		}
		links := map[string]string{}
		for _, a := range findAll(parseDoc(t, inv.body), func(n *html.Node) bool { return n.Data == "a" }) {
			if u, err := url.Parse(attrOf(a, "href")); err == nil && (u.Path == "/login" || u.Path == "/signup") && u.Query().Get("next") != "" {
				links[u.Path] = attrOf(a, "href")
				if got := u.Query().Get("next"); got != "/invitations/"+token {
					t.Errorf("%s link returns to %q", u.Path, got)
				}
			}
		}
		if links["/login"] == "" || links["/signup"] == "" {
			t.Fatalf("the invitation page does not link to sign-in and sign-up with next: %v", links)
		}
		rita := anon
		r = signupThroughForm(t, rita, links["/signup"], "rita@pharma.example", "Rita")
		seeOther(t, "signup from an invitation", r, "/invitations/"+token)
		inv = rita.page("/invitations/" + token)
		r = rita.submit(inv, "/invitations/"+token+"/accept", nil)
		seeOther(t, "accept", r, editorPath)
		// Signing in from the invitation link returns there too.
		again := newBrowser(t, h, b.Host)
		login := again.page(links["/login"])
		seeOther(t, "login from an invitation", again.submit(login, "/login", formLogin("rita@pharma.example")), "/invitations/"+token)

		// A recruiter sees the profile without its form and cannot post it.
		recView := rita.page(editorPath)
		if hasForm(t, recView.body, editorPath) || strings.Contains(recView.body, `name="description"`) || hasForm(t, recView.body, editorPath+"/logo") || !strings.Contains(recView.body, "You are a recruiter") {
			t.Error("the recruiter's editor shows the profile forms")
		}
		if r := rita.postRaw(recView, editorPath, url.Values{"name": {"Recruiter edit"}, "action": {"save"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("recruiter POST profile: %d, want 403", r.StatusCode)
		}
		if r := rita.postRaw(recView, editorPath+"/submit", url.Values{}); r.StatusCode != http.StatusForbidden {
			t.Errorf("recruiter POST submit: %d, want 403", r.StatusCode)
		}
		if co := companyAPI(t, api, otok, id); co["name"] != "Nova Pharma" {
			t.Errorf("a recruiter changed the profile: %v", co["name"])
		}
		recTeam := rita.page(teamPath)
		if hasForm(t, recTeam.body, teamPath+"/invitations") || strings.Contains(recTeam.body, "/role\"") {
			t.Error("the recruiter's team page offers owner actions")
		}
		if r := rita.postRaw(recTeam, teamPath+"/invitations", url.Values{"email": {"a@b.example"}, "role": {"owner"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("recruiter POST invitation: %d, want 403", r.StatusCode)
		}

		// The owner changes Rita's role, then removes her.
		ritaID := userID(t, api, api.login("rita@pharma.example", "passphrase for rita@pharma.example"))
		team = olivia.page(teamPath)
		if !strings.Contains(team.body, "rita@pharma.example") {
			t.Fatal("the team page does not list the new member")
		}
		r = olivia.submit(team, teamPath+"/"+ritaID+"/role", url.Values{"role": {"owner"}})
		seeOther(t, "change role", r, teamPath)
		team = olivia.page(teamPath)
		if got := formState(findForm(t, team.body, teamPath+"/"+ritaID+"/role")).Get("role"); got != "owner" {
			t.Errorf("Rita's role shows as %q, want owner", got)
		}
		if !strings.Contains(team.body, "The role is changed.") {
			t.Error("no confirmation after changing a role")
		}
		r = olivia.submit(team, teamPath+"/"+ritaID+"/remove", nil)
		seeOther(t, "remove member", r, teamPath)
		team = olivia.page(teamPath)
		if strings.Contains(team.body, "rita@pharma.example</td>") || !strings.Contains(team.body, "The member is removed.") {
			t.Error("the removed member is still listed")
		}
		members := api.do(http.MethodGet, "/api/v1/companies/"+id+"/members", nil, bearer(otok)).json(t)["items"].([]any)
		if len(members) != 1 {
			t.Errorf("members after removal: %v", members)
		}
		if r := rita.get(editorPath); r.StatusCode != http.StatusNotFound {
			t.Errorf("removed member GET editor of an unpublished company: %d, want 404", r.StatusCode)
		}
	})
}

// renderNode returns the HTML of n.
func renderNode(n *html.Node) string {
	var b strings.Builder
	_ = html.Render(&b, n)
	return b.String()
}
