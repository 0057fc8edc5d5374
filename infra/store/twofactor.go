package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// TwoFactors keeps board users' second factors: columns of users and the
// recovery_codes table.
type TwoFactors struct{ db *DB }

// NewTwoFactors returns the second-factor repository.
func NewTwoFactors(db *DB) *TwoFactors { return &TwoFactors{db: db} }

var _ account.TwoFactors = (*TwoFactors)(nil)

type twoFactorRow struct {
	bun.BaseModel `bun:"table:users"`

	Secret    string     `bun:"totp_secret"`
	Pending   string     `bun:"totp_pending"`
	EnabledAt *time.Time `bun:"totp_enabled_at"`
	LastStep  int64      `bun:"totp_last_step"`
}

func (r *TwoFactors) user(ctx context.Context, tenant domain.TenantID, userID string) *bun.UpdateQuery {
	return r.db.conn(ctx).NewUpdate().Model((*twoFactorRow)(nil)).Where("tenant_id = ? AND id = ?", tenant.String(), userID)
}

// Get returns the user's second factor.
func (r *TwoFactors) Get(ctx context.Context, tenant domain.TenantID, userID string) (account.TwoFactor, error) {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return account.TwoFactor{}, domain.NotFound("user")
	}
	row := new(twoFactorRow)
	err := r.db.conn(ctx).NewSelect().Model(row).Column("totp_secret", "totp_pending", "totp_enabled_at", "totp_last_step").
		Where("tenant_id = ? AND id = ?", tenant.String(), userID).Limit(1).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return account.TwoFactor{}, domain.NotFound("user")
		}
		return account.TwoFactor{}, err
	}
	left, err := r.db.conn(ctx).NewSelect().TableExpr("recovery_codes").
		Where("tenant_id = ? AND user_id = ? AND used_at IS NULL", tenant.String(), userID).Count(ctx)
	if err != nil {
		return account.TwoFactor{}, translate(err)
	}
	return account.TwoFactor{Secret: row.Secret, Pending: row.Pending, EnabledAt: row.EnabledAt, LastStep: row.LastStep, RecoveryLeft: int(left)}, nil
}

// SetPending keeps a secret being enrolled.
func (r *TwoFactors) SetPending(ctx context.Context, tenant domain.TenantID, userID, sealed string) error {
	res, err := r.user(ctx, tenant, userID).Set("totp_pending = ?", sealed).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "user")
}

// Enable makes the pending secret the user's and replaces the recovery
// codes.
func (r *TwoFactors) Enable(ctx context.Context, tenant domain.TenantID, userID, sealed string, at time.Time, step int64, codeHashes []string) error {
	res, err := r.user(ctx, tenant, userID).Set("totp_secret = totp_pending, totp_pending = '', totp_enabled_at = ?, totp_last_step = ?", at.UTC(), step).
		Where("totp_pending = ? AND totp_pending <> ''", sealed).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.Conflict("two_factor_changed", "the code was set up elsewhere meanwhile; start again")
	}
	return r.replaceCodes(ctx, tenant, userID, codeHashes)
}

func (r *TwoFactors) replaceCodes(ctx context.Context, tenant domain.TenantID, userID string, codeHashes []string) error {
	if _, err := r.db.conn(ctx).NewDelete().TableExpr("recovery_codes").Where("tenant_id = ? AND user_id = ?", tenant.String(), userID).Exec(ctx); err != nil {
		return translate(err)
	}
	if len(codeHashes) == 0 {
		return nil
	}
	rows := make([]recoveryCodeRow, len(codeHashes))
	for i, h := range codeHashes {
		rows[i] = recoveryCodeRow{TenantID: tenant.String(), UserID: userID, CodeHash: h}
	}
	_, err := r.db.conn(ctx).NewInsert().Model(&rows).Exec(ctx)
	return translate(err)
}

type recoveryCodeRow struct {
	bun.BaseModel `bun:"table:recovery_codes"`

	TenantID string     `bun:"tenant_id,pk"`
	UserID   string     `bun:"user_id,pk"`
	CodeHash string     `bun:"code_hash,pk"`
	UsedAt   *time.Time `bun:"used_at"`
}

// UseStep records step as used, once.
func (r *TwoFactors) UseStep(ctx context.Context, tenant domain.TenantID, userID string, step int64) (bool, error) {
	res, err := r.user(ctx, tenant, userID).Set("totp_last_step = ?", step).Where("totp_last_step < ?", step).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UseRecoveryCode marks an unused code used, once.
func (r *TwoFactors) UseRecoveryCode(ctx context.Context, tenant domain.TenantID, userID, hash string, at time.Time) (bool, error) {
	res, err := r.db.conn(ctx).NewUpdate().TableExpr("recovery_codes").Set("used_at = ?", at.UTC()).
		Where("tenant_id = ? AND user_id = ? AND code_hash = ? AND used_at IS NULL", tenant.String(), userID, hash).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Disable removes the secret and the recovery codes.
func (r *TwoFactors) Disable(ctx context.Context, tenant domain.TenantID, userID string) error {
	res, err := r.user(ctx, tenant, userID).Set("totp_secret = '', totp_pending = '', totp_enabled_at = NULL, totp_last_step = 0").Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if err := expectOne(res, "user"); err != nil {
		return err
	}
	return r.replaceCodes(ctx, tenant, userID, nil)
}
