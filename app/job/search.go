package job

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
)

// Query selects published jobs for the public board.
type Query struct {
	Text           string
	Category       string
	Location       string
	Workplace      string
	EmploymentType string
	CompanyID      string
	MinSalary      int64 // per year, in whole currency units
	// PublishedFrom and PublishedBefore, when set, keep jobs published in
	// [from, before): the window of an alert digest.
	PublishedFrom   time.Time
	PublishedBefore time.Time
	// NewestFirst orders by publication only, ignoring featuring.
	NewestFirst bool
	// Brief leaves the descriptions out, for lists that show cards only.
	Brief bool
	After *Cursor
	Limit int
	Now   time.Time
}

// Cursor is a position in the list order: featured first, then (for a
// text search) jobs matching in their title, then newest.
type Cursor struct {
	Featured    bool      `json:"f"`
	Title       bool      `json:"t,omitempty"`
	PublishedAt time.Time `json:"p"`
	ID          string    `json:"i"`
}

// Valid reports whether a decoded cursor names a job and a time.
func (c Cursor) Valid() bool { return c.ID != "" && !c.PublishedAt.IsZero() }

// Listing is a job with what lists show of its company.
type Listing struct {
	Job            job.Snapshot
	CompanyName    string
	CompanySlug    string
	CompanyLogoKey string
	CompanyWebsite string
	Featured       bool
	// TitleMatch is set, in a text search's results, on jobs whose title
	// has every word searched for: they come first.
	TitleMatch bool
	// CompanyHidden is set while the company is taken down; its jobs are
	// not shown then.
	CompanyHidden bool
}

// FacetValue is one value of a facet and how many jobs have it.
type FacetValue struct {
	Value string
	Label string
	Count int
	// AtLeast is set when the count is a lower bound: facets are counted
	// over at most a thousand matches of a search that has very many.
	AtLeast bool
}

// Facets are the counts per filter value for the current search.
type Facets struct {
	Category       []FacetValue
	Location       []FacetValue
	Workplace      []FacetValue
	EmploymentType []FacetValue
	Company        []FacetValue
}

// SitemapEntry is one public job URL.
type SitemapEntry struct {
	ID        string
	Slug      string
	UpdatedAt time.Time
}

// Search is the read model of the public board: one port, implemented for
// PostgreSQL (tsvector) and SQLite (FTS5).
type Search interface {
	// Find returns published, unexpired jobs matching q in list order.
	Find(ctx context.Context, tenant domain.TenantID, q Query) ([]Listing, error)
	// FindWithFacets is Find of q and the counts of the jobs matching q
	// (without its cursor and limit) per filter value, in one pass where
	// the store can.
	FindWithFacets(ctx context.Context, tenant domain.TenantID, q Query) ([]Listing, Facets, error)
	// Featured returns every currently featured public job, by id.
	Featured(ctx context.Context, tenant domain.TenantID, now time.Time) ([]Listing, error)
	// Get returns a job of any status with its company, featured as of now,
	// or KindNotFound.
	Get(ctx context.Context, tenant domain.TenantID, id string, now time.Time) (Listing, error)
	// Similar returns public jobs like j: same category, else same company;
	// without their descriptions (they are shown as cards).
	Similar(ctx context.Context, tenant domain.TenantID, j job.Snapshot, now time.Time, limit int) ([]Listing, error)
	// SitemapEntries returns public jobs ordered by id, for sitemap pages.
	SitemapEntries(ctx context.Context, tenant domain.TenantID, now time.Time, offset, limit int) ([]SitemapEntry, error)
	// CountPublic counts the board's public jobs.
	CountPublic(ctx context.Context, tenant domain.TenantID, now time.Time) (int, error)
}

// Stats are a job's counters.
type Stats struct {
	Views             int64
	ApplyClicks       int64
	WidgetImpressions int64
	WidgetClicks      int64
}

// Counter kinds.
const (
	CountView = iota
	CountApplyClick
	CountWidgetImpression
	CountWidgetClick
)

// Counter records job statistics without slowing requests down.
type Counter interface {
	// Count adds one event of kind to a job; it never blocks on storage.
	Count(tenant domain.TenantID, jobID string, kind int)
	// Stats returns the counters of the given jobs of a board.
	Stats(ctx context.Context, tenant domain.TenantID, jobIDs []string) (map[string]Stats, error)
}
