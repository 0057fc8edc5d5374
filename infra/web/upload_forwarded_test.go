package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/store/storetest"
)

func TestBrokenMultipartUploadIsAContractError(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		c, tok := employer(h, b, "emma@pharma.example")
		id := registerCompany(t, c, tok, map[string]any{"name": "Logo Co"})["id"].(string)

		body, ct := multipartFile(t, "logo", "logo.png", pngBytes(t, 200, 100))
		truncated := body.Bytes()[:body.Len()/2]
		for _, accept := range []string{"application/json", ""} {
			r := c.do(http.MethodPut, "/api/v1/companies/"+id+"/logo", bytes.NewReader(truncated),
				map[string]string{"Content-Type": ct, "Authorization": "Bearer " + tok, "Accept": accept})
			if r.StatusCode != http.StatusBadRequest {
				t.Fatalf("truncated multipart (Accept %q): %d, want 400: %.300s", accept, r.StatusCode, r.body)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || r.errorCode(t) == "" || r.errorField(t, "logo") == "" {
				t.Errorf("truncated multipart: not the JSON error shape naming logo: %s %.300s", r.Header.Get("Content-Type"), r.body)
			}
			if strings.Contains(r.body, "EOF") || strings.Contains(r.body, "multipart/form-data body") {
				t.Errorf("the parser's own text leaked: %s", r.body)
			}
			// The request went through the middleware.
			if r.Header.Get("X-Request-ID") == "" {
				t.Error("no X-Request-ID: the request skipped the middleware")
			}
		}
		// A multipart body with a boundary that never appears.
		r := c.do(http.MethodPut, "/api/v1/companies/"+id+"/logo", strings.NewReader("garbage"),
			map[string]string{"Content-Type": "multipart/form-data; boundary=xyz", "Authorization": "Bearer " + tok})
		if r.StatusCode != http.StatusBadRequest || r.errorField(t, "logo") == "" {
			t.Errorf("garbage multipart: %d %.300s", r.StatusCode, r.body)
		}
		// A well-formed body without the field.
		empty, ect := multipartFile(t, "other", "x.png", []byte("x"))
		r = c.do(http.MethodPut, "/api/v1/companies/"+id+"/logo", empty, map[string]string{"Content-Type": ect, "Authorization": "Bearer " + tok})
		if r.StatusCode != http.StatusBadRequest || r.errorField(t, "logo") == "" {
			t.Errorf("no logo field: %d %.300s", r.StatusCode, r.body)
		}
		// The API upload still works.
		good, gct := multipartFile(t, "logo", "logo.png", pngBytes(t, 200, 100))
		if r := c.do(http.MethodPut, "/api/v1/companies/"+id+"/logo", good, map[string]string{"Content-Type": gct, "Authorization": "Bearer " + tok}); r.StatusCode != http.StatusOK {
			t.Fatalf("API upload: %d %.300s", r.StatusCode, r.body)
		}

		// The HTML form still works, CSRF token in the multipart body.
		br := newBrowser(t, h, b.Host)
		if r := br.submit(br.page("/login"), "/login", formLogin("emma@pharma.example")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %d", r.StatusCode)
		}
		editorPath := "/employer/companies/" + id
		editor := br.page(editorPath)
		seeOther(t, "logo upload", br.upload(editor, editorPath+"/logo", "logo", "logo.png", pngBytes(t, 300, 100)), editorPath)
	})
}

func TestForwardedProtoIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	forged := "javascript:alert(1)//"
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			// app.Test's peer is 0.0.0.0: trusted in one harness, not in
			// the other.
			untrusted := newHarness(t, storetest.Open(t, d), map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8"})
			trusted := newHarness(t, storetest.Open(t, d), nil)
			for i, tc := range []struct {
				name   string
				h      *harness
				proto  string
				scheme string
			}{
				{"untrusted peer, forged value", untrusted, forged, "http"},
				{"untrusted peer, https", untrusted, "https", "http"},
				{"trusted proxy, https", trusted, "https", "https"},
				{"trusted proxy, HTTPS", trusted, "HTTPS", "https"},
				{"trusted proxy, forged value", trusted, forged, "http"},
				{"trusted proxy, forged value before its own", trusted, forged + ", https", "https"},
				{"trusted proxy, own value before a forged one", trusted, "https, " + forged, "http"},
			} {
				slug := fmt.Sprintf("proto%c", 'a'+i)
				t.Run(tc.name, func(t *testing.T) {
					f := tc.h.newBoard(slug)
					c := tc.h.client(f.Host)
					c.headers["X-Forwarded-Proto"] = tc.proto
					want := tc.scheme + "://" + f.Host
					for _, path := range []string{"/feed.xml", "/jobs.xml", "/sitemap.xml", "/robots.txt"} {
						r := c.get(path)
						if r.StatusCode != http.StatusOK {
							t.Fatalf("GET %s: %d", path, r.StatusCode)
						}
						if strings.Contains(r.body, "javascript") {
							t.Errorf("GET %s: the forged scheme reached the output: %.400s", path, r.body)
						}
						if !strings.Contains(r.body, want) {
							t.Errorf("GET %s: no %s link: %.400s", path, want, r.body)
						}
					}
					// The invitation link and the Stripe return addresses
					// are built the same way.
					ec, tok := employer(tc.h, f, "emma@pharma.example")
					ec.headers["X-Forwarded-Proto"] = tc.proto
					id := registerCompany(t, ec, tok, map[string]any{"name": "Proto Co"})["id"].(string)
					inv := ec.postJSON("/api/v1/companies/"+id+"/invitations", map[string]string{"email": "rita@pharma.example", "role": "recruiter"}, bearer(tok))
					if link, _ := inv.json(t)["accept_url"].(string); !strings.HasPrefix(link, want+"/invitations/") {
						t.Errorf("accept_url %q, want it under %s", link, want)
					}
				})
			}
		})
	}
}
