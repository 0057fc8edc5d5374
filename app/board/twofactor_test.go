package board_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestStaffResetALostSecondFactor: a user who lost their phone and their
// codes gets two-factor sign-in turned off by the board's owner, not by a
// moderator; the reset is audited.
func TestStaffResetALostSecondFactor(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		owner := app.UserActor(b.OwnerID)
		u := env.NewUser(t, b, "ann@acme.example")
		e, err := env.Accounts.StartTwoFactor(ctx, b.Tenant, app.UserActor(u.ID()))
		if err != nil {
			t.Fatal(err)
		}
		key, _ := url.Parse(e.URL)
		code, _ := secure.TOTP{}.Code(key.Query().Get("secret"), env.Clock.Now())
		if _, err := env.Accounts.ConfirmTwoFactor(ctx, b.Tenant, app.UserActor(u.ID()), "passphrase for ann@acme.example", code, appaccount.Keep{}, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		modID := env.NewStaff(t, b, "mia@acme.example", "moderator")
		in := appboard.ResetTwoFactorInput{Email: "ann@acme.example"}
		if err := env.Boards.ResetTwoFactor(ctx, b.Tenant, app.UserActor(modID), in); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a moderator resets: %v", err)
		}
		if err := env.Boards.ResetTwoFactor(ctx, b.Tenant, owner, in); err != nil {
			t.Fatal(err)
		}
		if on, _ := env.Accounts.UsesTwoFactor(ctx, b.Tenant, u.ID()); on {
			t.Error("two-factor is still on")
		}
		if err := env.Boards.ResetTwoFactor(ctx, b.Tenant, owner, in); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("a second reset: %v", err)
		}
		if m, _ := env.Mails.Last(); m.To != "ann@acme.example" {
			t.Errorf("the user was not told: %+v", m)
		}
	})
}
