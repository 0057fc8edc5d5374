package job

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
)

// Approve publishes a pending job; board moderators and owners only.
func (s *Service) Approve(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) (*job.Job, error) {
	st, err := s.settings(ctx, tenant)
	if err != nil {
		return nil, err
	}
	return s.staffChange(ctx, tenant, actor, app.ObjModerationJobs, app.ActReview, jobID, func(j *job.Job) error {
		return j.Approve(duration(st), s.now())
	})
}

// Reject returns a pending job to its company with a reason.
func (s *Service) Reject(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID, reason string) (*job.Job, error) {
	return s.staffChange(ctx, tenant, actor, app.ObjModerationJobs, app.ActReview, jobID, func(j *job.Job) error {
		return j.Reject(reason, s.now())
	})
}

// FeatureInput sets or ends a featured period.
type FeatureInput struct {
	// Until is when featuring ends; nil ends it now.
	Until *time.Time `json:"until"`
}

// Feature features a published job until a time, or stops featuring it;
// board owners only (payments do it through their own path).
func (s *Service) Feature(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string, in FeatureInput) (*job.Job, error) {
	now := s.now()
	if in.Until != nil && !in.Until.After(now) {
		return nil, domain.Invalid("until", "choose a time in the future, or leave it empty to stop featuring")
	}
	if in.Until != nil && in.Until.After(now.AddDate(1, 0, 0)) {
		return nil, domain.Invalid("until", "feature a job for at most a year at a time")
	}
	return s.staffChange(ctx, tenant, actor, app.ObjBoard, app.ActManage, jobID, func(j *job.Job) error {
		if in.Until != nil && !j.Public(now) {
			return domain.Conflict("not_published", "only a published job can be featured")
		}
		j.SetFeaturedUntil(in.Until, now)
		return nil
	})
}

func (s *Service) staffChange(ctx context.Context, tenant domain.TenantID, actor app.Actor, object, action, jobID string, fn func(*job.Job) error) (*job.Job, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), object, action); err != nil {
		return nil, err
	}
	var j *job.Job
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		var err error
		if j, err = s.deps.Jobs.LockByID(ctx, tenant, jobID); err != nil {
			return err
		}
		if err := fn(j); err != nil {
			return err
		}
		return s.deps.Jobs.Update(ctx, tenant, j)
	})
	return j, err
}

// ExpireDue runs the scheduler's pass over every board: published jobs
// whose time is up expire and finished featured periods end. It returns
// how many jobs expired.
func (s *Service) ExpireDue(ctx context.Context) (int, error) {
	boards, err := s.deps.Boards.List(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, b := range boards {
		n, err := s.deps.Jobs.ExpireDue(ctx, b.ID(), s.now())
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
