package web_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// evilMarkdown tries every way we know to get live markup into a page
// through a description: raw tags, event handlers, frames, style
// attributes, javascript: and data: URLs in links and images, and
// Markdown-escaped tags that a careless feed could turn back into tags.
const evilMarkdown = "Hello, harmless words.\n\n" +
	"<script>alert(1)</script>\n\n" +
	"[x](javascript:alert(2)) [y](JaVaScRiPt:alert(3)) [z]( javascript:alert(4)) [w](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)\n\n" +
	"![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNik+) ![j](javascript:alert(7))\n\n" +
	"<img src=x onerror=alert(8)>\n\n" +
	"<a href=\"#\" onclick=\"alert(9)\" style=\"color:red\">a</a> <span onmouseover=\"alert(10)\">s</span>\n\n" +
	"<iframe src=\"https://evil.example/\"></iframe>\n\n" +
	"<p style=\"background:url(javascript:alert(11))\">styled</p>\n\n" +
	"<svg onload=alert(12)></svg> <object data=\"x\"></object> <style>body{display:none}</style>\n\n" +
	"\\<script\\>alert(13)\\</script\\> &lt;script&gt;alert(14)&lt;/script&gt; &lt;img src=x onerror=alert(15)&gt;\n\n" +
	"<a href=\"javascript&colon;alert(16)\">e</a> [t](https://ok.example/ \"title\")"

// liveMarkup returns every live script, frame, style, event handler and
// javascript: or data: URL in the HTML tree under n. JSON-LD scripts are
// data, not code, and are allowed; forms only when page is true (a page
// has its own search and sign-out forms, user content never may).
func liveMarkup(n *html.Node, page bool) []string {
	var bad []string
	for _, el := range findAll(n, func(*html.Node) bool { return true }) {
		switch el.DataAtom {
		case atom.Script:
			if attrOf(el, "type") != "application/ld+json" {
				bad = append(bad, "<script>"+textOf(el))
			}
		case atom.Iframe, atom.Frame, atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Style, atom.Form, atom.Base, atom.Meta:
			switch {
			case el.DataAtom == atom.Meta && attrOf(el, "http-equiv") == "":
				// Pages carry their own <meta> tags; only a refresh is live.
			case el.DataAtom == atom.Form && page:
			default:
				bad = append(bad, "<"+el.Data+">")
			}
		}
		for _, a := range el.Attr {
			key := strings.ToLower(a.Key)
			val := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, a.Val))
			switch {
			case strings.HasPrefix(key, "on"):
				bad = append(bad, el.Data+" "+a.Key+"="+a.Val)
			case key == "style":
				bad = append(bad, el.Data+" style="+a.Val)
			case key == "href" || key == "src" || key == "action" || key == "formaction" || key == "srcset" || key == "xlink:href" || key == "data":
				if strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "data:") || strings.HasPrefix(val, "vbscript:") {
					bad = append(bad, el.Data+" "+a.Key+"="+a.Val)
				}
			}
		}
	}
	return bad
}

// checkFragment parses s as the HTML fragment a reader or search engine
// would render and fails on any live markup in it.
func checkFragment(t *testing.T, where, s string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatalf("%s does not parse as HTML: %v", where, err)
	}
	for _, n := range nodes {
		if bad := liveMarkup(n, false); len(bad) > 0 {
			t.Errorf("%s carries live markup: %q", where, bad)
		}
	}
}

// checkPage fails on live markup anywhere in an HTML page, and on live
// markup in the description of its JSON-LD.
func checkPage(t *testing.T, where, body string) {
	t.Helper()
	doc := parseDoc(t, body)
	if bad := liveMarkup(doc, true); len(bad) > 0 {
		t.Errorf("%s carries live markup: %q", where, bad)
	}
	for _, s := range findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Script }) {
		var ld map[string]any
		raw := ""
		if s.FirstChild != nil {
			raw = s.FirstChild.Data
		}
		if err := json.Unmarshal([]byte(raw), &ld); err != nil {
			t.Errorf("%s: JSON-LD does not parse: %v", where, err)
			continue
		}
		if d, ok := ld["description"].(string); ok {
			checkFragment(t, where+" JSON-LD description", d)
		}
	}
}

// TestDescriptionsNeverReachAPageLive renders a job and a company whose
// descriptions try every known injection, and reads each place they are
// shown as a browser, feed reader or crawler would: the job page and its
// JSON-LD, the embeddable widget, the RSS and aggregator feeds, the
// company page and its JSON-LD, and the API's description_html.
func TestDescriptionsNeverReachAPageLive(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, h *harness) {
		b := h.newBoard("acme")
		setReviewProfiles(t, h, b, false)
		owner := jobOwnerOf(h, b)
		c, tok := employer(h, b, "emma@nova.example")
		co := registerCompany(t, c, tok, map[string]any{"name": "Nova Pharma", "description": evilMarkdown})
		if r := c.postJSON("/api/v1/companies/"+co["id"].(string)+"/submit", "{}", bearer(tok)); r.StatusCode != http.StatusOK || r.json(t)["status"] != "published" {
			t.Fatalf("publish company: %d %s", r.StatusCode, r.body)
		}
		tm := &jobTeam{h: h, f: b, c: c, tok: tok, companyID: co["id"].(string), companySlug: co["slug"].(string), companyName: "Nova Pharma"}
		j := tm.publishJob(t, owner, jobPosting("Safe Chemist", map[string]any{"description": evilMarkdown}))
		until := time.Now().Add(48 * time.Hour)
		jobMustStatus(t, "feature", owner.feature(j["id"].(string), &until), "published")

		checkFragment(t, "job description_html", j["description_html"].(string))
		checkFragment(t, "company description_html", co["description_html"].(string))
		anon := h.client(b.Host)
		pages := map[string]string{
			"job page":     jobPagePath(j),
			"company page": "/companies/" + tm.companySlug,
			"widget":       "/embed/featured-jobs",
			"home page":    "/",
		}
		for where, path := range pages {
			r := anon.get(path)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", path, r.StatusCode)
			}
			checkPage(t, where, r.body)
			if where == "job page" || where == "company page" {
				if !strings.Contains(r.body, "harmless words") {
					t.Errorf("%s lost the harmless text", where)
				}
			}
			if where == "widget" && !strings.Contains(r.body, "Safe Chemist") {
				t.Error("the widget does not show the featured job")
			}
		}

		// Feed readers render an RSS description as HTML once they have
		// decoded the XML, and aggregators render the Indeed description.
		rss := anon.get("/feed.xml")
		var feed rssTest
		if err := xml.Unmarshal([]byte(rss.body), &feed); err != nil {
			t.Fatalf("feed.xml: %v", err)
		}
		if len(feed.Channel.Items) != 1 {
			t.Fatalf("feed.xml has %d items, want 1", len(feed.Channel.Items))
		}
		for _, it := range feed.Channel.Items {
			checkFragment(t, "RSS item description", it.Description)
			checkFragment(t, "RSS item title", it.Title)
		}
		var indeed indeedTest
		if err := xml.Unmarshal([]byte(anon.get("/jobs.xml").body), &indeed); err != nil {
			t.Fatalf("jobs.xml: %v", err)
		}
		if len(indeed.Jobs) != 1 {
			t.Fatalf("jobs.xml has %d jobs, want 1", len(indeed.Jobs))
		}
		for _, it := range indeed.Jobs {
			checkFragment(t, "jobs.xml description", it.Description)
			if !strings.Contains(it.Description, "harmless words") {
				t.Error("jobs.xml lost the harmless text")
			}
		}
		// The featured jobs JSON of the widget.
		for _, item := range anon.get("/api/v1/featured-jobs").json(t)["items"].([]any) {
			if d, ok := item.(map[string]any)["description_html"].(string); ok {
				checkFragment(t, "featured-jobs description_html", d)
			}
		}
	})
}
