package moderation

import (
	"context"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
	"github.com/jobboard/jobboard/domain/moderation"
)

// Outcome says what a decision did, for the staff's feedback.
type Outcome struct {
	Kind     moderation.Kind
	ID       string
	Title    string
	Status   string
	Refunded bool
	// Job or Company is the item after the decision.
	Job     *job.Snapshot
	Company *company.Snapshot
}

// RejectInput is a rejection as forms and the API send it.
type RejectInput struct {
	Reason  string `json:"reason" form:"reason" validate:"max=40"`
	Message string `json:"message" form:"message" validate:"max=4000"`
}

// Approve publishes a pending item, or puts a reviewed edit live. Deciding
// twice, or on a taken-down item, is KindConflict and sends nothing.
func (s *Service) Approve(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind, id string) (Outcome, error) {
	return s.decide(ctx, tenant, st, kind, id, "approve", nil)
}

// Reject returns a pending item (or drops a reviewed edit) with a reason
// and a message for the employer. A rejected paid posting is refunded.
func (s *Service) Reject(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind, id string, in RejectInput) (Outcome, error) {
	if err := app.Validate(in); err != nil {
		return Outcome{}, err
	}
	d, err := moderation.ParseDecision(in.Reason, in.Message)
	if err != nil {
		return Outcome{}, err
	}
	return s.decide(ctx, tenant, st, kind, id, "reject", &d)
}

// mail is a notice to send once the decision is committed.
type mail struct {
	to, subject, text string
}

func (s *Service) decide(ctx context.Context, tenant domain.TenantID, st app.Actor, kind moderation.Kind, id, verb string, d *moderation.Decision) (Outcome, error) {
	if err := s.requireDecide(ctx, tenant, st, kind); err != nil {
		return Outcome{}, err
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return Outcome{}, err
	}
	days := b.Settings().PostingDurationDays
	if days <= 0 {
		days = 30
	}
	duration := time.Duration(days) * 24 * time.Hour
	var (
		out     = Outcome{Kind: kind, ID: id}
		notice  mail
		wasPost bool
	)
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		// Two staff deciding at once: the item is read locked, so the
		// second sees the first's decision and gets a conflict, not decide
		// (and mail) again.
		switch kind {
		case moderation.KindJob:
			j, err := s.deps.Jobs.LockByID(ctx, tenant, id)
			if err != nil {
				return err
			}
			before := jobState(j)
			edit := j.Snapshot().Revision != nil && j.Status() == job.StatusPublished
			switch {
			case verb == "approve" && edit:
				err = j.ApproveRevision(s.now())
			case verb == "approve":
				// A paid posting runs for the time paid for instead.
				err = j.Approve(duration, s.now())
			case edit:
				err = j.RejectRevision(d.Text(), s.now())
			default:
				err = j.Reject(d.Text(), s.now())
				wasPost = err == nil
			}
			if err != nil {
				return err
			}
			if err := s.deps.Jobs.Update(ctx, tenant, j); err != nil {
				return err
			}
			out.Title, out.Status = j.Snapshot().Posting.Title, string(j.Status())
			snap := j.Snapshot()
			out.Job = &snap
			notice = s.notice(ctx, tenant, j.Snapshot().CreatedBy, "job", out.Title, verb, edit, d)
			return s.audit(ctx, tenant, st, "job."+verb, "job", id, before, jobState(j), note(d))
		case moderation.KindCompany:
			c, err := s.deps.Companies.LockByID(ctx, tenant, id)
			if err != nil {
				return err
			}
			before := companyState(c)
			edit := c.Snapshot().Revision != nil && c.Status() == company.StatusPublished
			switch {
			case verb == "approve" && edit:
				err = c.ApproveRevision(s.now())
			case verb == "approve":
				err = c.Approve(s.now())
			case edit:
				err = c.RejectRevision(d.Text(), s.now())
			default:
				err = c.Reject(d.Text(), s.now())
			}
			if err != nil {
				return err
			}
			if err := s.deps.Companies.Update(ctx, tenant, c); err != nil {
				return err
			}
			out.Title, out.Status = c.Profile().Name, string(c.Status())
			snap := c.Snapshot()
			out.Company = &snap
			notice = s.notice(ctx, tenant, c.Snapshot().CreatedBy, "company profile", out.Title, verb, edit, d)
			return s.audit(ctx, tenant, st, "company."+verb, "company", id, before, companyState(c), note(d))
		}
		return domain.NotFound("item")
	})
	if err != nil {
		return Outcome{}, err
	}
	if wasPost && s.deps.Refunder != nil {
		refunded, err := s.deps.Refunder.RefundJobPosting(ctx, tenant, id)
		if err != nil {
			slog.ErrorContext(ctx, "refund of a rejected paid posting failed; retry from the orders page", "tenant", tenant, "job", id, "err", err)
		}
		out.Refunded = refunded
		if refunded {
			notice.text += "\nThe payment for this posting has been refunded.\n"
		}
	}
	s.send(ctx, b.Name(), notice)
	return out, nil
}

func note(d *moderation.Decision) string {
	if d == nil {
		return ""
	}
	return d.Text()
}

// notice builds the e-mail telling the submitter about a decision.
func (s *Service) notice(ctx context.Context, tenant domain.TenantID, userID, what, title, verb string, edit bool, d *moderation.Decision) mail {
	u, err := s.deps.Users.ByID(ctx, tenant, userID)
	if err != nil {
		return mail{}
	}
	subject, text := "", ""
	thing := "Your " + what + " “" + title + "”"
	switch {
	case verb == "approve" && edit:
		subject, text = "Your changes to "+title+" are live", thing+": your changes were approved and are now live.\n"
	case verb == "approve":
		subject, text = title+" is approved", thing+" was approved and is now public.\n"
	case edit:
		subject, text = "Your changes to "+title+" were not approved", thing+": your changes were not approved, and the published version stays.\n\nReason: "+d.Text()+"\n"
	default:
		subject, text = title+" was not approved", thing+" was not approved.\n\nReason: "+d.Text()+"\n\nYou can edit it and submit it again.\n"
	}
	return mail{to: u.Email().String(), subject: subject, text: text}
}

// send mails a notice; a failure is logged, the decision stands and the
// employer also sees it in the dashboard.
func (s *Service) send(ctx context.Context, boardName string, m mail) {
	if m.to == "" {
		return
	}
	if err := s.deps.Mailer.Send(ctx, app.Message{To: m.to, FromName: boardName, Subject: m.subject, Text: m.text}); err != nil {
		slog.WarnContext(ctx, "decision e-mail not sent", "to", m.to, "err", err)
	}
}

// ItemRef names one queue item.
type ItemRef struct {
	Kind moderation.Kind `json:"kind"`
	ID   string          `json:"id"`
}

// BulkResult is the outcome of one item of a bulk decision.
type BulkResult struct {
	Ref     ItemRef
	Outcome Outcome
	Err     error
}

// MaxBulk bounds one bulk decision.
const MaxBulk = 100

// Bulk approves or rejects several items; each succeeds or fails alone.
func (s *Service) Bulk(ctx context.Context, tenant domain.TenantID, st app.Actor, action string, items []ItemRef, in RejectInput) ([]BulkResult, error) {
	if err := s.requireQueue(ctx, tenant, st); err != nil {
		return nil, err
	}
	switch {
	case len(items) == 0:
		return nil, domain.Invalid("items", "choose at least one item")
	case len(items) > MaxBulk:
		return nil, domain.Invalid("items", "choose at most 100 items at a time")
	case action != "approve" && action != "reject":
		return nil, domain.Invalid("action", "choose approve or reject")
	}
	if action == "reject" {
		if _, err := moderation.ParseDecision(in.Reason, in.Message); err != nil {
			return nil, err
		}
	}
	out := make([]BulkResult, len(items))
	for i, ref := range items {
		out[i].Ref = ref
		if action == "approve" {
			out[i].Outcome, out[i].Err = s.Approve(ctx, tenant, st, ref.Kind, ref.ID)
		} else {
			out[i].Outcome, out[i].Err = s.Reject(ctx, tenant, st, ref.Kind, ref.ID, in)
		}
	}
	return out, nil
}
