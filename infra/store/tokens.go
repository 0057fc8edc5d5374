package store

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/uptrace/bun"
)

type tokenRow struct {
	bun.BaseModel `bun:"table:api_tokens"`

	TenantID   string     `bun:"tenant_id,pk"`
	TokenHash  string     `bun:"token_hash,pk"`
	UserID     string     `bun:"user_id"`
	ExpiresAt  time.Time  `bun:"expires_at"`
	CreatedAt  time.Time  `bun:"created_at"`
	LastUsedAt *time.Time `bun:"last_used_at"`
	ClientIP   string     `bun:"client_ip"`
	UserAgent  string     `bun:"user_agent"`
}

// Tokens is the API token repository.
type Tokens struct{ db *DB }

// NewTokens returns the API token repository.
func NewTokens(db *DB) *Tokens { return &Tokens{db: db} }

// Create stores a token for a user of the board.
func (r *Tokens) Create(ctx context.Context, tenant domain.TenantID, t account.Token) error {
	row := &tokenRow{TenantID: tenant.String(), TokenHash: t.Hash, UserID: t.UserID, ExpiresAt: t.ExpiresAt, CreatedAt: t.CreatedAt,
		ClientIP: clip(t.ClientIP, 64), UserAgent: clip(t.UserAgent, 300)}
	_, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	if isForeignKeyViolation(err) {
		return domain.NotFound("user")
	}
	return translate(err)
}

// ByHash returns an unexpired token of the board or KindNotFound.
func (r *Tokens) ByHash(ctx context.Context, tenant domain.TenantID, hash string, now time.Time) (account.Token, error) {
	row := new(tokenRow)
	err := r.db.conn(ctx).NewSelect().Model(row).
		Where("tenant_id = ? AND token_hash = ? AND expires_at > ?", tenant.String(), hash, now).Limit(1).Scan(ctx)
	if err = translate(err); err == domain.ErrNotFound {
		return account.Token{}, domain.NotFound("token")
	} else if err != nil {
		return account.Token{}, err
	}
	t := account.Token{Hash: row.TokenHash, UserID: row.UserID, ExpiresAt: row.ExpiresAt, CreatedAt: row.CreatedAt, ClientIP: row.ClientIP, UserAgent: row.UserAgent}
	if row.LastUsedAt != nil {
		t.LastUsed = *row.LastUsedAt
	}
	return t, nil
}

// Touch records that the token was used at now.
func (r *Tokens) Touch(ctx context.Context, tenant domain.TenantID, hash string, now time.Time) error {
	_, err := r.db.conn(ctx).NewUpdate().Model((*tokenRow)(nil)).Set("last_used_at = ?", now.UTC()).
		Where("tenant_id = ? AND token_hash = ?", tenant.String(), hash).Exec(ctx)
	return translate(err)
}

// Delete removes a token; deleting a missing token is a no-op.
func (r *Tokens) Delete(ctx context.Context, tenant domain.TenantID, hash string) error {
	_, err := r.db.conn(ctx).NewDelete().Model((*tokenRow)(nil)).Where("tenant_id = ? AND token_hash = ?", tenant.String(), hash).Exec(ctx)
	return translate(err)
}
