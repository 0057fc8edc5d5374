package web

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/job"
)

// benchListing is a typical public job with its company.
func benchListing(i int) appjob.Listing {
	now := time.Now().UTC()
	published, expires := now.Add(-time.Duration(i)*time.Hour), now.Add(20*24*time.Hour)
	return appjob.Listing{
		Job: job.Snapshot{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), CompanyID: "11111111-1111-4111-8111-111111111111",
			Slug: "senior-scientist-oncology", Status: job.StatusPublished, PublishedAt: &published, ExpiresAt: &expires,
			DescriptionHTML: "<p>Join our discovery team to design <strong>next-generation antibodies</strong>.</p>\n<h2>You will</h2>\n<ul>\n<li>Lead phage-display campaigns</li>\n<li>Mentor two research associates</li>\n</ul>\n",
			Posting: job.Posting{Title: "Senior Scientist, Oncology", EmploymentType: "FULL_TIME", Workplace: "remote",
				Locations: []string{"Basel, Switzerland", "Boston, MA, USA"}, ApplicantCountries: []string{"CH", "US"},
				Category: "Research & Development", Seniority: "senior", Tags: []string{"antibodies", "ELISA"},
				Salary: &job.Salary{Min: 110000, Max: 135000, Currency: "CHF", Period: "YEAR"}, ApplyURL: "https://nova.example/careers/1"}},
		CompanyName: "Nova Biologics", CompanySlug: "nova-biologics", CompanyLogoKey: "logos/abc", Featured: i%7 == 0,
	}
}

// BenchmarkRenderJobList measures the /jobs page template with a full
// page of results and facets, without the database or HTTP.
func BenchmarkRenderJobList(b *testing.B) {
	v, err := loadViews()
	if err != nil {
		b.Fatal(err)
	}
	s := &Server{deps: Deps{Now: func() time.Time { return time.Now().UTC() }}, views: v}
	bd, err := board.New(domain.TenantID("0b7e8a52-6a49-4f43-9f0e-2f8f6a1d3c11"), "bench", "Bench Board", time.Now().UTC())
	if err != nil {
		b.Fatal(err)
	}
	items := make([]appjob.Listing, 20)
	for i := range items {
		items[i] = benchListing(i)
	}
	facet := func(vals ...string) []appjob.FacetValue {
		out := make([]appjob.FacetValue, len(vals))
		for i, v := range vals {
			out[i] = appjob.FacetValue{Value: v, Label: v, Count: 1000 / (i + 1)}
		}
		return out
	}
	facets := appjob.Facets{Category: facet(bd.Settings().Categories...), Workplace: facet("onsite", "hybrid", "remote"),
		EmploymentType: facet("FULL_TIME", "PART_TIME", "CONTRACTOR"), Location: facet("London, UK", "Basel, Switzerland", "Remote", "Dublin, Ireland"),
		Company: facet("nova-biologics", "helix-diagnostics", "meridian-cro")}
	t := v.pages["jobs"]
	if t == nil {
		b.Fatal("no jobs template")
	}
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		p := page{Title: "Jobs", Board: bd, CSRF: "token", Form: map[string]string{"q": ""},
			Data: fiber.Map{"Items": s.jobViews(items), "Facets": facets, "Next": "/jobs?cursor=abc", "Filtered": false, "Paged": false,
				"Types": typeOptions(), "Workplaces": workplaceOptions(), "Categories": bd.Settings().Categories, "Feed": "/feed.xml"}}
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}

// BenchmarkJobPostingLD measures the JobPosting structured data of a job
// page.
func BenchmarkJobPostingLD(b *testing.B) {
	app := fiber.New()
	rc := &fasthttp.RequestCtx{}
	rc.Request.Header.SetHost("bench.localhost")
	c := app.AcquireCtx(rc)
	defer app.ReleaseCtx(c)
	l := benchListing(1)
	l.CompanyWebsite = "https://nova.example"
	b.ReportAllocs()
	for b.Loop() {
		if len(jobPostingLD(c, l)) == 0 {
			b.Fatal("empty JSON-LD")
		}
	}
}
