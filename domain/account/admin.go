package account

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// Admin is a platform administrator: global, not tied to a board.
type Admin struct {
	ID           string
	Email        domain.Email
	Name         string
	PasswordHash string
	CreatedAt    time.Time
}

// Admins stores platform administrators.
type Admins interface {
	// Create inserts an admin; a taken e-mail is KindConflict (code email_taken).
	Create(ctx context.Context, a *Admin) error
	// ByEmail returns an admin or KindNotFound.
	ByEmail(ctx context.Context, email domain.Email) (*Admin, error)
	// ByID returns an admin or KindNotFound.
	ByID(ctx context.Context, id string) (*Admin, error)
	// SetPassword replaces an existing admin's password hash; KindNotFound if missing.
	SetPassword(ctx context.Context, id, hash string) error
}

// AdminResets keeps platform admins' password reset links.
type AdminResets interface {
	// Create stores a link's hash for the admin until expires.
	Create(ctx context.Context, hash, adminID string, expires, now time.Time) error
	// Peek returns the admin of an unused, unexpired link; KindNotFound
	// otherwise.
	Peek(ctx context.Context, hash string, now time.Time) (string, error)
	// Use marks the link used, once, and returns its admin; KindNotFound
	// for a used, expired or unknown link.
	Use(ctx context.Context, hash string, now time.Time) (string, error)
	// EndSessions deletes the admin's other links and browser sessions.
	EndSessions(ctx context.Context, adminID string) error
}
