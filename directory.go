package company

import (
	"context"
	"encoding/base64"
	"encoding/json"
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
	Query    string `query:"q" validate:"max=100"`
	Sector   string `query:"sector" validate:"max=100"`
	Location string `query:"location" validate:"max=100"`
	Cursor   string `query:"cursor" validate:"max=400"`
	Limit    int    `query:"limit" validate:"min=0,max=100"`
}

// DirectoryPage is one page of results.
type DirectoryPage struct {
	Items      []company.Snapshot
	NextCursor string
}

// DefaultPageSize is the directory's page size when none is asked for.
const DefaultPageSize = 20

// SortKey is how names are compared in the directory order.
func SortKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// Directory lists the board's published companies.
func (s *Service) Directory(ctx context.Context, tenant domain.TenantID, in DirectoryInput) (DirectoryPage, error) {
	if err := app.Validate(in); err != nil {
		return DirectoryPage{}, err
	}
	f := Filter{Query: strings.TrimSpace(in.Query), Sector: strings.TrimSpace(in.Sector), Location: strings.TrimSpace(in.Location),
		Limit: in.Limit, Now: s.now()}
	if f.Limit == 0 {
		f.Limit = DefaultPageSize
	}
	if in.Cursor != "" {
		c, err := decodeCursor(in.Cursor)
		if err != nil {
			return DirectoryPage{}, err
		}
		f.After = &c
	}
	want := f.Limit
	f.Limit++
	rows, err := s.Directory.ListPublished(ctx, tenant, f)
	if err != nil {
		return DirectoryPage{}, err
	}
	page := DirectoryPage{Items: rows}
	if len(rows) > want {
		page.Items = rows[:want]
		last := page.Items[want-1]
		premium := last.PremiumUntil != nil && last.PremiumUntil.After(f.Now)
		page.NextCursor = encodeCursor(Cursor{Premium: premium, Name: SortKey(last.Profile.Name), ID: last.ID})
	}
	return page, nil
}

func encodeCursor(c Cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (Cursor, error) {
	var c Cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.ID == "" {
		return Cursor{}, domain.Invalid("cursor", "the page cursor is not valid; start from the first page")
	}
	return c, nil
}

// PublicProfile returns a published company by its current or former slug,
// and whether the slug is the current one (old slugs redirect).
func (s *Service) PublicProfile(ctx context.Context, tenant domain.TenantID, slug string) (*company.Company, bool, error) {
	c, current, err := s.Companies.BySlug(ctx, tenant, slug)
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
	c, err := s.Companies.ByID(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	if !c.Public() {
		return nil, domain.NotFound("company")
	}
	return c, nil
}

// Mine lists the companies the actor is on the team of.
func (s *Service) Mine(ctx context.Context, tenant domain.TenantID, actor Actor) ([]Membership, error) {
	return s.Directory.ForMember(ctx, tenant, actor.UserID)
}
