package company_test

import (
	"context"
	"testing"

	"github.com/jobboard/jobboard/app"
	appcompany "github.com/jobboard/jobboard/app/company"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestProfileTeamAndBoards: a profile is public once the board approves
// it; only its team edits it; an invited recruiter joins the team and may
// edit but not manage it; and another board does not know the company.
func TestProfileTeamAndBoards(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		other := env.NewBoard(t, "beta")
		emp := env.NewEmployer(t, b, "hr@nova.example", "Nova Labs")
		owner := app.UserActor(emp.UserID)

		c, published, err := env.Companies.PublicProfile(ctx, b.Tenant, "nova-labs")
		if err != nil || !published || c.ID() != emp.CompanyID {
			t.Fatalf("the approved profile: %v published=%v %v", c, published, err)
		}
		if _, _, err := env.Companies.PublicProfile(ctx, other.Tenant, "nova-labs"); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another board shows the company: %v", err)
		}

		// A stranger of the board cannot edit it.
		rex := env.NewUser(t, b, "rex@mail.example")
		edit := appcompany.ProfileInput{Name: "Nova Labs", Description: "Changed by a stranger."}
		if _, err := env.Companies.UpdateProfile(ctx, b.Tenant, app.UserActor(rex.ID()), emp.CompanyID, edit); err == nil {
			t.Fatal("a stranger edited the profile")
		}

		// Rita is invited as a recruiter and joins.
		inv, err := env.Companies.Invite(ctx, b.Tenant, owner, emp.CompanyID, appcompany.InviteInput{Email: "rita@nova.example", Role: "recruiter"},
			func(tok string) string { return "https://acme.jobs.test/invitations/" + tok })
		if err != nil {
			t.Fatal(err)
		}
		rita := env.NewUser(t, b, "rita@nova.example")
		if _, err := env.Companies.AcceptInvitation(ctx, b.Tenant, app.UserActor(rita.ID()), inv.Token); err != nil {
			t.Fatalf("rita accepts: %v", err)
		}
		mine, err := env.Companies.Mine(ctx, b.Tenant, app.UserActor(rita.ID()))
		if err != nil || len(mine) != 1 || mine[0].Role != company.RoleRecruiter {
			t.Fatalf("rita's companies: %+v %v", mine, err)
		}
		if _, err := env.Companies.Invite(ctx, b.Tenant, app.UserActor(rita.ID()), emp.CompanyID, appcompany.InviteInput{Email: "x@nova.example", Role: "owner"},
			func(string) string { return "" }); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a recruiter invites an owner: %v, want forbidden", err)
		}
		if err := env.Companies.RemoveMember(ctx, b.Tenant, app.UserActor(rita.ID()), emp.CompanyID, emp.UserID); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a recruiter removes the owner: %v, want forbidden", err)
		}
		team, err := env.Companies.Team(ctx, b.Tenant, owner, emp.CompanyID)
		if err != nil || len(team.Members) != 2 {
			t.Errorf("team: %+v %v", team, err)
		}
	})
}
