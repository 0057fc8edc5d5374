package moderation

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/app"
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
// owners only. Another board's item is KindNotFound. The item is built as
// the queue builds it, without loading the rest of the queue.
func (s *Service) Detail(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind, id string) (Detail, error) {
	if err := s.requireQueue(ctx, tenant, st); err != nil {
		return Detail{}, err
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return Detail{}, err
	}
	names := map[string]string{}
	var d Detail
	switch kind {
	case moderation.KindJob:
		j, err := s.deps.Jobs.ByID(ctx, tenant, id)
		if err != nil {
			return Detail{}, err
		}
		snap := j.Snapshot()
		d.Job = &snap
		if d.Item, err = s.jobItem(ctx, tenant, snap, b.Settings(), names); err != nil {
			return Detail{}, err
		}
		d.Item.Review = waiting(string(snap.Status), snap.TakenDownAt, snap.Revision != nil)
	case moderation.KindCompany:
		c, err := s.deps.Companies.ByID(ctx, tenant, id)
		if err != nil {
			return Detail{}, err
		}
		snap := c.Snapshot()
		d.Company = &snap
		d.Item = s.companyItem(ctx, tenant, snap, b.Settings(), names, waiting(string(snap.Status), snap.TakenDownAt, snap.Revision != nil))
	default:
		return Detail{}, domain.NotFound("item")
	}
	reports, err := s.deps.Reports.Open(ctx, tenant)
	if err != nil {
		return Detail{}, err
	}
	key := string(kind) + ":" + id
	d.Item.Reports = groupReports(reports)[key]
	if !d.Item.Review {
		if first, ok := reportOrder(reports)[key]; ok {
			d.Item.SubmittedAt = first
		}
	}
	d.InQueue = d.Item.Review || len(d.Item.Reports) > 0
	return d, nil
}

// waiting says whether an item waits for a decision, as the queue's store
// query selects them: a new submission, or an edit of a live item.
func waiting(status string, takenDownAt *time.Time, hasEdit bool) bool {
	return takenDownAt == nil && (status == "pending" || (status == "published" && hasEdit))
}
