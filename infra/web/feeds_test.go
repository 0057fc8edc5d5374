package web_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/jobboard/jobboard/infra/system"
)

// feedsBoard is a board with one published company and its team.
type feedsBoard struct {
	b               fixture
	team            *client
	tok             string
	companyID, slug string
	owner           *client
	ownerTok        string
	companyName     string
}

// feedsNewBoard creates a board with a published company.
func feedsNewBoard(t *testing.T, h *harness, slug, company string) *feedsBoard {
	t.Helper()
	b := h.newBoard(slug)
	c, tok := employer(h, b, "team@"+slug+".example")
	co := registerCompany(t, c, tok, map[string]any{"name": company, "sector": "Biotechnology", "location": "Basel"})
	id := co["id"].(string)
	publish(t, h, b, c, tok, id)
	owner := h.client(b.Host)
	return &feedsBoard{b: b, team: c, tok: tok, companyID: id, slug: co["slug"].(string), owner: owner,
		ownerTok: owner.login(b.OwnerEmail, b.OwnerPass), companyName: company}
}

// feedsJob is a created job's id and slug.
type feedsJob struct{ ID, Slug, Title string }

// draft creates a draft job; extra fields override the defaults.
func (f *feedsBoard) draft(t *testing.T, title, category string, extra map[string]any) feedsJob {
	t.Helper()
	body := map[string]any{"title": title, "description": "Join **our team** & help patients.", "employment_type": "FULL_TIME",
		"locations": []string{"Basel"}, "workplace": "onsite", "category": category, "apply_url": "https://x.example/apply"}
	for k, v := range extra {
		body[k] = v
	}
	r := f.team.postJSON("/api/v1/companies/"+f.companyID+"/jobs", body, bearer(f.tok))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create job %q: %d %s", title, r.StatusCode, r.body)
	}
	m := r.json(t)
	return feedsJob{ID: m["id"].(string), Slug: m["slug"].(string), Title: title}
}

// publishJob creates a job, submits it and approves it as the owner.
func (f *feedsBoard) publishJob(t *testing.T, title, category string, extra map[string]any) feedsJob {
	t.Helper()
	j := f.draft(t, title, category, extra)
	if r := f.team.postJSON("/api/v1/jobs/"+j.ID+"/submit", "{}", bearer(f.tok)); r.StatusCode != http.StatusOK {
		t.Fatalf("submit job: %d %s", r.StatusCode, r.body)
	}
	if r := f.owner.postJSON("/api/v1/moderation/jobs/"+j.ID+"/approve", "{}", bearer(f.ownerTok)); r.StatusCode != http.StatusOK || r.json(t)["status"] != "published" {
		t.Fatalf("approve job: %d %s", r.StatusCode, r.body)
	}
	return j
}

// feature features a published job for a day.
func (f *feedsBoard) feature(t *testing.T, j feedsJob) {
	t.Helper()
	until := time.Now().UTC().Add(24 * time.Hour).Format(time.RFC3339)
	if r := f.owner.postJSON("/api/v1/jobs/"+j.ID+"/feature", map[string]any{"until": until}, bearer(f.ownerTok)); r.StatusCode != http.StatusOK {
		t.Fatalf("feature job: %d %s", r.StatusCode, r.body)
	}
}

// url is a job's absolute canonical address on the board.
func (f *feedsBoard) url(j feedsJob) string {
	return "http://" + f.b.Host + "/jobs/" + j.ID + "/" + j.Slug
}

// feedsExpire moves a job's expiry into the past.
func feedsExpire(t *testing.T, h *harness, j feedsJob) {
	t.Helper()
	jobSetTime(t, h, "expires_at", j.ID, time.Now().Add(-time.Hour))
}

// feedsSetSlots changes the board's number of featured slots.
func feedsSetSlots(t *testing.T, h *harness, f fixture, slots int) {
	t.Helper()
	jobSettings(t, h, f, func(st *jobBoardSettings) { st.FeaturedSlots = slots })
}

// feedsStats returns a company's job counters by job id, as its team sees
// them, after writing the buffered counts.
func feedsStats(t *testing.T, h *harness, f *feedsBoard) map[string]map[string]any {
	t.Helper()
	if err := h.sys.JobStats.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := f.team.do(http.MethodGet, "/api/v1/companies/"+f.companyID+"/jobs", nil, bearer(f.tok))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("company jobs: %d %s", r.StatusCode, r.body)
	}
	out := map[string]map[string]any{}
	for _, it := range r.json(t)["items"].([]any) {
		m := it.(map[string]any)
		st, _ := m["stats"].(map[string]any)
		out[m["id"].(string)] = st
	}
	return out
}

func feedsCount(stats map[string]any, key string) int {
	n, _ := stats[key].(float64)
	return int(n)
}

// rssTest is the part of an RSS 2.0 document the tests read.
type rssTest struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title         string `xml:"title"`
		Description   string `xml:"description"`
		LastBuildDate string `xml:"lastBuildDate"`
		// Links holds both <link> and <atom:link>: encoding/xml matches
		// a field without a namespace against either.
		Links []struct {
			XMLName xml.Name
			Href    string `xml:"href,attr"`
			Rel     string `xml:"rel,attr"`
			Value   string `xml:",chardata"`
		} `xml:"link"`
		Items []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			GUID  struct {
				IsPermaLink string `xml:"isPermaLink,attr"`
				Value       string `xml:",chardata"`
			} `xml:"guid"`
			PubDate     string   `xml:"pubDate"`
			Description string   `xml:"description"`
			Category    []string `xml:"category"`
		} `xml:"item"`
	} `xml:"channel"`
}

// link returns the channel's RSS link and its Atom self link.
func (d rssTest) link() (link, self string) {
	for _, l := range d.Channel.Links {
		switch {
		case l.XMLName.Space == "http://www.w3.org/2005/Atom" && l.Rel == "self":
			self = l.Href
		case l.XMLName.Space == "":
			link = l.Value
		}
	}
	return link, self
}

func getRSS(t *testing.T, c *client, path string) rssTest {
	t.Helper()
	r := c.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", path, r.StatusCode, r.body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/rss+xml; charset=utf-8" {
		t.Fatalf("%s content type %q", path, ct)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=300" {
		t.Fatalf("%s cache control %q", path, cc)
	}
	if sc := r.Header.Values("Set-Cookie"); len(sc) != 0 {
		t.Fatalf("%s sets cookies on a cacheable response: %v", path, sc)
	}
	var doc rssTest
	if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("%s does not parse: %v\n%s", path, err, r.body)
	}
	return doc
}

func rssTitles(doc rssTest) []string {
	var out []string
	for _, it := range doc.Channel.Items {
		out = append(out, it.Title)
	}
	return out
}

func TestFeedRSSListsOnlyThisBoardsOpenJobs(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		beta := feedsNewBoard(t, h, "beta", "Beta Labs")
		clinical := acme.publishJob(t, "Clinical Research Associate", "Clinical", nil)
		quality := acme.publishJob(t, "QA Manager", "Quality", nil)
		acme.draft(t, "Draft Role", "Clinical", nil)
		expired := acme.publishJob(t, "Expired Role", "Clinical", nil)
		feedsExpire(t, h, expired)
		other := beta.publishJob(t, "Beta Scientist", "Clinical", nil)

		anon := h.client(acme.b.Host)
		doc := getRSS(t, anon, "/feed.xml")
		ch := doc.Channel
		link, self := doc.link()
		if doc.Version != "2.0" || ch.Title != "Acme Jobs" || link != "http://acme.jobs.test/" || ch.Description == "" {
			t.Fatalf("channel = %+v", ch)
		}
		if self != "http://acme.jobs.test/feed.xml" {
			t.Fatalf("atom self link = %q", self)
		}
		if _, err := time.Parse(time.RFC1123Z, ch.LastBuildDate); err != nil {
			t.Fatalf("lastBuildDate %q: %v", ch.LastBuildDate, err)
		}
		titles := rssTitles(doc)
		sort.Strings(titles)
		want := []string{"Clinical Research Associate – Nova Pharma", "QA Manager – Nova Pharma"}
		if strings.Join(titles, "|") != strings.Join(want, "|") {
			t.Fatalf("items = %v, want %v", titles, want)
		}
		links := map[string]bool{}
		for _, it := range ch.Items {
			links[it.Link] = true
			if it.GUID.Value != it.Link || it.GUID.IsPermaLink != "true" {
				t.Errorf("guid = %+v, link %s", it.GUID, it.Link)
			}
			if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
				t.Errorf("pubDate %q: %v", it.PubDate, err)
			}
			// Entity-encoded HTML, as RSS wants: readers show "&".
			if it.Description != "Join our team &amp; help patients." {
				t.Errorf("description = %q, want the text escaped as HTML", it.Description)
			}
			if len(it.Category) != 1 {
				t.Errorf("category = %v", it.Category)
			}
		}
		if !links[acme.url(clinical)] || !links[acme.url(quality)] {
			t.Fatalf("links = %v", links)
		}
		// Newest first: the QA job was approved after the clinical one.
		if ch.Items[0].Link != acme.url(quality) {
			t.Errorf("first item %s, want the newest job", ch.Items[0].Link)
		}

		doc = getRSS(t, anon, "/feed.xml?category=Clinical")
		if got := rssTitles(doc); len(got) != 1 || got[0] != "Clinical Research Associate – Nova Pharma" || doc.Channel.Items[0].Category[0] != "Clinical" {
			t.Fatalf("Clinical feed = %v", got)
		}
		if _, self := doc.link(); self != "http://acme.jobs.test/feed.xml?category=Clinical" {
			t.Fatalf("self link of the filtered feed = %s", self)
		}
		if got := rssTitles(getRSS(t, anon, "/feed.xml?category=Astrology")); len(got) != 0 {
			t.Fatalf("unknown category lists %v", got)
		}
		if r := anon.get("/feed.xml?category=" + strings.Repeat("x", 201)); r.StatusCode != http.StatusBadRequest {
			t.Fatalf("over-long category: %d", r.StatusCode)
		}

		betaDoc := getRSS(t, h.client(beta.b.Host), "/feed.xml")
		if got := rssTitles(betaDoc); len(got) != 1 || got[0] != "Beta Scientist – Beta Labs" || betaDoc.Channel.Items[0].Link != beta.url(other) {
			t.Fatalf("beta feed = %v", got)
		}
	})
}

// indeedTest is the aggregator feed as the tests read it.
type indeedTest struct {
	XMLName       xml.Name `xml:"source"`
	Publisher     string   `xml:"publisher"`
	PublisherURL  string   `xml:"publisherurl"`
	LastBuildDate string   `xml:"lastBuildDate"`
	Jobs          []struct {
		Title           string `xml:"title"`
		Date            string `xml:"date"`
		ReferenceNumber string `xml:"referencenumber"`
		URL             string `xml:"url"`
		Company         string `xml:"company"`
		City            string `xml:"city"`
		Country         string `xml:"country"`
		Description     string `xml:"description"`
		Salary          string `xml:"salary"`
		JobType         string `xml:"jobtype"`
		Category        string `xml:"category"`
		ExpirationDate  string `xml:"expirationdate"`
	} `xml:"job"`
}

func TestFeedIndeedXMLKeepsCDATAIntact(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		beta := feedsNewBoard(t, h, "beta", "Beta Labs")
		older := acme.publishJob(t, "Data Engineer", "Data & IT", nil)
		tricky := acme.publishJob(t, "Part-time Auditor", "Quality", map[string]any{"employment_type": "PART_TIME",
			"locations": []string{"Zürich", "Bern"}, "salary": map[string]any{"min": 60000, "max": 80000, "currency": "CHF", "period": "YEAR"}})
		acme.draft(t, "Draft Role", "Clinical", nil)
		beta.publishJob(t, "Beta Scientist", "Clinical", nil)
		// Stored HTML is sanitised, but text may still hold the CDATA end
		// marker; it must not end the section.
		descHTML := "<p>Audits ]]> and <strong>more</strong> ]]]]> end</p>"
		if _, err := h.db.ExecContext(context.Background(), "UPDATE jobs SET description_html = ? WHERE id = ?", descHTML, tricky.ID); err != nil {
			t.Fatal(err)
		}

		r := h.client(acme.b.Host).get("/jobs.xml")
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
			t.Fatalf("/jobs.xml: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		if !strings.Contains(r.body, "<![CDATA[") || !strings.Contains(r.body, "]]]]><![CDATA[>") {
			t.Fatalf("the CDATA end marker is not split:\n%s", r.body)
		}
		var doc indeedTest
		if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
			t.Fatalf("/jobs.xml does not parse: %v\n%s", err, r.body)
		}
		if doc.Publisher != "Acme Jobs" || doc.PublisherURL != "http://acme.jobs.test/" {
			t.Fatalf("publisher = %q %q", doc.Publisher, doc.PublisherURL)
		}
		if _, err := time.Parse(time.RFC1123Z, doc.LastBuildDate); err != nil {
			t.Fatalf("lastBuildDate %q: %v", doc.LastBuildDate, err)
		}
		if len(doc.Jobs) != 2 || doc.Jobs[0].ReferenceNumber != tricky.ID || doc.Jobs[1].ReferenceNumber != older.ID {
			t.Fatalf("jobs = %+v, want the two open jobs newest first", doc.Jobs)
		}
		j := doc.Jobs[0]
		if j.Title != "Part-time Auditor" || j.URL != acme.url(tricky) || j.Company != "Nova Pharma" || j.City != "Zürich" ||
			j.Salary != "60000-80000 CHF per year" || j.JobType != "parttime" || j.Category != "Quality" {
			t.Fatalf("job = %+v", j)
		}
		if j.Description != descHTML {
			t.Fatalf("description = %q, want %q", j.Description, descHTML)
		}
		if _, err := time.Parse(time.RFC1123Z, j.Date); err != nil {
			t.Fatalf("date %q: %v", j.Date, err)
		}
		if exp, err := time.Parse(time.RFC1123Z, j.ExpirationDate); err != nil || !exp.After(time.Now()) {
			t.Fatalf("expirationdate %q: %v", j.ExpirationDate, err)
		}
		if doc.Jobs[1].JobType != "fulltime" || doc.Jobs[1].Salary != "" || !strings.Contains(doc.Jobs[1].Description, "<strong>our team</strong>") {
			t.Fatalf("second job = %+v", doc.Jobs[1])
		}
	})
}

// sitemapTest reads either kind of sitemap document.
type sitemapTest struct {
	XMLName xml.Name
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

func getSitemap(t *testing.T, c *client, path string) sitemapTest {
	t.Helper()
	r := c.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", path, r.StatusCode, r.body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/xml; charset=utf-8" {
		t.Fatalf("%s content type %q", path, ct)
	}
	var doc sitemapTest
	if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("%s does not parse: %v\n%s", path, err, r.body)
	}
	if doc.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Fatalf("%s namespace %q", path, doc.XMLName.Space)
	}
	for _, u := range doc.URLs {
		if u.LastMod != "" {
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Fatalf("lastmod %q: %v", u.LastMod, err)
			}
		}
	}
	return doc
}

func sitemapLocs(doc sitemapTest) []string {
	var out []string
	for _, u := range doc.URLs {
		out = append(out, u.Loc)
	}
	sort.Strings(out)
	return out
}

// feedsSitemapWant publishes three jobs (plus a draft and an expired job)
// and returns every URL the sitemap must list, sorted.
func feedsSitemapWant(t *testing.T, h *harness, acme *feedsBoard) []string {
	t.Helper()
	want := []string{"http://acme.jobs.test/", "http://acme.jobs.test/jobs", "http://acme.jobs.test/companies", "http://acme.jobs.test/companies/" + acme.slug}
	for i := 0; i < 3; i++ {
		want = append(want, acme.url(acme.publishJob(t, fmt.Sprintf("Scientist %d", i), "Clinical", nil)))
	}
	acme.draft(t, "Draft Role", "Clinical", nil)
	feedsExpire(t, h, acme.publishJob(t, "Expired Role", "Clinical", nil))
	sort.Strings(want)
	return want
}

func TestSitemapIsOneURLSetForASmallBoard(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		beta := feedsNewBoard(t, h, "beta", "Beta Labs")
		beta.publishJob(t, "Beta Scientist", "Clinical", nil)
		want := feedsSitemapWant(t, h, acme)

		anon := h.client(acme.b.Host)
		doc := getSitemap(t, anon, "/sitemap.xml")
		if doc.XMLName.Local != "urlset" || len(doc.Sitemaps) != 0 {
			t.Fatalf("sitemap root %s", doc.XMLName.Local)
		}
		if got := sitemapLocs(doc); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("sitemap URLs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, u := range doc.URLs {
			if strings.Contains(u.Loc, "/jobs/") && u.LastMod == "" {
				t.Errorf("job URL %s has no lastmod", u.Loc)
			}
		}
		if got := sitemapLocs(getSitemap(t, anon, "/sitemaps/jobs-0.xml")); len(got) != len(want) {
			t.Fatalf("page 0 of a one-page sitemap has %d URLs", len(got))
		}
		for _, p := range []string{"/sitemaps/jobs-1.xml", "/sitemaps/jobs-x.xml", "/sitemaps/jobs--1.xml", "/sitemaps/jobs-01.xml", "/sitemaps/jobs-99999999999999999999.xml"} {
			if r := anon.get(p); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", p, r.StatusCode)
			}
		}
	})
}

// TestSitemapPagesPastThePageSize runs with two URLs per sitemap file.
func TestSitemapPagesPastThePageSize(t *testing.T) {
	t.Parallel()
	eachDialectWith(t, system.Options{SitemapPageSize: 2}, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		// A second profile makes five fixed URLs, so that a page straddles
		// two of the app's job pages.
		zeta := registerCompany(t, acme.team, acme.tok, map[string]any{"name": "Zeta Bio"})
		publish(t, h, acme.b, acme.team, acme.tok, zeta["id"].(string))
		want := append(feedsSitemapWant(t, h, acme), "http://acme.jobs.test/companies/"+zeta["slug"].(string))
		sort.Strings(want)

		anon := h.client(acme.b.Host)
		idx := getSitemap(t, anon, "/sitemap.xml")
		if idx.XMLName.Local != "sitemapindex" || len(idx.URLs) != 0 {
			t.Fatalf("sitemap root %s with %d URLs, want an index", idx.XMLName.Local, len(idx.URLs))
		}
		// Five fixed pages and profiles and three jobs, two per file.
		if len(idx.Sitemaps) != 4 {
			t.Fatalf("index lists %d sitemaps, want 4", len(idx.Sitemaps))
		}
		var got []string
		for i, sm := range idx.Sitemaps {
			path := fmt.Sprintf("/sitemaps/jobs-%d.xml", i)
			if sm.Loc != "http://acme.jobs.test"+path {
				t.Fatalf("index entry %d = %s", i, sm.Loc)
			}
			doc := getSitemap(t, anon, path)
			if doc.XMLName.Local != "urlset" || len(doc.URLs) == 0 || len(doc.URLs) > 2 {
				t.Fatalf("%s has %d URLs", path, len(doc.URLs))
			}
			got = append(got, sitemapLocs(doc)...)
		}
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("paged sitemap URLs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if r := anon.get("/sitemaps/jobs-4.xml"); r.StatusCode != http.StatusNotFound {
			t.Fatalf("page past the end: %d", r.StatusCode)
		}
	})
}

func TestRobotsTxt(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		r := h.client(b.Host).get("/robots.txt")
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("robots.txt: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		for _, line := range []string{"User-agent: *", "Disallow: /employer", "Disallow: /admin", "Disallow: /api/", "Disallow: /embed/",
			"Disallow: /platform", "Sitemap: http://acme.jobs.test/sitemap.xml"} {
			if !strings.Contains(r.body+"\n", line+"\n") {
				t.Errorf("robots.txt lacks %q:\n%s", line, r.body)
			}
		}
		if strings.Contains(r.body, "Disallow: /\n") {
			t.Errorf("robots.txt shuts out everything:\n%s", r.body)
		}
	})
}

// widgetLinks returns the job links of the widget, in order.
func widgetLinks(t *testing.T, body string) []*html.Node {
	t.Helper()
	doc := parseDoc(t, body)
	return findAll(doc, func(n *html.Node) bool { return n.Data == "a" && strings.Contains(attrOf(n, "href"), "/embed/click/") })
}

func getWidget(t *testing.T, c *client, path string) response {
	t.Helper()
	r := c.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", path, r.StatusCode, r.body)
	}
	return r
}

func TestWidgetShowsFeaturedJobsAndCountsImpressions(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		beta := feedsNewBoard(t, h, "beta", "Beta Labs")
		star := acme.publishJob(t, "Star Chemist", "Clinical", map[string]any{"workplace": "hybrid"})
		plain := acme.publishJob(t, "Plain Chemist", "Clinical", nil)
		acme.feature(t, star)
		beta.feature(t, beta.publishJob(t, "Beta Star", "Clinical", nil))

		anon := h.client(acme.b.Host)
		r := getWidget(t, anon, "/embed/featured-jobs")
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Fatalf("content type %q", ct)
		}
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") {
			t.Fatalf("widget CSP = %q", csp)
		}
		if xfo := r.Header.Values("X-Frame-Options"); len(xfo) != 0 {
			t.Fatalf("widget X-Frame-Options = %v", xfo)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Fatalf("widget Cache-Control = %q", cc)
		}
		doc := parseDoc(t, r.body)
		if n := findAll(doc, func(n *html.Node) bool { return n.Data == "script" || n.Data == "style" || hasAttr(n, "style") }); len(n) != 0 {
			t.Fatalf("widget has inline scripts or styles, which the CSP forbids")
		}
		if n := findAll(doc, func(n *html.Node) bool { return n.Data == "form" || n.Data == "nav" }); len(n) != 0 {
			t.Fatalf("widget carries the site's layout")
		}
		sheets := findAll(doc, func(n *html.Node) bool { return n.Data == "link" && attrOf(n, "rel") == "stylesheet" })
		if len(sheets) != 2 || attrOf(sheets[1], "href") != "http://acme.jobs.test/theme.css" {
			t.Fatalf("stylesheets = %d", len(sheets))
		}
		if css := anon.get(strings.TrimPrefix(attrOf(sheets[0], "href"), "http://acme.jobs.test")); css.StatusCode != http.StatusOK || !strings.Contains(css.body, "--brand") {
			t.Fatalf("widget stylesheet: %d", css.StatusCode)
		}
		links := widgetLinks(t, r.body)
		if len(links) != 1 || attrOf(links[0], "href") != "http://acme.jobs.test/embed/click/"+star.ID ||
			attrOf(links[0], "target") != "_blank" || attrOf(links[0], "rel") != "noopener" {
			t.Fatalf("widget links = %d %v", len(links), r.body)
		}
		if text := textOf(doc); !strings.Contains(text, "Star Chemist") || !strings.Contains(text, "Nova Pharma") || !strings.Contains(text, "Hybrid") ||
			strings.Contains(text, "Plain Chemist") || strings.Contains(text, "Beta Star") || !strings.Contains(text, "See all jobs") {
			t.Fatalf("widget text = %s", text)
		}
		getWidget(t, anon, "/embed/featured-jobs?limit=1")
		stats := feedsStats(t, h, acme)
		if n := feedsCount(stats[star.ID], "widget_impressions"); n != 2 {
			t.Fatalf("impressions of the featured job = %d, want 2 (%v)", n, stats)
		}
		if n := feedsCount(stats[plain.ID], "widget_impressions"); n != 0 {
			t.Fatalf("impressions of a job not shown = %d", n)
		}
		for _, q := range []string{"0", "11", "x", "-1"} {
			if r := anon.get("/embed/featured-jobs?limit=" + q); r.StatusCode != http.StatusBadRequest {
				t.Errorf("limit=%s: %d, want 400", q, r.StatusCode)
			}
		}

		// A board with no featured jobs shows the empty state.
		empty := h.newBoard("gamma")
		r = getWidget(t, h.client(empty.Host), "/embed/featured-jobs")
		if text := textOf(parseDoc(t, r.body)); !strings.Contains(text, "No featured jobs right now") || len(widgetLinks(t, r.body)) != 0 {
			t.Fatalf("empty widget = %s", text)
		}

		// Other pages stay unframeable.
		if xfo := anon.get("/companies").Header.Get("X-Frame-Options"); xfo != "DENY" {
			t.Fatalf("X-Frame-Options of a normal page = %q", xfo)
		}
	})
}

func TestWidgetRotatesFeaturedJobsThroughTheSlots(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		ids := map[string]bool{}
		for i := 0; i < 3; i++ {
			j := acme.publishJob(t, fmt.Sprintf("Featured %d", i), "Clinical", nil)
			acme.feature(t, j)
			ids[j.ID] = true
		}
		feedsSetSlots(t, h, acme.b, 2)
		anon := h.client(acme.b.Host)
		seen := map[string]int{}
		for i := 0; i < 6; i++ {
			links := widgetLinks(t, getWidget(t, anon, "/embed/featured-jobs").body)
			if len(links) != 2 {
				t.Fatalf("render %d shows %d jobs, want 2 slots", i, len(links))
			}
			for _, a := range links {
				seen[strings.TrimPrefix(attrOf(a, "href"), "http://acme.jobs.test/embed/click/")]++
			}
		}
		if len(seen) != 3 {
			t.Fatalf("over six renders the widget showed %v, want all three featured jobs", seen)
		}
		stats := feedsStats(t, h, acme)
		total := 0
		for id := range ids {
			n := feedsCount(stats[id], "widget_impressions")
			if n != seen[id] {
				t.Errorf("job %s: %d impressions, shown %d times", id, n, seen[id])
			}
			total += n
		}
		if total != 12 {
			t.Fatalf("impressions = %d, want 12", total)
		}
	})
}

func TestEmbedClickRedirectsToTheJobAndCounts(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		acme := feedsNewBoard(t, h, "acme", "Nova Pharma")
		beta := feedsNewBoard(t, h, "beta", "Beta Labs")
		star := acme.publishJob(t, "Star Chemist", "Clinical", nil)
		acme.feature(t, star)
		draft := acme.draft(t, "Draft Role", "Clinical", nil)
		expired := acme.publishJob(t, "Expired Role", "Clinical", nil)
		feedsExpire(t, h, expired)
		foreign := beta.publishJob(t, "Beta Star", "Clinical", nil)

		anon := h.client(acme.b.Host)
		for _, path := range []string{"/embed/click/" + star.ID, "/embed/click/" + star.ID + "?next=https://evil.example/&url=//evil.example"} {
			r := anon.get(path)
			if r.StatusCode != http.StatusFound || r.Header.Get("Location") != acme.url(star) {
				t.Fatalf("%s: %d to %q, want 302 to %s", path, r.StatusCode, r.Header.Get("Location"), acme.url(star))
			}
		}
		if n := feedsCount(feedsStats(t, h, acme)[star.ID], "widget_clicks"); n != 2 {
			t.Fatalf("widget clicks = %d, want 2", n)
		}
		for _, id := range []string{foreign.ID, draft.ID, expired.ID, "not-a-job", "00000000-0000-0000-0000-000000000000"} {
			if r := anon.get("/embed/click/" + id); r.StatusCode != http.StatusNotFound {
				t.Errorf("click on %s: %d, want 404", id, r.StatusCode)
			}
		}
		if n := feedsCount(feedsStats(t, h, beta)[foreign.ID], "widget_clicks"); n != 0 {
			t.Fatalf("a click on another board counted: %d", n)
		}
	})
}

func TestEmbedScriptInsertsTheWidgetIframe(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		r := h.client(b.Host).get("/embed/featured-jobs.js")
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/javascript") {
			t.Fatalf("script: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=3600" {
			t.Fatalf("script Cache-Control = %q", cc)
		}
		if sc := r.Header.Values("Set-Cookie"); len(sc) != 0 {
			t.Fatalf("script sets cookies: %v", sc)
		}
		if r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Fatalf("script is not CORS-readable")
		}
		for _, s := range []string{`"http://acme.jobs.test/embed/featured-jobs"`, "document.currentScript", `createElement("iframe")`,
			`"Featured jobs"`, `"loading", "lazy"`, `"height", "420"`, `"width", "100%"`, "insertBefore"} {
			if !strings.Contains(r.body, s) {
				t.Errorf("script lacks %s:\n%s", s, r.body)
			}
		}
	})
}

func TestFeedRoutesAnswerOnlyOnBoards(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		paths := []string{"/robots.txt", "/feed.xml", "/jobs.xml", "/sitemap.xml", "/sitemaps/jobs-0.xml", "/embed/featured-jobs",
			"/embed/featured-jobs.js", "/embed/click/" + b.ID}
		for _, host := range []string{testBaseDomain, "nowhere." + testBaseDomain, "unknown.example"} {
			for _, p := range paths {
				if r := h.client(host).get(p); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s%s: %d, want 404", host, p, r.StatusCode)
				}
			}
		}
	})
}
