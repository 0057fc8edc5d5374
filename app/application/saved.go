package application

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

// SaveJob keeps an open job on the actor's list; saving twice is a no-op.
// A job no longer open is ErrJobClosed, one not public KindNotFound.
func (s *Service) SaveJob(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) error {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjSaved, app.ActManage); err != nil {
		return err
	}
	if _, _, err := s.publicJob(ctx, tenant, jobID); err != nil {
		return err
	}
	return s.deps.Saved.Save(ctx, tenant, actor.UserID, jobID, s.now())
}

// UnsaveJob takes a job off the actor's list, whatever its state now.
func (s *Service) UnsaveJob(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) error {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjSaved, app.ActManage); err != nil {
		return err
	}
	return s.deps.Saved.Remove(ctx, tenant, actor.UserID, jobID)
}

// IsSaved reports whether the actor saved the job.
func (s *Service) IsSaved(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) (bool, error) {
	return s.deps.Saved.IsSaved(ctx, tenant, actor.UserID, jobID)
}

// SavedJobs lists the actor's saved jobs, newest first. Jobs that are no
// longer open stay on the list, marked as such.
func (s *Service) SavedJobs(ctx context.Context, tenant domain.TenantID, actor app.Actor) ([]SavedJob, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjSaved, app.ActManage); err != nil {
		return nil, err
	}
	rows, err := s.deps.Reads.SavedJobs(ctx, tenant, actor.UserID, maxListedResults)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]SavedJob, len(rows))
	for i, r := range rows {
		ok, st := open(r.JobStatus, r.ExpiresAt, r.TakenDownAt, r.CompanyPublic, now)
		out[i] = SavedJob{JobID: r.JobID, Slug: r.Slug, Title: r.Title, CompanyName: r.CompanyName, CompanySlug: r.CompanySlug,
			SavedAt: r.SavedAt, Open: ok, Status: st}
	}
	return out, nil
}
