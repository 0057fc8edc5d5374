package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The page cache (infra/web/pagecache.go) answers anonymous GETs of the
// public board from rendered responses. These tests check what it must
// never do: mix boards, hand one visitor's CSRF token to another, serve
// or keep pages of signed-in people, outlive a write, or skip the
// counters a page bumps.

// pageCacheHit asks for path until the answer comes from the page cache
// and returns that answer. It tries a few times: entries live about a
// second, which a slow machine may let pass between two requests, and a
// rotating page may need each of its variants rendered first.
func pageCacheHit(t *testing.T, h *harness, c *client, path string) response {
	t.Helper()
	for range rotationVariantsForTest + 2 {
		before := h.srv.PageCacheHits()
		r := c.get(path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %.300s", path, r.StatusCode, r.body)
		}
		if h.srv.PageCacheHits() > before {
			return r
		}
	}
	t.Fatalf("GET %s was never answered from the page cache", path)
	return response{}
}

func TestPageCacheKeepsBoardsApart(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		beta := feedsNewBoard(t, h, "beta", "Beta Labs")
		aj := acme.publishJob(t, "Acme Chemist", "Clinical", nil)
		bj := beta.publishJob(t, "Beta Biologist", "Clinical", nil)
		acme.feature(t, aj)
		beta.feature(t, bj)
		paths := []string{"/", "/jobs", "/jobs?q=chemist", "/companies", "/api/v1/jobs", "/embed/featured-jobs"}
		for _, p := range paths {
			mine, theirs := "Acme Chemist", "Beta Biologist"
			if p == "/companies" {
				mine, theirs = "Nova Pharma", "Beta Labs"
			}
			ac := h.client(acme.b.Host)
			if r := pageCacheHit(t, h, ac, p); !strings.Contains(r.body, mine) {
				t.Errorf("acme %s lacks its own %q: %.300s", p, mine, r.body)
			}
			r := h.client(beta.b.Host).get(p)
			if r.StatusCode != http.StatusOK || strings.Contains(r.body, mine) || strings.Contains(r.body, "acme.jobs.test") {
				t.Errorf("beta %s shows acme's page: %d %.300s", p, r.StatusCode, r.body)
			}
			if p != "/jobs?q=chemist" && !strings.Contains(r.body, theirs) {
				t.Errorf("beta %s lacks its own %q: %.300s", p, theirs, r.body)
			}
		}
		// The same job address on the other board is no page at all.
		page := "/jobs/" + aj.ID + "/" + aj.Slug
		ac := h.client(acme.b.Host)
		ac.get(page)
		pageCacheHit(t, h, ac, page)
		if r := h.client(beta.b.Host).get(page); r.StatusCode != http.StatusNotFound {
			t.Errorf("acme's job on beta's host: %d, want 404", r.StatusCode)
		}
		// HEAD still answers, without a body.
		if r := ac.do(http.MethodHead, page, nil, nil); r.StatusCode != http.StatusOK || r.body != "" {
			t.Errorf("HEAD %s: %d, %d bytes", page, r.StatusCode, len(r.body))
		}
		// Headers are the route's own: the widget may be framed, pages not.
		w := pageCacheHit(t, h, ac, "/embed/featured-jobs")
		if w.Header.Get("X-Frame-Options") != "" || !strings.Contains(w.Header.Get("Content-Security-Policy"), "frame-ancestors *") ||
			w.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(w.Header.Get("Content-Type"), "text/html") {
			t.Errorf("cached widget headers: %v", w.Header)
		}
		for _, ck := range w.Cookies() {
			if ck.Name == "jb_csrf" {
				t.Errorf("the cached widget set the CSRF cookie")
			}
		}
		j := pageCacheHit(t, h, ac, "/jobs")
		if j.Header.Get("X-Frame-Options") != "DENY" || j.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(j.Header.Get("Content-Type"), "text/html") {
			t.Errorf("cached /jobs headers: %v", j.Header)
		}
		if a := pageCacheHit(t, h, ac, "/api/v1/jobs"); !strings.HasPrefix(a.Header.Get("Content-Type"), "application/json") {
			t.Errorf("cached JSON list content type %q", a.Header.Get("Content-Type"))
		}
	})
}

func TestPageCacheGivesEachVisitorTheirOwnCSRFToken(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		acme.publishJob(t, "Acme Chemist", "Clinical", nil)
		first := h.client(acme.b.Host)
		first.get("/jobs")
		second := h.client(acme.b.Host)
		r := pageCacheHit(t, h, second, "/jobs")
		if second.cookies["jb_csrf"] == "" || second.cookies["jb_csrf"] == first.cookies["jb_csrf"] {
			t.Fatalf("a cache hit did not give the new visitor their own CSRF cookie")
		}
		m := csrfMeta.FindStringSubmatch(r.body)
		firstTok := first.csrf("/jobs")
		if m == nil || m[1] == firstTok || strings.Contains(r.body, firstTok) || strings.Contains(r.body, "csrfPlaceholder") {
			t.Fatalf("the second visitor's page carries another token: %v", m)
		}
		secondTok := m[1]
		login := func(c *client, tok string) response {
			v := url.Values{"email": {"nobody@example.com"}, "password": {"not the password at all"}, "_csrf": {tok}}
			return c.do(http.MethodPost, "/login", strings.NewReader(v.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		}
		for name, r := range map[string]response{"first": login(first, firstTok), "second": login(second, secondTok)} {
			if r.StatusCode == http.StatusForbidden {
				t.Errorf("the %s visitor's own token was refused: %.300s", name, r.body)
			}
		}
		if r := login(second, firstTok); r.StatusCode != http.StatusForbidden {
			t.Errorf("the first visitor's token worked for the second: %d", r.StatusCode)
		}
	})
}

func TestPageCacheNeverServesOrKeepsSignedInPages(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		j := acme.publishJob(t, "Acme Chemist", "Clinical", nil)
		page := "/jobs/" + j.ID + "/" + j.Slug
		anon := h.client(acme.b.Host)
		anon.get(page)
		pageCacheHit(t, h, anon, page)

		cara := h.client(acme.b.Host)
		cara.signupAndLogin("cara@candidate.example", "passphrase for cara", "Cara Candidate")
		if r := cara.postForm("/login", "/login", url.Values{"email": {"cara@candidate.example"}, "password": {"passphrase for cara"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in: %d", r.StatusCode)
		}
		hits := h.srv.PageCacheHits()
		for range 2 {
			if r := cara.get(page); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Cara Candidate") {
				t.Fatalf("signed-in job page: %d, without the name", r.StatusCode)
			}
		}
		if h.srv.PageCacheHits() != hits {
			t.Fatal("a signed-in request was answered from the page cache")
		}
		if r := anon.get(page); strings.Contains(r.body, "Cara Candidate") {
			t.Fatal("an anonymous visitor got a signed-in page")
		}
		// API callers with a token are not cached either.
		tok := h.client(acme.b.Host).login("cara@candidate.example", "passphrase for cara")
		h.client(acme.b.Host).get("/api/v1/jobs")
		hits = h.srv.PageCacheHits()
		h.client(acme.b.Host).do(http.MethodGet, "/api/v1/jobs", nil, bearer(tok))
		if h.srv.PageCacheHits() != hits {
			t.Fatal("a bearer-token request was answered from the page cache")
		}
	})
}

func TestPageCacheShowsWritesOnTheNextRequest(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		j := acme.publishJob(t, "Acme Chemist", "Clinical", nil)
		page := "/jobs/" + j.ID + "/" + j.Slug
		anon := h.client(acme.b.Host)
		warm := func() {
			t.Helper()
			for _, p := range []string{"/jobs", page, "/api/v1/jobs", "/api/v1/jobs/" + j.ID} {
				anon.get(p)
				pageCacheHit(t, h, anon, p)
			}
		}
		warm()
		cacheRenameJob(t, h, acme.b.ID, j.ID, "Renamed Chemist")
		for _, p := range []string{"/jobs", page, "/api/v1/jobs", "/api/v1/jobs/" + j.ID} {
			if r := anon.get(p); !strings.Contains(r.body, "Renamed Chemist") {
				t.Errorf("%s after the edit: %d, without the new title", p, r.StatusCode)
			}
		}
		warm()
		fresh := acme.publishJob(t, "Fresh Pharmacist", "Clinical", nil)
		for _, p := range []string{"/jobs", "/api/v1/jobs"} {
			if r := anon.get(p); !strings.Contains(r.body, fresh.Title) {
				t.Errorf("%s lacks the job just published", p)
			}
		}
		warm()
		if r := acme.owner.postJSON("/api/v1/moderation/jobs/"+j.ID+"/take-down", map[string]string{"reason": "fraud"}, bearer(acme.ownerTok)); r.StatusCode != http.StatusOK {
			t.Fatalf("take down: %d %s", r.StatusCode, r.body)
		}
		if r := anon.get(page); r.StatusCode != http.StatusNotFound {
			t.Errorf("job page after the take-down: %d, want 404", r.StatusCode)
		}
		if r := anon.get("/api/v1/jobs/" + j.ID); r.StatusCode != http.StatusNotFound {
			t.Errorf("JSON job after the take-down: %d, want 404", r.StatusCode)
		}
		for _, p := range []string{"/jobs", "/api/v1/jobs"} {
			if r := anon.get(p); strings.Contains(r.body, "Renamed Chemist") {
				t.Errorf("%s still lists the job taken down", p)
			}
		}
	})
}

func TestPageCacheHitsStillCount(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		j := acme.publishJob(t, "Acme Chemist", "Clinical", nil)
		acme.feature(t, j)
		page := "/jobs/" + j.ID + "/" + j.Slug
		anon := h.client(acme.b.Host)
		count := func(path string, n int) {
			t.Helper()
			hits := h.srv.PageCacheHits()
			for range n {
				if r := anon.get(path); r.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d", path, r.StatusCode)
				}
			}
			if h.srv.PageCacheHits() == hits {
				t.Fatalf("none of %d requests of %s came from the page cache", n, path)
			}
		}
		count(page, 5)
		count("/embed/featured-jobs", rotationVariantsForTest+5)
		st := feedsStats(t, h, acme)[j.ID]
		if n := feedsCount(st, "views"); n != 5 {
			t.Errorf("views = %d, want 5", n)
		}
		if n := feedsCount(st, "widget_impressions"); n != rotationVariantsForTest+5 {
			t.Errorf("widget impressions = %d, want %d", n, rotationVariantsForTest+5)
		}
	})
}

// rotationVariantsForTest is web's rotationVariants: the widget keeps that
// many renders before it serves from the cache.
const rotationVariantsForTest = 8

// TestSuspendedBoardStopsAtOnceDespiteCaches: the board of a host and its
// pages are cached, and suspending the board still takes effect on the
// next request.
func TestSuspendedBoardStopsAtOnceDespiteCaches(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		acme.publishJob(t, "Acme Chemist", "Clinical", nil)
		anon := h.client(acme.b.Host)
		for _, p := range []string{"/jobs", "/api/v1/jobs"} {
			anon.get(p)
			pageCacheHit(t, h, anon, p)
		}
		cacheSetBoardStatus(t, h, acme.b.ID, true)
		for _, p := range []string{"/jobs", "/api/v1/jobs", "/embed/featured-jobs"} {
			if r := anon.get(p); r.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("%s on a suspended board: %d, want 503", p, r.StatusCode)
			}
		}
		cacheSetBoardStatus(t, h, acme.b.ID, false)
		if r := anon.get("/jobs"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Acme Chemist") {
			t.Errorf("/jobs after reopening: %d", r.StatusCode)
		}
	})
}

// TestPageCacheOfOtherBoardsSurvivesAWrite: a write on one board empties
// only that board's cached pages; another board's stay and keep being
// served.
func TestPageCacheOfOtherBoardsSurvivesAWrite(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		beta := feedsNewBoard(t, h, "beta", "Beta Labs")
		j := acme.publishJob(t, "Acme Chemist", "Clinical", nil)
		beta.publishJob(t, "Beta Chemist", "Clinical", nil)
		acmeAnon, betaAnon := h.client(acme.b.Host), h.client(beta.b.Host)
		// Entries live about a second: a slow machine may see one expire
		// between warming and asking, so the check gets three tries; a
		// write that emptied every board's cache fails all of them.
		survived := false
		for try := 0; try < 3 && !survived; try++ {
			pageCacheHit(t, h, betaAnon, "/jobs")
			pageCacheHit(t, h, acmeAnon, "/jobs")
			cacheRenameJob(t, h, acme.b.ID, j.ID, fmt.Sprintf("Renamed Chemist %d", try))
			if r := acmeAnon.get("/jobs"); !strings.Contains(r.body, fmt.Sprintf("Renamed Chemist %d", try)) {
				t.Fatalf("acme's list after its write lacks the new title")
			}
			before := h.srv.PageCacheHits()
			betaAnon.get("/jobs")
			survived = h.srv.PageCacheHits() > before
		}
		if !survived {
			t.Error("a write on acme emptied beta's page cache")
		}
	})
}
