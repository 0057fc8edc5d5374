package store

import (
	"context"
	"time"

	appboard "github.com/jobboard/jobboard/app/board"
	"github.com/jobboard/jobboard/domain"
	"github.com/uptrace/bun"
)

type staffMemberRow struct {
	UserID string `bun:"user_id"`
	Name   string `bun:"name"`
	Email  string `bun:"email"`
	Role   string `bun:"role"`
}

type staffInvitationRow struct {
	bun.BaseModel `bun:"table:staff_invitations"`

	TenantID   string     `bun:"tenant_id,pk"`
	ID         string     `bun:"id,pk"`
	Email      string     `bun:"email"`
	Role       string     `bun:"role"`
	TokenHash  string     `bun:"token_hash"`
	InvitedBy  string     `bun:"invited_by"`
	ExpiresAt  time.Time  `bun:"expires_at"`
	AcceptedAt *time.Time `bun:"accepted_at"`
	CreatedAt  time.Time  `bun:"created_at"`
}

// Staff stores a board's staff and staff invitations.
type Staff struct{ db *DB }

var _ appboard.StaffStore = (*Staff)(nil)

func (r *staffInvitationRow) invitation() appboard.StaffInvitation {
	return appboard.StaffInvitation{ID: r.ID, Email: r.Email, Role: r.Role, TokenHash: r.TokenHash, InvitedBy: r.InvitedBy,
		ExpiresAt: r.ExpiresAt, AcceptedAt: r.AcceptedAt, CreatedAt: r.CreatedAt}
}

// NewStaff returns the staff repository.
func NewStaff(db *DB) *Staff { return &Staff{db: db} }

// Members lists the board's owners and moderators, owners first.
func (s *Staff) Members(ctx context.Context, tenant domain.TenantID) ([]appboard.StaffMember, error) {
	var rows []staffMemberRow
	err := s.db.conn(ctx).NewSelect().TableExpr("board_roles AS r").
		ColumnExpr("r.user_id, u.name, u.email, r.role").
		Join("JOIN users AS u ON u.tenant_id = r.tenant_id AND u.id = r.user_id").
		Where("r.tenant_id = ? AND r.role IN ('owner', 'moderator')", tenant.String()).
		OrderExpr("CASE r.role WHEN 'owner' THEN 0 ELSE 1 END, u.name, u.id").Scan(ctx, &rows)
	out := make([]appboard.StaffMember, len(rows))
	for i, r := range rows {
		out[i] = appboard.StaffMember{UserID: r.UserID, Name: r.Name, Email: r.Email, Role: r.Role}
	}
	return out, translate(err)
}

// CountRole counts the users holding a role on the board.
func (s *Staff) CountRole(ctx context.Context, tenant domain.TenantID, role string) (int, error) {
	n, err := s.db.conn(ctx).NewSelect().Table("board_roles").Where("tenant_id = ? AND role = ?", tenant.String(), role).Count(ctx)
	return int(n), translate(err)
}

// CreateInvitation stores a staff invitation.
func (s *Staff) CreateInvitation(ctx context.Context, tenant domain.TenantID, inv appboard.StaffInvitation) error {
	row := &staffInvitationRow{TenantID: tenant.String(), ID: inv.ID, Email: inv.Email, Role: inv.Role, TokenHash: inv.TokenHash,
		InvitedBy: inv.InvitedBy, ExpiresAt: inv.ExpiresAt, CreatedAt: inv.CreatedAt}
	_, err := s.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	return translate(err)
}

// InvitationByHash returns a staff invitation of the board, or KindNotFound.
func (s *Staff) InvitationByHash(ctx context.Context, tenant domain.TenantID, hash string) (appboard.StaffInvitation, error) {
	row := new(staffInvitationRow)
	err := s.db.conn(ctx).NewSelect().Model(row).Where("tenant_id = ? AND token_hash = ?", tenant.String(), hash).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return appboard.StaffInvitation{}, domain.NotFound("invitation")
		}
		return appboard.StaffInvitation{}, err
	}
	return row.invitation(), nil
}

// MarkAccepted records the acceptance once; false if it was used already.
func (s *Staff) MarkAccepted(ctx context.Context, tenant domain.TenantID, id string, at time.Time) (bool, error) {
	res, err := s.db.conn(ctx).NewUpdate().Model((*staffInvitationRow)(nil)).Set("accepted_at = ?", at).
		Where("tenant_id = ? AND id = ? AND accepted_at IS NULL", tenant.String(), id).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// OpenInvitations lists unaccepted, unexpired staff invitations.
func (s *Staff) OpenInvitations(ctx context.Context, tenant domain.TenantID, now time.Time) ([]appboard.StaffInvitation, error) {
	var rows []staffInvitationRow
	err := s.db.conn(ctx).NewSelect().Model(&rows).Where("tenant_id = ? AND accepted_at IS NULL AND expires_at > ?", tenant.String(), now).
		Order("created_at DESC").Scan(ctx)
	out := make([]appboard.StaffInvitation, len(rows))
	for i := range rows {
		out[i] = rows[i].invitation()
	}
	return out, translate(err)
}
