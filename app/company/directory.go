package company

import (
	"context"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
)

// Cursor is a position in the directory's order: premium first, then by
// case-folded name, then id.
type Cursor struct {
	Premium bool   `json:"p"`
	Name    string `json:"n"`
	ID      string `json:"i"`
}

// Valid reports whether a decoded cursor names a company.
func (c Cursor) Valid() bool { return c.ID != "" }

// Filter selects directory entries.
type Filter struct {
	Query    string
	Sector   string
	Location string
	After    *Cursor
	Limit    int
	Now      time.Time
}

// DirectoryInput is a directory search as the page or API sends it.
type DirectoryInput struct {
	Query    string `query:"q" json:"q" validate:"max=100"`
	Sector   string `query:"sector" json:"sector" validate:"max=100"`
	Location string `query:"location" json:"location" validate:"max=100"`
	Cursor   string `query:"cursor" json:"cursor" validate:"max=400"`
	Limit    int    `query:"limit" json:"limit" validate:"min=0,max=100"`
}

// DirectoryPage is one page of results.
type DirectoryPage struct {
	Items      []company.Snapshot
	NextCursor string
}

// SortKey is how names are compared in the directory order.
func SortKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// Browse lists the board's published companies.
func (s *Service) Browse(ctx context.Context, tenant domain.TenantID, in DirectoryInput) (DirectoryPage, error) {
	if err := app.Validate(in); err != nil {
		return DirectoryPage{}, err
	}
	f := Filter{Query: strings.TrimSpace(in.Query), Sector: strings.TrimSpace(in.Sector), Location: strings.TrimSpace(in.Location), Now: s.now()}
	items, next, err := app.Paginate(in.Cursor, in.Limit, func(after *Cursor, n int) ([]company.Snapshot, error) {
		f.After, f.Limit = after, n
		return s.deps.Directory.ListPublished(ctx, tenant, f)
	}, func(c company.Snapshot) Cursor {
		return Cursor{Premium: c.PremiumUntil != nil && c.PremiumUntil.After(f.Now), Name: SortKey(c.Profile.Name), ID: c.ID}
	})
	return DirectoryPage{Items: items, NextCursor: next}, err
}

// PublicProfile returns a published company by its current or former slug,
// and whether the slug is the current one (old slugs redirect).
func (s *Service) PublicProfile(ctx context.Context, tenant domain.TenantID, slug string) (*company.Company, bool, error) {
	c, current, err := s.deps.Companies.BySlug(ctx, tenant, slug)
	if err != nil {
		return nil, false, err
	}
	if !c.Public() {
		return nil, false, domain.NotFound("company")
	}
	return c, current, nil
}

// PublicByID returns a published company by id.
func (s *Service) PublicByID(ctx context.Context, tenant domain.TenantID, id string) (*company.Company, error) {
	c, err := s.deps.Companies.ByID(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	if !c.Public() {
		return nil, domain.NotFound("company")
	}
	return c, nil
}

// Mine lists the companies the actor is on the team of.
func (s *Service) Mine(ctx context.Context, tenant domain.TenantID, actor app.Actor) ([]Membership, error) {
	return s.deps.Directory.ForMember(ctx, tenant, actor.UserID)
}
