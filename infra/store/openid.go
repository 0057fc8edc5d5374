package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

type openIDRow struct {
	bun.BaseModel `bun:"table:board_openid"`

	TenantID     string    `bun:"tenant_id,pk"`
	Issuer       string    `bun:"issuer"`
	ClientID     string    `bun:"client_id"`
	ClientSecret string    `bun:"client_secret"`
	Label        string    `bun:"label"`
	Exclusive    bool      `bun:"exclusive"`
	UpdatedAt    time.Time `bun:"updated_at"`
}

// OpenIDProviders keeps each board's OpenID Connect provider.
type OpenIDProviders struct{ db *DB }

// NewOpenIDProviders returns the provider repository.
func NewOpenIDProviders(db *DB) *OpenIDProviders { return &OpenIDProviders{db: db} }

var _ account.OpenIDProviders = (*OpenIDProviders)(nil)

// Get returns the board's provider or KindNotFound.
func (r *OpenIDProviders) Get(ctx context.Context, tenant domain.TenantID) (account.OpenIDProvider, error) {
	if !isUUID(tenant.String()) {
		return account.OpenIDProvider{}, domain.NotFound("sign-in provider")
	}
	row := new(openIDRow)
	err := r.db.conn(ctx).NewSelect().Model(row).Where("tenant_id = ?", tenant.String()).Limit(1).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return account.OpenIDProvider{}, domain.NotFound("sign-in provider")
		}
		return account.OpenIDProvider{}, err
	}
	return account.OpenIDProvider{Issuer: row.Issuer, ClientID: row.ClientID, ClientSecret: row.ClientSecret, Label: row.Label,
		Exclusive: row.Exclusive, UpdatedAt: row.UpdatedAt}, nil
}

// Put sets the board's provider.
func (r *OpenIDProviders) Put(ctx context.Context, tenant domain.TenantID, p account.OpenIDProvider) error {
	row := &openIDRow{TenantID: tenant.String(), Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret, Label: p.Label,
		Exclusive: p.Exclusive, UpdatedAt: p.UpdatedAt.UTC()}
	_, err := r.db.conn(ctx).NewInsert().Model(row).On("CONFLICT (tenant_id) DO UPDATE").
		Set("issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id, client_secret = EXCLUDED.client_secret").
		Set("label = EXCLUDED.label, exclusive = EXCLUDED.exclusive, updated_at = EXCLUDED.updated_at").Exec(ctx)
	return translate(err)
}

// Delete removes the board's provider.
func (r *OpenIDProviders) Delete(ctx context.Context, tenant domain.TenantID) error {
	_, err := r.db.conn(ctx).NewDelete().Model((*openIDRow)(nil)).Where("tenant_id = ?", tenant.String()).Exec(ctx)
	return translate(err)
}

type identityRow struct {
	bun.BaseModel `bun:"table:user_identities"`

	TenantID  string    `bun:"tenant_id,pk"`
	Issuer    string    `bun:"issuer,pk"`
	Subject   string    `bun:"subject,pk"`
	UserID    string    `bun:"user_id"`
	CreatedAt time.Time `bun:"created_at"`
}

// Identities links provider accounts to board users.
type Identities struct{ db *DB }

// NewIdentities returns the identity repository.
func NewIdentities(db *DB) *Identities { return &Identities{db: db} }

var _ account.Identities = (*Identities)(nil)

// UserFor returns the user linked to the provider account.
func (r *Identities) UserFor(ctx context.Context, tenant domain.TenantID, issuer, subject string) (string, error) {
	if !isUUID(tenant.String()) {
		return "", domain.NotFound("user")
	}
	row := new(identityRow)
	err := r.db.conn(ctx).NewSelect().Model(row).Where("tenant_id = ? AND issuer = ? AND subject = ?", tenant.String(), issuer, subject).Limit(1).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return "", domain.NotFound("user")
		}
		return "", err
	}
	return row.UserID, nil
}

// Link links the provider account to the user.
func (r *Identities) Link(ctx context.Context, tenant domain.TenantID, issuer, subject, userID string, at time.Time) error {
	row := &identityRow{TenantID: tenant.String(), Issuer: issuer, Subject: subject, UserID: userID, CreatedAt: at.UTC()}
	_, err := r.db.conn(ctx).NewInsert().Model(row).On("CONFLICT (tenant_id, issuer, subject) DO NOTHING").Exec(ctx)
	return translate(err)
}
