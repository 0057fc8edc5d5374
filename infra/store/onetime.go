package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

type oneTimeRow struct {
	bun.BaseModel `bun:"table:account_tokens"`

	TenantID  string     `bun:"tenant_id,pk"`
	TokenHash string     `bun:"token_hash,pk"`
	UserID    string     `bun:"user_id"`
	Purpose   string     `bun:"purpose"`
	Email     string     `bun:"email"`
	ExpiresAt time.Time  `bun:"expires_at"`
	UsedAt    *time.Time `bun:"used_at"`
	CreatedAt time.Time  `bun:"created_at"`
}

func (r *oneTimeRow) toDomain() account.OneTimeToken {
	return account.OneTimeToken{Hash: r.TokenHash, UserID: r.UserID, Purpose: account.Purpose(r.Purpose),
		Email: domain.Email(r.Email), ExpiresAt: r.ExpiresAt, CreatedAt: r.CreatedAt}
}

// OneTimeTokens keeps the one-time links mailed to board users.
type OneTimeTokens struct{ db *DB }

// NewOneTimeTokens returns the one-time link repository.
func NewOneTimeTokens(db *DB) *OneTimeTokens { return &OneTimeTokens{db: db} }

var _ account.OneTimeTokens = (*OneTimeTokens)(nil)

// Create stores a token; a missing user is KindNotFound.
func (r *OneTimeTokens) Create(ctx context.Context, tenant domain.TenantID, t account.OneTimeToken) error {
	row := &oneTimeRow{TenantID: tenant.String(), TokenHash: t.Hash, UserID: t.UserID, Purpose: string(t.Purpose),
		Email: t.Email.String(), ExpiresAt: t.ExpiresAt.UTC(), CreatedAt: t.CreatedAt.UTC()}
	_, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	if isForeignKeyViolation(err) {
		return domain.NotFound("user")
	}
	return translate(err)
}

// Peek returns an unused, unexpired token without using it.
func (r *OneTimeTokens) Peek(ctx context.Context, tenant domain.TenantID, p account.Purpose, hash string, now time.Time) (account.OneTimeToken, error) {
	if !isUUID(tenant.String()) {
		return account.OneTimeToken{}, domain.NotFound("link")
	}
	row := new(oneTimeRow)
	err := r.db.conn(ctx).NewSelect().Model(row).
		Where("tenant_id = ? AND token_hash = ? AND purpose = ?", tenant.String(), hash, string(p)).
		Where("used_at IS NULL AND expires_at > ?", now.UTC()).Limit(1).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return account.OneTimeToken{}, domain.NotFound("link")
		}
		return account.OneTimeToken{}, err
	}
	return row.toDomain(), nil
}

// Use marks the token used, once. The update is the test: of two requests
// with the same link, one changes the row and the other finds it used.
func (r *OneTimeTokens) Use(ctx context.Context, tenant domain.TenantID, p account.Purpose, hash string, now time.Time) (account.OneTimeToken, error) {
	t, err := r.Peek(ctx, tenant, p, hash, now)
	if err != nil {
		return t, err
	}
	res, err := r.db.conn(ctx).NewUpdate().Model((*oneTimeRow)(nil)).Set("used_at = ?", now.UTC()).
		Where("tenant_id = ? AND token_hash = ? AND purpose = ?", tenant.String(), hash, string(p)).
		Where("used_at IS NULL AND expires_at > ?", now.UTC()).Exec(ctx)
	if err != nil {
		return account.OneTimeToken{}, translate(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return account.OneTimeToken{}, domain.NotFound("link")
	}
	return t, nil
}

// DeleteForUser removes the user's tokens of the purpose.
func (r *OneTimeTokens) DeleteForUser(ctx context.Context, tenant domain.TenantID, userID string, p account.Purpose) error {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return nil
	}
	_, err := r.db.conn(ctx).NewDelete().Model((*oneTimeRow)(nil)).
		Where("tenant_id = ? AND user_id = ? AND purpose = ?", tenant.String(), userID, string(p)).Exec(ctx)
	return translate(err)
}

// EndOthers ends every browser session of the user but keepSession and
// every API token but keepToken, in the caller's transaction.
func (s *SessionStorage) EndOthers(ctx context.Context, tenant domain.TenantID, userID, keepSession, keepToken string) (int, error) {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return 0, nil
	}
	res, err := s.db.conn(ctx).NewDelete().TableExpr("sessions").
		Where("tenant_id = ? AND user_id = ? AND id <> ?", tenant.String(), userID, keepSession).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	sessions, _ := res.RowsAffected()
	res, err = s.db.conn(ctx).NewDelete().Model((*tokenRow)(nil)).
		Where("tenant_id = ? AND user_id = ? AND token_hash <> ?", tenant.String(), userID, keepToken).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	tokens, _ := res.RowsAffected()
	return int(sessions + tokens), nil
}
