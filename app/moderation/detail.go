package moderation

import (
	"context"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/domain/moderation"
)

// Detail is one item as a moderator reads it before deciding: the full
// content, the proposed edit when one waits, and its queue entry.
type Detail struct {
	// Item is the queue entry; InQueue is false when the item waits for
	// nothing (it can still be taken down or restored).
	Item    Item
	InQueue bool
	Job     *job.Snapshot
	Company *company.Snapshot
}

// Detail returns a job or company of the board for review; moderators and
// owners only. Another board's item is KindNotFound.
func (s *Service) Detail(ctx context.Context, tenant domain.TenantID, st Staff, kind moderation.Kind, id string) (Detail, error) {
	if err := s.requireReview(ctx, tenant, st); err != nil {
		return Detail{}, err
	}
	var d Detail
	switch kind {
	case moderation.KindJob:
		j, err := s.Jobs.ByID(ctx, tenant, id)
		if err != nil {
			return Detail{}, err
		}
		snap := j.Snapshot()
		d.Job = &snap
		d.Item = Item{Kind: kind, ID: id, Title: snap.Posting.Title, CompanyID: snap.CompanyID, Status: string(snap.Status), TakenDown: snap.TakenDownAt != nil}
		if c, err := s.Companies.ByID(ctx, tenant, snap.CompanyID); err == nil {
			d.Item.Company = c.Profile().Name
		}
	case moderation.KindCompany:
		c, err := s.Companies.ByID(ctx, tenant, id)
		if err != nil {
			return Detail{}, err
		}
		snap := c.Snapshot()
		d.Company = &snap
		d.Item = Item{Kind: kind, ID: id, Title: snap.Profile.Name, Status: string(snap.Status), TakenDown: snap.TakenDownAt != nil}
	default:
		return Detail{}, domain.NotFound("item")
	}
	queue, err := s.Queue(ctx, tenant, st)
	if err != nil {
		return Detail{}, err
	}
	for _, it := range queue {
		if it.Kind == kind && it.ID == id {
			d.Item, d.InQueue = it, true
			break
		}
	}
	return d, nil
}
