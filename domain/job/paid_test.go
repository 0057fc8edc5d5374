package job_test

import (
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain/job"
)

// expiresIn is how long after at the job's run ends, or 0 when it has none.
func expiresIn(j *job.Job, at time.Time) time.Duration {
	if e := j.Snapshot().ExpiresAt; e != nil {
		return e.Sub(at)
	}
	return 0
}

func TestEveryPaidPostingAddsItsOwnTime(t *testing.T) {
	t.Parallel()
	t.Run("draft, no review: published for the sum", func(t *testing.T) {
		j := newJob("Chemist")
		if !j.AddPaidPosting(month, false, t0) || !j.AddPaidPosting(month, false, t0) {
			t.Fatal("a draft could not use paid time")
		}
		if s := j.Snapshot(); s.Status != job.StatusPublished || expiresIn(j, t0) != 2*month || s.PostingPending != 0 {
			t.Errorf("status %s, runs %v, kept %v; want published for two months", s.Status, expiresIn(j, t0), s.PostingPending)
		}
	})
	t.Run("time kept from before is not replaced by the new payment", func(t *testing.T) {
		j := newJob("Chemist")
		j.AddPaidPosting(month, true, t0)
		if err := j.Reject("typo", t0); err != nil {
			t.Fatal(err)
		}
		// The board stopped reviewing; a second posting is bought.
		j.AddPaidPosting(month, false, t0)
		if s := j.Snapshot(); s.Status != job.StatusPublished || expiresIn(j, t0) != 2*month {
			t.Errorf("status %s, runs %v; want published for both paid months", s.Status, expiresIn(j, t0))
		}
	})
	t.Run("review: approval publishes the paid time", func(t *testing.T) {
		j := newJob("Chemist")
		j.AddPaidPosting(month, true, t0)
		j.AddPaidPosting(month, true, t0)
		if s := j.Snapshot(); s.Status != job.StatusPending || s.PostingPending != 2*month {
			t.Fatalf("status %s, kept %v; want pending with two months", s.Status, s.PostingPending)
		}
		if err := j.Approve(7*24*time.Hour, t0); err != nil {
			t.Fatal(err)
		}
		if expiresIn(j, t0) != 2*month {
			t.Errorf("approved for %v, want the two paid months", expiresIn(j, t0))
		}
	})
	t.Run("closing date passed: the time waits for a new date", func(t *testing.T) {
		j := newJob("Chemist")
		past := t0.AddDate(0, 0, -3)
		if err := j.Edit(job.Posting{Title: "Chemist", ClosingDate: &past}, "", "chemist", t0); err != nil {
			t.Fatal(err)
		}
		if err := j.CanBePublished(t0); err == nil {
			t.Error("a job whose closing date passed can be published")
		}
		if !j.AddPaidPosting(month, false, t0) {
			t.Fatal("paid time refused")
		}
		if s := j.Snapshot(); s.Status != job.StatusDraft || s.PostingPending != month {
			t.Fatalf("status %s, kept %v; want a draft keeping the month", s.Status, s.PostingPending)
		}
		next := t0.AddDate(0, 3, 0)
		if err := j.Edit(job.Posting{Title: "Chemist", ClosingDate: &next}, "", "chemist", t0); err != nil {
			t.Fatal(err)
		}
		if err := j.Submit(false, 7*24*time.Hour, t0); err != nil {
			t.Fatal(err)
		}
		if expiresIn(j, t0) != month {
			t.Errorf("published for %v, want the paid month", expiresIn(j, t0))
		}
	})
	t.Run("expired: renewed for the paid time", func(t *testing.T) {
		j := published(t)
		later := t0.Add(month)
		if err := j.Expire(later); err != nil {
			t.Fatal(err)
		}
		j.AddPaidPosting(2*month, true, later)
		if s := j.Snapshot(); s.Status != job.StatusPublished || expiresIn(j, later) != 2*month {
			t.Errorf("status %s, runs %v; want live for two months", s.Status, expiresIn(j, later))
		}
	})
	t.Run("live: runs longer", func(t *testing.T) {
		j := published(t)
		j.AddPaidPosting(month, true, t0)
		if expiresIn(j, t0) != 2*month {
			t.Errorf("runs %v, want two months", expiresIn(j, t0))
		}
	})
	t.Run("closed: cannot use it", func(t *testing.T) {
		j := published(t)
		_ = j.Close(t0)
		if j.AddPaidPosting(month, false, t0) {
			t.Error("a closed job took paid time")
		}
	})
}
