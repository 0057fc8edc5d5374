package job

import (
	"time"

	"github.com/jobboard/jobboard/domain"
)

// AddPaidPosting gives the job a paid run of d, whatever happened to it
// since checkout, so that every paid posting adds its own period: a live
// job runs d longer; otherwise the time is kept for the job's next
// publication (adding to any kept before) and the job moves on as far as it
// can: an expired job is published again, a draft or rejected one is
// submitted (published at once when the board does not review jobs). When
// it cannot move (its closing date has passed, it is taken down) the time
// stays kept, so the next submission or renewal publishes it without a new
// payment. It reports false for a closed job, which cannot use the time.
func (j *Job) AddPaidPosting(d time.Duration, review bool, now time.Time) bool {
	switch j.s.Status {
	case StatusPublished:
		j.s.ExpiresAt = domain.ExtendPeriod(j.s.ExpiresAt, now, d)
		j.s.UpdatedAt = now
		j.capExpiry()
		return true
	case StatusClosed:
		return false
	}
	j.s.PostingPending += d
	j.s.UpdatedAt = now
	if j.s.TakenDownAt != nil {
		return true
	}
	switch j.s.Status {
	case StatusExpired:
		_ = j.Renew(0, now)
	case StatusDraft, StatusRejected:
		_ = j.Submit(review, 0, now)
	}
	return true
}

// RemovePaidPosting takes back a refunded paid run of d: time kept for
// publication goes first, then the live run ends d earlier. A job left with
// no paid time is withdrawn from review or unpublished, so a refunded
// posting is not published for free.
func (j *Job) RemovePaidPosting(d time.Duration, now time.Time) error {
	take := min(d, j.s.PostingPending)
	j.s.PostingPending -= take
	d -= take
	j.s.UpdatedAt = now
	switch {
	case j.s.Status == StatusPending && j.s.PostingPending == 0:
		return j.Withdraw(now)
	case j.s.Status == StatusPublished && d > 0:
		if j.s.ExpiresAt = domain.ShortenPeriod(j.s.ExpiresAt, now, d); j.s.ExpiresAt == nil {
			return j.Unpublish(now)
		}
	}
	return nil
}
