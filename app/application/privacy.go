package application

import (
	"context"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Export is everything the board keeps about a candidate.
type Export struct {
	User         *account.User
	Roles        []account.Role
	SavedJobs    []SavedJob
	Applications []MyApplication
	// Alerts is nil when the board has no job alerts; otherwise the
	// subscriptions of the account's e-mail address.
	Alerts     []any
	ExportedAt time.Time
}

// ExportData returns the actor's own data: account, saved jobs,
// applications and, where alerts exist, alert subscriptions.
func (s *Service) ExportData(ctx context.Context, tenant domain.TenantID, actor app.Actor) (Export, error) {
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return Export{}, err
	}
	roles, err := s.deps.Roles.Of(ctx, tenant, actor.UserID)
	if err != nil {
		return Export{}, err
	}
	saved, err := s.SavedJobs(ctx, tenant, actor)
	if err != nil {
		return Export{}, err
	}
	apps, err := s.MyApplications(ctx, tenant, actor)
	if err != nil {
		return Export{}, err
	}
	out := Export{User: u, Roles: roles, SavedJobs: saved, Applications: apps, ExportedAt: s.now()}
	if s.deps.Alerts != nil {
		if out.Alerts, err = s.deps.Alerts.ForEmail(ctx, tenant, u.Email()); err != nil {
			return Export{}, err
		}
		if out.Alerts == nil {
			out.Alerts = []any{}
		}
	}
	return out, nil
}

// ErrAccountInUse refuses to delete the account of board staff or of a
// company team member: the board or the company would lose its owner.
var ErrAccountInUse = domain.Conflict("account_in_use", "your account runs a company or the board: leave the company's team (or hand it over) and give up staff roles first")

// DeleteAccount deletes the actor's account after checking their password.
// Their applications stay with the companies, so that counts do not
// change, but lose every personal field and their CV files; their saved
// jobs, alert subscriptions, roles, API tokens and browser sessions go,
// and the e-mail address can no longer sign in.
func (s *Service) DeleteAccount(ctx context.Context, tenant domain.TenantID, actor app.Actor, password, clientIP string) error {
	u, err := s.deps.Users.ByID(ctx, tenant, actor.UserID)
	if err != nil {
		return err
	}
	if err := s.deps.Passwords.ConfirmPassword(ctx, tenant, u, password, clientIP); err != nil {
		return err
	}
	var keys []string
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		roles, err := s.deps.Roles.Of(ctx, tenant, u.ID())
		if err != nil {
			return err
		}
		for _, r := range roles {
			if r == account.RoleOwner || r == account.RoleModerator {
				return ErrAccountInUse
			}
		}
		if n, err := s.deps.Reads.Memberships(ctx, tenant, u.ID()); err != nil {
			return err
		} else if n > 0 {
			return ErrAccountInUse
		}
		apps, err := s.deps.Applications.ForUser(ctx, tenant, u.ID())
		if err != nil {
			return err
		}
		for _, snap := range apps {
			// Locked and read again: a status move in flight must not be
			// undone by writing back the list's copy.
			a, err := s.deps.Applications.LockByID(ctx, tenant, snap.ID)
			if err != nil {
				return err
			}
			if key := a.Anonymise(s.now()); key != "" {
				keys = append(keys, key)
			}
			if err := s.deps.Applications.Update(ctx, tenant, a); err != nil {
				return err
			}
		}
		if s.deps.Alerts != nil {
			if err := s.deps.Alerts.DeleteForEmail(ctx, tenant, u.Email()); err != nil {
				return err
			}
		}
		return s.deps.Eraser.DeleteUser(ctx, tenant, u.ID())
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		// The rows no longer point at the files; a failure here leaves an
		// orphan file, never a reachable one.
		if err := s.deps.Files.Delete(ctx, k); err != nil {
			slog.ErrorContext(ctx, "CV of a deleted account not removed", "tenant", tenant, "key", k, "err", err)
		}
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return nil
}
