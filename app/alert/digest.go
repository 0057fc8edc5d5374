package alert

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
	"github.com/jobboard/jobboard/domain/board"
)

// PassResult counts what one worker pass did.
type PassResult struct {
	Prepared int // digests recorded for a closed period
	Sent     int // digests the mail server accepted
	Retrying int // digests that failed and wait for their next attempt
	Failed   int // digests given up after MaxAttempts or a permanent refusal
}

func (r *PassResult) add(o PassResult) {
	r.Prepared += o.Prepared
	r.Sent += o.Sent
	r.Retrying += o.Retrying
	r.Failed += o.Failed
}

// Batch sizes of a pass.
const (
	claimBatch = 50
	// sendBatch times the mailer's longest conversation stays well within
	// alert.Lease, so a leased delivery is sent before its lease runs out.
	sendBatch = 5
)

// RunPass prepares the digests of every board's closed periods and sends
// the pending ones. It is safe to run on several instances at once and to
// interrupt: every period is recorded once (unique per alert and period
// start) inside the transaction that advances the alert, and each
// recorded digest is leased to one worker at a time until it is sent.
func (s *Service) RunPass(ctx context.Context) (PassResult, error) {
	boards, err := s.deps.Boards.List(ctx)
	if err != nil {
		return PassResult{}, err
	}
	var total PassResult
	var errs []error
	for _, b := range boards {
		if !b.Active() {
			continue
		}
		r, err := s.runBoard(ctx, b)
		total.add(r)
		if err != nil {
			if ctx.Err() != nil {
				return total, ctx.Err()
			}
			errs = append(errs, fmt.Errorf("board %s: %w", b.Slug(), err))
		}
	}
	return total, errors.Join(errs...)
}

func (s *Service) runBoard(ctx context.Context, b *board.Board) (PassResult, error) {
	var res PassResult
	for {
		n, err := s.prepare(ctx, b)
		res.Prepared += n.Prepared
		if err != nil {
			return res, err
		}
		if n.claimed < claimBatch {
			break
		}
	}
	for {
		r, leased, err := s.sendPending(ctx, b)
		res.add(r)
		if err != nil {
			return res, err
		}
		if leased < sendBatch {
			return res, nil
		}
	}
}

type prepared struct {
	claimed  int
	Prepared int
}

// prepare claims due alerts and, in the same transaction, records each
// one's digest and moves its window on.
func (s *Service) prepare(ctx context.Context, b *board.Board) (prepared, error) {
	now := s.now()
	cutoff := now.Add(-Settle)
	tenant := b.ID()
	l := s.links(b)
	var out prepared
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		out = prepared{}
		due, err := s.deps.Alerts.ClaimDue(ctx, tenant, cutoff, claimBatch)
		if err != nil {
			return err
		}
		out.claimed = len(due)
		for _, a := range due {
			from, to := a.Window(cutoff)
			sr := a.Search
			jobs, err := s.deps.Search.Find(ctx, tenant, appjob.Query{Text: sr.Query, Category: sr.Category, Location: sr.Location, Workplace: sr.Workplace,
				EmploymentType: sr.EmploymentType, CompanyID: sr.Company, MinSalary: sr.MinSalary,
				PublishedFrom: from, PublishedBefore: to, NewestFirst: true, Limit: MaxDigestJobs + 1, Now: now})
			if err != nil {
				return err
			}
			if len(jobs) > 0 {
				d := s.digest(b, l, a, jobs, from, to, now)
				added, err := s.deps.Alerts.AddDelivery(ctx, tenant, d)
				if err != nil {
					return err
				}
				if added {
					out.Prepared++
				}
			}
			a.Advance(to, now)
			if err := s.deps.Alerts.UpdateAlert(ctx, tenant, a); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// digest writes the mail of one alert's period.
func (s *Service) digest(b *board.Board, l links, a *alert.Alert, jobs []appjob.Listing, from, to, now time.Time) alert.Delivery {
	more := len(jobs) > MaxDigestJobs
	if more {
		jobs = jobs[:MaxDigestJobs]
	}
	unsubscribe := l.unsubscribe(s.sign(purposeUnsubscribe, b.ID(), a.ID))
	var t strings.Builder
	fmt.Fprintf(&t, "New on %s: %s.\n\n", b.Name(), a.Search.Describe())
	for _, j := range jobs {
		p := j.Job.Posting
		fmt.Fprintf(&t, "%s\n%s", p.Title, j.CompanyName)
		if len(p.Locations) > 0 {
			fmt.Fprintf(&t, " · %s", strings.Join(p.Locations, "; "))
		}
		if p.Workplace != "" {
			fmt.Fprintf(&t, " · %s", p.Workplace)
		}
		fmt.Fprintf(&t, "\n%s/jobs/%s/%s\n\n", l.base, j.Job.ID, j.Job.Slug)
	}
	search := l.base + "/jobs" + searchQuery(a.Search)
	if more {
		fmt.Fprintf(&t, "There are more: %s\n\n", search)
	} else {
		fmt.Fprintf(&t, "Every match: %s\n\n", search)
	}
	fmt.Fprintf(&t, "-- \nYou get this %s digest because %s subscribed on %s.\n", strings.ToLower(string(a.Frequency)), a.Email, b.Name())
	fmt.Fprintf(&t, "Manage your alerts: %s\n", l.manage(s.sign(purposeManage, b.ID(), a.SubscriberID)))
	fmt.Fprintf(&t, "Unsubscribe from this alert: %s\n", unsubscribe)

	n := strconv.Itoa(len(jobs))
	if more {
		n = "More than " + strconv.Itoa(MaxDigestJobs)
	}
	noun := " new jobs"
	if len(jobs) == 1 {
		noun = " new job"
	}
	subject := n + noun + " on " + b.Name()
	if a.Search.Query != "" {
		subject = n + noun + " for “" + truncate(a.Search.Query, 60) + "” on " + b.Name()
	}
	return alert.Delivery{ID: s.deps.IDs.New(), AlertID: a.ID, PeriodStart: from, PeriodEnd: to, To: a.Email.String(), FromName: b.Name(),
		Subject: subject, Body: t.String(), UnsubscribeURL: unsubscribe, Jobs: len(jobs), Status: alert.DeliveryPending,
		NextAttemptAt: now, CreatedAt: now}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// searchQuery is the /jobs query string of a saved search.
func searchQuery(sr alert.Search) string {
	q := url.Values{}
	for k, v := range map[string]string{"q": sr.Query, "category": sr.Category, "location": sr.Location, "workplace": sr.Workplace,
		"employment_type": sr.EmploymentType, "company": sr.Company} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if sr.MinSalary > 0 {
		q.Set("min_salary", strconv.FormatInt(sr.MinSalary, 10))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// sendPending leases a batch of the board's pending digests and mails
// them. A failure keeps the digest pending with an exponential backoff;
// a message the mailer can never send, or one that failed MaxAttempts
// times, is given up. Either way it is logged.
func (s *Service) sendPending(ctx context.Context, b *board.Board) (PassResult, int, error) {
	var res PassResult
	tenant := b.ID()
	ds, err := s.deps.Alerts.LeasePending(ctx, tenant, s.now(), sendBatch)
	if err != nil {
		return res, 0, err
	}
	for _, d := range ds {
		msg := app.Message{To: d.To, FromName: d.FromName, Subject: d.Subject, Text: d.Body, Headers: map[string]string{
			"List-Unsubscribe":      "<" + d.UnsubscribeURL + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		}}
		sendErr := s.deps.Mailer.Send(ctx, msg)
		now := s.now()
		if sendErr == nil {
			if err := s.deps.Alerts.MarkSent(ctx, tenant, d.ID, now); err != nil {
				return res, len(ds), err
			}
			res.Sent++
			continue
		}
		if ctx.Err() != nil {
			// Shutting down: the lease runs out and a later pass retries.
			return res, len(ds), ctx.Err()
		}
		permanent := app.MailNeverSends(sendErr)
		if permanent || d.Attempts >= alert.MaxAttempts {
			s.deps.Logger.ErrorContext(ctx, "alert digest given up", "tenant", tenant.String(), "delivery", d.ID, "alert", d.AlertID, "attempts", d.Attempts, "err", sendErr)
			if err := s.deps.Alerts.MarkFailed(ctx, tenant, d.ID, sendErr.Error(), nil); err != nil {
				return res, len(ds), err
			}
			res.Failed++
			continue
		}
		retry := now.Add(alert.Backoff(d.Attempts))
		s.deps.Logger.WarnContext(ctx, "alert digest not sent; will retry", "tenant", tenant.String(), "delivery", d.ID, "alert", d.AlertID,
			"attempts", d.Attempts, "retry_at", retry.Format(time.RFC3339), "err", sendErr)
		if err := s.deps.Alerts.MarkFailed(ctx, tenant, d.ID, sendErr.Error(), &retry); err != nil {
			return res, len(ds), err
		}
		res.Retrying++
	}
	return res, len(ds), nil
}

// Deliveries lists an alert's digests, for the operators' tools and tests.
func (s *Service) Deliveries(ctx context.Context, tenant domain.TenantID, alertID string) ([]alert.Delivery, error) {
	return s.deps.Alerts.Deliveries(ctx, tenant, alertID)
}
