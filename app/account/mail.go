package account

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Paths of the board pages that account mails link to.
const (
	PathResetPassword = "/reset-password"
	PathVerifyEmail   = "/verify-email"
	PathForgot        = "/forgot-password"
	PathLogin         = "/login"
	PathSignup        = "/signup"
)

// accountMail is one mail to queue: who gets it and what it says.
type accountMail struct {
	to      domain.Email
	subject string
	body    string
}

// queue writes a mail into the board's outbox, inside the caller's
// transaction, so that it leaves once the change it tells of commits.
func (s *Service) queue(ctx context.Context, tenant domain.TenantID, kind string, m accountMail) error {
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return err
	}
	id := s.deps.IDs.New()
	key := "account:" + kind + ":" + id
	text := m.body + "\n\n-- \n" + b.Name() + "\n" + s.boardURL(ctx, tenant) + "\n"
	_, err = s.deps.Outbox.Enqueue(ctx, tenant, app.OutboxMail{ID: id, Key: key, Message: app.Message{
		To: m.to.String(), FromName: b.Name(), Subject: m.subject + " on " + b.Name(), Text: text, Key: key,
	}}, s.deps.Clock.Now())
	return err
}

// sendWait bounds how long a request waits for its mails to leave: a
// mail server that hangs delays the answer by this much at most, and the
// scheduler sends what is left.
const sendWait = 5 * time.Second

// send delivers the board's queued mails now; what fails or takes too
// long is sent by the scheduler.
func (s *Service) send(ctx context.Context, tenant domain.TenantID) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendWait)
	defer cancel()
	app.OutboxSender{Outbox: s.deps.Outbox, Mailer: s.deps.Mailer, Clock: s.deps.Clock}.SendNow(ctx, tenant)
}

// boardURL is the board's public address, or "" when it cannot be read.
func (s *Service) boardURL(ctx context.Context, tenant domain.TenantID) string {
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil || s.deps.BoardURL == nil {
		return ""
	}
	return strings.TrimRight(s.deps.BoardURL(b), "/")
}

// link is an absolute link to a board page, with a token when one is given.
func (s *Service) link(ctx context.Context, tenant domain.TenantID, path, token string) string {
	u := s.boardURL(ctx, tenant) + path
	if token != "" {
		u += "?token=" + url.QueryEscape(token)
	}
	return u
}

// newOneTime stores a one-time link for the user and returns its token.
func (s *Service) newOneTime(ctx context.Context, tenant domain.TenantID, u *account.User, p account.Purpose, email domain.Email) (string, error) {
	token := app.NewToken()
	now := s.deps.Clock.Now()
	ttl := account.VerifyTTL
	if p == account.PurposeReset {
		ttl = account.ResetTTL
	}
	err := s.deps.OneTime.Create(ctx, tenant, account.OneTimeToken{
		Hash: app.HashToken(token), UserID: u.ID(), Purpose: p, Email: email, ExpiresAt: now.Add(ttl), CreatedAt: now,
	})
	return token, err
}
