package company

import (
	"context"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
)

// Manage returns a company for its team's dashboard; members only.
func (s *Service) Manage(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string) (*company.Company, company.Role, error) {
	c, err := s.load(ctx, tenant, actor, companyID, app.ObjCompanyDashboard, app.ActRead)
	if err != nil {
		return nil, "", err
	}
	role, err := s.deps.Companies.MemberRole(ctx, tenant, companyID, actor.UserID)
	return c, role, err
}

// UpdateProfile replaces the profile; company owners only. A published
// profile stays live with the new content. A blank slug keeps the current
// one; a new slug keeps the old one as a redirect.
func (s *Service) UpdateProfile(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string, in ProfileInput) (*company.Company, error) {
	if err := app.Validate(in); err != nil {
		return nil, err
	}
	return s.changeProfile(ctx, tenant, actor, companyID, func(c *company.Company, b *board.Board) error {
		return s.editProfile(c, b, in)
	})
}

// editProfile gives a company a new profile; under the board's review of
// edits, a published profile stays live until the edit is approved.
func (s *Service) editProfile(c *company.Company, b *board.Board, in ProfileInput) error {
	if strings.TrimSpace(in.Slug) == "" {
		in.Slug = c.Profile().Slug.String()
	}
	p, err := company.ParseProfile(in.domainInput(), b.Settings().Sectors, s.now())
	if err != nil {
		return err
	}
	html := s.deps.RichText.Render(p.Description)
	if b.Settings().ReviewEdits && c.Status() == company.StatusPublished {
		return c.ProposeEdit(p, html, s.now())
	}
	c.Edit(p, html, s.now())
	return nil
}

// changeProfile loads a company for an owner in a transaction, applies fn
// with the board's settings at hand, and saves it.
func (s *Service) changeProfile(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string, fn func(*company.Company, *board.Board) error) (*company.Company, error) {
	var c *company.Company
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.loadLocked(ctx, tenant, actor, companyID, app.ObjCompanyProfile, app.ActManage); err != nil {
			return err
		}
		b, err := s.board(ctx, tenant)
		if err != nil {
			return err
		}
		if err := fn(c, b); err != nil {
			return err
		}
		return s.deps.Companies.Update(ctx, tenant, c)
	})
	return c, err
}

// Preview renders a profile's description as it would appear, without
// saving anything.
func (s *Service) Preview(markdown string) string { return s.deps.RichText.Render(markdown) }

// Submit sends the profile for review, or publishes it at once when the
// board does not review profiles; company owners only.
func (s *Service) Submit(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string) (*company.Company, error) {
	return s.changeProfile(ctx, tenant, actor, companyID, func(c *company.Company, b *board.Board) error {
		return c.Submit(b.Settings().ReviewProfiles, s.now())
	})
}

// logoKey is where a company's logo is stored: unguessable, and scoped by
// board and company.
func logoKey(tenant domain.TenantID, companyID, id string) string {
	return "logos/" + tenant.String() + "/" + companyID + "/" + id + ".png"
}

// SetLogo checks, re-encodes and stores a logo; company owners only. The
// previous logo file is removed once the new one is recorded.
func (s *Service) SetLogo(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string, data []byte) (*company.Company, error) {
	c, err := s.load(ctx, tenant, actor, companyID, app.ObjCompanyProfile, app.ActManage)
	if err != nil {
		return nil, err
	}
	png, err := s.deps.Images.Logo(data)
	if err != nil {
		return nil, err
	}
	key := logoKey(tenant, companyID, s.deps.IDs.New())
	if err := s.deps.Files.Put(ctx, key, png); err != nil {
		return nil, err
	}
	old := c.Snapshot().LogoKey
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		fresh, err := s.deps.Companies.LockByID(ctx, tenant, companyID)
		if err != nil {
			return err
		}
		old = fresh.Snapshot().LogoKey
		fresh.SetLogo(key, s.now())
		c = fresh
		return s.deps.Companies.Update(ctx, tenant, fresh)
	})
	if err != nil {
		_ = s.deps.Files.Delete(ctx, key)
		return nil, err
	}
	if old != "" {
		_ = s.deps.Files.Delete(ctx, old)
	}
	return c, nil
}

// Logo returns the logo image of a company the caller may see: a published
// company's for anyone, any company's for its team. It is KindNotFound
// when there is no logo.
func (s *Service) Logo(ctx context.Context, tenant domain.TenantID, viewer *app.Actor, companyID string) ([]byte, error) {
	c, err := s.deps.Companies.ByID(ctx, tenant, companyID)
	if err != nil {
		return nil, err
	}
	if !c.Public() {
		if viewer == nil {
			return nil, domain.NotFound("company")
		}
		if ok, err := s.isMember(ctx, tenant, companyID, viewer.UserID); err != nil || !ok {
			return nil, domain.NotFound("company")
		}
	}
	key := c.Snapshot().LogoKey
	if key == "" {
		return nil, domain.NotFound("logo")
	}
	return s.deps.Files.Get(ctx, key)
}
