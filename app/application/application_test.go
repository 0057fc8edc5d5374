package application_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/jobboard/jobboard/app"
	appapplication "github.com/jobboard/jobboard/app/application"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestApplicationReachesItsTeamOnly: a candidate applies on the board with
// a CV; the job's team sees the application and its CV; the candidate sees
// it among theirs; another employer of the board sees nothing, and the same
// application on another board does not exist.
func TestApplicationReachesItsTeamOnly(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		emp := env.NewEmployer(t, b, "hr@nova.example", "Nova Labs")
		rival := env.NewEmployer(t, b, "hr@rival.example", "Rival Labs")
		in := systemtest.Posting("Clinical Scientist")
		in.ApplyURL, in.ApplyMethod = "", "onsite"
		j := env.PublishedJob(t, b, emp, in)

		cara := env.NewUser(t, b, "cara@mail.example")
		cv := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 2000)...)
		a, err := env.Applications.Apply(ctx, b.Tenant, app.UserActor(cara.ID()), j.ID(),
			appapplication.ApplyInput{Name: "Cara Candidate", Email: "cara@mail.example", CoverLetter: "I run assays."},
			appapplication.Upload{Name: "cv.pdf", Data: cv}, "203.0.113.5", "http://acme.jobs.test")
		if err != nil {
			t.Fatalf("apply: %v", err)
		}

		got, err := env.Applications.JobApplicants(ctx, b.Tenant, app.UserActor(emp.UserID), j.ID())
		if err != nil || len(got.Applications) != 1 || got.Applications[0].ID != a.ID() {
			t.Fatalf("the team's applicants: %+v %v", got.Applications, err)
		}
		if _, data, err := env.Applications.CV(ctx, b.Tenant, app.UserActor(emp.UserID), a.ID()); err != nil || !bytes.Equal(data, cv) {
			t.Errorf("the team reads the CV: %d bytes, %v", len(data), err)
		}
		mine, err := env.Applications.MyApplications(ctx, b.Tenant, app.UserActor(cara.ID()))
		if err != nil || len(mine) != 1 {
			t.Errorf("cara's applications: %+v %v", mine, err)
		}

		if _, err := env.Applications.JobApplicants(ctx, b.Tenant, app.UserActor(rival.UserID), j.ID()); err == nil {
			t.Error("another employer of the board sees the applicants")
		}
		if _, _, err := env.Applications.CV(ctx, b.Tenant, app.UserActor(rival.UserID), a.ID()); err == nil {
			t.Error("another employer of the board reads the CV")
		}
		other := env.NewBoard(t, "beta")
		if _, err := env.Applications.Applicant(ctx, other.Tenant, app.UserActor(other.OwnerID), a.ID()); domain.KindOf(err) != domain.KindNotFound && domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("another board's owner reads the application: %v", err)
		}
	})
}
