package account

import (
	"context"
	"net/url"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// ErrUnverified refuses what needs a confirmed address (posting, buying,
// applying) to a user who has not confirmed theirs.
var ErrUnverified = &domain.Error{Kind: domain.KindForbidden, Code: "email_unverified",
	Message: "confirm your e-mail address first: follow the link we mailed you, or ask for a new one on your account page"}

// RequireVerified returns ErrUnverified unless the acting user confirmed
// their address. Admins and the system act without one.
func (s *Service) RequireVerified(ctx context.Context, tenant domain.TenantID, actor app.Actor) error {
	if actor.UserID == "" {
		return nil
	}
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return err
	}
	if !u.Verified() {
		return ErrUnverified
	}
	return nil
}

// queueVerification makes a confirmation link for email (the user's own or
// the one they change to) and queues it, after intro.
func (s *Service) queueVerification(ctx context.Context, tenant domain.TenantID, u *account.User, email domain.Email, next, intro string) error {
	token, err := s.newOneTime(ctx, tenant, u, account.PurposeVerify, email)
	if err != nil {
		return err
	}
	link := s.link(ctx, tenant, PathVerifyEmail, token)
	if next != "" {
		link += "&next=" + url.QueryEscape(next)
	}
	return s.queue(ctx, tenant, "verify", accountMail{to: email, subject: "Confirm your e-mail address",
		body: intro + " (the link works once, for two days):\n" + link +
			"\n\nIf you did not ask for this, ignore this mail."})
}

// TokenInput carries a one-time link's token.
type TokenInput struct {
	Token string `json:"token" form:"token" validate:"required,max=200"`
}

// VerifyEmail confirms the address a link was mailed to, once: the
// account's own, or the new one it changes to, which then replaces the
// old. It returns the user. An unusable link is ErrBadLink; a new address
// another account took meanwhile is KindConflict.
func (s *Service) VerifyEmail(ctx context.Context, tenant domain.TenantID, in TokenInput) (*account.User, error) {
	if err := app.Validate(in); err != nil {
		return nil, err
	}
	hash := app.HashToken(strings.TrimSpace(in.Token))
	var userID string
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		now := s.deps.Clock.Now()
		t, err := s.deps.OneTime.Use(ctx, tenant, account.PurposeVerify, hash, now)
		if domain.KindOf(err) == domain.KindNotFound {
			return ErrBadLink
		}
		if err != nil {
			return err
		}
		userID = t.UserID
		if err := s.deps.Users.ConfirmEmail(ctx, tenant, t.UserID, t.Email, now); err != nil {
			return err
		}
		// Reset links mailed to an old address stop working too.
		for _, p := range []account.Purpose{account.PurposeVerify, account.PurposeReset} {
			if err := s.deps.OneTime.DeleteForUser(ctx, tenant, t.UserID, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.deps.Users.ByID(ctx, tenant, userID)
}

// ResendVerification mails a new confirmation link to the board's account
// with the address, if it is unconfirmed. The answer is the same whatever
// the address: a confirmed account gets a mail saying so, an address
// without an account one saying that. Throttled like password resets.
func (s *Service) ResendVerification(ctx context.Context, tenant domain.TenantID, in ForgotInput, clientIP string) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	email, err := domain.ParseEmail("email", in.Email)
	if err != nil {
		return err
	}
	if err := s.allowMailRequest(ctx, "verify", tenant, email, clientIP); err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		u, err := s.deps.Users.ByEmail(ctx, tenant, email)
		switch {
		case domain.KindOf(err) == domain.KindNotFound:
			return s.queue(ctx, tenant, "verify-unknown", accountMail{to: email, subject: "Confirm your e-mail address",
				body: "Someone asked for a link to confirm this address, but there is no account with it here.\n\n" +
					"Create one: " + s.link(ctx, tenant, PathSignup, "")})
		case err != nil:
			return err
		case u.Verified():
			return s.queue(ctx, tenant, "verify-done", accountMail{to: email, subject: "Your address is confirmed",
				body: "Hello " + u.Name() + ",\n\nSomeone asked for a link to confirm this address; it is confirmed already. Sign in: " +
					s.link(ctx, tenant, PathLogin, "")})
		}
		return s.queueVerification(ctx, tenant, u, u.Email(), "", "Hello "+u.Name()+",\n\nConfirm your address")
	})
	if err != nil {
		return err
	}
	s.send(ctx, tenant)
	return nil
}

// ChangeEmailInput is a new address for the signed-in account, confirmed
// by its password.
type ChangeEmailInput struct {
	Email    string `json:"email" form:"email" validate:"required,max=254"`
	Password string `json:"password" form:"password" validate:"required,max=1024"`
}

// ChangeEmail mails a confirmation link to a new address of the acting
// user; the address changes only when the link is followed, and the old
// address is told. An address another account has answers the same, and
// that account's owner is told someone tried. A wrong password is
// KindInvalid (field password) and counts against the sign-in limits.
func (s *Service) ChangeEmail(ctx context.Context, tenant domain.TenantID, actor app.Actor, in ChangeEmailInput, clientIP string) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	if actor.UserID == "" {
		return domain.ErrForbidden
	}
	email, err := domain.ParseEmail("email", in.Email)
	if err != nil {
		return err
	}
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return err
	}
	if err := s.ConfirmPassword(ctx, tenant, u, in.Password, clientIP); err != nil {
		return err
	}
	if email == u.Email() {
		return domain.Invalid("email", "this is your address already")
	}
	if err := s.allowMailRequest(ctx, "email", tenant, email, clientIP); err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		_, err := s.deps.Users.ByEmail(ctx, tenant, email)
		switch {
		case err == nil:
			if err := s.queue(ctx, tenant, "email-taken", accountMail{to: email, subject: "Someone tried to use your address",
				body: "Someone tried to move another account to this address, which has an account already. Nothing was changed.\n\n" +
					"If that was you, sign in with this address instead: " + s.link(ctx, tenant, PathLogin, "")}); err != nil {
				return err
			}
		case domain.KindOf(err) != domain.KindNotFound:
			return err
		default:
			if err := s.queueVerification(ctx, tenant, u, email, "", "Hello "+u.Name()+",\n\nConfirm this new address for your account"); err != nil {
				return err
			}
		}
		return s.queue(ctx, tenant, "email-change", accountMail{to: u.Email(), subject: "Your address is being changed",
			body: "Hello " + u.Name() + ",\n\nSomeone signed in to your account asked to change its address to " + email.String() +
				". It changes when the link mailed there is followed.\n\nIf this was not you, set a new password at once: " + s.link(ctx, tenant, PathForgot, "")})
	})
	if err != nil {
		return err
	}
	s.send(ctx, tenant)
	return nil
}
