package account

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// TokenTTL is how long an API bearer token stays valid.
const TokenTTL = 30 * 24 * time.Hour

// Token is an API bearer token. Only its SHA-256 hash is stored.
type Token struct {
	Hash      string
	UserID    string
	ExpiresAt time.Time
	CreatedAt time.Time
	// LastUsed is when the token was last used, to the minute; zero
	// before its first use.
	LastUsed  time.Time
	ClientIP  string
	UserAgent string
}

// Tokens stores API tokens per board.
type Tokens interface {
	// Create stores a token for a user of the board.
	Create(ctx context.Context, tenant domain.TenantID, t Token) error
	// ByHash returns an unexpired token of the board or KindNotFound.
	ByHash(ctx context.Context, tenant domain.TenantID, hash string, now time.Time) (Token, error)
	// Touch records that the token was used at now.
	Touch(ctx context.Context, tenant domain.TenantID, hash string, now time.Time) error
	// Delete removes a token; deleting a missing token is a no-op.
	Delete(ctx context.Context, tenant domain.TenantID, hash string) error
}
