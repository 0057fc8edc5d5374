package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// OutboxMail is a mail decided inside a transaction and sent after it
// commits, once.
type OutboxMail struct {
	ID string
	// Key is unique per board: a second mail with the same key is not
	// queued. It also makes the Message-ID stable.
	Key      string
	Message  Message
	Attempts int
}

// Outbox keeps mails that must leave exactly once: receipts, password
// resets, address confirmations.
type Outbox interface {
	// Enqueue adds a mail inside the caller's transaction; false when the
	// board has a mail with that key already, which stays as it is.
	Enqueue(ctx context.Context, tenant domain.TenantID, m OutboxMail, now time.Time) (bool, error)
	// Lease reserves up to limit mails of the board due by now for lease,
	// counting an attempt on each. Two senders never get the same mail
	// while its lease runs.
	Lease(ctx context.Context, tenant domain.TenantID, now time.Time, lease time.Duration, limit int) ([]OutboxMail, error)
	// MarkSent records a mail as delivered.
	MarkSent(ctx context.Context, tenant domain.TenantID, id string, at time.Time) error
	// MarkFailed records a failed attempt: the mail waits until retryAt,
	// or is given up when retryAt is nil.
	MarkFailed(ctx context.Context, tenant domain.TenantID, id, reason string, retryAt *time.Time) error
}

// Outbox sending: each mail is leased on its own, for longer than one SMTP
// attempt can take, so a mail is only taken again when its sender died;
// the stable Message-ID lets mail clients fold such a second copy into the
// first.
const (
	outboxLease       = 5 * time.Minute
	outboxMaxAttempts = 8
	outboxBatch       = 20
)

// OutboxSender delivers a board's queued mails after the transactions that
// queued them committed.
type OutboxSender struct {
	Outbox Outbox
	Mailer Mailer
	Clock  Clock
}

// SendDue sends up to a batch of the board's due mails and returns how
// many it sent. It is called right after a commit that queued one and by
// the scheduler for what a crash or a mail outage left behind.
func (o OutboxSender) SendDue(ctx context.Context, tenant domain.TenantID) (int, error) {
	sent := 0
	for range outboxBatch {
		now := o.Clock.Now()
		due, err := o.Outbox.Lease(ctx, tenant, now, outboxLease, 1)
		if err != nil || len(due) == 0 {
			return sent, err
		}
		// One is asked for; should more come, each leased mail is sent,
		// or it would wait for its lease to run out.
		for _, m := range due {
			ok, err := o.send(ctx, tenant, m, now)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
	return sent, nil
}

// SendNow sends a board's due mails after a commit; a failure is logged,
// as the scheduler tries again.
func (o OutboxSender) SendNow(ctx context.Context, tenant domain.TenantID) {
	if tenant == "" {
		return
	}
	if _, err := o.SendDue(ctx, tenant); err != nil {
		slog.WarnContext(ctx, "mails left for the scheduler", "tenant", tenant, "err", err)
	}
}

// send sends one leased mail and records the outcome: sent, to be retried
// later, or given up. ok reports whether it was sent.
func (o OutboxSender) send(ctx context.Context, tenant domain.TenantID, m OutboxMail, now time.Time) (ok bool, err error) {
	sendErr := o.Mailer.Send(ctx, m.Message)
	if sendErr == nil {
		return true, o.Outbox.MarkSent(ctx, tenant, m.ID, o.Clock.Now())
	}
	if ctx.Err() != nil {
		// Shutting down: the lease runs out and a later pass retries.
		return false, ctx.Err()
	}
	var retry *time.Time
	if m.Attempts < outboxMaxAttempts && !MailNeverSends(sendErr) {
		at := now.Add(time.Duration(1<<min(m.Attempts, 10)) * time.Minute)
		retry = &at
	}
	slog.WarnContext(ctx, "mail not sent", "tenant", tenant, "mail", m.ID, "attempt", m.Attempts, "given_up", retry == nil, "err", sendErr)
	return false, o.Outbox.MarkFailed(ctx, tenant, m.ID, sendErr.Error(), retry)
}
