package store

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/domain/moderation"
	"github.com/uptrace/bun"
)

// ReviewQueue reads what waits for a board's moderators.
type ReviewQueue struct{ db *DB }

// NewReviewQueue returns the review queue read model.
func NewReviewQueue(db *DB) *ReviewQueue { return &ReviewQueue{db: db} }

// pendingWhere selects items waiting for a decision: new submissions, and
// edits of items that are still published. An edit left on an item that
// was closed, expired or unpublished since cannot be decided on (approve
// and reject both need a pending or published item), so it must not sit
// in the queue for ever.
const pendingWhere = "tenant_id = ? AND taken_down_at IS NULL AND (status = 'pending' OR (status = 'published' AND revision_at IS NOT NULL))"

// pendingOrder sorts the queue by when each item was submitted: the edit's
// time for an edit, the last change otherwise (as app/moderation shows it).
const pendingOrder = "CASE WHEN status = 'published' THEN revision_at ELSE updated_at END, id"

// PendingJobs returns jobs waiting for review (new submissions and edits of
// published jobs), not taken down, oldest first.
func (q *ReviewQueue) PendingJobs(ctx context.Context, tenant domain.TenantID, limit int) ([]job.Snapshot, error) {
	var rows []jobRow
	err := q.db.conn(ctx).NewSelect().Model(&rows).Where(pendingWhere, tenant.String()).
		OrderExpr(pendingOrder).Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]job.Snapshot, len(rows))
	for i := range rows {
		out[i] = rows[i].snapshot()
	}
	return out, nil
}

// PendingCompanies returns profiles waiting for review, oldest first.
func (q *ReviewQueue) PendingCompanies(ctx context.Context, tenant domain.TenantID, limit int) ([]company.Snapshot, error) {
	var rows []companyRow
	err := q.db.conn(ctx).NewSelect().Model(&rows).Where(pendingWhere, tenant.String()).
		OrderExpr(pendingOrder).Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]company.Snapshot, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain().Snapshot()
	}
	return out, nil
}

type reportRow struct {
	bun.BaseModel `bun:"table:reports"`

	TenantID   string     `bun:"tenant_id,pk"`
	ID         string     `bun:"id,pk"`
	Kind       string     `bun:"kind"`
	ItemID     string     `bun:"item_id"`
	Reason     string     `bun:"reason"`
	Note       string     `bun:"note"`
	Reporter   string     `bun:"reporter"`
	CreatedAt  time.Time  `bun:"created_at"`
	ResolvedAt *time.Time `bun:"resolved_at"`
}

// Reports stores reports from the public.
type Reports struct{ db *DB }

// NewReports returns the report repository.
func NewReports(db *DB) *Reports { return &Reports{db: db} }

var _ moderation.Reports = (*Reports)(nil)

// Create stores a report.
func (r *Reports) Create(ctx context.Context, tenant domain.TenantID, rep moderation.Report) error {
	_, err := r.db.conn(ctx).NewInsert().Model(&reportRow{TenantID: tenant.String(), ID: rep.ID, Kind: string(rep.Kind), ItemID: rep.ItemID,
		Reason: string(rep.Reason), Note: rep.Note, Reporter: rep.Reporter, CreatedAt: rep.CreatedAt}).Exec(ctx)
	return translate(err)
}

// Open lists unresolved reports, oldest first.
func (r *Reports) Open(ctx context.Context, tenant domain.TenantID) ([]moderation.Report, error) {
	var rows []reportRow
	if err := r.db.conn(ctx).NewSelect().Model(&rows).Where("tenant_id = ? AND resolved_at IS NULL", tenant.String()).
		Order("created_at", "id").Limit(1000).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]moderation.Report, len(rows))
	for i, row := range rows {
		out[i] = moderation.Report{ID: row.ID, Kind: moderation.Kind(row.Kind), ItemID: row.ItemID, Reason: moderation.Reason(row.Reason),
			Note: row.Note, Reporter: row.Reporter, CreatedAt: row.CreatedAt}
	}
	return out, nil
}

// Resolve closes every open report about an item and returns how many
// it closed.
func (r *Reports) Resolve(ctx context.Context, tenant domain.TenantID, kind moderation.Kind, itemID string, at time.Time) (int, error) {
	if !isUUID(itemID) || !isUUID(tenant.String()) {
		// item_id is a uuid column on PostgreSQL: no report can match.
		return 0, nil
	}
	res, err := r.db.conn(ctx).NewUpdate().Model((*reportRow)(nil)).Set("resolved_at = ?", at).
		Where("tenant_id = ? AND kind = ? AND item_id = ? AND resolved_at IS NULL", tenant.String(), string(kind), itemID).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), translate(err)
}

type auditRow struct {
	bun.BaseModel `bun:"table:audit_log"`

	TenantID  string    `bun:"tenant_id,pk"`
	ID        string    `bun:"id,pk"`
	At        time.Time `bun:"at"`
	ActorID   string    `bun:"actor_id"`
	ActorName string    `bun:"actor_name"`
	Role      string    `bun:"role"`
	Action    string    `bun:"action"`
	Kind      string    `bun:"kind"`
	ItemID    string    `bun:"item_id"`
	Before    string    `bun:"before"`
	After     string    `bun:"after"`
	Note      string    `bun:"note"`
}

// AuditLog is the append-only audit log. It offers no update or delete,
// and the database refuses them too.
type AuditLog struct{ db *DB }

// NewAuditLog returns the audit log.
func NewAuditLog(db *DB) *AuditLog { return &AuditLog{db: db} }

var _ moderation.AuditLog = (*AuditLog)(nil)

// Append adds an entry.
func (a *AuditLog) Append(ctx context.Context, tenant domain.TenantID, e moderation.Entry) error {
	_, err := a.db.conn(ctx).NewInsert().Model(&auditRow{TenantID: tenant.String(), ID: e.ID, At: e.At, ActorID: e.ActorID, ActorName: e.Actor,
		Role: e.Role, Action: e.Action, Kind: e.Kind, ItemID: e.ItemID, Before: e.Before, After: e.After, Note: e.Note}).Exec(ctx)
	return translate(err)
}

// List returns the newest entries matching f.
func (a *AuditLog) List(ctx context.Context, tenant domain.TenantID, f moderation.AuditFilter) ([]moderation.Entry, error) {
	q := a.db.conn(ctx).NewSelect().Model((*auditRow)(nil)).Where("tenant_id = ?", tenant.String())
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.ActorID != "" {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.ItemID != "" {
		q = q.Where("item_id = ?", f.ItemID)
	}
	if f.Before != nil {
		q = q.Where("at < ?", *f.Before)
	}
	if k := f.After; k != nil {
		q = q.Where("(at < ? OR (at = ? AND id < ?))", k.At, k.At, k.ID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	var rows []auditRow
	if err := q.Order("at DESC", "id DESC").Limit(int64(limit)).Scan(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	out := make([]moderation.Entry, len(rows))
	for i, r := range rows {
		out[i] = moderation.Entry{ID: r.ID, At: r.At, ActorID: r.ActorID, Actor: r.ActorName, Role: r.Role, Action: r.Action, Kind: r.Kind,
			ItemID: r.ItemID, Before: r.Before, After: r.After, Note: r.Note}
	}
	return out, nil
}
