package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

type outboxRow struct {
	bun.BaseModel `bun:"table:mail_outbox"`

	TenantID      string     `bun:"tenant_id,pk"`
	ID            string     `bun:"id,pk"`
	DedupeKey     string     `bun:"dedupe_key"`
	Recipient     string     `bun:"recipient"`
	FromName      string     `bun:"from_name"`
	Subject       string     `bun:"subject"`
	Body          string     `bun:"body"`
	Status        string     `bun:"status"`
	Attempts      int        `bun:"attempts"`
	NextAttemptAt time.Time  `bun:"next_attempt_at"`
	LastError     string     `bun:"last_error"`
	CreatedAt     time.Time  `bun:"created_at"`
	SentAt        *time.Time `bun:"sent_at"`
}

func (r *outboxRow) toMail() app.OutboxMail {
	return app.OutboxMail{ID: r.ID, Key: r.DedupeKey, Attempts: r.Attempts,
		Message: app.Message{To: r.Recipient, FromName: r.FromName, Subject: r.Subject, Text: r.Body, Key: r.DedupeKey}}
}

// Outbox is the mail outbox, per board.
type Outbox struct{ db *DB }

// NewOutbox returns the mail outbox.
func NewOutbox(db *DB) *Outbox { return &Outbox{db: db} }

var _ app.Outbox = (*Outbox)(nil)

// Enqueue adds a mail once per key.
func (o *Outbox) Enqueue(ctx context.Context, tenant domain.TenantID, m app.OutboxMail, now time.Time) (bool, error) {
	now = now.UTC()
	row := &outboxRow{TenantID: tenant.String(), ID: m.ID, DedupeKey: m.Key, Recipient: m.Message.To, FromName: m.Message.FromName,
		Subject: m.Message.Subject, Body: m.Message.Text, Status: "pending", NextAttemptAt: now, CreatedAt: now}
	res, err := o.db.conn(ctx).NewInsert().Model(row).On("CONFLICT (tenant_id, dedupe_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Lease reserves due mails.
func (o *Outbox) Lease(ctx context.Context, tenant domain.TenantID, now time.Time, lease time.Duration, limit int) ([]app.OutboxMail, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	var rows []outboxRow
	if err := o.db.leaseDue(ctx, "mail_outbox", tenant, now, now.Add(lease), limit, &rows); err != nil {
		return nil, err
	}
	out := make([]app.OutboxMail, len(rows))
	for i := range rows {
		out[i] = rows[i].toMail()
	}
	return out, nil
}

// MarkSent records a delivered mail.
func (o *Outbox) MarkSent(ctx context.Context, tenant domain.TenantID, id string, at time.Time) error {
	if err := o.db.markSent(ctx, "mail_outbox", "mail", tenant, id, at); err != nil {
		return err
	}
	// Account mails carry one-time links, which are kept only as hashes
	// elsewhere: once sent, their text goes.
	_, err := o.db.conn(ctx).NewUpdate().Model((*outboxRow)(nil)).Set("body = ''").
		Where("tenant_id = ? AND id = ? AND dedupe_key LIKE 'account:%'", tenant.String(), id).Exec(ctx)
	return translate(err)
}

// MarkFailed records a failed attempt.
func (o *Outbox) MarkFailed(ctx context.Context, tenant domain.TenantID, id, reason string, retryAt *time.Time) error {
	return o.db.markFailed(ctx, "mail_outbox", "mail", tenant, id, reason, retryAt)
}
