package account_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

const clientIP = "203.0.113.7"

// signIn returns a bearer token for the user, as the API's login does.
func signIn(t *testing.T, env *systemtest.Env, b systemtest.Board, email, password string) string {
	t.Helper()
	ctx := context.Background()
	u, err := env.Accounts.Login(ctx, b.Tenant, appaccount.LoginInput{Email: email, Password: password}, clientIP)
	if err != nil {
		t.Fatalf("sign in %s: %v", email, err)
	}
	tok, err := env.Accounts.IssueToken(ctx, b.Tenant, u, appaccount.Client{IP: clientIP, UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return tok.Token
}

// lastMailTo returns the newest mail to addr.
func lastMailTo(t *testing.T, env *systemtest.Env, addr string) app.Message {
	t.Helper()
	msgs := env.Mails.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].To == addr {
			return msgs[i]
		}
	}
	t.Fatalf("no mail to %s", addr)
	return app.Message{}
}

// TestPasswordResetLinkWorksOnceForAnHourOnItsBoard walks a reset: the
// link is mailed, refused on another board, survives a weak password, sets
// the password once, ends every token, and says so by mail; a second use
// and an hour-old link are refused.
func TestPasswordResetLinkWorksOnceForAnHourOnItsBoard(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme, beta := env.NewBoard(t, "acme"), env.NewBoard(t, "beta")
		const email = "ann@acme.example"
		env.NewUser(t, acme, email)
		oldToken := signIn(t, env, acme, email, "passphrase for "+email)

		if err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: "ANN@acme.example"}, clientIP); err != nil {
			t.Fatal(err)
		}
		token := env.LinkToken(t, email, "", appaccount.PathResetPassword)
		if m := lastMailTo(t, env, email); !strings.Contains(m.Text, "one hour") {
			t.Errorf("the reset mail does not say how long the link works:\n%s", m.Text)
		}
		if err := env.Accounts.CheckResetLink(ctx, beta.Tenant, token); err != appaccount.ErrBadLink {
			t.Errorf("the link on another board: %v", err)
		}
		if err := env.Accounts.ResetPassword(ctx, beta.Tenant, appaccount.ResetInput{Token: token, Password: "a new long passphrase"}); err != appaccount.ErrBadLink {
			t.Errorf("reset on another board: %v", err)
		}
		err := env.Accounts.ResetPassword(ctx, acme.Tenant, appaccount.ResetInput{Token: token, Password: "short"})
		if de, ok := err.(*domain.Error); !ok || de.Fields["password"] == "" {
			t.Fatalf("weak password: %v", err)
		}
		if err := env.Accounts.ResetPassword(ctx, acme.Tenant, appaccount.ResetInput{Token: token, Password: "a new long passphrase"}); err != nil {
			t.Fatalf("reset: %v", err)
		}
		if _, err := env.Accounts.Authenticate(ctx, acme.Tenant, oldToken); domain.KindOf(err) != domain.KindUnauthorized {
			t.Errorf("an API token survived the reset: %v", err)
		}
		signIn(t, env, acme, email, "a new long passphrase")
		if m := lastMailTo(t, env, email); !strings.Contains(m.Subject, "Your password was changed") {
			t.Errorf("no notice of the change: %q", m.Subject)
		}
		if err := env.Accounts.ResetPassword(ctx, acme.Tenant, appaccount.ResetInput{Token: token, Password: "yet another passphrase"}); err != appaccount.ErrBadLink {
			t.Errorf("second use: %v", err)
		}

		// An hour later a link is spent.
		if err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: email}, clientIP); err != nil {
			t.Fatal(err)
		}
		late := env.LinkToken(t, email, "", appaccount.PathResetPassword)
		env.Clock.Advance(time.Hour + time.Second)
		if err := env.Accounts.ResetPassword(ctx, acme.Tenant, appaccount.ResetInput{Token: late, Password: "yet another passphrase"}); err != appaccount.ErrBadLink {
			t.Errorf("an expired link: %v", err)
		}
	})
}

// TestPasswordResetAnswersAlikeForUnknownAddresses: an address without an
// account gets the same answer and one mail saying there is no account;
// both are throttled per address alike.
func TestPasswordResetAnswersAlikeForUnknownAddresses(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		env.NewUser(t, acme, "ann@acme.example")
		for _, email := range []string{"ann@acme.example", "ghost@acme.example"} {
			before := len(env.Mails.Messages())
			for i := range appaccount.MaxMailsPerAddress {
				if err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: email}, "198.51.100.1"); err != nil {
					t.Fatalf("%s request %d: %v", email, i+1, err)
				}
			}
			if n := len(env.Mails.Messages()) - before; n != appaccount.MaxMailsPerAddress {
				t.Errorf("%s: %d mails for %d requests", email, n, appaccount.MaxMailsPerAddress)
			}
			err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: email}, "198.51.100.2")
			if domain.KindOf(err) != domain.KindTooMany {
				t.Errorf("%s past the limit: %v, want too many", email, err)
			}
		}
		if m := lastMailTo(t, env, "ghost@acme.example"); !strings.Contains(m.Text, "there is no account") || strings.Contains(m.Text, "token=") {
			t.Errorf("mail to an unknown address:\n%s", m.Text)
		}
		// Per client, across addresses.
		for i := range appaccount.MaxMailRequestsPerIP {
			email := "visitor" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@else.example"
			if err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: email}, "192.0.2.50"); err != nil {
				t.Fatalf("client request %d: %v", i+1, err)
			}
		}
		if err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: "one-more@else.example"}, "192.0.2.50"); domain.KindOf(err) != domain.KindTooMany {
			t.Errorf("client past the limit: %v", err)
		}
	})
}

// TestPasswordResetLinkRacesToOneUse: many requests with one link at once
// set the password exactly once.
func TestPasswordResetLinkRacesToOneUse(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		const email = "ann@acme.example"
		env.NewUser(t, acme, email)
		if err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: email}, clientIP); err != nil {
			t.Fatal(err)
		}
		token := env.LinkToken(t, email, "", appaccount.PathResetPassword)
		const n = 6
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				errs[i] = env.Accounts.ResetPassword(ctx, acme.Tenant, appaccount.ResetInput{Token: token, Password: "racing passphrase " + string(rune('a'+i))})
			})
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Fatalf("the link was used twice (%d and %d)", won, i)
			case err == nil:
				won = i
			case err != appaccount.ErrBadLink && domain.KindOf(err) != domain.KindConflict:
				t.Errorf("request %d: %v", i, err)
			}
		}
		if won < 0 {
			t.Fatal("no request set the password")
		}
		signIn(t, env, acme, email, "racing passphrase "+string(rune('a'+won)))
	})
}

// TestChangePasswordKeepsOnlyTheCallersToken: the current password is
// needed; the token the change is made with stays, every other ends.
func TestChangePasswordKeepsOnlyTheCallersToken(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		const email = "ann@acme.example"
		u := env.NewUser(t, acme, email)
		mine := signIn(t, env, acme, email, "passphrase for "+email)
		other := signIn(t, env, acme, email, "passphrase for "+email)
		keep := appaccount.Keep{TokenHash: app.HashToken(mine)}
		actor := app.UserActor(u.ID())

		err := env.Accounts.ChangePassword(ctx, acme.Tenant, actor, appaccount.ChangePasswordInput{CurrentPassword: "wrong", Password: "a new long passphrase"}, keep, clientIP)
		if de, ok := err.(*domain.Error); !ok || de.Fields["current_password"] == "" {
			t.Fatalf("wrong current password: %v", err)
		}
		err = env.Accounts.ChangePassword(ctx, acme.Tenant, actor, appaccount.ChangePasswordInput{CurrentPassword: "passphrase for " + email, Password: "passphrase for " + email}, keep, clientIP)
		if de, ok := err.(*domain.Error); !ok || de.Fields["password"] == "" {
			t.Fatalf("the same password again: %v", err)
		}
		if err := env.Accounts.ChangePassword(ctx, acme.Tenant, actor, appaccount.ChangePasswordInput{CurrentPassword: "passphrase for " + email, Password: "a new long passphrase"}, keep, clientIP); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Accounts.Authenticate(ctx, acme.Tenant, mine); err != nil {
			t.Errorf("the caller's token ended: %v", err)
		}
		if _, err := env.Accounts.Authenticate(ctx, acme.Tenant, other); domain.KindOf(err) != domain.KindUnauthorized {
			t.Errorf("another token survived: %v", err)
		}
		if m := lastMailTo(t, env, email); !strings.Contains(m.Subject, "Your password was changed") {
			t.Errorf("no notice: %q", m.Subject)
		}
		signIn(t, env, acme, email, "a new long passphrase")
	})
}
