package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	appjob "github.com/jobboard/jobboard/app/job"
)

// The job card and the facet lists are the parts of a list page that
// repeat: twenty to fifty cards and up to a hundred and fifty facet links
// a page. Through the template engine each field of each card is a
// reflective call and an escaper; that was about half of a search page's
// server time. They are written out here instead, with the same markup,
// every text escaped for HTML and every query value for URLs.

// jobCard renders one job of a list as the <li> of its card.
func jobCard(v jobView) template.HTML {
	var b strings.Builder
	b.Grow(640)
	b.WriteString(`<li class="job-card`)
	if v.Featured {
		b.WriteString(` featured`)
	}
	b.WriteString("\">\n  ")
	if v.LogoURL != "" {
		b.WriteString(`<img class="logo" src="`)
		b.WriteString(esc(v.LogoURL))
		b.WriteString(`" alt="" width="56" height="56" loading="lazy">`)
	} else {
		b.WriteString(`<span class="logo placeholder" aria-hidden="true">`)
		b.WriteString(esc(initial(v.CompanyName)))
		b.WriteString(`</span>`)
	}
	b.WriteString("\n  <div class=\"job-card-body\">\n    <h3><a href=\"")
	b.WriteString(esc(v.URL))
	b.WriteString(`">`)
	b.WriteString(esc(v.Job.Posting.Title))
	b.WriteString(`</a>`)
	if v.Featured {
		b.WriteString(` <span class="badge premium">Featured</span>`)
	}
	b.WriteString("</h3>\n    <p class=\"meta\"><span>")
	b.WriteString(esc(v.CompanyName))
	b.WriteString(`</span>`)
	for _, l := range v.Job.Posting.Locations[:min(2, len(v.Job.Posting.Locations))] {
		metaItem(&b, l)
	}
	metaItem(&b, v.Workplace)
	metaItem(&b, v.Type)
	b.WriteString("</p>\n")
	if v.Salary != "" {
		b.WriteString(`    <p class="salary">`)
		b.WriteString(esc(v.Salary))
		b.WriteString("</p>\n")
	}
	b.WriteString("  </div>\n")
	if v.Posted != "" {
		b.WriteString(`  <p class="posted small muted">`)
		b.WriteString(esc(v.Posted))
		b.WriteString("</p>\n")
	}
	b.WriteString("</li>\n")
	return template.HTML(b.String())
}

// metaItem adds one " · item" of a card's meta line; nothing when empty.
func metaItem(b *strings.Builder, s string) {
	if s == "" {
		return
	}
	b.WriteString(` · <span>`)
	b.WriteString(esc(s))
	b.WriteString(`</span>`)
}

// facetList renders one facet of a search as its heading and list of
// links, each to the jobs with that value of param; nothing when the
// facet has no values.
func facetList(heading, param string, values []appjob.FacetValue) template.HTML {
	if len(values) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(40 + 100*len(values))
	b.WriteString(`<h3>`)
	b.WriteString(esc(heading))
	b.WriteString(`</h3><ul>`)
	for _, v := range values {
		b.WriteString(`<li><a href="/jobs?`)
		b.WriteString(esc(param + "=" + url.QueryEscape(v.Value)))
		b.WriteString(`">`)
		b.WriteString(esc(v.Label))
		b.WriteString(`</a> <span class="count">`)
		b.WriteString(strconv.Itoa(v.Count))
		if v.AtLeast {
			b.WriteString(`+`)
		}
		b.WriteString(`</span></li>`)
	}
	b.WriteString(`</ul>`)
	return template.HTML(b.String())
}

// esc escapes s for HTML text and quoted attributes.
func esc(s string) string { return template.HTMLEscapeString(s) }

// initial is the first letter of a name, upper-cased, for a logo
// placeholder; "?" for no name.
func initial(s string) string {
	for _, r := range strings.TrimSpace(s) {
		return strings.ToUpper(string(r))
	}
	return "?"
}
