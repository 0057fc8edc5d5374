package board_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jobboard/jobboard/app"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// code returns a domain error's code, or "" for another error.
func code(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// TestStaffInvitationsAndTheLastOwner: only owners invite and configure; an
// invitation makes only the invited address staff, once; and the board
// always keeps an owner.
func TestStaffInvitationsAndTheLastOwner(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		owner := app.UserActor(b.OwnerID)
		modID := env.NewStaff(t, b, "mia@acme.example", "moderator")
		mod := app.UserActor(modID)

		// A moderator neither invites nor changes the settings.
		if _, err := env.Boards.InviteStaff(ctx, b.Tenant, mod, appboard.StaffInviteInput{Email: "x@acme.example", Role: "owner"}, func(string) string { return "" }); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a moderator invites: %v, want forbidden", err)
		}
		cur, err := env.Boards.Settings(ctx, b.Tenant, owner)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Boards.UpdateSettings(ctx, b.Tenant, mod, appboard.SettingsOf(cur)); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a moderator changes the settings: %v, want forbidden", err)
		}

		// The invitation is for olga's address: someone else signed in
		// with the link is refused, olga takes it once.
		var token string
		if _, err := env.Boards.InviteStaff(ctx, b.Tenant, owner, appboard.StaffInviteInput{Email: "olga@acme.example", Role: "owner"},
			func(tok string) string { token = tok; return "https://acme.jobs.test/staff-invitations/" + tok }); err != nil {
			t.Fatal(err)
		}
		eve := env.NewUser(t, b, "eve@acme.example")
		if _, err := env.Boards.AcceptStaffInvitation(ctx, b.Tenant, app.UserActor(eve.ID()), token); code(err) != "invitation_other_address" {
			t.Errorf("another address accepts: %v", err)
		}
		olga := env.NewUser(t, b, "olga@acme.example")
		if role, err := env.Boards.AcceptStaffInvitation(ctx, b.Tenant, app.UserActor(olga.ID()), token); err != nil || role != "owner" {
			t.Fatalf("olga accepts: %q %v", role, err)
		}
		if _, err := env.Boards.AcceptStaffInvitation(ctx, b.Tenant, app.UserActor(olga.ID()), token); code(err) != "invitation_used" {
			t.Errorf("the link a second time: %v", err)
		}

		// Two owners: one may go; the last one stays.
		if err := env.Boards.RemoveStaff(ctx, b.Tenant, app.UserActor(olga.ID()), b.OwnerID, "owner"); err != nil {
			t.Fatalf("olga removes the first owner: %v", err)
		}
		if err := env.Boards.RemoveStaff(ctx, b.Tenant, app.UserActor(olga.ID()), olga.ID(), "owner"); code(err) != "last_owner" {
			t.Errorf("removing the last owner: %v", err)
		}
		page, err := env.Boards.Staff(ctx, b.Tenant, app.UserActor(olga.ID()))
		if err != nil || len(page.Members) != 2 {
			t.Errorf("staff after the changes: %+v %v, want olga and the moderator", page.Members, err)
		}
	})
}
