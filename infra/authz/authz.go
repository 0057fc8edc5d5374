// Package authz is the casbin implementation of app.Authorizer: RBAC with
// domains, where the domain is a board's tenant id and platform admins hold
// their role in the domain "*". The model and the role permissions are
// embedded; role assignments are read from the database and reloaded when
// the store's policy version changes, so that every instance sharing the
// database converges within two seconds.
package authz

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/store"
)

// DefaultPollInterval is how often Run checks the policy version. With the
// time a reload takes, a change made on another instance is enforced here
// well within the two seconds the app.Authorizer contract allows.
const DefaultPollInterval = 500 * time.Millisecond

// pollTimeout bounds one check and reload, so that a hung database delays
// polling instead of stopping it.
const pollTimeout = 5 * time.Second

// failureLogInterval is how often a continuing polling failure is logged
// again after the first report.
const failureLogInterval = time.Minute

// Authorizer is the app.Authorizer backed by a casbin SyncedEnforcer. It is
// safe for concurrent use. Decisions are made in memory from the last
// policy loaded; when the database is unreachable the Authorizer keeps
// deciding with that policy.
type Authorizer struct {
	db       *store.DB
	enforcer *casbin.SyncedEnforcer
	adapter  *adapter
	log      *slog.Logger
	interval time.Duration

	// reloadMu serializes loads so that an older snapshot of the role
	// assignments never replaces a newer one.
	reloadMu sync.Mutex
	version  atomic.Int64
}

var _ app.Authorizer = (*Authorizer)(nil)

// Option configures an Authorizer.
type Option func(*Authorizer)

// WithPollInterval sets how often Run checks the policy version; values
// that are not positive leave DefaultPollInterval in place.
func WithPollInterval(d time.Duration) Option {
	return func(a *Authorizer) {
		if d > 0 {
			a.interval = d
		}
	}
}

// WithLogger sets the logger for polling failures and skipped role
// assignments; the default is slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(a *Authorizer) {
		if l != nil {
			a.log = l
		}
	}
}

// New builds an Authorizer and loads the policy from db. It fails when the
// embedded model or policy is malformed or the database cannot be read, so
// that a process never starts with an empty policy. Call Run to follow
// changes made by other instances.
func New(ctx context.Context, db *store.DB, opts ...Option) (*Authorizer, error) {
	a := &Authorizer{db: db, log: slog.Default(), interval: DefaultPollInterval}
	for _, opt := range opts {
		opt(a)
	}
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("authz: parse model: %w", err)
	}
	a.adapter, err = newAdapter(db, a.log)
	if err != nil {
		return nil, err
	}
	// Without an adapter the enforcer loads nothing; the first load happens
	// below, with ctx.
	a.enforcer, err = casbin.NewSyncedEnforcer(m)
	if err != nil {
		return nil, fmt.Errorf("authz: create enforcer: %w", err)
	}
	a.enforcer.SetAdapter(a.adapter)
	a.enforcer.EnableAutoSave(false)
	if err := a.reload(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// Can reports whether subject may perform action on object on the board
// tenant. A subject that is not "user:<id>" or "admin:<id>" is denied, as
// are an empty object and action. It returns an error (KindInternal) only
// when the decision could not be made.
func (a *Authorizer) Can(_ context.Context, tenant domain.TenantID, subject app.Subject, object, action string) (bool, error) {
	if !validSubject(subject) || object == "" || action == "" {
		return false, nil
	}
	ok, err := a.enforcer.Enforce(string(subject), tenant.String(), object, action)
	if err != nil {
		return false, fmt.Errorf("authz: decide %s %s %s on %s: %w", subject, action, object, tenant, err)
	}
	return ok, nil
}

// validSubject accepts only the two subject forms app builds. Anything else
// is refused before it reaches casbin, whose role manager treats a name as
// linked to itself: a bare "admin" or "owner" would otherwise act as that
// role.
func validSubject(s app.Subject) bool {
	for _, prefix := range []string{"user:", "admin:"} {
		if id, ok := strings.CutPrefix(string(s), prefix); ok {
			return id != ""
		}
	}
	return false
}

// Refresh reloads the policy now. Call it after committing a role change so
// that this instance enforces it at once; other instances pick it up from
// Run. On error the previous policy stays in force.
func (a *Authorizer) Refresh(ctx context.Context) error {
	return a.reload(ctx)
}

// Version returns the policy version that the loaded policy reflects.
func (a *Authorizer) Version() int64 {
	return a.version.Load()
}

// Run checks the policy version every poll interval and reloads the policy
// when it changed, until ctx is done. Failures are logged and retried on
// the next tick; meanwhile the last policy loaded stays in force. Run it in
// its own goroutine.
func (a *Authorizer) Run(ctx context.Context) {
	ticker := time.NewTicker(a.interval)
	defer ticker.Stop()
	var failingSince, lastLogged time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		err := a.poll(ctx)
		if ctx.Err() != nil {
			return
		}
		now := time.Now()
		switch {
		case err != nil && failingSince.IsZero():
			failingSince, lastLogged = now, now
			a.log.Warn("authz: cannot refresh the policy; keeping the last one", "err", err)
		case err != nil && now.Sub(lastLogged) >= failureLogInterval:
			lastLogged = now
			a.log.Warn("authz: still cannot refresh the policy; keeping the last one", "err", err, "failing_for", now.Sub(failingSince).Round(time.Second))
		case err == nil && !failingSince.IsZero():
			a.log.Info("authz: policy refresh recovered", "failed_for", now.Sub(failingSince).Round(time.Second))
			failingSince = time.Time{}
		}
	}
}

// poll reloads the policy if the stored version differs from the loaded
// one. A panic is turned into an error so that polling never takes the
// process down.
func (a *Authorizer) poll(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("authz: panic while refreshing the policy: %v", r)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, pollTimeout)
	defer cancel()
	v, err := a.db.PolicyVersion(ctx)
	if err != nil {
		return fmt.Errorf("authz: read policy version: %w", err)
	}
	if v == a.version.Load() {
		return nil
	}
	return a.reload(ctx)
}

// reload loads the policy and records the version it reflects.
func (a *Authorizer) reload(ctx context.Context) error {
	a.reloadMu.Lock()
	defer a.reloadMu.Unlock()
	// The version is read before the assignments: a change committed in
	// between is then loaded under the older version and merely reloaded
	// once more, whereas reading it afterwards could record a version whose
	// change the loaded policy lacks, and that change would never be loaded.
	v, err := a.db.PolicyVersion(ctx)
	if err != nil {
		return fmt.Errorf("authz: read policy version: %w", err)
	}
	a.adapter.ctx = ctx
	err = a.enforcer.LoadPolicy()
	a.adapter.ctx = nil
	if err != nil {
		return fmt.Errorf("authz: load policy: %w", err)
	}
	a.version.Store(v)
	return nil
}
