package account

import (
	"context"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Mail requests (reset links, confirmation links, sign-ups) are throttled
// per address and per client address, counted whether or not an account
// has the address, so the limit tells nothing either.
const (
	MailRequestWindow    = time.Hour
	MaxMailsPerAddress   = 3
	MaxMailRequestsPerIP = 30
)

// ErrBadLink is a one-time link that is unknown, used, expired, or of
// another board.
var ErrBadLink = domain.Invalid("token", "this link has expired or was used already; ask for a new one")

// ForgotInput asks for a password reset link.
type ForgotInput struct {
	Email string `json:"email" form:"email" validate:"required,max=254"`
}

// RequestPasswordReset mails a one-time link (one hour) to the board's
// account with the address. Whether or not there is one, it answers the
// same and does the same work: an address without an account gets a mail
// saying so, with a link to sign up. Too many requests for one address or
// from one client are KindTooMany.
func (s *Service) RequestPasswordReset(ctx context.Context, tenant domain.TenantID, in ForgotInput, clientIP string) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	email, err := domain.ParseEmail("email", in.Email)
	if err != nil {
		return err
	}
	if err := s.allowMailRequest(ctx, "reset", tenant, email, clientIP); err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		u, err := s.deps.Users.ByEmail(ctx, tenant, email)
		if domain.KindOf(err) == domain.KindNotFound {
			return s.queue(ctx, tenant, "reset-unknown", accountMail{to: email, subject: "Password reset requested",
				body: "Someone asked to reset the password of the account with this address, but there is no account with it here.\n\n" +
					"If it was you, you may have signed up with another address, or you can create an account:\n" + s.link(ctx, tenant, PathSignup, "") +
					"\n\nIf it was not you, you can ignore this mail."})
		}
		if err != nil {
			return err
		}
		token, err := s.newOneTime(ctx, tenant, u, account.PurposeReset, u.Email())
		if err != nil {
			return err
		}
		return s.queue(ctx, tenant, "reset", accountMail{to: u.Email(), subject: "Reset your password",
			body: "Hello " + u.Name() + ",\n\nSomeone, hopefully you, asked to reset the password of your account. " +
				"Choose a new password here (the link works once, for one hour):\n" + s.link(ctx, tenant, PathResetPassword, token) +
				"\n\nIf it was not you, ignore this mail: your password stays as it is."})
	})
	if err != nil {
		return err
	}
	s.send(ctx, tenant)
	return nil
}

// CheckResetLink reports whether a reset link can still be used: nil, or
// ErrBadLink.
func (s *Service) CheckResetLink(ctx context.Context, tenant domain.TenantID, token string) error {
	if token == "" || len(token) > 200 {
		return ErrBadLink
	}
	_, err := s.deps.OneTime.Peek(ctx, tenant, account.PurposeReset, app.HashToken(strings.TrimSpace(token)), s.deps.Clock.Now())
	if domain.KindOf(err) == domain.KindNotFound {
		return ErrBadLink
	}
	return err
}

// ResetInput sets a new password with a link's token.
type ResetInput struct {
	Token    string `json:"token" form:"token" validate:"required,max=200"`
	Password string `json:"password" form:"password" validate:"required,max=1024"`
}

// ResetPassword sets the password of the account a reset link was mailed
// to, once. It ends every session and API token of the account, confirms
// its address (the link was read there) and mails that the password
// changed. An unusable link is ErrBadLink; a weak password is KindInvalid
// and leaves the link working.
func (s *Service) ResetPassword(ctx context.Context, tenant domain.TenantID, in ResetInput) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	hash := app.HashToken(strings.TrimSpace(in.Token))
	t, err := s.deps.OneTime.Peek(ctx, tenant, account.PurposeReset, hash, s.deps.Clock.Now())
	if domain.KindOf(err) == domain.KindNotFound {
		return ErrBadLink
	}
	if err != nil {
		return err
	}
	u, err := s.deps.Users.ByID(ctx, tenant, t.UserID)
	if domain.KindOf(err) == domain.KindNotFound || err == nil && u.Email() != t.Email {
		// The account's address changed since: the old mailbox has no say.
		return ErrBadLink
	}
	if err != nil {
		return err
	}
	if err := account.CheckPassword(in.Password, u.Email()); err != nil {
		return err
	}
	newHash, err := s.deps.Hasher.Hash(in.Password)
	if err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		now := s.deps.Clock.Now()
		if _, err := s.deps.OneTime.Use(ctx, tenant, account.PurposeReset, hash, now); err != nil {
			if domain.KindOf(err) == domain.KindNotFound {
				return ErrBadLink
			}
			return err
		}
		if err := s.deps.OneTime.DeleteForUser(ctx, tenant, u.ID(), account.PurposeReset); err != nil {
			return err
		}
		if err := s.deps.Users.ConfirmEmail(ctx, tenant, u.ID(), t.Email, now); err != nil {
			return err
		}
		return s.passwordChanged(ctx, tenant, u, newHash, "", "")
	})
	if err != nil {
		return err
	}
	s.send(ctx, tenant)
	return nil
}

// ChangePasswordInput is a signed-in person's new password, confirmed by
// the current one.
type ChangePasswordInput struct {
	CurrentPassword string `json:"current_password" form:"current_password" validate:"required,max=1024"`
	Password        string `json:"password" form:"new_password" validate:"required,max=1024"`
}

// Keep names the session or API token a change is made from, which stays
// signed in while every other one ends.
type Keep struct {
	SessionID string
	// TokenHash is the hash of the API token in use.
	TokenHash string
}

// ChangePassword sets a new password for the acting user after checking
// the current one (failures count against the sign-in limits). Every
// other session and API token of the account ends; a mail says the
// password changed.
func (s *Service) ChangePassword(ctx context.Context, tenant domain.TenantID, actor app.Actor, in ChangePasswordInput, keep Keep, clientIP string) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	if actor.UserID == "" {
		return domain.ErrForbidden
	}
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return err
	}
	if err := s.ConfirmPassword(ctx, tenant, u, in.CurrentPassword, clientIP); err != nil {
		if err == ErrWrongPassword {
			return domain.Invalid("current_password", "the current password is not right")
		}
		return err
	}
	if err := account.CheckPassword(in.Password, u.Email()); err != nil {
		return err
	}
	if in.Password == in.CurrentPassword {
		return domain.Invalid("password", "choose a password other than the current one")
	}
	newHash, err := s.deps.Hasher.Hash(in.Password)
	if err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		return s.passwordChanged(ctx, tenant, u, newHash, keep.SessionID, keep.TokenHash)
	})
	if err != nil {
		return err
	}
	s.send(ctx, tenant)
	return nil
}

// passwordChanged stores the new hash, ends the other sessions and tokens
// and queues the notice, inside the caller's transaction.
func (s *Service) passwordChanged(ctx context.Context, tenant domain.TenantID, u *account.User, newHash, keepSession, keepToken string) error {
	if err := s.deps.Users.UpdatePasswordHash(ctx, tenant, u.ID(), newHash); err != nil {
		return err
	}
	if _, err := s.deps.Sessions.EndOthers(ctx, tenant, u.ID(), keepSession, keepToken); err != nil {
		return err
	}
	// Links mailed before the change (a change of address someone with
	// the old password asked for, a reset) die with the old password.
	for _, p := range []account.Purpose{account.PurposeReset, account.PurposeVerify} {
		if err := s.deps.OneTime.DeleteForUser(ctx, tenant, u.ID(), p); err != nil {
			return err
		}
	}
	return s.queue(ctx, tenant, "password-changed", accountMail{to: u.Email(), subject: "Your password was changed",
		body: "Hello " + u.Name() + ",\n\nThe password of your account was changed just now, and every other place where you were signed in was signed out.\n\n" +
			"If you did not do this, set a new password at once:\n" + s.link(ctx, tenant, PathForgot, "")})
}

// allowMailRequest counts a request that mails an address and refuses it
// past the limits for the address and for the client.
func (s *Service) allowMailRequest(ctx context.Context, kind string, tenant domain.TenantID, email domain.Email, clientIP string) error {
	now := s.deps.Clock.Now()
	limits := []struct {
		key string
		max int
	}{
		{"mail:" + kind + ":" + tenant.String() + ":" + email.String(), MaxMailsPerAddress},
		{"mail:ip:" + clientKey(clientIP), MaxMailRequestsPerIP},
	}
	for _, l := range limits {
		n, end, err := s.deps.Throttle.Count(ctx, l.key, now)
		if err != nil {
			return err
		}
		if n >= l.max {
			return tooManyMails(end.Sub(now))
		}
	}
	for _, l := range limits {
		if _, _, err := s.deps.Throttle.Hit(ctx, l.key, now, MailRequestWindow); err != nil {
			return err
		}
	}
	return nil
}

func tooManyMails(wait time.Duration) error {
	secs := max(int(wait.Seconds()+0.999), 1)
	return domain.TooMany("too many mails asked for; try again in "+waitText(secs), secs)
}
