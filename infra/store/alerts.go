package store

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
	"github.com/uptrace/bun"
)

type alertSubscriberRow struct {
	bun.BaseModel `bun:"table:alert_subscribers"`

	TenantID  string    `bun:"tenant_id,pk"`
	ID        string    `bun:"id,pk"`
	Email     string    `bun:"email"`
	CreatedAt time.Time `bun:"created_at"`
}

type alertRow struct {
	bun.BaseModel `bun:"table:alerts,alias:a"`

	TenantID         string     `bun:"tenant_id,pk"`
	ID               string     `bun:"id,pk"`
	SubscriberID     string     `bun:"subscriber_id"`
	SearchKey        string     `bun:"search_key"`
	Query            string     `bun:"query"`
	Category         string     `bun:"category"`
	Location         string     `bun:"location"`
	Workplace        string     `bun:"workplace"`
	EmploymentType   string     `bun:"employment_type"`
	Company          string     `bun:"company"`
	MinSalary        int64      `bun:"min_salary"`
	Frequency        string     `bun:"frequency"`
	ConfirmHash      *string    `bun:"confirm_hash"`
	ConfirmExpiresAt *time.Time `bun:"confirm_expires_at"`
	ConfirmedAt      *time.Time `bun:"confirmed_at"`
	WindowStart      *time.Time `bun:"window_start"`
	NextRunAt        *time.Time `bun:"next_run_at"`
	CreatedAt        time.Time  `bun:"created_at"`
	UpdatedAt        time.Time  `bun:"updated_at"`
	// Email is the subscriber's, joined in by reads.
	Email string `bun:"email,scanonly"`
}

func toAlertRow(tenant domain.TenantID, a *alert.Alert) *alertRow {
	r := &alertRow{TenantID: tenant.String(), ID: a.ID, SubscriberID: a.SubscriberID, SearchKey: a.Search.Key(),
		Query: a.Search.Query, Category: a.Search.Category, Location: a.Search.Location, Workplace: a.Search.Workplace,
		EmploymentType: a.Search.EmploymentType, Company: a.Search.Company, MinSalary: a.Search.MinSalary, Frequency: string(a.Frequency),
		ConfirmExpiresAt: utcPtr(a.ConfirmExpiresAt), ConfirmedAt: utcPtr(a.ConfirmedAt), WindowStart: utcPtr(a.WindowStart), NextRunAt: utcPtr(a.NextRunAt),
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}
	if a.ConfirmHash != "" {
		h := a.ConfirmHash
		r.ConfirmHash = &h
	}
	return r
}

func (r *alertRow) toDomain() *alert.Alert {
	a := &alert.Alert{ID: r.ID, SubscriberID: r.SubscriberID, Email: domain.Email(r.Email), Frequency: alert.Frequency(r.Frequency),
		Search: alert.Search{Query: r.Query, Category: r.Category, Location: r.Location, Workplace: r.Workplace, EmploymentType: r.EmploymentType,
			Company: r.Company, MinSalary: r.MinSalary},
		ConfirmExpiresAt: utcPtr(r.ConfirmExpiresAt), ConfirmedAt: utcPtr(r.ConfirmedAt), WindowStart: utcPtr(r.WindowStart), NextRunAt: utcPtr(r.NextRunAt),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.ConfirmHash != nil {
		a.ConfirmHash = *r.ConfirmHash
	}
	return a
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

type alertDeliveryRow struct {
	bun.BaseModel `bun:"table:alert_deliveries"`

	TenantID       string     `bun:"tenant_id,pk"`
	ID             string     `bun:"id,pk"`
	AlertID        string     `bun:"alert_id"`
	PeriodStart    time.Time  `bun:"period_start"`
	PeriodEnd      time.Time  `bun:"period_end"`
	Recipient      string     `bun:"recipient"`
	FromName       string     `bun:"from_name"`
	Subject        string     `bun:"subject"`
	Body           string     `bun:"body"`
	UnsubscribeURL string     `bun:"unsubscribe_url"`
	Jobs           int        `bun:"jobs"`
	Status         string     `bun:"status"`
	Attempts       int        `bun:"attempts"`
	NextAttemptAt  time.Time  `bun:"next_attempt_at"`
	LastError      string     `bun:"last_error"`
	CreatedAt      time.Time  `bun:"created_at"`
	SentAt         *time.Time `bun:"sent_at"`
}

func (r *alertDeliveryRow) toDomain() alert.Delivery {
	return alert.Delivery{ID: r.ID, AlertID: r.AlertID, PeriodStart: r.PeriodStart.UTC(), PeriodEnd: r.PeriodEnd.UTC(), To: r.Recipient,
		FromName: r.FromName, Subject: r.Subject, Body: r.Body, UnsubscribeURL: r.UnsubscribeURL, Jobs: r.Jobs, Status: r.Status,
		Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt.UTC(), LastError: r.LastError, CreatedAt: r.CreatedAt.UTC(), SentAt: utcPtr(r.SentAt)}
}

// Alerts stores job alerts, their subscribers and their deliveries.
type Alerts struct{ db *DB }

// NewAlerts returns the alert repository.
func NewAlerts(db *DB) *Alerts { return &Alerts{db: db} }

var _ alert.Repository = (*Alerts)(nil)

// SubscriberByEmail returns the subscriber of an address.
func (r *Alerts) SubscriberByEmail(ctx context.Context, tenant domain.TenantID, email domain.Email) (alert.Subscriber, error) {
	var row alertSubscriberRow
	if !isUUID(tenant.String()) {
		return alert.Subscriber{}, domain.NotFound("subscriber")
	}
	err := r.db.conn(ctx).NewSelect().Model(&row).Where("tenant_id = ? AND email = ?", tenant.String(), email.String()).Scan(ctx)
	if err != nil {
		return alert.Subscriber{}, notFoundAs(translate(err), "subscriber")
	}
	return alert.Subscriber{ID: row.ID, Email: domain.Email(row.Email), CreatedAt: row.CreatedAt.UTC()}, nil
}

// SubscriberByID returns a subscriber.
func (r *Alerts) SubscriberByID(ctx context.Context, tenant domain.TenantID, id string) (alert.Subscriber, error) {
	var row alertSubscriberRow
	if !isUUID(tenant.String()) || !isUUID(id) {
		return alert.Subscriber{}, domain.NotFound("subscriber")
	}
	err := r.db.conn(ctx).NewSelect().Model(&row).Where("tenant_id = ? AND id = ?", tenant.String(), id).Scan(ctx)
	if err != nil {
		return alert.Subscriber{}, notFoundAs(translate(err), "subscriber")
	}
	return alert.Subscriber{ID: row.ID, Email: domain.Email(row.Email), CreatedAt: row.CreatedAt.UTC()}, nil
}

// CreateSubscriber adds a subscriber.
func (r *Alerts) CreateSubscriber(ctx context.Context, tenant domain.TenantID, s alert.Subscriber) error {
	_, err := r.db.conn(ctx).NewInsert().Model(&alertSubscriberRow{TenantID: tenant.String(), ID: s.ID, Email: s.Email.String(), CreatedAt: s.CreatedAt.UTC()}).Exec(ctx)
	if isUniqueViolation(err, "alert_subscribers_email_key", "alert_subscribers.email") {
		return domain.Conflict("subscriber_exists", "this address is subscribed already")
	}
	return translate(err)
}

// DeleteSubscriber removes a subscriber with every alert.
func (r *Alerts) DeleteSubscriber(ctx context.Context, tenant domain.TenantID, id string) error {
	if !isUUID(tenant.String()) || !isUUID(id) {
		return domain.NotFound("subscriber")
	}
	res, err := r.db.conn(ctx).NewDelete().TableExpr("alert_subscribers").Where("tenant_id = ? AND id = ?", tenant.String(), id).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "subscriber")
}

// selectAlerts reads alerts with their subscriber's address.
func (r *Alerts) selectAlerts(ctx context.Context, rows *[]alertRow) *bun.SelectQuery {
	return r.db.conn(ctx).NewSelect().Model(rows).ColumnExpr("a.*").ColumnExpr("s.email AS email").
		Join("JOIN alert_subscribers AS s ON s.tenant_id = a.tenant_id AND s.id = a.subscriber_id")
}

func (r *Alerts) one(ctx context.Context, tenant domain.TenantID, where string, args ...any) (*alert.Alert, error) {
	if !isUUID(tenant.String()) {
		return nil, domain.NotFound("alert")
	}
	var rows []alertRow
	args = append([]any{tenant.String()}, args...)
	return first(ctx, r.selectAlerts(ctx, &rows).Where("a.tenant_id = ? AND "+where, args...), &rows)
}

// first runs q, which scans into rows, for at most one alert.
func first(ctx context.Context, q *bun.SelectQuery, rows *[]alertRow) (*alert.Alert, error) {
	if err := q.Limit(1).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	if len(*rows) == 0 {
		return nil, domain.NotFound("alert")
	}
	return (*rows)[0].toDomain(), nil
}

// LockAlert returns an alert locked until the caller's transaction ends,
// the read UpdateAlert accepts.
func (r *Alerts) LockAlert(ctx context.Context, tenant domain.TenantID, id string) (*alert.Alert, error) {
	if !isUUID(tenant.String()) || !isUUID(id) {
		return nil, domain.NotFound("alert")
	}
	var rows []alertRow
	q, err := r.db.forUpdate(ctx, r.selectAlerts(ctx, &rows).Where("a.tenant_id = ? AND a.id = ?", tenant.String(), id), "a", "alerts", tenant.String(), id)
	if err != nil {
		return nil, err
	}
	return first(ctx, q, &rows)
}

// AlertBySearch returns a subscriber's alert on a search key.
func (r *Alerts) AlertBySearch(ctx context.Context, tenant domain.TenantID, subscriberID, key string) (*alert.Alert, error) {
	if !isUUID(subscriberID) {
		return nil, domain.NotFound("alert")
	}
	return r.one(ctx, tenant, "a.subscriber_id = ? AND a.search_key = ?", subscriberID, key)
}

// AlertByID returns an alert.
func (r *Alerts) AlertByID(ctx context.Context, tenant domain.TenantID, id string) (*alert.Alert, error) {
	if !isUUID(id) {
		return nil, domain.NotFound("alert")
	}
	return r.one(ctx, tenant, "a.id = ?", id)
}

// AlertByConfirmHash returns the alert waiting for that confirmation.
func (r *Alerts) AlertByConfirmHash(ctx context.Context, tenant domain.TenantID, hash string) (*alert.Alert, error) {
	return r.one(ctx, tenant, "a.confirm_hash = ?", hash)
}

// Alerts lists a subscriber's alerts, oldest first.
func (r *Alerts) Alerts(ctx context.Context, tenant domain.TenantID, subscriberID string) ([]*alert.Alert, error) {
	if !isUUID(tenant.String()) || !isUUID(subscriberID) {
		return nil, nil
	}
	var rows []alertRow
	if err := r.selectAlerts(ctx, &rows).Where("a.tenant_id = ? AND a.subscriber_id = ?", tenant.String(), subscriberID).
		OrderExpr("a.created_at, a.id").Limit(1000).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]*alert.Alert, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// CountAlerts counts a subscriber's alerts.
func (r *Alerts) CountAlerts(ctx context.Context, tenant domain.TenantID, subscriberID string) (int, error) {
	if !isUUID(tenant.String()) || !isUUID(subscriberID) {
		return 0, nil
	}
	n, err := r.db.conn(ctx).NewSelect().TableExpr("alerts").Where("tenant_id = ? AND subscriber_id = ?", tenant.String(), subscriberID).Count(ctx)
	return int(n), translate(err)
}

// CreateAlert adds an alert.
func (r *Alerts) CreateAlert(ctx context.Context, tenant domain.TenantID, a *alert.Alert) error {
	row := toAlertRow(tenant, a)
	_, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	if isUniqueViolation(err, "alerts_search_key", "alerts.search_key") {
		return domain.Conflict("alert_exists", "this address has an alert on this search already")
	}
	if err == nil {
		r.db.inserted(ctx, "alerts", row.TenantID, row.ID)
	}
	return translate(err)
}

// UpdateAlert writes an alert's frequency, confirmation and window; the
// alert must have been read with LockAlert or ClaimDue (or created) in the
// caller's transaction.
func (r *Alerts) UpdateAlert(ctx context.Context, tenant domain.TenantID, a *alert.Alert) error {
	row := toAlertRow(tenant, a)
	if err := r.db.requireLocked(ctx, "alerts", row.TenantID, row.ID); err != nil {
		return err
	}
	res, err := r.db.conn(ctx).NewUpdate().Model(row).
		Column("frequency", "confirm_hash", "confirm_expires_at", "confirmed_at", "window_start", "next_run_at", "updated_at").
		WherePK().Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "alert")
}

// DeleteAlert removes an alert and, by cascade, its deliveries.
func (r *Alerts) DeleteAlert(ctx context.Context, tenant domain.TenantID, id string) error {
	if !isUUID(tenant.String()) || !isUUID(id) {
		return domain.NotFound("alert")
	}
	res, err := r.db.conn(ctx).NewDelete().TableExpr("alerts").Where("tenant_id = ? AND id = ?", tenant.String(), id).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "alert")
}

// ClaimDue locks the board's due alerts for the caller's transaction. On
// PostgreSQL rows another worker holds are skipped; SQLite transactions
// start IMMEDIATE, so a second worker waits and then sees the first's
// advanced windows.
func (r *Alerts) ClaimDue(ctx context.Context, tenant domain.TenantID, cutoff time.Time, limit int) ([]*alert.Alert, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	var rows []alertRow
	q := r.selectAlerts(ctx, &rows).
		Where("a.tenant_id = ? AND a.confirmed_at IS NOT NULL AND a.next_run_at <= ?", tenant.String(), cutoff.UTC()).
		OrderExpr("a.next_run_at, a.id").Limit(int64(limit))
	if r.db.IsPostgres() {
		q = q.For("UPDATE OF a SKIP LOCKED")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]*alert.Alert, len(rows))
	for i := range rows {
		if err := r.db.recordLock(ctx, "alerts", rows[i].TenantID, rows[i].ID); err != nil {
			return nil, err
		}
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// AddDelivery records a digest once per alert and period.
func (r *Alerts) AddDelivery(ctx context.Context, tenant domain.TenantID, d alert.Delivery) (bool, error) {
	row := &alertDeliveryRow{TenantID: tenant.String(), ID: d.ID, AlertID: d.AlertID, PeriodStart: d.PeriodStart.UTC(), PeriodEnd: d.PeriodEnd.UTC(),
		Recipient: d.To, FromName: d.FromName, Subject: d.Subject, Body: d.Body, UnsubscribeURL: d.UnsubscribeURL, Jobs: d.Jobs,
		Status: d.Status, Attempts: d.Attempts, NextAttemptAt: d.NextAttemptAt.UTC(), LastError: d.LastError, CreatedAt: d.CreatedAt.UTC(), SentAt: utcPtr(d.SentAt)}
	res, err := r.db.conn(ctx).NewInsert().Model(row).On("CONFLICT (tenant_id, alert_id, period_start) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

// LeasePending reserves due pending deliveries by pushing their next
// attempt a lease ahead, in one statement; the rows it returns are the
// caller's alone until the lease runs out.
func (r *Alerts) LeasePending(ctx context.Context, tenant domain.TenantID, now time.Time, limit int) ([]alert.Delivery, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	var rows []alertDeliveryRow
	if err := r.db.leaseDue(ctx, "alert_deliveries", tenant, now, now.Add(alert.Lease), limit, &rows); err != nil {
		return nil, err
	}
	out := make([]alert.Delivery, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// MarkSent records a delivered digest.
func (r *Alerts) MarkSent(ctx context.Context, tenant domain.TenantID, id string, at time.Time) error {
	return r.db.markSent(ctx, "alert_deliveries", "delivery", tenant, id, at)
}

// MarkFailed records a failed attempt.
func (r *Alerts) MarkFailed(ctx context.Context, tenant domain.TenantID, id string, reason string, retryAt *time.Time) error {
	return r.db.markFailed(ctx, "alert_deliveries", "delivery", tenant, id, reason, retryAt)
}

// Deliveries lists an alert's deliveries, oldest period first.
func (r *Alerts) Deliveries(ctx context.Context, tenant domain.TenantID, alertID string) ([]alert.Delivery, error) {
	if !isUUID(tenant.String()) || !isUUID(alertID) {
		return nil, nil
	}
	var rows []alertDeliveryRow
	if err := r.db.conn(ctx).NewSelect().Model(&rows).Where("tenant_id = ? AND alert_id = ?", tenant.String(), alertID).
		Order("period_start", "id").Limit(1000).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]alert.Delivery, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// notFoundAs names what was missing in a not-found error.
func notFoundAs(err error, what string) error {
	if isNotFound(err) {
		return domain.NotFound(what)
	}
	return err
}
