package web

import (
	"context"
	"encoding/xml"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
)

// MaxSitemapURLs is the most URLs the sitemap protocol allows in one file.
const MaxSitemapURLs = 50000

// sitemapSize is how many URLs go in one sitemap file: Deps.SitemapPageSize
// when it is within the protocol's limit, else MaxSitemapURLs.
func (s *Server) sitemapSize() int {
	if n := s.deps.SitemapPageSize; n > 0 && n <= MaxSitemapURLs {
		return n
	}
	return MaxSitemapURLs
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	Loc string `xml:"loc"`
}

// w3cTime formats a time as a W3C datetime in UTC.
func w3cTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// The board's sitemap is one list: the fixed pages and the company
// profiles first, then every open job by id. Up to the page size it is a
// single <urlset>; beyond, /sitemap.xml is an index of
// /sitemaps/jobs-N.xml files that cut the same list into pages of the page
// size, so that no file exceeds the protocol's limit.

// sitemapPages returns the board's fixed pages and company profiles.
func (s *Server) sitemapPages(c *fiber.Ctx) ([]sitemapURL, error) {
	base := baseURL(c)
	out := []sitemapURL{{Loc: base + "/"}, {Loc: base + "/jobs"}, {Loc: base + "/companies"}}
	in := appcompany.DirectoryInput{Limit: 100}
	for {
		page, err := s.deps.Companies.Browse(c.UserContext(), tenantOf(c), in)
		if err != nil {
			return nil, err
		}
		for _, co := range page.Items {
			out = append(out, sitemapURL{Loc: base + "/companies/" + co.Profile.Slug.String(), LastMod: w3cTime(co.UpdatedAt)})
		}
		if page.NextCursor == "" || page.NextCursor == in.Cursor {
			return out, nil
		}
		in.Cursor = page.NextCursor
	}
}

func jobURLs(c *fiber.Ctx, entries []appjob.SitemapEntry) []sitemapURL {
	base := baseURL(c)
	out := make([]sitemapURL, len(entries))
	for i, e := range entries {
		out[i] = sitemapURL{Loc: base + "/jobs/" + e.ID + "/" + e.Slug, LastMod: w3cTime(e.UpdatedAt)}
	}
	return out
}

func sendSitemap(c *fiber.Ctx, v any) error {
	return sendXML(c, "application/xml; charset=utf-8", sitemapMaxAge, v)
}

// sitemap is GET /sitemap.xml: a <urlset> of every public page, or an
// index of sitemap pages for a board with more URLs than fit in one file.
func (s *Server) sitemap(c *fiber.Ctx) error {
	size := s.sitemapSize()
	pages, err := s.sitemapPages(c)
	if err != nil {
		return err
	}
	entries, jobs, err := s.deps.Jobs.SitemapPage(c.UserContext(), tenantOf(c), 0, size)
	if err != nil {
		return err
	}
	total := len(pages) + jobs
	if total <= size {
		return sendSitemap(c, urlSet{NS: sitemapNS, URLs: append(pages, jobURLs(c, entries)...)})
	}
	idx := sitemapIndex{NS: sitemapNS}
	for i := 0; i < pageCount(total, size); i++ {
		idx.Sitemaps = append(idx.Sitemaps, sitemapRef{Loc: baseURL(c) + "/sitemaps/jobs-" + strconv.Itoa(i) + ".xml"})
	}
	return sendSitemap(c, idx)
}

func pageCount(total, size int) int { return (total + size - 1) / size }

// sitemapJobs is GET /sitemaps/jobs-N.xml: page N of the sitemap list. A
// page past the end, or N that is not a plain decimal number, is 404.
func (s *Server) sitemapJobs(c *fiber.Ctx) error {
	raw := c.Params("page")
	n, err := strconv.Atoi(raw)
	// An index lists at most MaxSitemapURLs files, which also keeps n*size
	// far from overflowing.
	if err != nil || n < 0 || n >= MaxSitemapURLs || strconv.Itoa(n) != raw {
		return fiber.ErrNotFound
	}
	size := s.sitemapSize()
	pages, err := s.sitemapPages(c)
	if err != nil {
		return err
	}
	// The page covers positions [from, to) of the list; the jobs start at
	// position len(pages).
	from, to := n*size, (n+1)*size
	var urls []sitemapURL
	if from < len(pages) {
		urls = pages[from:min(to, len(pages))]
	}
	jobFrom, jobTo := max(from-len(pages), 0), to-len(pages)
	entries, jobs, err := s.jobRange(c.UserContext(), tenantOf(c), jobFrom, jobTo, size)
	if err != nil {
		return err
	}
	if n >= pageCount(len(pages)+jobs, size) {
		return fiber.ErrNotFound
	}
	return sendSitemap(c, urlSet{NS: sitemapNS, URLs: append(urls, jobURLs(c, entries)...)})
}

// jobRange returns the open jobs at positions [from, to) of the by-id
// order, and how many there are. The range is at most size long, so it
// spans at most two of the app's pages of that size.
func (s *Server) jobRange(ctx context.Context, tenant domain.TenantID, from, to, size int) ([]appjob.SitemapEntry, int, error) {
	first := from / size
	entries, total, err := s.deps.Jobs.SitemapPage(ctx, tenant, first, size)
	if err != nil {
		return nil, 0, err
	}
	to = min(to, total)
	if to <= from {
		return nil, total, nil
	}
	if last := (to - 1) / size; last > first && len(entries) == size {
		more, _, err := s.deps.Jobs.SitemapPage(ctx, tenant, last, size)
		if err != nil {
			return nil, 0, err
		}
		entries = append(entries, more...)
	}
	lo, hi := from-first*size, to-first*size
	// The jobs can change between the two queries; never slice past what
	// came back.
	hi = min(hi, len(entries))
	if lo >= hi {
		return nil, total, nil
	}
	return entries[lo:hi], total, nil
}
