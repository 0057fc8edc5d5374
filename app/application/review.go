package application

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/application"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// JobApplicants is a job with its applications, for the company's team.
type JobApplicants struct {
	Job          job.Snapshot
	Company      company.Snapshot
	Applications []application.Snapshot
}

// Applicant is one application with its job, for the company's team.
type Applicant struct {
	Application application.Snapshot
	Job         job.Snapshot
	Company     company.Snapshot
}

// JobApplicants lists a job's applications, newest first; for the
// company's owners and recruiters. Anyone else gets KindNotFound.
func (s *Service) JobApplicants(ctx context.Context, tenant domain.TenantID, actor app.Actor, jobID string) (JobApplicants, error) {
	j, err := s.deps.Jobs.ByID(ctx, tenant, jobID)
	if err != nil {
		return JobApplicants{}, err
	}
	c, err := s.deps.Companies.ByID(ctx, tenant, j.CompanyID())
	if err != nil {
		return JobApplicants{}, err
	}
	if ok, err := s.teamCan(ctx, tenant, actor, c.ID()); err != nil {
		return JobApplicants{}, err
	} else if !ok {
		return JobApplicants{}, domain.NotFound("job")
	}
	apps, err := s.deps.Applications.ForJob(ctx, tenant, jobID)
	if err != nil {
		return JobApplicants{}, err
	}
	return JobApplicants{Job: j.Snapshot(), Company: c.Snapshot(), Applications: apps}, nil
}

// CountByJob counts a company's applications per job; for its team.
func (s *Service) CountByJob(ctx context.Context, tenant domain.TenantID, actor app.Actor, companyID string) (map[string]int, error) {
	if ok, err := s.teamCan(ctx, tenant, actor, companyID); err != nil || !ok {
		return map[string]int{}, err
	}
	return s.deps.Reads.CountByJob(ctx, tenant, companyID)
}

// loadForTeam returns an application the actor reviews, or KindNotFound;
// load is ByID, or LockByID for a change.
func (s *Service) loadForTeam(ctx context.Context, tenant domain.TenantID, actor app.Actor, id string,
	load func(context.Context, domain.TenantID, string) (*application.Application, error)) (*application.Application, error) {
	a, err := load(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	if ok, err := s.teamCan(ctx, tenant, actor, a.Snapshot().CompanyID); err != nil {
		return nil, err
	} else if !ok {
		return nil, domain.NotFound("application")
	}
	return a, nil
}

// Applicant returns one application for the company's team.
func (s *Service) Applicant(ctx context.Context, tenant domain.TenantID, actor app.Actor, id string) (Applicant, error) {
	a, err := s.loadForTeam(ctx, tenant, actor, id, s.deps.Applications.ByID)
	if err != nil {
		return Applicant{}, err
	}
	snap := a.Snapshot()
	j, err := s.deps.Jobs.ByID(ctx, tenant, snap.JobID)
	if err != nil {
		return Applicant{}, err
	}
	c, err := s.deps.Companies.ByID(ctx, tenant, snap.CompanyID)
	if err != nil {
		return Applicant{}, err
	}
	return Applicant{Application: snap, Job: j.Snapshot(), Company: c.Snapshot()}, nil
}

// Move changes an application's status along the pipeline; for the
// company's team. A move the pipeline does not allow is KindConflict
// (code invalid_transition). The candidate is mailed about the change;
// base is the board's URL for the link in that mail.
func (s *Service) Move(ctx context.Context, tenant domain.TenantID, actor app.Actor, id, status, base string) (*application.Application, error) {
	to, err := application.ParseStatus(status)
	if err != nil {
		return nil, err
	}
	var a *application.Application
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if a, err = s.loadForTeam(ctx, tenant, actor, id, s.deps.Applications.LockByID); err != nil {
			return err
		}
		if err := a.Move(to, s.now()); err != nil {
			return err
		}
		return s.deps.Applications.Update(ctx, tenant, a)
	})
	if err != nil {
		return nil, err
	}
	snap := a.Snapshot()
	if !a.Anonymised() {
		title, companyName := "", ""
		if j, err := s.deps.Jobs.ByID(ctx, tenant, snap.JobID); err == nil {
			title = j.Snapshot().Posting.Title
		}
		if c, err := s.deps.Companies.ByID(ctx, tenant, snap.CompanyID); err == nil {
			companyName = c.Profile().Name
		}
		s.send(ctx, app.Message{To: snap.Details.Email.String(), FromName: s.boardName(ctx, tenant),
			Subject: "Your application for " + titleOr(title, "a job") + ": " + string(snap.Status),
			Text: "Hello " + snap.Details.Name + ",\n\n" +
				"your application for " + titleOr(title, "the job") + " at " + titleOr(companyName, "the company") + " " + statusText(snap.Status) + ".\n\n" +
				"Your applications: " + base + "/me/applications\n"})
	}
	return a, nil
}

// CV returns an application's CV file for the company's team or the
// applicant. Anyone else, and an anonymised application, is KindNotFound.
func (s *Service) CV(ctx context.Context, tenant domain.TenantID, actor app.Actor, id string) (application.CV, []byte, error) {
	a, err := s.deps.Applications.ByID(ctx, tenant, id)
	if err != nil {
		return application.CV{}, nil, err
	}
	snap := a.Snapshot()
	if snap.UserID == "" || snap.UserID != actor.UserID {
		if ok, err := s.teamCan(ctx, tenant, actor, snap.CompanyID); err != nil {
			return application.CV{}, nil, err
		} else if !ok {
			return application.CV{}, nil, domain.NotFound("application")
		}
	}
	if snap.CV.Key == "" {
		return application.CV{}, nil, domain.NotFound("CV")
	}
	data, err := s.deps.Files.Get(ctx, snap.CV.Key)
	if err != nil {
		return application.CV{}, nil, err
	}
	return snap.CV, data, nil
}

// MyApplications lists the actor's applications with their jobs.
func (s *Service) MyApplications(ctx context.Context, tenant domain.TenantID, actor app.Actor) ([]MyApplication, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjApplication, app.ActCreate); err != nil {
		return nil, err
	}
	rows, err := s.deps.Reads.MyApplications(ctx, tenant, actor.UserID, maxListedResults)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]MyApplication, len(rows))
	for i, r := range rows {
		ok, _ := open(r.JobStatus, r.ExpiresAt, r.TakenDownAt, r.CompanyPublic, now)
		out[i] = MyApplication{Application: r.Application, JobTitle: r.JobTitle, JobSlug: r.JobSlug, CompanyName: r.CompanyName, JobOpen: ok}
	}
	return out, nil
}

// MyApplication returns one of the actor's own applications, or
// KindNotFound.
func (s *Service) MyApplication(ctx context.Context, tenant domain.TenantID, actor app.Actor, id string) (application.Snapshot, error) {
	a, err := s.deps.Applications.ByID(ctx, tenant, id)
	if err != nil {
		return application.Snapshot{}, err
	}
	if snap := a.Snapshot(); snap.UserID != "" && snap.UserID == actor.UserID {
		return snap, nil
	}
	return application.Snapshot{}, domain.NotFound("application")
}
