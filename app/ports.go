// Package app holds the use cases and the ports they need. Adapters in
// infra/ implement the ports; nothing here imports a framework.
package app

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// Objects and actions the policy knows. Every permission decision names one
// object and one action.
const (
	ObjBoard      = "board"      // settings, pricing, domain
	ObjStaff      = "staff"      // moderators and owners of a board
	ObjModeration = "moderation" // the review queue
	ObjAudit      = "audit"      // the audit log
	ObjCompany    = "company"    // registering a company
	ObjJob        = "job"        // posting jobs
	ObjSaved      = "saved_job"  // a candidate's saved jobs
	ObjPlatform   = "platform"   // every board

	ActRead   = "read"
	ActManage = "manage"
	ActCreate = "create"
	ActReview = "review"
)

// Subject names who acts, in the authorizer's terms.
type Subject string

// UserSubject is the subject of a board user.
func UserSubject(userID string) Subject { return Subject("user:" + userID) }

// AdminSubject is the subject of a platform admin.
func AdminSubject(adminID string) Subject { return Subject("admin:" + adminID) }

// Authorizer makes every permission decision.
type Authorizer interface {
	// Can reports whether subject may act on object on the board. It returns
	// an error only when the decision could not be made (KindInternal).
	Can(ctx context.Context, tenant domain.TenantID, subject Subject, object, action string) (bool, error)
	// Refresh reloads role assignments now, after a committed change; other
	// instances pick the change up on their own within two seconds.
	Refresh(ctx context.Context) error
}

// Require returns ErrForbidden unless the authorizer allows the action.
func Require(ctx context.Context, a Authorizer, tenant domain.TenantID, subject Subject, object, action string) error {
	ok, err := a.Can(ctx, tenant, subject, object, action)
	if err != nil {
		return err
	}
	if !ok {
		return domain.ErrForbidden
	}
	return nil
}

// TxRunner runs fn in one database transaction. Repositories called with
// the ctx that fn receives take part in it. A returned error rolls back.
type TxRunner interface {
	RunInTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Clock tells the time; tests pass a fixed one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock, in UTC.
type SystemClock struct{}

// Now returns the current UTC time.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// PasswordHasher hashes and verifies passwords.
type PasswordHasher interface {
	// Hash returns an encoded hash of password.
	Hash(password string) (string, error)
	// Verify reports whether password matches encoded, and whether encoded
	// should be replaced because its parameters are outdated.
	Verify(password, encoded string) (ok, rehash bool, err error)
}

// Throttle counts events per key in fixed windows, shared by every instance.
type Throttle interface {
	// Count returns how many events key has in its current window without
	// adding one, and when that window ends.
	Count(ctx context.Context, key string, now time.Time) (int, time.Time, error)
	// Hit adds an event to key's window (starting a new window of length
	// window when the last one ended) and returns the new count and the
	// window's end.
	Hit(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error)
	// Reset forgets key.
	Reset(ctx context.Context, key string) error
}

// IDs makes new identifiers (time-ordered UUIDs in production).
type IDs interface {
	New() string
}
