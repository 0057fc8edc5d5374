package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

type adminResetRow struct {
	bun.BaseModel `bun:"table:admin_reset_tokens"`

	TokenHash string     `bun:"token_hash,pk"`
	AdminID   string     `bun:"admin_id"`
	ExpiresAt time.Time  `bun:"expires_at"`
	UsedAt    *time.Time `bun:"used_at"`
	CreatedAt time.Time  `bun:"created_at"`
}

// AdminResets keeps platform admins' password reset links.
type AdminResets struct{ db *DB }

// NewAdminResets returns the admin reset link repository.
func NewAdminResets(db *DB) *AdminResets { return &AdminResets{db: db} }

var _ account.AdminResets = (*AdminResets)(nil)

// Create stores a link's hash.
func (r *AdminResets) Create(ctx context.Context, hash, adminID string, expires, now time.Time) error {
	row := &adminResetRow{TokenHash: hash, AdminID: adminID, ExpiresAt: expires.UTC(), CreatedAt: now.UTC()}
	_, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	return translate(err)
}

// Peek returns the admin of an unused, unexpired link.
func (r *AdminResets) Peek(ctx context.Context, hash string, now time.Time) (string, error) {
	row := new(adminResetRow)
	err := r.db.conn(ctx).NewSelect().Model(row).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", hash, now.UTC()).Limit(1).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return "", domain.NotFound("link")
		}
		return "", err
	}
	return row.AdminID, nil
}

// Use marks the link used, once.
func (r *AdminResets) Use(ctx context.Context, hash string, now time.Time) (string, error) {
	adminID, err := r.Peek(ctx, hash, now)
	if err != nil {
		return "", err
	}
	res, err := r.db.conn(ctx).NewUpdate().Model((*adminResetRow)(nil)).Set("used_at = ?", now.UTC()).
		Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", hash, now.UTC()).Exec(ctx)
	if err != nil {
		return "", translate(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return "", domain.NotFound("link")
	}
	return adminID, nil
}

// EndSessions deletes the admin's links and browser sessions.
func (r *AdminResets) EndSessions(ctx context.Context, adminID string) error {
	if !isUUID(adminID) {
		return nil
	}
	if _, err := r.db.conn(ctx).NewDelete().Model((*adminResetRow)(nil)).Where("admin_id = ?", adminID).Exec(ctx); err != nil {
		return translate(err)
	}
	_, err := r.db.conn(ctx).NewDelete().TableExpr("sessions").Where("tenant_id IS NULL AND user_id = ?", adminID).Exec(ctx)
	return translate(err)
}

// BindAdminSession records which platform admin a browser session
// belongs to, so that a new password ends it.
func (s *SessionStorage) BindAdminSession(ctx context.Context, sessionID, adminID, clientIP, userAgent string) error {
	if !isUUID(adminID) {
		return nil
	}
	_, err := s.db.DB.NewUpdate().TableExpr("sessions").Set("tenant_id = NULL, user_id = ?", adminID).
		Set("client_ip = ?, user_agent = ?", clip(clientIP, 64), clip(userAgent, 300)).
		Where("id = ?", sessionID).Exec(ctx)
	return translate(err)
}
