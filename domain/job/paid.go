package job

import (
	"time"

	"github.com/jobboard/jobboard/domain"
)

// AddPaidPosting gives the job a paid run of d, whatever happened to it
// since checkout, so that every paid posting adds its own period: an
// expired job is published again, a draft or rejected one is submitted
// (published at once when the board does not review jobs), a job waiting
// for review keeps the time for its publication, and a live job runs d
// longer. It reports false for a closed job, which cannot use the time.
func (j *Job) AddPaidPosting(d time.Duration, review bool, now time.Time) (bool, error) {
	switch j.s.Status {
	case StatusExpired:
		return true, j.Renew(d, now)
	case StatusDraft, StatusRejected:
		if !review {
			return true, j.Submit(false, d, now)
		}
		if err := j.Submit(true, d, now); err != nil {
			return false, err
		}
		j.s.PostingPending += d
		return true, nil
	case StatusPending:
		j.s.PostingPending += d
		j.s.UpdatedAt = now
		return true, nil
	case StatusPublished:
		j.s.ExpiresAt = domain.ExtendPeriod(j.s.ExpiresAt, now, d)
		j.s.UpdatedAt = now
		j.capExpiry()
		return true, nil
	}
	return false, nil
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
