package company

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
)

// PatchProfile changes the profile fields that body, a JSON object in the
// API's shape, names, keeping the others (from the edit waiting for review,
// if any, else the live profile); company owners only. The merge happens on
// the company as read locked inside the transaction that saves it, so a
// payment or another edit committed meanwhile is kept. The result is
// validated as a whole.
func (s *Service) PatchProfile(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string, body []byte) (*company.Company, error) {
	return s.changeProfile(ctx, tenant, actor, companyID, func(c *company.Company, b *board.Board) error {
		snap := c.Snapshot()
		cur := snap.Profile
		if snap.Revision != nil {
			cur = snap.Revision.Profile
		}
		in := InputOf(cur)
		if err := json.Unmarshal(body, &in); err != nil {
			return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "send a JSON object of the fields to change"}
		}
		if err := app.Validate(in); err != nil {
			return err
		}
		return s.editProfile(c, b, in)
	})
}

// InputOf is a profile as the API would send it, the starting point of a
// PATCH.
func InputOf(p company.Profile) ProfileInput {
	in := ProfileInput{Name: p.Name, Slug: p.Slug.String(), Website: p.Website, Sector: p.Sector, Location: p.Location,
		Size: p.Size, ContactEmail: p.ContactEmail.String(), Description: p.Description, Social: map[string]string{}}
	if p.FoundedYear != 0 {
		in.FoundedYear = strconv.Itoa(p.FoundedYear)
	}
	for k, v := range p.Social {
		in.Social[k] = v
	}
	return in
}
