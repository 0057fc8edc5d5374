package company

import (
	"context"
	"strconv"
	"strings"

	"github.com/gosimple/slug"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/company"
)

// ProfileInput is a company profile as a form or the API submits it.
type ProfileInput struct {
	Name         string            `json:"name" form:"name" validate:"max=200"`
	Slug         string            `json:"slug" form:"slug" validate:"max=200"`
	Website      string            `json:"website" form:"website" validate:"max=1000"`
	Sector       string            `json:"sector" form:"sector" validate:"max=200"`
	Location     string            `json:"location" form:"location" validate:"max=200"`
	Size         string            `json:"size" form:"size" validate:"max=20"`
	FoundedYear  string            `json:"founded_year" form:"founded_year" validate:"max=10"`
	ContactEmail string            `json:"contact_email" form:"contact_email" validate:"max=300"`
	Description  string            `json:"description" form:"description" validate:"max=40000"`
	Social       map[string]string `json:"social" form:"-" validate:"max=10"`
}

func (in ProfileInput) domainInput() company.ProfileInput {
	return company.ProfileInput{Name: in.Name, Slug: in.Slug, Website: in.Website, Sector: in.Sector, Location: in.Location,
		Size: in.Size, FoundedYear: in.FoundedYear, ContactEmail: in.ContactEmail, Description: in.Description, Social: in.Social}
}

// Register adds a company to the board's directory as a draft. The caller
// becomes its owner and an employer on the board, in one transaction. A
// blank slug is derived from the name and made unique.
func (s *Service) Register(ctx context.Context, tenant domain.TenantID, actor app.Actor, in ProfileInput) (*company.Company, error) {
	if err := app.Validate(in); err != nil {
		return nil, err
	}
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjCompany, app.ActCreate); err != nil {
		return nil, err
	}
	b, err := s.board(ctx, tenant)
	if err != nil {
		return nil, err
	}
	derived := strings.TrimSpace(in.Slug) == ""
	if derived {
		if in.Slug, err = s.freeSlug(ctx, tenant, in.Name); err != nil {
			return nil, err
		}
	}
	p, err := company.ParseProfile(in.domainInput(), b.Settings().Sectors, s.now())
	if err != nil {
		return nil, err
	}
	c := company.New(s.deps.IDs.New(), tenant, p, s.deps.RichText.Render(p.Description), actor.UserID, s.now())
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if err := s.deps.Companies.Create(ctx, tenant, c, actor.UserID); err != nil {
			return err
		}
		return s.deps.Roles.Grant(ctx, tenant, actor.UserID, account.RoleEmployer)
	})
	if err != nil {
		return nil, err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return c, nil
}

// freeSlug derives a slug from name that no company of the board holds or
// held, adding -2, -3 … when needed.
func (s *Service) freeSlug(ctx context.Context, tenant domain.TenantID, name string) (string, error) {
	base := slug.Make(name)
	if len(base) > company.MaxSlugLength-4 {
		base = strings.Trim(base[:company.MaxSlugLength-4], "-")
	}
	if base == "" {
		// Let ParseProfile report the missing name rather than the slug.
		return "company", nil
	}
	for i := 1; i < 100; i++ {
		candidate := base
		if i > 1 {
			candidate = base + "-" + strconv.Itoa(i)
		}
		taken, err := s.deps.Companies.SlugTaken(ctx, tenant, candidate)
		if err != nil {
			return "", err
		}
		if !taken {
			return candidate, nil
		}
	}
	return base + "-" + s.deps.IDs.New()[:8], nil
}
