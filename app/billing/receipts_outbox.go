package billing

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
)

// OutboxMail is a mail decided inside a transaction and sent after it
// commits, once.
type OutboxMail struct {
	ID string
	// Key is unique per board: a second mail with the same key is not
	// queued. It also makes the Message-ID stable.
	Key      string
	Message  app.Message
	Attempts int
}

// Outbox keeps mails that must leave exactly once.
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

// Receipt sending: each mail is leased on its own, for longer than one
// SMTP attempt can take, so a mail is only taken again when its sender
// died; the stable Message-ID lets mail clients fold such a second copy
// into the first.
const (
	receiptLease       = 5 * time.Minute
	receiptMaxAttempts = 8
	receiptBatch       = 20
)

// queueReceipt writes the buyer's receipt for a paid order into the outbox,
// inside the fulfilment's transaction: one per order, whatever notices
// follow. what says what the order bought, until when.
func (s *Service) queueReceipt(ctx context.Context, tenant domain.TenantID, o *billing.Order, what string) error {
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return err
	}
	var text strings.Builder
	fmt.Fprintf(&text, "Thank you for your payment to %s.\n\n", b.Name())
	fmt.Fprintf(&text, "Order:   %s\n", o.ID)
	fmt.Fprintf(&text, "Product: %s\n", o.Product.Label())
	fmt.Fprintf(&text, "Amount:  %s\n", formatAmount(o.Amount, o.Currency))
	if what != "" {
		fmt.Fprintf(&text, "\n%s\n", what)
	}
	if o.ReceiptURL != "" {
		fmt.Fprintf(&text, "\nYour card receipt: %s\n", o.ReceiptURL)
	}
	text.WriteString("\nYour orders and their receipts are on your company's Orders page on the board.\n")
	key := "receipt:" + o.ID
	_, err = s.deps.Outbox.Enqueue(ctx, tenant, OutboxMail{ID: s.deps.IDs.New(), Key: key, Message: app.Message{
		To: o.CustomerEmail, FromName: b.Name(), Subject: "Your receipt from " + b.Name() + ": " + o.Product.Label(), Text: text.String(), Key: key,
	}}, s.now())
	return err
}

// SendReceipts sends the board's receipts that are due, after the
// transactions that queued them committed. It is called right after a
// payment is applied and by the scheduler for what a crash or a mail
// outage left behind; it returns how many it sent.
func (s *Service) SendReceipts(ctx context.Context, tenant domain.TenantID) (int, error) {
	sent := 0
	for range receiptBatch {
		now := s.now()
		due, err := s.deps.Outbox.Lease(ctx, tenant, now, receiptLease, 1)
		if err != nil || len(due) == 0 {
			return sent, err
		}
		// One is asked for; should more come, each leased mail is sent,
		// or it would wait for its lease to run out.
		for _, m := range due {
			ok, err := s.sendReceipt(ctx, tenant, m, now)
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

// sendReceipt sends one leased receipt and records the outcome: sent, to
// be retried later, or given up. ok reports whether it was sent.
func (s *Service) sendReceipt(ctx context.Context, tenant domain.TenantID, m OutboxMail, now time.Time) (ok bool, err error) {
	sendErr := s.deps.Mailer.Send(ctx, m.Message)
	if sendErr == nil {
		return true, s.deps.Outbox.MarkSent(ctx, tenant, m.ID, s.now())
	}
	if ctx.Err() != nil {
		// Shutting down: the lease runs out and a later pass retries.
		return false, ctx.Err()
	}
	var retry *time.Time
	if m.Attempts < receiptMaxAttempts && !app.MailNeverSends(sendErr) {
		at := now.Add(time.Duration(1<<min(m.Attempts, 10)) * time.Minute)
		retry = &at
	}
	slog.WarnContext(ctx, "receipt not sent", "tenant", tenant, "mail", m.ID, "attempt", m.Attempts, "given_up", retry == nil, "err", sendErr)
	return false, s.deps.Outbox.MarkFailed(ctx, tenant, m.ID, sendErr.Error(), retry)
}

// sendReceiptsNow sends a board's due receipts after a commit; a failure
// is logged, as the scheduler tries again.
func (s *Service) sendReceiptsNow(ctx context.Context, tenant domain.TenantID) {
	if tenant == "" {
		return
	}
	if _, err := s.SendReceipts(ctx, tenant); err != nil {
		slog.WarnContext(ctx, "receipts left for the scheduler", "tenant", tenant, "err", err)
	}
}

// SendAllReceipts is the scheduler's pass over every board.
func (s *Service) SendAllReceipts(ctx context.Context) (int, error) {
	boards, err := s.deps.Boards.List(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, b := range boards {
		n, err := s.SendReceipts(ctx, b.ID())
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
