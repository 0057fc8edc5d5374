package account_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/secure"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// appCode is what an authenticator app shows for the enrolment e at t.
func appCode(t *testing.T, e appaccount.Enrolment, at time.Time) string {
	t.Helper()
	u, err := url.Parse(e.URL)
	if err != nil || u.Query().Get("secret") != e.Secret {
		t.Fatalf("the QR address %q does not carry the secret %q", e.URL, e.Secret)
	}
	code, err := secure.TOTP{}.Code(e.Secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// TestTwoFactorEnrolmentAndSignIn: enrolment shows the same secret until a
// code confirms it; then an API token needs the code, each code and each
// recovery code works once, wrong codes are throttled, and turning it off
// needs the password and a code.
func TestTwoFactorEnrolmentAndSignIn(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		env.Clock.Set(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
		const email = "ann@acme.example"
		pass := "passphrase for " + email
		u := env.NewUser(t, acme, email)
		actor := app.UserActor(u.ID())
		elsewhere := signIn(t, env, acme, email, pass)

		e, err := env.Accounts.StartTwoFactor(ctx, acme.Tenant, actor)
		if err != nil || len(e.QR) < 100 || !strings.HasPrefix(e.URL, "otpauth://totp/") {
			t.Fatalf("start: %+v %v", e, err)
		}
		again, err := env.Accounts.StartTwoFactor(ctx, acme.Tenant, actor)
		if err != nil || again.Secret != e.Secret {
			t.Fatalf("a second look shows another secret: %v", err)
		}
		if _, err := env.Accounts.ConfirmTwoFactor(ctx, acme.Tenant, actor, pass, "000000", appaccount.Keep{}, clientIP); err != appaccount.ErrWrongCode {
			t.Fatalf("a wrong code: %v", err)
		}
		if _, err := env.Accounts.ConfirmTwoFactor(ctx, acme.Tenant, actor, "not the password", appCode(t, e, env.Clock.Now()), appaccount.Keep{}, clientIP); err == nil {
			t.Fatal("turned on without the password")
		}
		codes, err := env.Accounts.ConfirmTwoFactor(ctx, acme.Tenant, actor, pass, appCode(t, e, env.Clock.Now()), appaccount.Keep{}, clientIP)
		if err != nil || len(codes) != 10 {
			t.Fatalf("confirm: %v %v", codes, err)
		}
		if _, err := env.Accounts.Authenticate(ctx, acme.Tenant, elsewhere); domain.KindOf(err) != domain.KindUnauthorized {
			t.Errorf("a token from before survived turning two-factor on: %v", err)
		}
		if m := lastMailTo(t, env, email); m.Subject != "Two-factor sign-in is on on Acme" && !strings.Contains(m.Subject, "Two-factor sign-in is on") {
			t.Errorf("no notice: %q", m.Subject)
		}

		// An API token needs the code; the code confirming enrolment was
		// used, so the next one is a step later.
		login := appaccount.LoginInput{Email: email, Password: pass}
		if _, err := env.Accounts.LoginForToken(ctx, acme.Tenant, login, clientIP); err != appaccount.ErrCodeRequired {
			t.Fatalf("without a code: %v", err)
		}
		login.OTP = appCode(t, e, env.Clock.Now())
		if _, err := env.Accounts.LoginForToken(ctx, acme.Tenant, login, clientIP); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("the enrolment's code used again: %v", err)
		}
		env.Clock.Advance(30 * time.Second)
		login.OTP = appCode(t, e, env.Clock.Now())
		if got, err := env.Accounts.LoginForToken(ctx, acme.Tenant, login, clientIP); err != nil || got.ID() != u.ID() {
			t.Fatalf("with the code: %v", err)
		}
		if _, err := env.Accounts.LoginForToken(ctx, acme.Tenant, login, clientIP); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("the same code twice: %v", err)
		}
		// A recovery code, typed loosely, works once.
		loose := " " + strings.ToUpper(codes[3]) + " "
		if err := env.Accounts.VerifySecondFactor(ctx, acme.Tenant, u.ID(), loose, clientIP); err != nil {
			t.Fatalf("a recovery code: %v", err)
		}
		if err := env.Accounts.VerifySecondFactor(ctx, acme.Tenant, u.ID(), codes[3], clientIP); err != appaccount.ErrWrongCode {
			t.Errorf("a recovery code twice: %v", err)
		}
		if st, _ := env.Accounts.TwoFactorStatus(ctx, acme.Tenant, actor); st.RecoveryLeft != 9 {
			t.Errorf("recovery codes left: %d, want 9", st.RecoveryLeft)
		}
		// Wrong codes are throttled per user and client.
		for range appaccount.MaxCodeFailures - 1 {
			_ = env.Accounts.VerifySecondFactor(ctx, acme.Tenant, u.ID(), "123456", "192.0.2.9")
		}
		if err := env.Accounts.VerifySecondFactor(ctx, acme.Tenant, u.ID(), "123456", "192.0.2.9"); domain.KindOf(err) != domain.KindTooMany && err != appaccount.ErrWrongCode {
			t.Fatalf("wrong code: %v", err)
		}
		if err := env.Accounts.VerifySecondFactor(ctx, acme.Tenant, u.ID(), codes[0], "192.0.2.9"); domain.KindOf(err) != domain.KindTooMany {
			t.Errorf("after %d wrong codes: %v, want too many", appaccount.MaxCodeFailures, err)
		}

		// Off with the password and a code.
		env.Clock.Advance(30 * time.Second)
		if err := env.Accounts.DisableTwoFactor(ctx, acme.Tenant, actor, "wrong", appCode(t, e, env.Clock.Now()), clientIP); err == nil {
			t.Fatal("turned off with a wrong password")
		}
		if err := env.Accounts.DisableTwoFactor(ctx, acme.Tenant, actor, pass, codes[5], clientIP); err != nil {
			t.Fatalf("off: %v", err)
		}
		if on, _ := env.Accounts.UsesTwoFactor(ctx, acme.Tenant, u.ID()); on {
			t.Error("still on")
		}
		if _, err := env.Accounts.LoginForToken(ctx, acme.Tenant, appaccount.LoginInput{Email: email, Password: pass}, clientIP); err != nil {
			t.Errorf("sign in after turning it off: %v", err)
		}
	})
}

// TestBoardsCanRequireStaffTwoFactor: with the setting on, owners and
// moderators without a second factor get no API token and are refused
// staff work; candidates and employers are not asked.
func TestBoardsCanRequireStaffTwoFactor(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		modID := env.NewStaff(t, acme, "mia@acme.example", "moderator")
		cand := env.NewUser(t, acme, "cara@acme.example")
		if err := env.Accounts.RequireSecondFactor(ctx, acme.Tenant, app.UserActor(modID), false); err != nil {
			t.Fatalf("the setting is off: %v", err)
		}
		env.Configure(t, acme, func(in *appboard.SettingsInput) { in.StaffTwoFactor = true })
		if err := env.Accounts.RequireSecondFactor(ctx, acme.Tenant, app.UserActor(modID), false); err != appaccount.ErrTwoFactorRequired {
			t.Errorf("moderator without a second factor: %v", err)
		}
		if err := env.Accounts.RequireSecondFactor(ctx, acme.Tenant, app.UserActor(modID), true); err != nil {
			t.Errorf("moderator with a second factor: %v", err)
		}
		if err := env.Accounts.RequireSecondFactor(ctx, acme.Tenant, app.UserActor(cand.ID()), false); err != nil {
			t.Errorf("candidate: %v", err)
		}
		if _, err := env.Accounts.LoginForToken(ctx, acme.Tenant, appaccount.LoginInput{Email: "mia@acme.example", Password: "passphrase for mia@acme.example"}, clientIP); err != appaccount.ErrTwoFactorRequired {
			t.Errorf("a token for the moderator: %v", err)
		}
		if _, err := env.Accounts.LoginForToken(ctx, acme.Tenant, appaccount.LoginInput{Email: "cara@acme.example", Password: "passphrase for cara@acme.example"}, clientIP); err != nil {
			t.Errorf("a token for the candidate: %v", err)
		}
	})
}
