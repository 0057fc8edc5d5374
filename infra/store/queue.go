package store

import (
	"context"
	"strings"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// The mail queues (alert digests, the mail outbox) share one shape: rows
// of a board with status pending, sent or failed, an attempt count, the
// time of the next attempt and the last error. These run them.

// leaseDue reserves up to limit of the board's pending rows of table due by
// now until until, counting an attempt on each, and scans them into dest.
// On PostgreSQL rows another sender holds are skipped; on SQLite the
// statement runs alone.
func (d *DB) leaseDue(ctx context.Context, table string, tenant domain.TenantID, now, until time.Time, limit int, dest any) error {
	lock := ""
	if d.IsPostgres() {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	now = now.UTC()
	// The rows are chosen once, in a materialised CTE: as a subquery of
	// IN, PostgreSQL may run a LIMIT ... SKIP LOCKED select more than
	// once and lease more rows than asked for.
	err := d.conn(ctx).NewRaw(`WITH due AS MATERIALIZED (
  SELECT id FROM `+table+` WHERE tenant_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`+lock+`
)
UPDATE `+table+` SET attempts = attempts + 1, next_attempt_at = ?
WHERE tenant_id = ? AND id IN (SELECT id FROM due) AND status = 'pending' AND next_attempt_at <= ?
RETURNING *`, tenant.String(), now, limit, until.UTC(), tenant.String(), now).Scan(ctx, dest)
	if err != nil && !isNotFound(translate(err)) {
		return translate(err)
	}
	return nil
}

// markSent records a row of table as delivered.
func (d *DB) markSent(ctx context.Context, table, what string, tenant domain.TenantID, id string, at time.Time) error {
	res, err := d.conn(ctx).NewRaw(`UPDATE `+table+` SET status = 'sent', sent_at = ?, last_error = '' WHERE tenant_id = ? AND id = ?`,
		at.UTC(), tenant.String(), id).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, what)
}

// markFailed records a failed attempt on a row of table: it waits until
// retryAt, or is given up (failed) when retryAt is nil.
func (d *DB) markFailed(ctx context.Context, table, what string, tenant domain.TenantID, id, reason string, retryAt *time.Time) error {
	if len(reason) > 1000 {
		reason = strings.ToValidUTF8(reason[:1000], "")
	}
	q := `UPDATE ` + table + ` SET status = 'failed', last_error = ? WHERE tenant_id = ? AND id = ?`
	args := []any{reason, tenant.String(), id}
	if retryAt != nil {
		q = `UPDATE ` + table + ` SET next_attempt_at = ?, last_error = ? WHERE tenant_id = ? AND id = ?`
		args = []any{retryAt.UTC(), reason, tenant.String(), id}
	}
	res, err := d.conn(ctx).NewRaw(q, args...).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, what)
}
