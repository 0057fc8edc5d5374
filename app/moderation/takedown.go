package moderation

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/moderation"
)

// TakeDown removes an item from every public page, list, feed, sitemap
// and widget at once, and closes its open reports. The optional reason is
// kept in the audit log, so it is bounded like a decision's message.
func (s *Service) TakeDown(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind, id, reason string) (Outcome, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > moderation.MaxMessageLength {
		return Outcome{}, domain.Invalid("reason", "use at most 2000 characters")
	}
	return s.visibility(ctx, tenant, st, kind, id, "take_down", reason)
}

// Restore puts a taken-down item back as it was.
func (s *Service) Restore(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind, id string) (Outcome, error) {
	return s.visibility(ctx, tenant, st, kind, id, "restore", "")
}

func (s *Service) visibility(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind, id, verb, reason string) (Outcome, error) {
	if err := s.requireDecide(ctx, tenant, st, kind); err != nil {
		return Outcome{}, err
	}
	out := Outcome{Kind: kind, ID: id}
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		// As in decide: the item is read locked, so a concurrent second
		// take-down sees the first.
		now := s.now()
		switch kind {
		case moderation.KindJob:
			j, err := s.deps.Jobs.LockByID(ctx, tenant, id)
			if err != nil {
				return err
			}
			before := jobState(j)
			if verb == "take_down" {
				err = j.TakeDown(now)
			} else {
				err = j.Restore(now)
			}
			if err != nil {
				return err
			}
			if err := s.deps.Jobs.Update(ctx, tenant, j); err != nil {
				return err
			}
			out.Title, out.Status = j.Snapshot().Posting.Title, string(j.Status())
			snap := j.Snapshot()
			out.Job = &snap
			if err := s.audit(ctx, tenant, st, "job."+verb, "job", id, before, jobState(j), reason); err != nil {
				return err
			}
		case moderation.KindCompany:
			c, err := s.deps.Companies.LockByID(ctx, tenant, id)
			if err != nil {
				return err
			}
			before := companyState(c)
			if verb == "take_down" {
				err = c.TakeDown(now)
			} else {
				err = c.Restore(now)
			}
			if err != nil {
				return err
			}
			if err := s.deps.Companies.Update(ctx, tenant, c); err != nil {
				return err
			}
			out.Title, out.Status = c.Profile().Name, string(c.Status())
			snap := c.Snapshot()
			out.Company = &snap
			if err := s.audit(ctx, tenant, st, "company."+verb, "company", id, before, companyState(c), reason); err != nil {
				return err
			}
		default:
			return domain.NotFound("item")
		}
		if verb == "take_down" {
			_, err := s.deps.Reports.Resolve(ctx, tenant, kind, id, now)
			return err
		}
		return nil
	})
	return out, err
}

// DismissReports closes an item's open reports without acting on it. The
// item must be one of the board's (KindNotFound otherwise), with open
// reports (KindConflict otherwise), so that the audit log records only
// dismissals that happened.
func (s *Service) DismissReports(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind, id string) error {
	if err := app.Require(ctx, s.deps.Authz, tenant, st.Subject(), app.ObjReports, app.ActManage); err != nil {
		return err
	}
	return s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if err := s.requireItem(ctx, tenant, kind, id); err != nil {
			return err
		}
		n, err := s.deps.Reports.Resolve(ctx, tenant, kind, id, s.now())
		if err != nil {
			return err
		}
		if n == 0 {
			return domain.Conflict("no_open_reports", "there are no open reports about this item")
		}
		return s.audit(ctx, tenant, st, "reports.dismiss", string(kind), id, nil, nil, "")
	})
}

// requireItem checks that a job or company exists on the board, whatever
// its status.
func (s *Service) requireItem(ctx context.Context, tenant domain.TenantID, kind moderation.Kind, id string) error {
	var err error
	switch kind {
	case moderation.KindJob:
		_, err = s.deps.Jobs.ByID(ctx, tenant, id)
	case moderation.KindCompany:
		_, err = s.deps.Companies.ByID(ctx, tenant, id)
	default:
		err = domain.NotFound("item")
	}
	return err
}
