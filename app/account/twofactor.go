package account

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Second-factor throttling: wrong codes per user and client, after the
// password was right.
// Wrong codes are counted per user and client, and per user across
// clients (the password is proven, so refusing the code step for the
// account cannot lock out anyone but a person who has its password).
const (
	MaxCodeFailures        = 5
	MaxCodeFailuresPerUser = 20
	CodeWindow             = 15 * time.Minute
)

// Errors of two-factor sign-in.
var (
	// ErrCodeRequired asks an API client that sent the right password for
	// the code of the account's authenticator app.
	ErrCodeRequired = &domain.Error{Kind: domain.KindUnauthorized, Code: "otp_required",
		Message: "this account uses two-factor sign-in: send the code from the authenticator app (or a recovery code) as otp",
		Fields:  map[string]string{"otp": "enter the code from your authenticator app"}}
	// ErrWrongCode is a second factor that is not right.
	ErrWrongCode = domain.Invalid("code", "the code is not right; check that your phone's clock is right, or use a recovery code")
	// ErrTwoFactorRequired refuses staff work to staff without a second
	// factor on a board that asks for one.
	ErrTwoFactorRequired = &domain.Error{Kind: domain.KindForbidden, Code: "two_factor_required",
		Message: "this board asks its staff to sign in with two factors: turn on two-factor sign-in on your account page, then sign in again"}
)

// Enrolment is what a person needs to add the board to an authenticator
// app: the address a QR code carries, the same as an image, and the
// secret for typing in.
type Enrolment struct {
	URL    string
	Secret string
	QR     []byte
}

// TwoFactorStatus returns the acting user's second factor.
func (s *Service) TwoFactorStatus(ctx context.Context, tenant domain.TenantID, actor app.Actor) (account.TwoFactor, error) {
	if actor.UserID == "" {
		return account.TwoFactor{}, domain.ErrForbidden
	}
	return s.deps.TwoFactors.Get(ctx, tenant, actor.UserID)
}

// StartTwoFactor returns a secret for the acting user to add to an app:
// the one already shown, if any, so that reloading the page keeps what
// was scanned. Two-factor already on is KindConflict.
func (s *Service) StartTwoFactor(ctx context.Context, tenant domain.TenantID, actor app.Actor) (Enrolment, error) {
	st, err := s.TwoFactorStatus(ctx, tenant, actor)
	if err != nil {
		return Enrolment{}, err
	}
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return Enrolment{}, err
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return Enrolment{}, err
	}
	return s.enrol(ctx, s.userFactor(tenant, actor.UserID), st, b.Name(), u.Email().String())
}

// factorOwner is whose second factor a use case handles: a board user's
// or a platform admin's, in its repository.
type factorOwner struct {
	repo  account.TwoFactors
	scope domain.TenantID // the board, or "*" for the platform
	id    string
}

func (s *Service) userFactor(tenant domain.TenantID, userID string) factorOwner {
	return factorOwner{repo: s.deps.TwoFactors, scope: tenant, id: userID}
}

// enrol returns the secret being enrolled, made now unless one is kept.
func (s *Service) enrol(ctx context.Context, o factorOwner, st account.TwoFactor, issuer, accountName string) (Enrolment, error) {
	if st.Enabled() {
		return Enrolment{}, domain.Conflict("two_factor_on", "two-factor sign-in is on already")
	}
	var key string
	var err error
	if st.Pending != "" {
		key, err = s.deps.Sealer.Open(st.Pending)
	}
	if st.Pending == "" || err != nil {
		if key, err = s.deps.OTP.NewKey(issuer, accountName); err != nil {
			return Enrolment{}, err
		}
		if err := o.repo.SetPending(ctx, o.scope, o.id, s.deps.Sealer.Seal(key)); err != nil {
			return Enrolment{}, err
		}
	}
	secret, qr, err := s.deps.OTP.Describe(key)
	if err != nil {
		return Enrolment{}, err
	}
	return Enrolment{URL: key, Secret: secret, QR: qr}, nil
}

// confirmation is an enrolment a code confirmed: what Enable stores.
type confirmation struct {
	pending string
	step    int64
	at      time.Time
	codes   []string
	hashes  []string
}

// confirm checks code against the secret being enrolled.
func (s *Service) confirm(st account.TwoFactor, code string) (confirmation, error) {
	if st.Enabled() {
		return confirmation{}, domain.Conflict("two_factor_on", "two-factor sign-in is on already")
	}
	key, err := s.deps.Sealer.Open(st.Pending)
	if st.Pending == "" || err != nil {
		return confirmation{}, domain.Conflict("two_factor_not_started", "open the two-factor page again to get a new code to scan")
	}
	now := s.deps.Clock.Now()
	step, ok := s.deps.OTP.Check(secretOf(key), code, now)
	if !ok {
		return confirmation{}, ErrWrongCode
	}
	codes, hashes := newRecoveryCodes()
	return confirmation{pending: st.Pending, step: step, at: now, codes: codes, hashes: hashes}, nil
}

// ConfirmTwoFactor turns two-factor sign-in on with the password and a
// code from the app the secret was added to, and returns ten recovery
// codes, shown once. Every other session and token of the account ends,
// and a mail says so.
func (s *Service) ConfirmTwoFactor(ctx context.Context, tenant domain.TenantID, actor app.Actor, password, code string, keep Keep, clientIP string) ([]string, error) {
	st, err := s.TwoFactorStatus(ctx, tenant, actor)
	if err != nil {
		return nil, err
	}
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return nil, err
	}
	// A session someone else got hold of must not lock its owner out.
	if err := s.ConfirmPassword(ctx, tenant, u, password, clientIP); err != nil {
		return nil, err
	}
	c, err := s.confirm(st, code)
	if err != nil {
		return nil, err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if err := s.deps.TwoFactors.Enable(ctx, tenant, actor.UserID, c.pending, c.at, c.step, c.hashes); err != nil {
			return err
		}
		if _, err := s.deps.Sessions.EndOthers(ctx, tenant, actor.UserID, keep.SessionID, keep.TokenHash); err != nil {
			return err
		}
		return s.queue(ctx, tenant, "two-factor-on", accountMail{to: u.Email(), subject: "Two-factor sign-in is on",
			body: "Hello " + u.Name() + ",\n\nSigning in to your account now asks for a code from your authenticator app, and every other place where you were signed in was signed out.\n\n" +
				"Keep your recovery codes somewhere safe: each one signs you in once if you lose your phone.\n\n" +
				"If you did not do this, set a new password at once: " + s.link(ctx, tenant, PathForgot, "")})
	})
	if err != nil {
		return nil, err
	}
	s.send(ctx, tenant)
	return c.codes, nil
}

// DisableTwoFactor turns two-factor sign-in off, with the password and a
// code, and mails that it is off.
func (s *Service) DisableTwoFactor(ctx context.Context, tenant domain.TenantID, actor app.Actor, password, code, clientIP string) error {
	if actor.UserID == "" {
		return domain.ErrForbidden
	}
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return err
	}
	if err := s.ConfirmPassword(ctx, tenant, u, password, clientIP); err != nil {
		return err
	}
	if err := s.VerifySecondFactor(ctx, tenant, u.ID(), code, clientIP); err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if err := s.deps.TwoFactors.Disable(ctx, tenant, u.ID()); err != nil {
			return err
		}
		return s.queue(ctx, tenant, "two-factor-off", accountMail{to: u.Email(), subject: "Two-factor sign-in is off",
			body: "Hello " + u.Name() + ",\n\nSigning in to your account no longer asks for a code from your authenticator app.\n\n" +
				"If you did not do this, set a new password at once: " + s.link(ctx, tenant, PathForgot, "")})
	})
	if err != nil {
		return err
	}
	s.send(ctx, tenant)
	return nil
}

// VerifySecondFactor checks a code from the user's authenticator app
// (each works once) or one of their recovery codes (each works once). A
// wrong code is ErrWrongCode; five in fifteen minutes from one client are
// KindTooMany.
func (s *Service) VerifySecondFactor(ctx context.Context, tenant domain.TenantID, userID, code, clientIP string) error {
	return s.verifyCode(ctx, s.userFactor(tenant, userID), code, clientIP)
}

// verifyCode checks and uses a code of o, within the limits.
func (s *Service) verifyCode(ctx context.Context, o factorOwner, code, clientIP string) error {
	now := s.deps.Clock.Now()
	who := "2fa:" + o.scope.String() + ":" + o.id
	keys := []string{who + ":" + clientKey(clientIP), who}
	for i, limit := range []int{MaxCodeFailures, MaxCodeFailuresPerUser} {
		n, end, err := s.deps.Throttle.Count(ctx, keys[i], now)
		if err != nil {
			return err
		}
		if n >= limit {
			secs := max(int(end.Sub(now).Seconds()), 1)
			return domain.TooMany("too many wrong codes; try again in "+waitText(secs), secs)
		}
	}
	st, err := o.repo.Get(ctx, o.scope, o.id)
	if err != nil {
		return err
	}
	ok, err := s.checkCode(ctx, o, st, code, now)
	if err != nil {
		return err
	}
	if !ok {
		for _, key := range keys {
			if _, _, err := s.deps.Throttle.Hit(ctx, key, now, CodeWindow); err != nil {
				return err
			}
		}
		return ErrWrongCode
	}
	_ = s.deps.Throttle.Reset(ctx, keys[0])
	return nil
}

// checkCode uses an app code or a recovery code of o, once.
func (s *Service) checkCode(ctx context.Context, o factorOwner, st account.TwoFactor, code string, now time.Time) (bool, error) {
	if !st.Enabled() {
		return false, nil
	}
	code = strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
	if len(code) == 6 && strings.Trim(code, "0123456789") == "" {
		key, err := s.deps.Sealer.Open(st.Secret)
		if err != nil {
			// Sealed under another key (SECRET_KEY changed): app codes cannot
			// be checked, recovery codes still work.
			slog.ErrorContext(ctx, "two-factor secret cannot be opened", "scope", o.scope, "account", o.id, "err", err)
			return false, nil
		}
		step, ok := s.deps.OTP.Check(secretOf(key), code, now)
		if !ok {
			return false, nil
		}
		return o.repo.UseStep(ctx, o.scope, o.id, step)
	}
	if len(code) != recoveryCodeLength {
		return false, nil
	}
	return o.repo.UseRecoveryCode(ctx, o.scope, o.id, app.HashToken(code), now)
}

// UsesTwoFactor reports whether signing the user in needs a second factor.
func (s *Service) UsesTwoFactor(ctx context.Context, tenant domain.TenantID, userID string) (bool, error) {
	st, err := s.deps.TwoFactors.Get(ctx, tenant, userID)
	return st.Enabled(), err
}

// RequireSecondFactor refuses staff work (ErrTwoFactorRequired) to staff
// (owners, moderators, holders of custom roles) of a board that asks its staff for two factors when
// the user has not signed in with two: verified says whether they did.
func (s *Service) RequireSecondFactor(ctx context.Context, tenant domain.TenantID, actor app.Actor, verified bool) error {
	if actor.UserID == "" || verified {
		return nil
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return err
	}
	if !b.Settings().StaffTwoFactor {
		return nil
	}
	staff, err := app.IsStaff(ctx, s.deps.Authz, tenant, actor.Subject())
	if err != nil {
		return err
	}
	if staff {
		return ErrTwoFactorRequired
	}
	return nil
}

// LoginForToken signs an API client in: the password, then the second
// factor in in.OTP when the account has one (ErrCodeRequired without it).
// Staff of a board that asks for two factors need one to get a token.
func (s *Service) LoginForToken(ctx context.Context, tenant domain.TenantID, in LoginInput, clientIP string) (*account.User, error) {

	u, err := s.Login(ctx, tenant, in, clientIP)
	if err != nil {
		return nil, err
	}
	on, err := s.UsesTwoFactor(ctx, tenant, u.ID())
	if err != nil {
		return nil, err
	}
	if !on {
		return u, s.RequireSecondFactor(ctx, tenant, app.UserActor(u.ID()), false)
	}
	if strings.TrimSpace(in.OTP) == "" {
		return nil, ErrCodeRequired
	}
	if err := s.VerifySecondFactor(ctx, tenant, u.ID(), in.OTP, clientIP); err != nil {
		if err == ErrWrongCode {
			return nil, domain.Invalid("otp", "the code is not right")
		}
		return nil, err
	}
	return u, nil
}

// Recovery codes: ten characters of a 32-letter alphabet (50 bits), shown
// as xxxxx-xxxxx and kept as SHA-256.
const recoveryCodeLength = 10

const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz023456789"

func newRecoveryCodes() (codes, hashes []string) {
	for range account.RecoveryCodeCount {
		var raw [recoveryCodeLength]byte
		_, _ = rand.Read(raw[:])
		b := make([]byte, recoveryCodeLength)
		for i, r := range raw {
			b[i] = recoveryAlphabet[int(r)%32]
		}
		code := string(b)
		codes = append(codes, code[:5]+"-"+code[5:])
		hashes = append(hashes, app.HashToken(code))
	}
	return codes, hashes
}

// secretOf returns the secret of an otpauth:// address.
func secretOf(key string) string {
	u, err := url.Parse(key)
	if err != nil {
		return ""
	}
	return u.Query().Get("secret")
}
