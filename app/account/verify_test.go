package account_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestSignupConfirmsTheAddressAndTellsNothing: a sign-up answers the same
// for a new and a taken address. The new account can sign in but needs its
// confirmed address for what RequireVerified guards; the owner of a taken
// address is told by mail and keeps their password.
func TestSignupConfirmsTheAddressAndTellsNothing(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme, beta := env.NewBoard(t, "acme"), env.NewBoard(t, "beta")
		env.NewUser(t, acme, "taken@acme.example")

		in := appaccount.SignupInput{Email: "new@acme.example", Password: "a long enough passphrase", Name: "New Person", Next: "/employer"}
		if err := env.Accounts.Signup(ctx, acme.Tenant, in, clientIP); err != nil {
			t.Fatalf("sign-up: %v", err)
		}
		taken := appaccount.SignupInput{Email: "taken@acme.example", Password: "a long enough passphrase", Name: "Someone Else"}
		if err := env.Accounts.Signup(ctx, acme.Tenant, taken, clientIP); err != nil {
			t.Fatalf("sign-up with a taken address: %v, want the same answer as a new one", err)
		}
		if m := lastMailTo(t, env, "taken@acme.example"); !strings.Contains(m.Subject, "Someone tried to sign up") || strings.Contains(m.Text, "token=") {
			t.Errorf("mail to the owner of a taken address: %q\n%s", m.Subject, m.Text)
		}
		if _, err := env.Accounts.Login(ctx, acme.Tenant, appaccount.LoginInput{Email: "taken@acme.example", Password: "a long enough passphrase"}, clientIP); err == nil {
			t.Error("the second sign-up set the account's password")
		}

		u, err := env.Accounts.Login(ctx, acme.Tenant, appaccount.LoginInput{Email: in.Email, Password: in.Password}, clientIP)
		if err != nil {
			t.Fatalf("an unconfirmed account signs in: %v", err)
		}
		if u.Verified() {
			t.Fatal("a new account is confirmed before its link is followed")
		}
		if err := env.Accounts.RequireVerified(ctx, acme.Tenant, app.UserActor(u.ID())); err != appaccount.ErrUnverified {
			t.Errorf("unconfirmed: %v", err)
		}
		link := systemtest.LinkIn(env.Mails.Messages(), in.Email, "", appaccount.PathVerifyEmail)
		if link == nil || link.Query().Get("next") != "/employer" {
			t.Fatalf("confirmation link: %v", link)
		}
		token := link.Query().Get("token")
		if _, err := env.Accounts.VerifyEmail(ctx, beta.Tenant, appaccount.TokenInput{Token: token}); err != appaccount.ErrBadLink {
			t.Errorf("the link on another board: %v", err)
		}
		got, err := env.Accounts.VerifyEmail(ctx, acme.Tenant, appaccount.TokenInput{Token: token})
		if err != nil || got.ID() != u.ID() || !got.Verified() {
			t.Fatalf("confirm: %v %v", got, err)
		}
		if err := env.Accounts.RequireVerified(ctx, acme.Tenant, app.UserActor(u.ID())); err != nil {
			t.Errorf("confirmed: %v", err)
		}
		if _, err := env.Accounts.VerifyEmail(ctx, acme.Tenant, appaccount.TokenInput{Token: token}); err != appaccount.ErrBadLink {
			t.Errorf("second use: %v", err)
		}
		for name, actor := range map[string]app.Actor{"an admin": app.AdminActor("a1"), "the system": app.SystemActor("test")} {
			if err := env.Accounts.RequireVerified(ctx, acme.Tenant, actor); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}

// TestConfirmationLinksCanBeAskedAgain: a new link for an unconfirmed
// account, a mail saying so for a confirmed one or an unknown address,
// and links expire after two days.
func TestConfirmationLinksCanBeAskedAgain(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		env.NewUser(t, acme, "done@acme.example")
		in := appaccount.SignupInput{Email: "new@acme.example", Password: "a long enough passphrase", Name: "New Person"}
		if err := env.Accounts.Signup(ctx, acme.Tenant, in, clientIP); err != nil {
			t.Fatal(err)
		}
		first := env.LinkToken(t, in.Email, "", appaccount.PathVerifyEmail)
		env.Clock.Advance(48*time.Hour + time.Second)
		if _, err := env.Accounts.VerifyEmail(ctx, acme.Tenant, appaccount.TokenInput{Token: first}); err != appaccount.ErrBadLink {
			t.Fatalf("a link two days old: %v", err)
		}
		for _, email := range []string{in.Email, "done@acme.example", "ghost@acme.example"} {
			if err := env.Accounts.ResendVerification(ctx, acme.Tenant, appaccount.ForgotInput{Email: email}, clientIP); err != nil {
				t.Fatalf("resend to %s: %v", email, err)
			}
		}
		if m := lastMailTo(t, env, "done@acme.example"); !strings.Contains(m.Text, "confirmed already") {
			t.Errorf("mail to a confirmed address:\n%s", m.Text)
		}
		if m := lastMailTo(t, env, "ghost@acme.example"); !strings.Contains(m.Text, "no account") {
			t.Errorf("mail to an unknown address:\n%s", m.Text)
		}
		second := env.LinkToken(t, in.Email, "", appaccount.PathVerifyEmail)
		if u, err := env.Accounts.VerifyEmail(ctx, acme.Tenant, appaccount.TokenInput{Token: second}); err != nil || !u.Verified() {
			t.Fatalf("the new link: %v %v", u, err)
		}
	})
}

// TestChangeEmailTakesEffectWhenConfirmed: the address changes only when
// the link mailed to the new one is followed; the old address is told; a
// taken address answers alike and changes nothing.
func TestChangeEmailTakesEffectWhenConfirmed(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		const email = "ann@acme.example"
		u := env.NewUser(t, acme, email)
		env.NewUser(t, acme, "bob@acme.example")
		actor := app.UserActor(u.ID())
		pass := "passphrase for " + email

		err := env.Accounts.ChangeEmail(ctx, acme.Tenant, actor, appaccount.ChangeEmailInput{Email: "ann@new.example", Password: "wrong"}, clientIP)
		if de, ok := err.(*domain.Error); !ok || de.Fields["password"] == "" {
			t.Fatalf("wrong password: %v", err)
		}
		if err := env.Accounts.ChangeEmail(ctx, acme.Tenant, actor, appaccount.ChangeEmailInput{Email: "bob@acme.example", Password: pass}, clientIP); err != nil {
			t.Fatalf("a taken address: %v, want the same answer", err)
		}
		if m := lastMailTo(t, env, "bob@acme.example"); !strings.Contains(m.Subject, "Someone tried to use your address") {
			t.Errorf("the owner of the taken address: %q", m.Subject)
		}
		if err := env.Accounts.ChangeEmail(ctx, acme.Tenant, actor, appaccount.ChangeEmailInput{Email: "Ann@New.example", Password: pass}, clientIP); err != nil {
			t.Fatal(err)
		}
		if m := lastMailTo(t, env, email); !strings.Contains(m.Text, "ann@new.example") {
			t.Errorf("the old address was not told:\n%s", m.Text)
		}
		signIn(t, env, acme, email, pass) // unchanged until confirmed
		token := env.LinkToken(t, "ann@new.example", "", appaccount.PathVerifyEmail)
		got, err := env.Accounts.VerifyEmail(ctx, acme.Tenant, appaccount.TokenInput{Token: token})
		if err != nil || got.Email() != "ann@new.example" || !got.Verified() {
			t.Fatalf("confirm the new address: %v %v", got, err)
		}
		signIn(t, env, acme, "ann@new.example", pass)
		if _, err := env.Accounts.Login(ctx, acme.Tenant, appaccount.LoginInput{Email: email, Password: pass}, clientIP); err == nil {
			t.Error("the old address still signs in")
		}
	})
}

// TestLinksDieWithTheAddressOrPasswordTheyWereFor: a change of address
// asked for with the old password dies when the password is reset, and a
// reset link mailed to an old address dies when the address changes.
func TestLinksDieWithTheAddressOrPasswordTheyWereFor(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		const email = "ann@acme.example"
		u := env.NewUser(t, acme, email)
		actor := app.UserActor(u.ID())
		pass := "passphrase for " + email

		// Someone with the password moves the account; the owner resets it.
		if err := env.Accounts.ChangeEmail(ctx, acme.Tenant, actor, appaccount.ChangeEmailInput{Email: "evil@else.example", Password: pass}, clientIP); err != nil {
			t.Fatal(err)
		}
		evil := env.LinkToken(t, "evil@else.example", "", appaccount.PathVerifyEmail)
		if err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: email}, clientIP); err != nil {
			t.Fatal(err)
		}
		reset := env.LinkToken(t, email, "", appaccount.PathResetPassword)
		if err := env.Accounts.ResetPassword(ctx, acme.Tenant, appaccount.ResetInput{Token: reset, Password: "the owner's new passphrase"}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Accounts.VerifyEmail(ctx, acme.Tenant, appaccount.TokenInput{Token: evil}); err != appaccount.ErrBadLink {
			t.Errorf("the change asked for before the reset still works: %v", err)
		}

		// A reset link to the old address, then a change of address.
		if err := env.Accounts.RequestPasswordReset(ctx, acme.Tenant, appaccount.ForgotInput{Email: email}, clientIP); err != nil {
			t.Fatal(err)
		}
		old := env.LinkToken(t, email, "", appaccount.PathResetPassword)
		if err := env.Accounts.ChangeEmail(ctx, acme.Tenant, actor, appaccount.ChangeEmailInput{Email: "ann@new.example", Password: "the owner's new passphrase"}, clientIP); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Accounts.VerifyEmail(ctx, acme.Tenant, appaccount.TokenInput{Token: env.LinkToken(t, "ann@new.example", "", appaccount.PathVerifyEmail)}); err != nil {
			t.Fatal(err)
		}
		if err := env.Accounts.ResetPassword(ctx, acme.Tenant, appaccount.ResetInput{Token: old, Password: "someone else's passphrase"}); err != appaccount.ErrBadLink {
			t.Errorf("a reset link mailed to the old address: %v", err)
		}
	})
}

// TestLoginLimitsCountAnIPv6NetworkAsOneClient: addresses of one /64 are
// one client for the sign-in limits.
func TestLoginLimitsCountAnIPv6NetworkAsOneClient(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		env.NewUser(t, acme, "ann@acme.example")
		for i := range appaccount.SlowAfter {
			ip := "2001:db8:1:2::" + string(rune('a'+i))
			if _, err := env.Accounts.Login(ctx, acme.Tenant, appaccount.LoginInput{Email: "ann@acme.example", Password: "wrong"}, ip); err != appaccount.ErrBadCredentials {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		if _, err := env.Accounts.Login(ctx, acme.Tenant, appaccount.LoginInput{Email: "ann@acme.example", Password: "wrong"}, "2001:db8:1:2::ffff"); domain.KindOf(err) != domain.KindTooMany {
			t.Errorf("another address of the same /64: %v, want too many", err)
		}
		if _, err := env.Accounts.Login(ctx, acme.Tenant, appaccount.LoginInput{Email: "ann@acme.example", Password: "passphrase for ann@acme.example"}, "2001:db8:9::1"); err != nil {
			t.Errorf("another network: %v", err)
		}
	})
}
