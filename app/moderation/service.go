// Package moderation holds what a board's staff do: the review queue,
// approving and rejecting with reasons, take-downs and restores, reports
// from the public, automatic signals and the audit log.
package moderation

import (
	"context"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/domain/moderation"
)

// Queue reads what waits for review.
type Queue interface {
	// PendingJobs returns jobs waiting for review, oldest first.
	PendingJobs(ctx context.Context, tenant domain.TenantID, limit int) ([]job.Snapshot, error)
	// PendingCompanies returns profiles waiting for review, oldest first.
	PendingCompanies(ctx context.Context, tenant domain.TenantID, limit int) ([]company.Snapshot, error)
}

// Refunder refunds a job's paid postings when the job is rejected.
type Refunder interface {
	// RefundJobPosting refunds the paid, unrefunded posting orders of a job
	// through the payment gateway, and reports whether there were any.
	RefundJobPosting(ctx context.Context, tenant domain.TenantID, jobID string) (bool, error)
}

// Deps are the ports the moderation use cases need.
type Deps struct {
	Jobs      job.Repository
	Companies company.Repository
	Pending   Queue
	Reports   moderation.Reports
	AuditLog  moderation.AuditLog
	Users     account.Users
	Roles     account.Roles
	Boards    board.Repository
	Refunder  Refunder
	Mailer    app.Mailer
	Throttle  app.Throttle
	Authz     app.Authorizer
	Tx        app.TxRunner
	Clock     app.Clock
	IDs       app.IDs
}

// Service runs the moderation use cases.
type Service struct{ deps Deps }

// NewService returns the moderation service.
func NewService(d Deps) *Service { return &Service{deps: d} }

func (s *Service) now() time.Time { return s.deps.Clock.Now() }

// requireQueue lets staff who review anything see the queue: owners,
// moderators and roles with a review or report permission.
func (s *Service) requireQueue(ctx context.Context, tenant domain.TenantID, st app.Actor) error {
	return app.Require(ctx, s.deps.Authz, tenant, st.Subject(), app.ObjModeration, app.ActRead)
}

// requireDecide lets through staff who may decide on items of kind.
func (s *Service) requireDecide(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind) error {
	object := app.ObjModerationJobs
	if kind == moderation.KindCompany {
		object = app.ObjModerationCompanies
	}
	return app.Require(ctx, s.deps.Authz, tenant, st.Subject(), object, app.ActReview)
}

// audit appends an entry for an action by st, inside the caller's
// transaction. before and after are encoded as JSON.
func (s *Service) audit(ctx context.Context, tenant domain.TenantID, st app.Actor, action, kind, itemID string, before, after any, note string) error {
	return Record(ctx, s.deps.AuditLog, s.deps.Users, s.deps.Roles, s.deps.IDs, tenant, st, action, kind, itemID, before, after, note, s.now())
}

// Record appends an audit entry of what actor did, inside the caller's
// transaction. A board user is named with their e-mail and roles on the
// board; a platform admin or the system by what they are.
func Record(ctx context.Context, log moderation.AuditLog, users account.Users, roles account.Roles, ids app.IDs, tenant domain.TenantID,
	actor app.Actor, action, kind, itemID string, before, after any, note string, now time.Time) error {
	id, name, role := actor.AuditID(), "", ""
	switch {
	case actor.UserID != "":
		name = actor.UserID
		if u, err := users.ByID(ctx, tenant, actor.UserID); err == nil {
			name = u.Name() + " <" + u.Email().String() + ">"
		}
		held, err := roles.Of(ctx, tenant, actor.UserID)
		if err != nil {
			return err
		}
		names := make([]string, len(held))
		for i, r := range held {
			names[i] = string(r)
		}
		role = strings.Join(names, ",")
	case actor.AdminID != "":
		name, role = "platform admin "+actor.AdminID, "admin"
	default:
		name, role = actor.System, "system"
	}
	return log.Append(ctx, tenant, moderation.Entry{ID: ids.New(), At: now, ActorID: id, Actor: name, Role: role,
		Action: action, Kind: kind, ItemID: itemID, Before: moderation.StateJSON(before), After: moderation.StateJSON(after), Note: note})
}

// state is what the audit log keeps of an item: enough to see what changed.
type state struct {
	Status      string     `json:"status"`
	Title       string     `json:"title,omitempty"`
	TakenDownAt *time.Time `json:"taken_down_at,omitempty"`
	HasEdit     bool       `json:"has_edit,omitempty"`
	Reason      string     `json:"reason,omitempty"`
}

func jobState(j *job.Job) state {
	s := j.Snapshot()
	return state{Status: string(s.Status), Title: s.Posting.Title, TakenDownAt: s.TakenDownAt, HasEdit: s.Revision != nil, Reason: s.RejectionReason}
}

func companyState(c *company.Company) state {
	s := c.Snapshot()
	return state{Status: string(s.Status), Title: s.Profile.Name, TakenDownAt: s.TakenDownAt, HasEdit: s.Revision != nil, Reason: s.RejectionReason}
}
