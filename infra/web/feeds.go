package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain/job"
)

// Feed sizes.
const (
	// rssItems is how many of the newest jobs the RSS feed carries.
	rssItems = 50
	// indeedItems caps the aggregator feed; aggregators fetch it whole.
	indeedItems = 5000
)

// Cache lifetimes of the public machine-readable documents, in seconds.
const (
	feedMaxAge    = 300
	sitemapMaxAge = 3600
	robotsMaxAge  = 3600
	scriptMaxAge  = 3600
)

// sendPublic prepares a response that shared caches may store: it carries
// no per-visitor state, so the CSRF nonce cookie the middleware issued on
// this GET is dropped again (a cached Set-Cookie would hand one visitor's
// nonce to everyone).
func sendPublic(c *fiber.Ctx, contentType string, maxAge int) {
	c.Response().Header.DelCookie(csrfCookie)
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age="+strconv.Itoa(maxAge))
}

// sendXML encodes v as an XML document.
func sendXML(c *fiber.Ctx, contentType string, maxAge int, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("web: encode %s: %w", c.Path(), err)
	}
	buf.WriteByte('\n')
	sendPublic(c, contentType, maxAge)
	return c.Send(buf.Bytes())
}

// xmlText replaces what XML 1.0 cannot carry (control characters, invalid
// UTF-8) with U+FFFD. encoding/xml does that for character data but not
// inside CDATA sections.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

// robots is GET /robots.txt: crawl the public board, not the private or
// embedded parts, and find the jobs through the sitemap.
func (s *Server) robots(c *fiber.Ctx) error {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	for _, p := range []string{"/employer", "/admin", "/api/", "/embed/", "/platform"} {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("\nSitemap: " + baseURL(c) + "/sitemap.xml\n")
	sendPublic(c, fiber.MIMETextPlainCharsetUTF8, robotsMaxAge)
	return c.SendString(b.String())
}

// rssDoc is an RSS 2.0 document with the Atom self link feed readers and
// validators expect.
type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	TTL           int       `xml:"ttl"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description"`
	Category    []string `xml:"category,omitempty"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// rssFeed is GET /feed.xml: the board's newest open jobs as RSS 2.0,
// optionally of one category. An unknown category is an empty feed.
func (s *Server) rssFeed(c *fiber.Ctx) error {
	ctx, tenant, b := c.UserContext(), tenantOf(c), boardOf(c)
	category := c.Query("category")
	var (
		items []appjob.Listing
		err   error
	)
	if category == "" {
		items, err = s.deps.Jobs.Latest(ctx, tenant, rssItems)
	} else {
		// Find lists featured jobs first; the feed is by date.
		var page appjob.Page
		page, err = s.deps.Jobs.Find(ctx, tenant, appjob.SearchInput{Category: category, Limit: rssItems}, false)
		items = page.Items
		sort.SliceStable(items, func(i, j int) bool { return newer(items[i].Job, items[j].Job) })
	}
	if err != nil {
		return err
	}
	base := baseURL(c)
	self := base + "/feed.xml"
	desc := "The newest jobs on " + b.Name()
	if category != "" {
		self += "?" + url.Values{"category": {category}}.Encode()
		desc += " in " + category
	}
	ch := rssChannel{
		Title: xmlText(b.Name()), Link: base + "/", Description: xmlText(desc), Language: "en",
		LastBuildDate: lastChange(items, s.deps.Now()).Format(time.RFC1123Z), TTL: feedMaxAge / 60,
		Self:  atomLink{Href: self, Rel: "self", Type: "application/rss+xml"},
		Items: make([]rssItem, 0, len(items)),
	}
	for _, l := range items {
		j, p := l.Job, l.Job.Posting
		link := base + jobPath(j)
		it := rssItem{
			Title: xmlText(p.Title + " – " + l.CompanyName), Link: link, GUID: rssGUID{IsPermaLink: true, Value: link},
			// RSS descriptions are entity-encoded HTML: readers decode the
			// XML and render the result, so the text is escaped as HTML
			// first, or an escaped "&lt;script&gt;" in a job ad would
			// become a live tag in the reader.
			Description: xmlText(html.EscapeString(excerpt(j.DescriptionHTML, 500))),
		}
		if j.PublishedAt != nil {
			it.PubDate = j.PublishedAt.UTC().Format(time.RFC1123Z)
		}
		if p.Category != "" {
			it.Category = []string{xmlText(p.Category)}
		}
		ch.Items = append(ch.Items, it)
	}
	return sendXML(c, "application/rss+xml; charset=utf-8", feedMaxAge, rssDoc{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch})
}

// newer orders jobs by publication, newest first, then by id.
func newer(a, b job.Snapshot) bool {
	var ta, tb time.Time
	if a.PublishedAt != nil {
		ta = *a.PublishedAt
	}
	if b.PublishedAt != nil {
		tb = *b.PublishedAt
	}
	if !ta.Equal(tb) {
		return ta.After(tb)
	}
	return a.ID > b.ID
}

// lastChange is the latest publication or edit among items, or now for an
// empty feed.
func lastChange(items []appjob.Listing, now time.Time) time.Time {
	var last time.Time
	for _, l := range items {
		if p := l.Job.PublishedAt; p != nil && p.After(last) {
			last = *p
		}
		if l.Job.UpdatedAt.After(last) {
			last = l.Job.UpdatedAt
		}
	}
	if last.IsZero() {
		return now.UTC()
	}
	return last.UTC()
}

// cdata is text the aggregator feed wraps in a CDATA section. encoding/xml
// splits any "]]>" in it across two sections, so no content can end the
// section early.
type cdata struct {
	Text string `xml:",cdata"`
}

func cd(s string) cdata { return cdata{Text: xmlText(s)} }

// indeedSource is the XML job feed format Indeed and most aggregators read.
type indeedSource struct {
	XMLName       xml.Name    `xml:"source"`
	Publisher     string      `xml:"publisher"`
	PublisherURL  string      `xml:"publisherurl"`
	LastBuildDate string      `xml:"lastBuildDate"`
	Jobs          []indeedJob `xml:"job"`
}

type indeedJob struct {
	Title           cdata  `xml:"title"`
	Date            cdata  `xml:"date"`
	ReferenceNumber cdata  `xml:"referencenumber"`
	URL             cdata  `xml:"url"`
	Company         cdata  `xml:"company"`
	City            cdata  `xml:"city"`
	State           cdata  `xml:"state"`
	Country         cdata  `xml:"country"`
	RemoteType      *cdata `xml:"remotetype,omitempty"`
	Description     cdata  `xml:"description"`
	Salary          *cdata `xml:"salary,omitempty"`
	JobType         cdata  `xml:"jobtype"`
	Category        cdata  `xml:"category"`
	ExpirationDate  *cdata `xml:"expirationdate,omitempty"`
}

// indeedJobType maps the contract's employment types to the feed's words.
var indeedJobType = map[string]string{
	"FULL_TIME": "fulltime", "PART_TIME": "parttime", "CONTRACTOR": "contract", "TEMPORARY": "temporary",
	"INTERN": "internship", "VOLUNTEER": "volunteer", "PER_DIEM": "perdiem", "OTHER": "other",
}

var indeedRemoteType = map[string]string{"remote": "Fully remote", "hybrid": "Hybrid remote"}

// indeedSalary formats a salary as "60000-80000 EUR per year".
func indeedSalary(sal *job.Salary) string {
	amount := strconv.FormatInt(sal.Min, 10)
	if sal.Max != sal.Min {
		amount += "-" + strconv.FormatInt(sal.Max, 10)
	}
	return amount + " " + sal.Currency + " per " + strings.ToLower(sal.Period)
}

// indeedFeed is GET /jobs.xml: the newest open jobs in the Indeed XML
// format, with the full sanitised description.
func (s *Server) indeedFeed(c *fiber.Ctx) error {
	items, err := s.deps.Jobs.Latest(c.UserContext(), tenantOf(c), indeedItems)
	if err != nil {
		return err
	}
	base := baseURL(c)
	doc := indeedSource{Publisher: xmlText(boardOf(c).Name()), PublisherURL: base + "/",
		LastBuildDate: lastChange(items, s.deps.Now()).Format(time.RFC1123Z), Jobs: make([]indeedJob, 0, len(items))}
	for _, l := range items {
		j, p := l.Job, l.Job.Posting
		out := indeedJob{
			Title: cd(p.Title), ReferenceNumber: cd(j.ID), URL: cd(base + jobPath(j)), Company: cd(l.CompanyName),
			Description: cd(j.DescriptionHTML), JobType: cd(indeedJobType[p.EmploymentType]), Category: cd(p.Category),
		}
		if j.PublishedAt != nil {
			out.Date = cd(j.PublishedAt.UTC().Format(time.RFC1123Z))
		}
		if len(p.Locations) > 0 {
			out.City = cd(p.Locations[0])
		}
		if len(p.ApplicantCountries) == 1 && p.ApplicantCountries[0] != job.Worldwide {
			out.Country = cd(p.ApplicantCountries[0])
		}
		if rt, ok := indeedRemoteType[p.Workplace]; ok {
			v := cd(rt)
			out.RemoteType = &v
		}
		if p.Salary != nil {
			v := cd(indeedSalary(p.Salary))
			out.Salary = &v
		}
		if exp := expiry(j); exp != nil {
			v := cd(exp.UTC().Format(time.RFC1123Z))
			out.ExpirationDate = &v
		}
		doc.Jobs = append(doc.Jobs, out)
	}
	return sendXML(c, "application/xml; charset=utf-8", feedMaxAge, doc)
}

// expiry is when a job stops taking applications: its closing date or its
// expiry, whichever comes first.
func expiry(j job.Snapshot) *time.Time {
	exp := j.ExpiresAt
	if closing := j.Posting.ClosingDate; closing != nil {
		end := time.Date(closing.Year(), closing.Month(), closing.Day(), 23, 59, 59, 0, time.UTC)
		if exp == nil || end.Before(*exp) {
			exp = &end
		}
	}
	return exp
}
