package store

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

type customRoleRow struct {
	bun.BaseModel `bun:"table:board_custom_roles"`

	TenantID    string    `bun:"tenant_id,pk"`
	ID          string    `bun:"id,pk"`
	Name        string    `bun:"name"`
	Permissions string    `bun:"permissions"`
	CreatedAt   time.Time `bun:"created_at"`
	UpdatedAt   time.Time `bun:"updated_at"`
}

func (r *customRoleRow) toDomain() account.CustomRole {
	var perms []account.Permission
	for _, p := range strings.Split(r.Permissions, ",") {
		if p != "" {
			perms = append(perms, account.Permission(p))
		}
	}
	return account.CustomRole{ID: r.ID, Name: r.Name, Permissions: perms, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type customMemberRow struct {
	bun.BaseModel `bun:"table:board_custom_role_members"`

	TenantID  string    `bun:"tenant_id,pk"`
	RoleID    string    `bun:"role_id,pk"`
	UserID    string    `bun:"user_id,pk"`
	CreatedAt time.Time `bun:"created_at"`
}

// CustomRoles stores the roles board owners make.
type CustomRoles struct{ db *DB }

// NewCustomRoles returns the custom role repository.
func NewCustomRoles(db *DB) *CustomRoles { return &CustomRoles{db: db} }

var _ account.CustomRoles = (*CustomRoles)(nil)

// List returns the board's roles with their members.
func (r *CustomRoles) List(ctx context.Context, tenant domain.TenantID) ([]account.CustomRole, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	var rows []customRoleRow
	if err := r.db.conn(ctx).NewSelect().Model(&rows).Where("tenant_id = ?", tenant.String()).Order("name").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	var members []struct {
		RoleID string `bun:"role_id"`
		UserID string `bun:"user_id"`
		Email  string `bun:"email"`
		Name   string `bun:"name"`
	}
	if err := r.db.conn(ctx).NewSelect().TableExpr("board_custom_role_members AS m").
		ColumnExpr("m.role_id, m.user_id, u.email, u.name").
		Join("JOIN users AS u ON u.tenant_id = m.tenant_id AND u.id = m.user_id").
		Where("m.tenant_id = ?", tenant.String()).OrderExpr("u.email").Scan(ctx, &members); err != nil {
		return nil, translate(err)
	}
	out := make([]account.CustomRole, len(rows))
	index := map[string]int{}
	for i := range rows {
		out[i] = rows[i].toDomain()
		index[rows[i].ID] = i
	}
	for _, m := range members {
		if i, ok := index[m.RoleID]; ok {
			out[i].Members = append(out[i].Members, account.Member{UserID: m.UserID, Email: domain.Email(m.Email), Name: m.Name})
		}
	}
	return out, nil
}

// ByID returns a role of the board.
func (r *CustomRoles) ByID(ctx context.Context, tenant domain.TenantID, id string) (account.CustomRole, error) {
	return r.one(ctx, tenant, id, false)
}

// LockByID returns a role of the board for a change inside the caller's
// transaction, its row locked until the transaction ends.
func (r *CustomRoles) LockByID(ctx context.Context, tenant domain.TenantID, id string) (account.CustomRole, error) {
	return r.one(ctx, tenant, id, true)
}

func (r *CustomRoles) one(ctx context.Context, tenant domain.TenantID, id string, lock bool) (account.CustomRole, error) {
	if !isUUID(tenant.String()) || !isUUID(id) {
		return account.CustomRole{}, domain.NotFound("role")
	}
	row := new(customRoleRow)
	q := r.db.conn(ctx).NewSelect().Model(row).Where("tenant_id = ? AND id = ?", tenant.String(), id)
	if lock {
		var err error
		if q, err = r.db.forUpdate(ctx, q, "", "board_custom_roles", tenant.String(), id); err != nil {
			return account.CustomRole{}, err
		}
	}
	err := q.Limit(1).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return account.CustomRole{}, domain.NotFound("role")
		}
		return account.CustomRole{}, err
	}
	return row.toDomain(), nil
}

// errRoleNameTaken is a second role of one name on a board.
var errRoleNameTaken = &domain.Error{Kind: domain.KindConflict, Code: "role_name_taken", Message: "the board has a role of this name",
	Fields: map[string]string{"name": "the board has a role of this name already"}}

// Save inserts or updates a role.
func (r *CustomRoles) Save(ctx context.Context, tenant domain.TenantID, cr account.CustomRole) error {
	perms := make([]string, len(cr.Permissions))
	for i, p := range cr.Permissions {
		perms[i] = string(p)
	}
	row := &customRoleRow{TenantID: tenant.String(), ID: cr.ID, Name: cr.Name, Permissions: strings.Join(perms, ","),
		CreatedAt: cr.CreatedAt.UTC(), UpdatedAt: cr.UpdatedAt.UTC()}
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		// The name is checked first: a refused insert ends a PostgreSQL
		// transaction.
		n, err := r.db.conn(ctx).NewSelect().Model((*customRoleRow)(nil)).
			Where("tenant_id = ? AND name = ? AND id <> ?", tenant.String(), cr.Name, cr.ID).Count(ctx)
		if err != nil {
			return translate(err)
		}
		if n > 0 {
			return errRoleNameTaken
		}
		_, err = r.db.conn(ctx).NewInsert().Model(row).On("CONFLICT (tenant_id, id) DO UPDATE").
			Set("name = EXCLUDED.name, permissions = EXCLUDED.permissions, updated_at = EXCLUDED.updated_at").Exec(ctx)
		if isUniqueViolation(err, "board_custom_roles_name_key", "board_custom_roles.name") {
			return errRoleNameTaken
		}
		if err != nil {
			return translate(err)
		}
		return bumpPolicyVersion(ctx, r.db)
	})
}

// Delete removes a role and its grants.
func (r *CustomRoles) Delete(ctx context.Context, tenant domain.TenantID, id string) error {
	if !isUUID(tenant.String()) || !isUUID(id) {
		return domain.NotFound("role")
	}
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		if _, err := r.db.conn(ctx).NewDelete().Model((*customMemberRow)(nil)).Where("tenant_id = ? AND role_id = ?", tenant.String(), id).Exec(ctx); err != nil {
			return translate(err)
		}
		res, err := r.db.conn(ctx).NewDelete().Model((*customRoleRow)(nil)).Where("tenant_id = ? AND id = ?", tenant.String(), id).Exec(ctx)
		if err != nil {
			return translate(err)
		}
		if err := expectOne(res, "role"); err != nil {
			return err
		}
		return bumpPolicyVersion(ctx, r.db)
	})
}

// Grant gives the role to a user of the board.
func (r *CustomRoles) Grant(ctx context.Context, tenant domain.TenantID, roleID, userID string, at time.Time) error {
	if !isUUID(tenant.String()) || !isUUID(roleID) || !isUUID(userID) {
		return domain.NotFound("role")
	}
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		row := &customMemberRow{TenantID: tenant.String(), RoleID: roleID, UserID: userID, CreatedAt: at.UTC()}
		res, err := r.db.conn(ctx).NewInsert().Model(row).On("CONFLICT DO NOTHING").Exec(ctx)
		if isForeignKeyViolation(err) {
			return domain.NotFound("role or user")
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

// Revoke takes the role away.
func (r *CustomRoles) Revoke(ctx context.Context, tenant domain.TenantID, roleID, userID string) error {
	if !isUUID(tenant.String()) || !isUUID(roleID) || !isUUID(userID) {
		return domain.NotFound("role member")
	}
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		res, err := r.db.conn(ctx).NewDelete().Model((*customMemberRow)(nil)).
			Where("tenant_id = ? AND role_id = ? AND user_id = ?", tenant.String(), roleID, userID).Exec(ctx)
		if err != nil {
			return translate(err)
		}
		if err := expectOne(res, "role member"); err != nil {
			return err
		}
		return bumpPolicyVersion(ctx, r.db)
	})
}

// Held returns the ids of the board's custom roles the user holds.
func (r *CustomRoles) Held(ctx context.Context, tenant domain.TenantID, userID string) ([]string, error) {
	if !isUUID(tenant.String()) || !isUUID(userID) {
		return nil, nil
	}
	var ids []string
	err := r.db.conn(ctx).NewSelect().Model((*customMemberRow)(nil)).Column("role_id").
		Where("tenant_id = ? AND user_id = ?", tenant.String(), userID).Scan(ctx, &ids)
	return ids, translate(err)
}

// CustomRoleRules is a custom role as the authorizer loads it.
type CustomRoleRules struct {
	Tenant      string
	ID          string
	Permissions []account.Permission
}

// AllCustomRoles returns every board's custom roles and their grants, for
// the authorizer's policy; grants name the role as "custom:<id>".
func (d *DB) AllCustomRoles(ctx context.Context) ([]CustomRoleRules, []Grant, error) {
	var rows []customRoleRow
	if err := d.DB.NewSelect().Model(&rows).Scan(ctx); err != nil {
		return nil, nil, translate(err)
	}
	roles := make([]CustomRoleRules, len(rows))
	for i := range rows {
		cr := rows[i].toDomain()
		roles[i] = CustomRoleRules{Tenant: rows[i].TenantID, ID: cr.ID, Permissions: cr.Permissions}
	}
	var members []customMemberRow
	if err := d.DB.NewSelect().Model(&members).Scan(ctx); err != nil {
		return nil, nil, translate(err)
	}
	grants := make([]Grant, len(members))
	for i, m := range members {
		grants[i] = Grant{Tenant: m.TenantID, UserID: m.UserID, Role: CustomRoleName(m.RoleID)}
	}
	return roles, grants, nil
}

// CustomRoleName is a custom role's name in the authorizer's policy.
func CustomRoleName(id string) string { return "custom:" + id }
