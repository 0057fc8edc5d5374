package account

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// Purpose says what a one-time link mailed to an account does.
type Purpose string

// The purposes of one-time links.
const (
	// PurposeReset sets a new password.
	PurposeReset Purpose = "reset"
	// PurposeVerify confirms an address: the account's own, or a new one
	// it changes to.
	PurposeVerify Purpose = "verify"
)

// How long one-time links work.
const (
	ResetTTL  = time.Hour
	VerifyTTL = 48 * time.Hour
)

// OneTimeToken is a link mailed to an account. Only the SHA-256 of the
// token is kept; the link works once, before ExpiresAt, on its board.
type OneTimeToken struct {
	Hash    string
	UserID  string
	Purpose Purpose
	// Email is the address the link was mailed to: the account's own, or
	// for a change of address, the new one.
	Email     domain.Email
	ExpiresAt time.Time
	CreatedAt time.Time
}

// OneTimeTokens stores one-time links per board.
type OneTimeTokens interface {
	// Create stores a token.
	Create(ctx context.Context, tenant domain.TenantID, t OneTimeToken) error
	// Peek returns an unused, unexpired token of the board for the purpose
	// without using it; otherwise KindNotFound.
	Peek(ctx context.Context, tenant domain.TenantID, p Purpose, hash string, now time.Time) (OneTimeToken, error)
	// Use marks the token used, once: a second use, an expired token or
	// one of another board or purpose is KindNotFound.
	Use(ctx context.Context, tenant domain.TenantID, p Purpose, hash string, now time.Time) (OneTimeToken, error)
	// DeleteForUser removes the user's tokens of the purpose, used or not.
	DeleteForUser(ctx context.Context, tenant domain.TenantID, userID string, p Purpose) error
}

// SignedIn is one place where a user is signed in: a browser session or
// an API token.
type SignedIn struct {
	// Handle names it without being usable to sign in: a hash of the
	// session id, or the token's hash.
	Handle    string
	API       bool
	ClientIP  string
	UserAgent string
	CreatedAt time.Time
	// LastSeen is when it was last used, to the minute.
	LastSeen time.Time
	// Current marks the session or token the request came with.
	Current bool
}

// Sessions are the signed-in browser sessions and API tokens of board
// users, which their owner sees and ends, and a new password ends.
type Sessions interface {
	// EndOthers ends every browser session of the user but keepSession,
	// and every API token but the one whose hash is keepToken ("" keeps
	// none), and returns how many it ended.
	EndOthers(ctx context.Context, tenant domain.TenantID, userID, keepSession, keepToken string) (int, error)
	// List returns the user's unexpired sessions and tokens, most
	// recently used first; currentSession and currentToken mark the
	// caller's.
	List(ctx context.Context, tenant domain.TenantID, userID, currentSession, currentToken string, now time.Time) ([]SignedIn, error)
	// End ends the user's session or token with the handle; KindNotFound
	// when the user has none with it.
	End(ctx context.Context, tenant domain.TenantID, userID, handle string) error
}
