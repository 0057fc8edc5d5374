package alert_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
)

func TestPeriodsAreAlignedInUTC(t *testing.T) {
	t.Parallel()
	// Wednesday 2 December 2026, 14:37:12 UTC.
	at := time.Date(2026, 12, 2, 14, 37, 12, 0, time.UTC)
	cases := []struct {
		f           alert.Frequency
		start, next time.Time
	}{
		{alert.Instant, time.Date(2026, 12, 2, 14, 35, 0, 0, time.UTC), time.Date(2026, 12, 2, 14, 40, 0, 0, time.UTC)},
		{alert.Daily, time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)},
		{alert.Weekly, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		if got := c.f.PeriodStart(at); !got.Equal(c.start) {
			t.Errorf("%s period of %v starts %v, want %v", c.f, at, got, c.start)
		}
		if got := c.f.NextBoundary(at); !got.Equal(c.next) {
			t.Errorf("%s period of %v ends %v, want %v", c.f, at, got, c.next)
		}
		// A time in another zone falls in the same UTC period.
		zurich := at.In(time.FixedZone("CET", 3600))
		if got := c.f.PeriodStart(zurich); !got.Equal(c.start) {
			t.Errorf("%s period in CET starts %v", c.f, got)
		}
	}
}

func TestNoDigestBeforeConfirmationAndOnePerWindow(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	a := &alert.Alert{ID: "a1", Frequency: alert.Daily}
	a.RequestConfirmation("hash", alert.Daily, now)
	if a.Due(now.Add(72 * time.Hour)) {
		t.Fatal("an unconfirmed alert is due")
	}
	if err := a.Confirm(now); err != nil {
		t.Fatal(err)
	}
	if err := a.Confirm(now); !errors.Is(err, alert.ErrTokenInvalid) {
		t.Errorf("second confirmation: %v", err)
	}
	if a.Due(now.Add(time.Hour)) {
		t.Error("due before its day ended")
	}
	// Three days with no worker: one digest covers all of them.
	late := now.Add(72 * time.Hour)
	if !a.Due(late) {
		t.Fatal("not due after three days")
	}
	from, to := a.Window(late)
	if !from.Equal(now) || !to.Equal(alert.Daily.PeriodStart(late)) {
		t.Fatalf("window %v–%v", from, to)
	}
	a.Advance(to, late)
	if a.Due(late) {
		t.Error("due again in the same period")
	}
	if next, _ := a.Window(late.Add(24 * time.Hour)); !next.Equal(to) {
		t.Errorf("the next window starts %v, want %v: a gap would skip jobs", next, to)
	}
}

func TestExpiredConfirmation(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	a := &alert.Alert{ID: "a1"}
	a.RequestConfirmation("hash", alert.Weekly, now)
	if err := a.Confirm(now.Add(alert.ConfirmTTL)); !errors.Is(err, alert.ErrConfirmExpired) {
		t.Errorf("confirming after the TTL: %v", err)
	}
}

func TestSearchIsCheckedNormalisedAndDescribed(t *testing.T) {
	t.Parallel()
	s, err := alert.NewSearch(alert.Search{Query: "  Clinical   data ", Workplace: "onsite", EmploymentType: "FULL_TIME", MinSalary: 50000})
	if err != nil {
		t.Fatal(err)
	}
	if s.Query != "Clinical data" {
		t.Errorf("query %q", s.Query)
	}
	same, _ := alert.NewSearch(alert.Search{Query: "clinical data", Workplace: "onsite", EmploymentType: "FULL_TIME", MinSalary: 50000})
	if s.Key() != same.Key() {
		t.Error("the same search in other case has another key, so re-subscribing would duplicate it")
	}
	if got := s.Describe(); got != "jobs “Clinical data”, on-site, full-time, paying at least 50000 a year" {
		t.Errorf("description %q", got)
	}
	var de *domain.Error
	_, err = alert.NewSearch(alert.Search{Workplace: "moon", MinSalary: -1})
	if !errors.As(err, &de) || de.Fields["workplace"] == "" || de.Fields["min_salary"] == "" {
		t.Errorf("bad search: %v", err)
	}
}

func TestBackoffDoublesUpToSixHours(t *testing.T) {
	t.Parallel()
	want := map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 10: 6 * time.Hour, 12: 6 * time.Hour}
	for n, d := range want {
		if got := alert.Backoff(n); got != d {
			t.Errorf("backoff after %d attempts: %v, want %v", n, got, d)
		}
	}
}
