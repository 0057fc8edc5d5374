package account

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// OpenIDProvider is a board's OpenID Connect provider: the publisher's own
// accounts, which its readers sign in with.
type OpenIDProvider struct {
	Issuer   string
	ClientID string
	// ClientSecret is sealed with the server's key.
	ClientSecret string
	// Label names the provider on the button ("PharmaTimes").
	Label string
	// Exclusive makes the provider the only way in for candidates: they
	// cannot sign up or sign in with a password. Staff still can.
	Exclusive bool
	UpdatedAt time.Time
}

// OpenIDProviders stores the boards' providers.
type OpenIDProviders interface {
	// Get returns the board's provider; KindNotFound when it has none.
	Get(ctx context.Context, tenant domain.TenantID) (OpenIDProvider, error)
	// Put sets the board's provider.
	Put(ctx context.Context, tenant domain.TenantID, p OpenIDProvider) error
	// Delete removes the board's provider; none is not an error.
	Delete(ctx context.Context, tenant domain.TenantID) error
}

// Identities links provider accounts (issuer and subject) to board users.
type Identities interface {
	// UserFor returns the id of the user linked to the provider account;
	// KindNotFound when none is.
	UserFor(ctx context.Context, tenant domain.TenantID, issuer, subject string) (string, error)
	// Link links the provider account to the user; linking it again is a
	// no-op.
	Link(ctx context.Context, tenant domain.TenantID, issuer, subject, userID string, at time.Time) error
}
