package store

import (
	"context"
	"strings"

	appcompany "github.com/jobboard/jobboard/app/company"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/uptrace/bun"
)

// Directory is the read model of the company directory.
type Directory struct{ db *DB }

// NewDirectory returns the directory read model.
func NewDirectory(db *DB) *Directory { return &Directory{db: db} }

var _ appcompany.Directory = (*Directory)(nil)

// likePattern escapes LIKE wildcards in s and wraps it for a substring
// match.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// ListPublished returns published companies, premium first, then A–Z by
// case-folded name and id, after the cursor.
func (d *Directory) ListPublished(ctx context.Context, tenant domain.TenantID, f appcompany.Filter) ([]company.Snapshot, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	premium := "(CASE WHEN premium_until > ? THEN 1 ELSE 0 END)"
	q := d.db.conn(ctx).NewSelect().Model((*companyRow)(nil)).
		Where("tenant_id = ? AND status = ? AND taken_down_at IS NULL", tenant.String(), string(company.StatusPublished))
	if f.Query != "" {
		q = q.Where(`sort_name LIKE ? ESCAPE '\'`, likePattern(f.Query))
	}
	if f.Sector != "" {
		q = q.Where("sector = ?", f.Sector)
	}
	if f.Location != "" {
		q = q.Where(`lower(location) LIKE ? ESCAPE '\'`, likePattern(f.Location))
	}
	if c := f.After; c != nil {
		p := 0
		if c.Premium {
			p = 1
		}
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where(premium+" < ?", f.Now, p).
				WhereOr(premium+" = ? AND (sort_name > ? OR (sort_name = ? AND id > ?))", f.Now, p, c.Name, c.Name, c.ID)
		})
	}
	var rows []companyRow
	err := q.OrderExpr(premium+" DESC", f.Now).OrderExpr("sort_name, id").Limit(int64(f.Limit)).Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]company.Snapshot, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain().Snapshot()
	}
	return out, nil
}

// ForMember returns the companies a user is on the team of, A–Z.
func (d *Directory) ForMember(ctx context.Context, tenant domain.TenantID, userID string) ([]appcompany.Membership, error) {
	if !isUUID(tenant.String()) || !isUUID(userID) {
		return nil, nil
	}
	var rows []struct {
		companyRow `bun:",extend"`
		Role       string `bun:"member_role"`
	}
	err := d.db.conn(ctx).NewSelect().TableExpr("companies AS company_row").
		ColumnExpr("company_row.*, m.role AS member_role").
		Join("JOIN company_members AS m ON m.tenant_id = company_row.tenant_id AND m.company_id = company_row.id").
		Where("m.tenant_id = ? AND m.user_id = ?", tenant.String(), userID).
		OrderExpr("company_row.sort_name, company_row.id").Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]appcompany.Membership, len(rows))
	for i := range rows {
		out[i] = appcompany.Membership{Company: rows[i].companyRow.toDomain().Snapshot(), Role: company.Role(rows[i].Role)}
	}
	return out, nil
}
