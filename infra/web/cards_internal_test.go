package web

import (
	"strings"
	"testing"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain/job"
)

// TestJobCardEscapesEveryText: a card shows what employers typed as text,
// never as markup, in its title, company, locations and initial; it lists
// two locations at most and marks featured jobs.
func TestJobCardEscapesEveryText(t *testing.T) {
	v := jobView{Listing: appjob.Listing{
		Job: job.Snapshot{Posting: job.Posting{Title: `<script>alert("t")</script>`,
			Locations: []string{`Basel & "Zürich"`, "<b>Bern</b>", "Geneva"}}},
		CompanyName: `<img src=x onerror=alert(1)>`, Featured: true},
		URL: `/jobs/1/a"onmouseover="x`, Salary: "CHF 1 < 2", Posted: "today", Workplace: "Remote", Type: "Full-time"}
	got := string(jobCard(v))
	for _, bad := range []string{"<script>", "<img src=x", "<b>", `a"onmouseover`} {
		if strings.Contains(got, bad) {
			t.Errorf("card holds %q unescaped:\n%s", bad, got)
		}
	}
	for _, want := range []string{`<li class="job-card featured">`, `&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;`,
		`<span class="logo placeholder" aria-hidden="true">&lt;</span>`, `Basel &amp; &#34;Zürich&#34;`, `&lt;b&gt;Bern&lt;/b&gt;`,
		`<span class="badge premium">Featured</span>`, `<p class="salary">CHF 1 &lt; 2</p>`, ` · <span>Remote</span> · <span>Full-time</span>`,
		`<p class="posted small muted">today</p>`} {
		if !strings.Contains(got, want) {
			t.Errorf("card lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Geneva") {
		t.Errorf("card lists a third location:\n%s", got)
	}

	plain := string(jobCard(jobView{Listing: appjob.Listing{CompanyName: "nova"}, URL: "/jobs/2/b", LogoURL: "/media/companies/2/logo.png?v=1&x=2"}))
	for _, want := range []string{`<li class="job-card">`, `<img class="logo" src="/media/companies/2/logo.png?v=1&amp;x=2"`} {
		if !strings.Contains(plain, want) {
			t.Errorf("card lacks %q:\n%s", want, plain)
		}
	}
	for _, unwanted := range []string{"badge", `class="salary"`, `class="posted`} {
		if strings.Contains(plain, unwanted) {
			t.Errorf("card without those fields holds %q:\n%s", unwanted, plain)
		}
	}
}

// TestFacetListLinksEachValue: each value links to its filter with the
// value escaped for the query, shows its count ("+" when a lower bound),
// and an empty facet renders nothing.
func TestFacetListLinksEachValue(t *testing.T) {
	got := string(facetList("Categories", "category", []appjob.FacetValue{
		{Value: "R&D <lab>", Label: "R&D <lab>", Count: 12, AtLeast: true}, {Value: "Quality", Label: "Quality", Count: 3}}))
	want := `<h3>Categories</h3><ul><li><a href="/jobs?category=R%26D+%3Clab%3E">R&amp;D &lt;lab&gt;</a> <span class="count">12+</span></li>` +
		`<li><a href="/jobs?category=Quality">Quality</a> <span class="count">3</span></li></ul>`
	if got != want {
		t.Errorf("facet list\n got %s\nwant %s", got, want)
	}
	if facetList("Companies", "company", nil) != "" {
		t.Error("an empty facet renders markup")
	}
}
