package account

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// RecoveryCodeCount is how many one-time recovery codes enrolment gives.
const RecoveryCodeCount = 10

// TwoFactor is a user's second factor: an authenticator app's secret
// (sealed), a secret being enrolled, and the last time step used, so that
// a code works once.
type TwoFactor struct {
	Secret    string // sealed; "" when two-factor is off
	Pending   string // sealed; a secret shown for enrolment, not confirmed yet
	EnabledAt *time.Time
	LastStep  int64
	// RecoveryLeft is how many recovery codes are unused.
	RecoveryLeft int
}

// Enabled reports whether sign-in asks for a second factor.
func (t TwoFactor) Enabled() bool { return t.EnabledAt != nil && t.Secret != "" }

// TwoFactors stores users' second factors per board.
type TwoFactors interface {
	// Get returns the user's state; KindNotFound for a missing user.
	Get(ctx context.Context, tenant domain.TenantID, userID string) (TwoFactor, error)
	// SetPending keeps a secret being enrolled.
	SetPending(ctx context.Context, tenant domain.TenantID, userID, sealed string) error
	// Enable makes the pending secret the user's, with the step of the
	// confirming code, and replaces the recovery codes by codeHashes;
	// KindConflict when nothing is pending or pending is not sealed.
	Enable(ctx context.Context, tenant domain.TenantID, userID, sealed string, at time.Time, step int64, codeHashes []string) error
	// UseStep records step as used, once: false when it or a later step
	// was used already.
	UseStep(ctx context.Context, tenant domain.TenantID, userID string, step int64) (bool, error)
	// UseRecoveryCode marks the unused code with the hash used, once:
	// false when there is none.
	UseRecoveryCode(ctx context.Context, tenant domain.TenantID, userID, hash string, at time.Time) (bool, error)
	// Disable removes the secret and the recovery codes.
	Disable(ctx context.Context, tenant domain.TenantID, userID string) error
}
