package store

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/uptrace/bun"
)

type userRow struct {
	bun.BaseModel `bun:"table:users"`

	TenantID        string     `bun:"tenant_id,pk"`
	ID              string     `bun:"id,pk"`
	Email           string     `bun:"email"`
	Name            string     `bun:"name"`
	PasswordHash    string     `bun:"password_hash"`
	CreatedAt       time.Time  `bun:"created_at"`
	EmailVerifiedAt *time.Time `bun:"email_verified_at"`
}

func (r *userRow) toDomain() *account.User {
	return account.RehydrateUser(r.ID, domain.TenantID(r.TenantID), r.Email, r.Name, r.PasswordHash, r.CreatedAt, r.EmailVerifiedAt)
}

// Users is the board user repository.
type Users struct{ db *DB }

// NewUsers returns the user repository.
func NewUsers(db *DB) *Users { return &Users{db: db} }

// ErrEmailTaken is returned when an e-mail is already registered on a board.
var ErrEmailTaken = &domain.Error{Kind: domain.KindConflict, Code: "email_taken", Message: "an account with this e-mail already exists; sign in instead", Fields: map[string]string{"email": "an account with this e-mail already exists"}}

// Create inserts a user; an e-mail taken on the board is KindConflict.
func (r *Users) Create(ctx context.Context, tenant domain.TenantID, u *account.User) error {
	row := &userRow{TenantID: tenant.String(), ID: u.ID(), Email: u.Email().String(), Name: u.Name(), PasswordHash: u.PasswordHash(), CreatedAt: u.CreatedAt(), EmailVerifiedAt: u.VerifiedAt()}
	_, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
	if isUniqueViolation(err, "users_email_key", "users.email") {
		return ErrEmailTaken
	}
	return translate(err)
}

func (r *Users) one(ctx context.Context, tenant domain.TenantID, col, val string) (*account.User, error) {
	if !isUUID(tenant.String()) {
		return nil, domain.NotFound("user")
	}
	row := new(userRow)
	err := r.db.conn(ctx).NewSelect().Model(row).
		Where("tenant_id = ?", tenant.String()).Where("? = ?", bun.Ident(col), val).Limit(1).Scan(ctx)
	if err = translate(err); err == domain.ErrNotFound {
		return nil, domain.NotFound("user")
	} else if err != nil {
		return nil, err
	}
	return row.toDomain(), nil
}

// ByID returns a user of the board or KindNotFound.
func (r *Users) ByID(ctx context.Context, tenant domain.TenantID, id string) (*account.User, error) {
	if !isUUID(id) {
		return nil, domain.NotFound("user")
	}
	return r.one(ctx, tenant, "id", id)
}

// ByEmail returns a user of the board or KindNotFound.
func (r *Users) ByEmail(ctx context.Context, tenant domain.TenantID, email domain.Email) (*account.User, error) {
	return r.one(ctx, tenant, "email", email.String())
}

// UpdatePasswordHash stores a new hash.
func (r *Users) UpdatePasswordHash(ctx context.Context, tenant domain.TenantID, id, hash string) error {
	res, err := r.db.conn(ctx).NewUpdate().Model((*userRow)(nil)).Set("password_hash = ?", hash).
		Where("tenant_id = ? AND id = ?", tenant.String(), id).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "user")
}

// ConfirmEmail makes email the user's confirmed address as of at.
func (r *Users) ConfirmEmail(ctx context.Context, tenant domain.TenantID, id string, email domain.Email, at time.Time) error {
	if !isUUID(id) || !isUUID(tenant.String()) {
		return domain.NotFound("user")
	}
	res, err := r.db.conn(ctx).NewUpdate().Model((*userRow)(nil)).Set("email = ?", email.String()).
		Set("email_verified_at = COALESCE(CASE WHEN email = ? THEN email_verified_at END, ?)", email.String(), at.UTC()).
		Where("tenant_id = ? AND id = ?", tenant.String(), id).Exec(ctx)
	if isUniqueViolation(err, "users_email_key", "users.email") {
		return ErrEmailTaken
	}
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "user")
}
