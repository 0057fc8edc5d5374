package job_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

const month = 30 * 24 * time.Hour

func newJob(title string) *job.Job {
	return job.New("j1", domain.TenantID("t1"), "c1", "slug", job.Posting{Title: title}, "<p>"+title+"</p>", "u1", t0)
}

// published returns a job that went through review and is live.
func published(t *testing.T) *job.Job {
	t.Helper()
	j := newJob("Chemist")
	if err := j.Submit(true, month, t0); err != nil {
		t.Fatal(err)
	}
	if err := j.Approve(month, t0); err != nil {
		t.Fatal(err)
	}
	return j
}

func wantConflict(t *testing.T, what string, err error) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindConflict {
		t.Errorf("%s: %v, want a conflict", what, err)
	}
}

func TestInvalidTransitionsAreConflicts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		job  func(t *testing.T) *job.Job
		act  func(j *job.Job) error
	}{
		{"approve a draft", func(*testing.T) *job.Job { return newJob("A") }, func(j *job.Job) error { return j.Approve(month, t0) }},
		{"reject a draft", func(*testing.T) *job.Job { return newJob("A") }, func(j *job.Job) error { return j.Reject("spam", t0) }},
		{"close a draft", func(*testing.T) *job.Job { return newJob("A") }, func(j *job.Job) error { return j.Close(t0) }},
		{"renew a draft", func(*testing.T) *job.Job { return newJob("A") }, func(j *job.Job) error { return j.Renew(month, t0) }},
		{"submit a published job", published, func(j *job.Job) error { return j.Submit(true, month, t0) }},
		{"approve a published job", published, func(j *job.Job) error { return j.Approve(month, t0) }},
		{"expire before its time", published, func(j *job.Job) error { return j.Expire(t0.Add(time.Hour)) }},
		{"edit a closed job", func(t *testing.T) *job.Job {
			j := published(t)
			_ = j.Close(t0)
			return j
		}, func(j *job.Job) error { return j.Edit(job.Posting{Title: "B"}, "", "b", t0) }},
		{"approve an edit that is not there", published, func(j *job.Job) error { return j.ApproveRevision(t0) }},
		{"take down twice", func(t *testing.T) *job.Job {
			j := published(t)
			_ = j.TakeDown(t0)
			return j
		}, func(j *job.Job) error { return j.TakeDown(t0) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			j := c.job(t)
			before := j.Snapshot()
			wantConflict(t, c.name, c.act(j))
			if after := j.Snapshot(); after.Status != before.Status || after.UpdatedAt != before.UpdatedAt {
				t.Errorf("%s changed the job: %v → %v", c.name, before.Status, after.Status)
			}
		})
	}
}

func TestPublishingSetsTheExpiryAndExpiringIsIdempotent(t *testing.T) {
	t.Parallel()
	j := published(t)
	s := j.Snapshot()
	if s.Status != job.StatusPublished || s.ExpiresAt == nil || !s.ExpiresAt.Equal(t0.Add(month)) {
		t.Fatalf("published job: %v, expires %v", s.Status, s.ExpiresAt)
	}
	later := t0.Add(month + time.Minute)
	if err := j.Expire(later); err != nil {
		t.Fatal(err)
	}
	wantConflict(t, "expire twice", j.Expire(later))
	if err := j.Renew(month, later); err != nil || j.Status() != job.StatusPublished {
		t.Fatalf("renew: %v, status %v", err, j.Status())
	}
}

// A waiting edit of a job that leaves the public board must not come back
// over newer content when the job is published again.
func TestLeavingTheBoardDropsAWaitingEdit(t *testing.T) {
	t.Parallel()
	leave := map[string]func(j *job.Job) error{
		"expire":    func(j *job.Job) error { return j.Expire(t0.Add(2 * month)) },
		"close":     func(j *job.Job) error { return j.Close(t0) },
		"unpublish": func(j *job.Job) error { return j.Unpublish(t0) },
		"edit":      func(j *job.Job) error { return j.Edit(job.Posting{Title: "Direct edit"}, "", "direct", t0) },
	}
	for name, fn := range leave {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			j := published(t)
			if err := j.ProposeEdit(job.Posting{Title: "Waiting edit"}, "", "waiting", t0); err != nil {
				t.Fatal(err)
			}
			if err := fn(j); err != nil {
				t.Fatal(err)
			}
			if r := j.Snapshot().Revision; r != nil {
				t.Errorf("after %s the edit %q still waits", name, r.Posting.Title)
			}
		})
	}
}

func TestRejectNeedsAReasonAndKeepsIt(t *testing.T) {
	t.Parallel()
	j := newJob("A")
	_ = j.Submit(true, month, t0)
	var de *domain.Error
	if err := j.Reject("  ", t0); !errors.As(err, &de) || de.Fields["reason"] == "" {
		t.Errorf("reject without reason: %v", err)
	}
	if err := j.Reject("Spam: duplicate ad", t0); err != nil {
		t.Fatal(err)
	}
	if s := j.Snapshot(); s.Status != job.StatusRejected || s.RejectionReason != "Spam: duplicate ad" {
		t.Errorf("rejected job: %v %q", s.Status, s.RejectionReason)
	}
	if err := j.Submit(true, month, t0); err != nil || j.Snapshot().RejectionReason != "" {
		t.Errorf("resubmit: %v, reason %q", err, j.Snapshot().RejectionReason)
	}
}

func TestFeaturedTimeBoughtBeforePublicationStartsWhenLive(t *testing.T) {
	t.Parallel()
	j := newJob("Chemist")
	if err := j.Submit(true, month, t0); err != nil {
		t.Fatal(err)
	}
	if err := j.CanBeFeatured(t0); err != nil {
		t.Fatalf("a pending job cannot be featured: %v", err)
	}
	week := 7 * 24 * time.Hour
	j.AddFeatured(week, t0)
	if s := j.Snapshot(); s.FeaturedUntil != nil || s.FeaturedPending != week {
		t.Fatalf("pending job: until %v, pending %v", s.FeaturedUntil, s.FeaturedPending)
	}
	approved := t0.Add(3 * 24 * time.Hour)
	if err := j.Approve(month, approved); err != nil {
		t.Fatal(err)
	}
	s := j.Snapshot()
	if s.FeaturedUntil == nil || !s.FeaturedUntil.Equal(approved.Add(week)) || s.FeaturedPending != 0 || !j.Featured(approved) {
		t.Fatalf("approved job: until %v, pending %v", s.FeaturedUntil, s.FeaturedPending)
	}
	// More time bought while live extends the running period.
	j.AddFeatured(week, approved.Add(time.Hour))
	if got := j.Snapshot().FeaturedUntil; !got.Equal(approved.Add(2 * week)) {
		t.Errorf("extended period ends %v", got)
	}
	// A refund takes its own week off the end.
	j.RemoveFeatured(week, approved.Add(time.Hour))
	if got := j.Snapshot().FeaturedUntil; !got.Equal(approved.Add(week)) {
		t.Errorf("after refund the period ends %v", got)
	}
}

func TestFeaturedRefundBeforePublicationTakesThePendingTime(t *testing.T) {
	t.Parallel()
	j := newJob("Chemist")
	j.AddFeatured(48*time.Hour, t0)
	j.RemoveFeatured(48*time.Hour, t0)
	if s := j.Snapshot(); s.FeaturedPending != 0 || s.FeaturedUntil != nil {
		t.Errorf("after refund: pending %v, until %v", s.FeaturedPending, s.FeaturedUntil)
	}
}

func TestExpiredJobKeepsItsPaidPeriodForARenewal(t *testing.T) {
	t.Parallel()
	j := published(t)
	j.AddFeatured(2*month, t0)
	expired := t0.Add(month + time.Hour)
	if err := j.Expire(expired); err != nil {
		t.Fatal(err)
	}
	if j.Featured(expired) {
		t.Error("an expired job is featured")
	}
	wantConflict(t, "feature an expired job", j.CanBeFeatured(expired))
	if err := j.Renew(month, expired); err != nil {
		t.Fatal(err)
	}
	if !j.Featured(expired) {
		t.Error("the renewed job lost the rest of its paid period")
	}
}

func TestUnpublishingKeepsUnusedFeaturedTimeForTheNextPublication(t *testing.T) {
	t.Parallel()
	j := published(t)
	j.AddFeatured(10*24*time.Hour, t0)
	later := t0.Add(4 * 24 * time.Hour)
	if err := j.Unpublish(later); err != nil {
		t.Fatal(err)
	}
	if s := j.Snapshot(); s.FeaturedUntil != nil || s.FeaturedPending != 6*24*time.Hour {
		t.Fatalf("unpublished: until %v, pending %v; want the 6 unused days pending", s.FeaturedUntil, s.FeaturedPending)
	}
	_ = j.Submit(false, month, later.Add(time.Hour))
	if got := j.Snapshot().FeaturedUntil; got == nil || !got.Equal(later.Add(time.Hour).Add(6*24*time.Hour)) {
		t.Errorf("republished: featured until %v", got)
	}
}
