package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// twoFactorTables says where one kind of account keeps its second factor:
// board users (per board) or platform admins (no board).
type twoFactorTables struct {
	accounts string // the table with the totp_ columns
	codes    string // the recovery code table
	owner    string // the codes' column naming the account
	perBoard bool   // rows carry tenant_id
}

// TwoFactors keeps second factors: of board users (columns of users and
// recovery_codes), or of platform admins (platform_admins and
// admin_recovery_codes, the tenant argument ignored).
type TwoFactors struct {
	db *DB
	t  twoFactorTables
}

// NewTwoFactors returns the second-factor repository of board users.
func NewTwoFactors(db *DB) *TwoFactors {
	return &TwoFactors{db: db, t: twoFactorTables{accounts: "users", codes: "recovery_codes", owner: "user_id", perBoard: true}}
}

// NewAdminTwoFactors returns the second-factor repository of platform
// admins.
func NewAdminTwoFactors(db *DB) *TwoFactors {
	return &TwoFactors{db: db, t: twoFactorTables{accounts: "platform_admins", codes: "admin_recovery_codes", owner: "admin_id"}}
}

var _ account.TwoFactors = (*TwoFactors)(nil)

type twoFactorRow struct {
	Secret    string     `bun:"totp_secret"`
	Pending   string     `bun:"totp_pending"`
	EnabledAt *time.Time `bun:"totp_enabled_at"`
	LastStep  int64      `bun:"totp_last_step"`
}

// valid reports whether the ids can name a row.
func (r *TwoFactors) valid(tenant domain.TenantID, id string) bool {
	return isUUID(id) && (!r.t.perBoard || isUUID(tenant.String()))
}

// account narrows q to the account's row.
func (r *TwoFactors) account(q bun.QueryBuilder, tenant domain.TenantID, id string) bun.QueryBuilder {
	if r.t.perBoard {
		q = q.Where("tenant_id = ?", tenant.String())
	}
	return q.Where("id = ?", id)
}

// codesOf narrows q to the account's recovery codes.
func (r *TwoFactors) codesOf(q bun.QueryBuilder, tenant domain.TenantID, id string) bun.QueryBuilder {
	if r.t.perBoard {
		q = q.Where("tenant_id = ?", tenant.String())
	}
	return q.Where("? = ?", bun.Ident(r.t.owner), id)
}

func (r *TwoFactors) update(ctx context.Context, tenant domain.TenantID, id string) *bun.UpdateQuery {
	q := r.db.conn(ctx).NewUpdate().Table(r.t.accounts)
	return r.account(q.QueryBuilder(), tenant, id).Unwrap().(*bun.UpdateQuery)
}

// Get returns the account's second factor.
func (r *TwoFactors) Get(ctx context.Context, tenant domain.TenantID, id string) (account.TwoFactor, error) {
	if !r.valid(tenant, id) {
		return account.TwoFactor{}, domain.NotFound("account")
	}
	var row twoFactorRow
	q := r.db.conn(ctx).NewSelect().Table(r.t.accounts).Column("totp_secret", "totp_pending", "totp_enabled_at", "totp_last_step")
	err := r.account(q.QueryBuilder(), tenant, id).Unwrap().(*bun.SelectQuery).Limit(1).Scan(ctx, &row)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return account.TwoFactor{}, domain.NotFound("account")
		}
		return account.TwoFactor{}, err
	}
	cq := r.db.conn(ctx).NewSelect().Table(r.t.codes).Where("used_at IS NULL")
	left, err := r.codesOf(cq.QueryBuilder(), tenant, id).Unwrap().(*bun.SelectQuery).Count(ctx)
	if err != nil {
		return account.TwoFactor{}, translate(err)
	}
	return account.TwoFactor{Secret: row.Secret, Pending: row.Pending, EnabledAt: row.EnabledAt, LastStep: row.LastStep, RecoveryLeft: int(left)}, nil
}

// SetPending keeps a secret being enrolled.
func (r *TwoFactors) SetPending(ctx context.Context, tenant domain.TenantID, id, sealed string) error {
	res, err := r.update(ctx, tenant, id).Set("totp_pending = ?", sealed).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "account")
}

// Enable makes the pending secret the account's and replaces the recovery
// codes.
func (r *TwoFactors) Enable(ctx context.Context, tenant domain.TenantID, id, sealed string, at time.Time, step int64, codeHashes []string) error {
	res, err := r.update(ctx, tenant, id).Set("totp_secret = totp_pending, totp_pending = '', totp_enabled_at = ?, totp_last_step = ?", at.UTC(), step).
		Where("totp_pending = ? AND totp_pending <> ''", sealed).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.Conflict("two_factor_changed", "the code was set up elsewhere meanwhile; start again")
	}
	return r.replaceCodes(ctx, tenant, id, codeHashes)
}

func (r *TwoFactors) replaceCodes(ctx context.Context, tenant domain.TenantID, id string, codeHashes []string) error {
	dq := r.db.conn(ctx).NewDelete().Table(r.t.codes)
	if _, err := r.codesOf(dq.QueryBuilder(), tenant, id).Unwrap().(*bun.DeleteQuery).Exec(ctx); err != nil {
		return translate(err)
	}
	if len(codeHashes) == 0 {
		return nil
	}
	rows := make([]map[string]any, len(codeHashes))
	for i, h := range codeHashes {
		rows[i] = map[string]any{r.t.owner: id, "code_hash": h}
		if r.t.perBoard {
			rows[i]["tenant_id"] = tenant.String()
		}
	}
	for _, row := range rows {
		if _, err := r.db.conn(ctx).NewInsert().Model(&row).Table(r.t.codes).Exec(ctx); err != nil {
			return translate(err)
		}
	}
	return nil
}

// UseStep records step as used, once.
func (r *TwoFactors) UseStep(ctx context.Context, tenant domain.TenantID, id string, step int64) (bool, error) {
	res, err := r.update(ctx, tenant, id).Set("totp_last_step = ?", step).Where("totp_last_step < ?", step).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UseRecoveryCode marks an unused code used, once.
func (r *TwoFactors) UseRecoveryCode(ctx context.Context, tenant domain.TenantID, id, hash string, at time.Time) (bool, error) {
	q := r.db.conn(ctx).NewUpdate().Table(r.t.codes).Set("used_at = ?", at.UTC()).Where("code_hash = ? AND used_at IS NULL", hash)
	res, err := r.codesOf(q.QueryBuilder(), tenant, id).Unwrap().(*bun.UpdateQuery).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Disable removes the secret and the recovery codes.
func (r *TwoFactors) Disable(ctx context.Context, tenant domain.TenantID, id string) error {
	res, err := r.update(ctx, tenant, id).Set("totp_secret = '', totp_pending = '', totp_enabled_at = NULL, totp_last_step = 0").Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if err := expectOne(res, "account"); err != nil {
		return err
	}
	return r.replaceCodes(ctx, tenant, id, nil)
}
