package web_test

import (
	"bytes"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/jobboard/jobboard/infra/system/systemtest"
)

func TestCompanyIsInvisibleFromAnotherBoard(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		a, b := h.newBoard("alpha"), h.newBoard("beta")
		ca, tokA := employer(h, a, "emma@pharma.example")
		co := registerCompany(t, ca, tokA, map[string]any{"name": "Alpha Only"})
		id, slug := co["id"].(string), co["slug"].(string)
		publish(t, h, a, ca, tokA, id)
		// The same person, registered on B too, with B's token.
		cb, tokB := employer(h, b, "emma@pharma.example")
		for _, path := range []string{"/companies/" + slug, "/api/v1/companies/" + id, "/media/companies/" + id + "/logo.png", "/employer/companies/" + id, "/employer/companies/" + id + "/team"} {
			if r := cb.do(http.MethodGet, path, nil, bearer(tokB)); r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s on board B: %d, want 404", path, r.StatusCode)
			}
		}
		writes := []struct{ method, path, body string }{
			{http.MethodPatch, "/api/v1/companies/" + id, `{"name":"Taken over"}`},
			{http.MethodPost, "/api/v1/companies/" + id + "/submit", `{}`},
			{http.MethodGet, "/api/v1/companies/" + id + "/members", ``},
			{http.MethodPost, "/api/v1/companies/" + id + "/invitations", `{"email":"x@y.example","role":"owner"}`},
			{http.MethodPost, "/api/v1/moderation/companies/" + id + "/approve", `{}`},
		}
		ownerB := h.client(b.Host).login(b.OwnerEmail, b.OwnerPass)
		for _, w := range writes {
			for _, tok := range []string{tokB, ownerB} {
				r := cb.do(w.method, w.path, strings.NewReader(w.body), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + tok})
				// B's employer may not moderate at all (403); everyone else
				// finds nothing there (404).
				refused := r.StatusCode == http.StatusNotFound || tok == tokB && r.StatusCode == http.StatusForbidden && strings.Contains(w.path, "/moderation/")
				if !refused {
					t.Errorf("%s %s on board B: %d, want 404", w.method, w.path, r.StatusCode)
				}
			}
		}
		// B's directory does not list it; A's does.
		if r := cb.get("/api/v1/companies"); strings.Contains(r.body, id) {
			t.Error("board B's directory lists board A's company")
		}
		if r := ca.get("/api/v1/companies"); !strings.Contains(r.body, id) {
			t.Error("board A's directory does not list its company")
		}
		if got := ca.do(http.MethodGet, "/api/v1/companies/"+id, nil, bearer(tokA)).json(t)["name"]; got != "Alpha Only" {
			t.Errorf("the company changed: %v", got)
		}
	})
}

func TestCompanyPermissions(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		owner, otok := employer(h, b, "owner@pharma.example")
		co := registerCompany(t, owner, otok, map[string]any{"name": "Team Co"})
		id := co["id"].(string)
		// Invite a recruiter and let them accept.
		inv := owner.postJSON("/api/v1/companies/"+id+"/invitations", map[string]string{"email": "rita@pharma.example", "role": "recruiter"}, bearer(otok))
		if inv.StatusCode != http.StatusCreated {
			t.Fatalf("invite: %d %s", inv.StatusCode, inv.body)
		}
		token := tokenFromLink(t, inv.json(t)["accept_url"].(string))
		rec, rtok := employer(h, b, "rita@pharma.example")
		if r := rec.postJSON("/api/v1/invitations/"+token+"/accept", "{}", bearer(rtok)); r.StatusCode != http.StatusOK {
			t.Fatalf("accept: %d %s", r.StatusCode, r.body)
		}
		outsider, xtok := employer(h, b, "xavier@else.example")

		// Draft: a non-member cannot even see it.
		if r := outsider.do(http.MethodGet, "/api/v1/companies/"+id, nil, bearer(xtok)); r.StatusCode != http.StatusNotFound {
			t.Fatalf("outsider sees a draft: %d", r.StatusCode)
		}
		cases := []struct {
			who    *client
			tok    string
			method string
			path   string
			body   string
			want   int
		}{
			{rec, rtok, http.MethodPatch, "/api/v1/companies/" + id, `{"name":"Recruiter edit"}`, http.StatusForbidden},
			{rec, rtok, http.MethodPost, "/api/v1/companies/" + id + "/invitations", `{"email":"a@b.example","role":"owner"}`, http.StatusForbidden},
			{rec, rtok, http.MethodPatch, "/api/v1/companies/" + id + "/members/" + userID(t, rec, rtok), `{"role":"owner"}`, http.StatusForbidden},
			{rec, rtok, http.MethodPost, "/api/v1/companies/" + id + "/submit", `{}`, http.StatusForbidden},
			{rec, rtok, http.MethodGet, "/api/v1/companies/" + id + "/members", ``, http.StatusOK},
			{outsider, xtok, http.MethodPatch, "/api/v1/companies/" + id, `{"name":"Outsider edit"}`, http.StatusNotFound},
			{outsider, xtok, http.MethodGet, "/api/v1/companies/" + id + "/members", ``, http.StatusNotFound},
		}
		for _, tc := range cases {
			r := tc.who.do(tc.method, tc.path, strings.NewReader(tc.body), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + tc.tok})
			if r.StatusCode != tc.want {
				t.Errorf("%s %s: %d, want %d (%s)", tc.method, tc.path, r.StatusCode, tc.want, r.body)
			}
		}
		// Once published, a non-member sees it but may not change it.
		publish(t, h, b, owner, otok, id)
		if r := patchJSON(outsider, "/api/v1/companies/"+id, map[string]any{"name": "Outsider edit"}, xtok); r.StatusCode != http.StatusForbidden {
			t.Errorf("outsider edit of a published company: %d, want 403", r.StatusCode)
		}
		// The recruiter's HTML editor shows no form.
		rec.postForm("/login", "/login", formLogin("rita@pharma.example"))
		if r := rec.get("/employer/companies/" + id); r.StatusCode != http.StatusOK || strings.Contains(r.body, `name="description"`) {
			t.Errorf("recruiter editor: %d, form shown: %v", r.StatusCode, strings.Contains(r.body, `name="description"`))
		}
		// The last owner can neither leave nor be demoted.
		me := userID(t, owner, otok)
		if r := owner.do(http.MethodDelete, "/api/v1/companies/"+id+"/members/"+me, nil, bearer(otok)); r.StatusCode != http.StatusConflict {
			t.Errorf("last owner leaving: %d", r.StatusCode)
		}
		if r := patchJSON(owner, "/api/v1/companies/"+id+"/members/"+me, map[string]string{"role": "recruiter"}, otok); r.StatusCode != http.StatusConflict {
			t.Errorf("last owner demoted: %d", r.StatusCode)
		}
		// Promote the recruiter; then the first owner may step down.
		if r := patchJSON(owner, "/api/v1/companies/"+id+"/members/"+userID(t, rec, rtok), map[string]string{"role": "owner"}, otok); r.StatusCode != http.StatusNoContent {
			t.Fatalf("promote: %d %s", r.StatusCode, r.body)
		}
		if r := owner.do(http.MethodDelete, "/api/v1/companies/"+id+"/members/"+me, nil, bearer(otok)); r.StatusCode != http.StatusNoContent {
			t.Fatalf("leave after promotion: %d %s", r.StatusCode, r.body)
		}
		if r := patchJSON(owner, "/api/v1/companies/"+id, map[string]any{"name": "Gone"}, otok); r.StatusCode != http.StatusForbidden {
			t.Errorf("former owner edit: %d, want 403", r.StatusCode)
		}
	})
}

func userID(t *testing.T, c *client, tok string) string {
	t.Helper()
	return c.do(http.MethodGet, "/api/v1/auth/me", nil, bearer(tok)).json(t)["user"].(map[string]any)["id"].(string)
}

func tokenFromLink(t *testing.T, link string) string {
	t.Helper()
	i := strings.LastIndex(link, "/invitations/")
	if i < 0 {
		t.Fatalf("not an invitation link: %s", link)
	}
	return link[i+len("/invitations/"):]
}

func TestDescriptionIsSanitised(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		setReviewProfiles(t, h, b, false)
		c, tok := employer(h, b, "emma@pharma.example")
		evil := "Hello <script>alert(1)</script>\n\n[click](javascript:alert(2)) [x](JAVASCRIPT:alert(3))\n\n<img src=x onerror=alert(4)>\n\n<a href=\"#\" onclick=\"alert(5)\">a</a> <iframe src=\"https://evil.example\"></iframe>"
		co := registerCompany(t, c, tok, map[string]any{"name": "Safe Co", "description": evil})
		c.postJSON("/api/v1/companies/"+co["id"].(string)+"/submit", "{}", bearer(tok))
		page := h.client(b.Host).get("/companies/" + co["slug"].(string))
		// Escaped text is harmless ("&lt;img onerror…" shows as text); what
		// must never appear is a live tag, attribute or URL.
		for _, body := range []string{co["description_html"].(string), page.body} {
			if bad := dangerousMarkup(body); bad != "" {
				t.Errorf("dangerous markup reached the output: %s", bad)
			}
		}
		if !strings.Contains(page.body, "Hello") {
			t.Error("the harmless text was lost")
		}
	})
}

// pngBytes is a w×h PNG image, as an upload.
var pngBytes = systemtest.PNG

func multipartFile(t *testing.T, field, name string, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = w.Close()
	return &buf, w.FormDataContentType()
}

func TestLogoUpload(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		setReviewProfiles(t, h, b, false)
		c, tok := employer(h, b, "emma@pharma.example")
		id := registerCompany(t, c, tok, map[string]any{"name": "Logo Co"})["id"].(string)
		upload := func(name string, data []byte) response {
			body, ct := multipartFile(t, "logo", name, data)
			return c.do(http.MethodPut, "/api/v1/companies/"+id+"/logo", body, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + tok})
		}
		r := upload("logo.png", pngBytes(t, 1200, 300))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("upload: %d %s", r.StatusCode, r.body)
		}
		logoURL, _ := r.json(t)["logo_url"].(string)
		if logoURL == "" {
			t.Fatal("no logo_url")
		}
		path := logoURL[strings.Index(logoURL, "/media/"):]
		img := c.do(http.MethodGet, path, nil, bearer(tok))
		if img.StatusCode != http.StatusOK || img.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("logo: %d %s", img.StatusCode, img.Header.Get("Content-Type"))
		}
		cfg, err := png.DecodeConfig(strings.NewReader(img.body))
		if err != nil || cfg.Width > 400 || cfg.Height > 400 {
			t.Fatalf("logo not re-encoded within bounds: %+v %v", cfg, err)
		}
		// A draft's logo is for its team only.
		if r := h.client(b.Host).get(path); r.StatusCode != http.StatusNotFound {
			t.Fatalf("draft logo served to the public: %d", r.StatusCode)
		}
		if r := upload("logo.png", []byte("this is a text file, not an image")); r.StatusCode != http.StatusUnsupportedMediaType || r.errorField(t, "logo") == "" {
			t.Fatalf("text renamed .png: %d %s", r.StatusCode, r.body)
		}
		if r := upload("logo.png", append([]byte("MZ\x90\x00"), make([]byte, 512)...)); r.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("executable renamed .png: %d %s", r.StatusCode, r.body)
		}
		big := append(pngBytes(t, 10, 10), make([]byte, 3<<20)...)
		if r := upload("big.png", big); r.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("oversized logo: %d %s", r.StatusCode, r.body)
		}
		// Not multipart at all.
		if r := c.do(http.MethodPut, "/api/v1/companies/"+id+"/logo", strings.NewReader("x"), map[string]string{"Content-Type": "image/png", "Authorization": "Bearer " + tok}); r.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("raw body: %d", r.StatusCode)
		}
	})
}

// dangerousMarkup returns the first live script, frame, event handler or
// javascript: URL in an HTML document, or "".
func dangerousMarkup(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "iframe", "object", "embed":
				return "<" + tok.Data + ">"
			case "script":
				ldJSON := false
				for _, a := range tok.Attr {
					ldJSON = ldJSON || a.Key == "type" && a.Val == "application/ld+json"
				}
				if !ldJSON {
					return "<script>"
				}
			}
			for _, a := range tok.Attr {
				val := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || (a.Key == "href" || a.Key == "src") && strings.HasPrefix(val, "javascript:") {
					return tok.String()
				}
			}
		}
	}
}
