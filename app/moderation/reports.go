package moderation

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/moderation"
)

// Reporting limits: per client address and board, per hour.
const (
	ReportWindow      = time.Hour
	MaxReportsPerHour = 10
)

// ReportInput is a report as the form or API sends it.
type ReportInput struct {
	Reason string `json:"reason" form:"reason" validate:"max=40"`
	Note   string `json:"note" form:"note" validate:"max=4000"`
}

// Report records a complaint about a public job or company by anyone,
// signed in (reporterID) or not. Reports are rate-limited per client
// address; they land in the review queue grouped per item.
func (s *Service) Report(ctx context.Context, tenant domain.TenantID, kind moderation.Kind, id, reporterID, clientIP string, in ReportInput) error {
	if err := app.Validate(in); err != nil {
		return err
	}
	if err := s.requirePublic(ctx, tenant, kind, id); err != nil {
		return err
	}
	r, err := moderation.NewReport(s.deps.IDs.New(), kind, id, in.Reason, in.Note, reporterID, s.now())
	if err != nil {
		return err
	}
	key := "report:" + tenant.String() + ":" + clientIP
	n, end, err := s.deps.Throttle.Hit(ctx, key, s.now(), ReportWindow)
	if err != nil {
		return err
	}
	if n > MaxReportsPerHour {
		wait := int(end.Sub(s.now()).Seconds()) + 1
		return domain.TooMany("you have sent many reports; try again later", wait)
	}
	return s.deps.Reports.Create(ctx, tenant, r)
}

// requirePublic makes sure only what the public can see can be reported.
func (s *Service) requirePublic(ctx context.Context, tenant domain.TenantID, kind moderation.Kind, id string) error {
	switch kind {
	case moderation.KindJob:
		j, err := s.deps.Jobs.ByID(ctx, tenant, id)
		if err != nil {
			return err
		}
		if !j.Public(s.now()) {
			return domain.NotFound("job")
		}
	case moderation.KindCompany:
		c, err := s.deps.Companies.ByID(ctx, tenant, id)
		if err != nil {
			return err
		}
		if !c.Public() {
			return domain.NotFound("company")
		}
	default:
		return domain.NotFound("item")
	}
	return nil
}

// AuditInput filters the audit log.
type AuditInput struct {
	Action string `query:"action" json:"action" validate:"max=60"`
	Actor  string `query:"actor" json:"actor" validate:"max=60"`
	Kind   string `query:"kind" json:"kind" validate:"max=30"`
	Item   string `query:"item" json:"item" validate:"max=60"`
	Before string `query:"before" json:"before" validate:"max=40"`
	// Cursor continues from the page that returned it.
	Cursor string `query:"cursor" json:"cursor" validate:"max=200"`
	Limit  int    `query:"limit" json:"limit" validate:"min=0,max=500"`
}

// auditPosition is a cursor into the audit log: the last entry shown.
type auditPosition struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

// Valid reports whether a decoded cursor names an entry.
func (p auditPosition) Valid() bool { return !p.At.IsZero() && p.ID != "" }

// Audit returns a page of audit entries, newest first, and the cursor of
// the next page ("" on the last); board owners only.
func (s *Service) Audit(ctx context.Context, tenant domain.TenantID, st app.Actor, in AuditInput) ([]moderation.Entry, string, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, st.Subject(), app.ObjAudit, app.ActRead); err != nil {
		return nil, "", err
	}
	if err := app.Validate(in); err != nil {
		return nil, "", err
	}
	f := moderation.AuditFilter{Action: in.Action, ActorID: in.Actor, Kind: in.Kind, ItemID: in.Item}
	if in.Before != "" {
		t, err := time.Parse(time.RFC3339Nano, in.Before)
		if err != nil {
			return nil, "", domain.Invalid("before", "use a time like 2026-11-25T10:00:00Z")
		}
		f.Before = &t
	}
	limit := in.Limit
	if limit == 0 {
		limit = 100
	}
	return app.Paginate(in.Cursor, limit, func(after *auditPosition, n int) ([]moderation.Entry, error) {
		f.Limit = n
		if after != nil {
			f.After = &moderation.AuditKey{At: after.At, ID: after.ID}
		}
		return s.deps.AuditLog.List(ctx, tenant, f)
	}, func(e moderation.Entry) auditPosition { return auditPosition{At: e.At, ID: e.ID} })
}
