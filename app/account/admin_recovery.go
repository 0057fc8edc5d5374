package account

import (
	"context"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Platform pages that admin mails link to.
const (
	PathAdminReset  = "/platform/reset-password"
	PathAdminForgot = "/platform/forgot-password"
)

// RequestAdminReset mails a platform admin a one-hour reset link, with
// the same answer and work for an address without an admin account
// (which is mailed that there is none), throttled like board resets.
func (s *Service) RequestAdminReset(ctx context.Context, in ForgotInput, clientIP string) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	email, err := domain.ParseEmail("email", in.Email)
	if err != nil {
		return err
	}
	// The address may share memory with the request, which the server
	// reuses; the mail outlives it in a mailer that queues.
	email = domain.Email(strings.Clone(email.String()))
	if err := s.allowMailRequest(ctx, "admin-reset", "*", email, clientIP); err != nil {
		return err
	}
	a, err := s.deps.Admins.ByEmail(ctx, email)
	m := app.Message{To: email.String(), FromName: "Jobboard platform", Subject: "Reset your platform password",
		Text: "Someone asked to reset the password of a platform admin account with this address, but there is none.\n\nIf it was not you, you can ignore this mail.\n"}
	switch {
	case err == nil:
		token := app.NewToken()
		now := s.deps.Clock.Now()
		if err := s.deps.AdminResets.Create(ctx, app.HashToken(token), a.ID, now.Add(account.ResetTTL), now); err != nil {
			return err
		}
		m.Text = "Hello " + a.Name + ",\n\nSomeone, hopefully you, asked to reset the password of your platform admin account. " +
			"Choose a new password here (the link works once, for one hour):\n" + s.deps.PlatformURL + PathAdminReset + "?token=" + token +
			"\n\nIf it was not you, ignore this mail: your password stays as it is.\n"
	case domain.KindOf(err) != domain.KindNotFound:
		return err
	}
	return s.deps.Mailer.Send(ctx, m)
}

// ResetAdminPassword sets a platform admin's password with a reset link,
// once, and ends their other links and sessions; the admin is mailed.
func (s *Service) ResetAdminPassword(ctx context.Context, in ResetInput) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	hash := app.HashToken(strings.TrimSpace(in.Token))
	adminID, err := s.deps.AdminResets.Peek(ctx, hash, s.deps.Clock.Now())
	if domain.KindOf(err) == domain.KindNotFound {
		return ErrBadLink
	}
	if err != nil {
		return err
	}
	a, err := s.deps.Admins.ByID(ctx, adminID)
	if err != nil {
		return err
	}
	if err := account.CheckPassword(in.Password, a.Email); err != nil {
		return err
	}
	newHash, err := s.deps.Hasher.Hash(in.Password)
	if err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if _, err := s.deps.AdminResets.Use(ctx, hash, s.deps.Clock.Now()); err != nil {
			if domain.KindOf(err) == domain.KindNotFound {
				return ErrBadLink
			}
			return err
		}
		if err := s.deps.Admins.SetPassword(ctx, a.ID, newHash); err != nil {
			return err
		}
		return s.deps.AdminResets.EndSessions(ctx, a.ID)
	})
	if err != nil {
		return err
	}
	return s.deps.Mailer.Send(ctx, app.Message{To: a.Email.String(), FromName: "Jobboard platform", Subject: "Your platform password was changed",
		Text: "Hello " + a.Name + ",\n\nThe password of your platform admin account was changed just now, and you were signed out everywhere.\n\n" +
			"If you did not do this, set a new password at once: " + s.deps.PlatformURL + PathAdminForgot + "\n"})
}
