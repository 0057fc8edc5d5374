package store

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/uptrace/bun"
)

type invitationRow struct {
	bun.BaseModel `bun:"table:company_invitations"`

	TenantID   string     `bun:"tenant_id,pk"`
	ID         string     `bun:"id,pk"`
	CompanyID  string     `bun:"company_id"`
	Email      string     `bun:"email"`
	Role       string     `bun:"role"`
	TokenHash  string     `bun:"token_hash"`
	InvitedBy  string     `bun:"invited_by"`
	ExpiresAt  time.Time  `bun:"expires_at"`
	AcceptedAt *time.Time `bun:"accepted_at"`
	CreatedAt  time.Time  `bun:"created_at"`
}

func (r *invitationRow) toDomain() *company.Invitation {
	return &company.Invitation{ID: r.ID, CompanyID: r.CompanyID, Email: domain.Email(r.Email), Role: company.Role(r.Role),
		TokenHash: r.TokenHash, InvitedBy: r.InvitedBy, ExpiresAt: r.ExpiresAt, AcceptedAt: r.AcceptedAt, CreatedAt: r.CreatedAt}
}

// CreateInvitation stores an invitation.
func (r *Companies) CreateInvitation(ctx context.Context, tenant domain.TenantID, inv *company.Invitation) error {
	row := &invitationRow{TenantID: tenant.String(), ID: inv.ID, CompanyID: inv.CompanyID, Email: inv.Email.String(), Role: string(inv.Role),
		TokenHash: inv.TokenHash, InvitedBy: inv.InvitedBy, ExpiresAt: inv.ExpiresAt, CreatedAt: inv.CreatedAt}
	_, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	if isForeignKeyViolation(err) {
		return domain.NotFound("company")
	}
	return translate(err)
}

// InvitationByTokenHash returns an invitation of the board or
// company.ErrInvitationUnknown.
func (r *Companies) InvitationByTokenHash(ctx context.Context, tenant domain.TenantID, hash string) (*company.Invitation, error) {
	row := new(invitationRow)
	err := r.db.conn(ctx).NewSelect().Model(row).Where("tenant_id = ? AND token_hash = ?", tenant.String(), hash).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return nil, company.ErrInvitationUnknown
		}
		return nil, err
	}
	return row.toDomain(), nil
}

// MarkInvitationAccepted records the acceptance exactly once: the update
// only matches an unaccepted row, so two concurrent accepts cannot both
// succeed.
func (r *Companies) MarkInvitationAccepted(ctx context.Context, tenant domain.TenantID, id string, at time.Time) error {
	res, err := r.db.conn(ctx).NewUpdate().Model((*invitationRow)(nil)).Set("accepted_at = ?", at).
		Where("tenant_id = ? AND id = ? AND accepted_at IS NULL", tenant.String(), id).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return company.ErrInvitationUsed
	}
	return nil
}

// PendingInvitations lists a company's open invitations, newest first.
func (r *Companies) PendingInvitations(ctx context.Context, tenant domain.TenantID, companyID string, now time.Time) ([]company.Invitation, error) {
	var rows []invitationRow
	err := r.db.conn(ctx).NewSelect().Model(&rows).
		Where("tenant_id = ? AND company_id = ? AND accepted_at IS NULL AND expires_at > ?", tenant.String(), companyID, now).
		Order("created_at DESC").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]company.Invitation, len(rows))
	for i := range rows {
		out[i] = *rows[i].toDomain()
	}
	return out, nil
}
