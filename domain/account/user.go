// Package account holds board users, platform admins, their roles and API
// tokens.
package account

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// MaxNameLength is the longest display name accepted.
const MaxNameLength = 100

// User is a person registered on one board. The same e-mail on another
// board is another user.
type User struct {
	id           string
	tenant       domain.TenantID
	email        domain.Email
	name         string
	passwordHash string
	createdAt    time.Time
	verifiedAt   *time.Time
}

// NewUser validates a sign-up. passwordHash must already be computed from a
// password that passed CheckPassword.
func NewUser(id string, tenant domain.TenantID, email domain.Email, name, passwordHash string, now time.Time) (*User, error) {
	n, err := ParseName(name)
	if err != nil {
		return nil, err
	}
	return &User{id: id, tenant: tenant, email: email, name: n, passwordHash: passwordHash, createdAt: now}, nil
}

// ParseName trims and checks a display name.
func ParseName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", domain.Invalid("name", "enter your name")
	case !utf8.ValidString(name):
		return "", domain.Invalid("name", "the name contains characters that are not allowed")
	case utf8.RuneCountInString(name) > MaxNameLength:
		return "", domain.Invalid("name", "use at most 100 characters")
	case strings.ContainsAny(name, "\x00\r\n<>"):
		return "", domain.Invalid("name", "the name contains characters that are not allowed")
	}
	if msg := domain.CheckDisplayText(name); msg != "" {
		return "", domain.Invalid("name", msg)
	}
	return name, nil
}

// RehydrateUser rebuilds a user from storage; verifiedAt is nil while the
// address is unconfirmed.
func RehydrateUser(id string, tenant domain.TenantID, email, name, passwordHash string, createdAt time.Time, verifiedAt *time.Time) *User {
	return &User{id: id, tenant: tenant, email: domain.Email(email), name: name, passwordHash: passwordHash, createdAt: createdAt, verifiedAt: verifiedAt}
}

// ID returns the user id.
func (u *User) ID() string { return u.id }

// Tenant returns the board the user belongs to.
func (u *User) Tenant() domain.TenantID { return u.tenant }

// Email returns the sign-in address.
func (u *User) Email() domain.Email { return u.email }

// Name returns the display name.
func (u *User) Name() string { return u.name }

// PasswordHash returns the encoded password hash.
func (u *User) PasswordHash() string { return u.passwordHash }

// CreatedAt returns when the user signed up.
func (u *User) CreatedAt() time.Time { return u.createdAt }

// VerifiedAt returns when the address was confirmed, or nil.
func (u *User) VerifiedAt() *time.Time { return u.verifiedAt }

// Verified reports whether the person proved they read mail at the address.
func (u *User) Verified() bool { return u.verifiedAt != nil }

// MarkVerified records that the address is confirmed, for accounts whose
// address was vouched for when they were made (a board's owner, demo data).
func (u *User) MarkVerified(at time.Time) {
	if u.verifiedAt == nil {
		u.verifiedAt = &at
	}
}

// SetPasswordHash replaces the hash, for rehashing with stronger parameters.
func (u *User) SetPasswordHash(h string) { u.passwordHash = h }

// Users stores board users.
type Users interface {
	// Create inserts a user; an e-mail taken on the board is KindConflict (code email_taken).
	Create(ctx context.Context, tenant domain.TenantID, u *User) error
	// ByID returns a user of the board or KindNotFound.
	ByID(ctx context.Context, tenant domain.TenantID, id string) (*User, error)
	// ByEmail returns a user of the board or KindNotFound.
	ByEmail(ctx context.Context, tenant domain.TenantID, email domain.Email) (*User, error)
	// UpdatePasswordHash stores a new hash; KindNotFound if missing.
	UpdatePasswordHash(ctx context.Context, tenant domain.TenantID, id, hash string) error
	// ConfirmEmail makes email the user's confirmed address as of at: the
	// address they have, or a new one they proved. A new address taken on
	// the board meanwhile is KindConflict (code email_taken); a missing
	// user is KindNotFound.
	ConfirmEmail(ctx context.Context, tenant domain.TenantID, id string, email domain.Email, at time.Time) error
}
