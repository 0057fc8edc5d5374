package store

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/uptrace/bun"
)

type boardRoleRow struct {
	bun.BaseModel `bun:"table:board_roles"`

	TenantID  string    `bun:"tenant_id,pk"`
	UserID    string    `bun:"user_id,pk"`
	Role      string    `bun:"role,pk"`
	CreatedAt time.Time `bun:"created_at"`
}

// Roles stores role assignments and bumps the policy version on change.
type Roles struct{ db *DB }

// NewRoles returns the role repository.
func NewRoles(db *DB) *Roles { return &Roles{db: db} }

// Grant gives a user a role on a board; granting a held role is a no-op.
func (r *Roles) Grant(ctx context.Context, tenant domain.TenantID, userID string, role account.Role) error {
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		row := &boardRoleRow{TenantID: tenant.String(), UserID: userID, Role: string(role), CreatedAt: time.Now().UTC()}
		res, err := r.db.conn(ctx).NewInsert().Model(row).On("CONFLICT DO NOTHING").Exec(ctx)
		if isForeignKeyViolation(err) {
			return domain.NotFound("user")
		}
		if err != nil {
			return translate(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return bumpPolicyVersion(ctx, r.db)
	})
}

// Revoke takes a role away; revoking an absent role is a no-op.
func (r *Roles) Revoke(ctx context.Context, tenant domain.TenantID, userID string, role account.Role) error {
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		res, err := r.db.conn(ctx).NewDelete().Model((*boardRoleRow)(nil)).
			Where("tenant_id = ? AND user_id = ? AND role = ?", tenant.String(), userID, string(role)).Exec(ctx)
		if err != nil {
			return translate(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return bumpPolicyVersion(ctx, r.db)
	})
}

// Of lists the roles a user holds on a board, most powerful first.
func (r *Roles) Of(ctx context.Context, tenant domain.TenantID, userID string) ([]account.Role, error) {
	if !isUUID(tenant.String()) || !isUUID(userID) {
		return nil, nil // no such user: no roles (PostgreSQL would refuse the id)
	}
	var names []string
	err := r.db.conn(ctx).NewSelect().Model((*boardRoleRow)(nil)).Column("role").
		Where("tenant_id = ? AND user_id = ?", tenant.String(), userID).Scan(ctx, &names)
	if err != nil {
		return nil, translate(err)
	}
	held := map[string]bool{}
	for _, n := range names {
		held[n] = true
	}
	var out []account.Role
	for _, role := range account.BoardRoles {
		if held[string(role)] {
			out = append(out, role)
		}
	}
	return out, nil
}

// Grant is one role assignment, as the authorizer loads it.
type Grant struct {
	Tenant string
	UserID string
	Role   string
}

// AllGrants returns every board role assignment and every platform admin
// id, for the authorizer's policy.
func (d *DB) AllGrants(ctx context.Context) ([]Grant, []string, error) {
	var rows []boardRoleRow
	if err := d.DB.NewSelect().Model(&rows).Scan(ctx); err != nil {
		return nil, nil, translate(err)
	}
	grants := make([]Grant, len(rows))
	for i, r := range rows {
		grants[i] = Grant{Tenant: r.TenantID, UserID: r.UserID, Role: r.Role}
	}
	var admins []string
	if err := d.DB.NewSelect().Table("platform_admins").Column("id").Scan(ctx, &admins); err != nil {
		return nil, nil, translate(err)
	}
	return grants, admins, nil
}

// PolicyVersion returns the counter that every role change increments.
func (d *DB) PolicyVersion(ctx context.Context) (int64, error) {
	var v int64
	err := d.DB.NewSelect().Table("authz_version").Column("version").Where("id = 1").Scan(ctx, &v)
	return v, translate(err)
}

func bumpPolicyVersion(ctx context.Context, db *DB) error {
	_, err := db.conn(ctx).NewUpdate().Table("authz_version").Set("version = version + 1").Where("id = 1").Exec(ctx)
	return translate(err)
}
