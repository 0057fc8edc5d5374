package account_test

import (
	"context"
	"slices"
	"testing"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestSignInIssuesATokenForThatBoardOnly: a user who signs in gets a
// bearer token that names them on their board and nowhere else; Whoami
// answers for the acting user with their roles, and for no one else.
func TestSignInIssuesATokenForThatBoardOnly(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme, beta := env.NewBoard(t, "acme"), env.NewBoard(t, "beta")
		modID := env.NewStaff(t, acme, "mia@acme.example", "moderator")

		u, err := env.Accounts.Login(ctx, acme.Tenant, appaccount.LoginInput{Email: "MIA@acme.example", Password: "passphrase for mia@acme.example"}, "203.0.113.7")
		if err != nil || u.ID() != modID {
			t.Fatalf("login: %v, %v", u, err)
		}
		tok, err := env.Accounts.IssueToken(ctx, acme.Tenant, u, appaccount.Client{})
		if err != nil || !tok.ExpiresAt.Equal(env.Clock.Now().Add(account.TokenTTL)) {
			t.Fatalf("token: %+v %v", tok, err)
		}
		if got, err := env.Accounts.Authenticate(ctx, acme.Tenant, tok.Token); err != nil || got.ID() != modID {
			t.Fatalf("authenticate on its board: %v %v", got, err)
		}
		if _, err := env.Accounts.Authenticate(ctx, beta.Tenant, tok.Token); domain.KindOf(err) != domain.KindUnauthorized {
			t.Errorf("the token on another board: %v, want unauthorized", err)
		}

		me, err := env.Accounts.Whoami(ctx, acme.Tenant, app.UserActor(modID))
		if err != nil || me.User.ID() != modID || !slices.Contains(me.Roles, account.RoleModerator) {
			t.Fatalf("whoami: %+v %v", me, err)
		}
		for name, actor := range map[string]app.Actor{"the system": appboard.System(), "nobody": {}, "an admin": app.AdminActor("admin-1")} {
			if _, err := env.Accounts.Whoami(ctx, acme.Tenant, actor); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("whoami as %s: %v, want not found", name, err)
			}
		}
		if _, err := env.Accounts.Whoami(ctx, beta.Tenant, app.UserActor(modID)); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("whoami on another board: %v, want not found", err)
		}
	})
}
