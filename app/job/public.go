package job

import (
	"context"
	"sort"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
)

// SearchInput is a job search as the page or the API sends it.
type SearchInput struct {
	Query          string `query:"q" json:"q" validate:"max=200"`
	Category       string `query:"category" json:"category" validate:"max=200"`
	Location       string `query:"location" json:"location" validate:"max=200"`
	Workplace      string `query:"workplace" json:"workplace" validate:"omitempty,oneof=onsite hybrid remote"`
	EmploymentType string `query:"employment_type" json:"employment_type" validate:"omitempty,oneof=FULL_TIME PART_TIME CONTRACTOR TEMPORARY INTERN VOLUNTEER PER_DIEM OTHER"`
	Company        string `query:"company" json:"company" validate:"max=100"`
	MinSalary      int64  `query:"min_salary" json:"min_salary" validate:"min=0,max=100000000"`
	Cursor         string `query:"cursor" json:"cursor" validate:"max=400"`
	Limit          int    `query:"limit" json:"limit" validate:"min=0,max=100"`
	// Brief leaves the jobs' descriptions out of the results, for pages
	// that list cards (never set from a query string).
	Brief bool `query:"-" json:"-"`
}

// Filtered reports whether any filter or text is set.
func (in SearchInput) Filtered() bool {
	return in.Query != "" || in.Category != "" || in.Location != "" || in.Workplace != "" || in.EmploymentType != "" || in.Company != "" || in.MinSalary > 0
}

// Page is one page of search results with facet counts.
type Page struct {
	Items      []Listing
	Facets     Facets
	NextCursor string
}

// Find searches the board's public jobs: featured first, then for a text
// search those with every word in their title, then newest.
func (s *Service) Find(ctx context.Context, tenant domain.TenantID, in SearchInput, withFacets bool) (Page, error) {
	if err := app.Validate(in); err != nil {
		return Page{}, err
	}
	q := Query{Text: strings.TrimSpace(in.Query), Category: strings.TrimSpace(in.Category), Location: strings.TrimSpace(in.Location),
		Workplace: in.Workplace, EmploymentType: in.EmploymentType, CompanyID: strings.TrimSpace(in.Company), MinSalary: in.MinSalary,
		Brief: in.Brief, Now: s.now()}
	var facets Facets
	items, next, err := app.Paginate(in.Cursor, in.Limit, func(after *Cursor, n int) ([]Listing, error) {
		q.After, q.Limit = after, n
		if !withFacets {
			return s.deps.Search.Find(ctx, tenant, q)
		}
		items, f, err := s.deps.Search.FindWithFacets(ctx, tenant, q)
		facets = f
		return items, err
	}, func(l Listing) Cursor {
		return Cursor{Featured: l.Featured, Title: l.TitleMatch, PublishedAt: *l.Job.PublishedAt, ID: l.Job.ID}
	})
	if err != nil {
		return Page{}, err
	}
	return Page{Items: items, Facets: facets, NextCursor: next}, nil
}

// Latest returns the newest public jobs, featured or not.
func (s *Service) Latest(ctx context.Context, tenant domain.TenantID, limit int) ([]Listing, error) {
	return s.deps.Search.Find(ctx, tenant, Query{NewestFirst: true, Limit: limit, Now: s.now()})
}

// FeaturedSlots returns the featured jobs for a placement with slots
// places. When more jobs are featured than there are slots, each call
// starts one further along, so every featured job gets its turn.
func (s *Service) FeaturedSlots(ctx context.Context, tenant domain.TenantID, slots int) ([]Listing, error) {
	all, err := s.deps.Search.Featured(ctx, tenant, s.now())
	if err != nil || len(all) <= slots || slots <= 0 {
		return all, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Job.ID < all[j].Job.ID })
	start := int(s.rotation.Add(1) % uint64(len(all)))
	out := make([]Listing, 0, slots)
	for i := 0; i < slots; i++ {
		out = append(out, all[(start+i)%len(all)])
	}
	return out, nil
}

// ErrJobGone is returned for a job that was public but has expired or been
// closed; its page answers 410 and points to similar open jobs.
var ErrJobGone = &domain.Error{Kind: domain.KindGone, Code: "job_gone", Message: "this job is no longer open"}

// PublicJob returns a job for its public page. Expired and closed jobs come
// back with ErrJobGone (and the listing, for the page); drafts, pending and
// rejected jobs are KindNotFound.
func (s *Service) PublicJob(ctx context.Context, tenant domain.TenantID, id string) (Listing, error) {
	l, err := s.deps.Search.Get(ctx, tenant, id, s.now())
	if err != nil {
		return Listing{}, err
	}
	j := job.Rehydrate(l.Job)
	switch {
	case l.CompanyHidden || l.Job.TakenDownAt != nil:
		return Listing{}, domain.NotFound("job")
	case j.Public(s.now()):
		l.Featured = j.Featured(s.now())
		return l, nil
	case l.Job.Status == job.StatusExpired || l.Job.Status == job.StatusClosed || l.Job.Status == job.StatusPublished:
		return l, ErrJobGone
	}
	return Listing{}, domain.NotFound("job")
}

// Similar returns up to limit open jobs like the given one.
func (s *Service) Similar(ctx context.Context, tenant domain.TenantID, j job.Snapshot, limit int) ([]Listing, error) {
	return s.deps.Search.Similar(ctx, tenant, j, s.now(), limit)
}

// CompanyOpenJobs returns a company's public jobs, newest first.
func (s *Service) CompanyOpenJobs(ctx context.Context, tenant domain.TenantID, companyID string, limit int) ([]Listing, error) {
	return s.deps.Search.Find(ctx, tenant, Query{CompanyID: companyID, NewestFirst: true, Limit: limit, Now: s.now()})
}

// SitemapPage returns one page of public job URLs and the total count.
func (s *Service) SitemapPage(ctx context.Context, tenant domain.TenantID, page, size int) ([]SitemapEntry, int, error) {
	total, err := s.deps.Search.CountPublic(ctx, tenant, s.now())
	if err != nil {
		return nil, 0, err
	}
	entries, err := s.deps.Search.SitemapEntries(ctx, tenant, s.now(), page*size, size)
	return entries, total, err
}

// Count records a view, an apply click or a widget event of a public job.
func (s *Service) Count(tenant domain.TenantID, jobID string, kind int) {
	s.deps.Counter.Count(tenant, jobID, kind)
}
