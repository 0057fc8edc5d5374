package store

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/uptrace/bun"
)

type adminRow struct {
	bun.BaseModel `bun:"table:platform_admins"`

	ID           string    `bun:"id,pk"`
	Email        string    `bun:"email"`
	Name         string    `bun:"name"`
	PasswordHash string    `bun:"password_hash"`
	CreatedAt    time.Time `bun:"created_at"`
}

// Admins is the platform admin repository.
type Admins struct{ db *DB }

// NewAdmins returns the platform admin repository.
func NewAdmins(db *DB) *Admins { return &Admins{db: db} }

// Create inserts an admin and bumps the policy version.
func (r *Admins) Create(ctx context.Context, a *account.Admin) error {
	return r.db.RunInTx(ctx, func(ctx context.Context) error {
		row := &adminRow{ID: a.ID, Email: a.Email.String(), Name: a.Name, PasswordHash: a.PasswordHash, CreatedAt: a.CreatedAt}
		_, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx)
		if isUniqueViolation(err, "platform_admins_email_key", "platform_admins.email") {
			return ErrEmailTaken
		}
		if err != nil {
			return translate(err)
		}
		return bumpPolicyVersion(ctx, r.db)
	})
}

func (r *Admins) one(ctx context.Context, col, val string) (*account.Admin, error) {
	row := new(adminRow)
	err := r.db.conn(ctx).NewSelect().Model(row).Where("? = ?", bun.Ident(col), val).Limit(1).Scan(ctx)
	if err = translate(err); err == domain.ErrNotFound {
		return nil, domain.NotFound("admin")
	} else if err != nil {
		return nil, err
	}
	return &account.Admin{ID: row.ID, Email: domain.Email(row.Email), Name: row.Name, PasswordHash: row.PasswordHash, CreatedAt: row.CreatedAt}, nil
}

// ByEmail returns an admin or KindNotFound.
func (r *Admins) ByEmail(ctx context.Context, email domain.Email) (*account.Admin, error) {
	return r.one(ctx, "email", email.String())
}

// ByID returns an admin or KindNotFound.
func (r *Admins) ByID(ctx context.Context, id string) (*account.Admin, error) {
	if !isUUID(id) {
		return nil, domain.NotFound("admin")
	}
	return r.one(ctx, "id", id)
}

// SetPassword replaces an admin's password hash.
func (r *Admins) SetPassword(ctx context.Context, id, hash string) error {
	res, err := r.db.conn(ctx).NewUpdate().Model((*adminRow)(nil)).Set("password_hash = ?", hash).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return expectOne(res, "admin")
}
