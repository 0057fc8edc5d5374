package domain

import "time"

// ExtendPeriod returns the end of a paid period of d that starts at the
// later of now and the current end (nil for none), so that time bought
// while a period runs is added to its end.
func ExtendPeriod(current *time.Time, now time.Time, d time.Duration) *time.Time {
	start := now
	if current != nil && current.After(now) {
		start = *current
	}
	end := start.Add(d)
	return &end
}

// ShortenPeriod takes a refunded d off the end of a period; other paid
// time stays. It returns nil when nothing is left.
func ShortenPeriod(until *time.Time, now time.Time, d time.Duration) *time.Time {
	if until == nil {
		return nil
	}
	end := until.Add(-d)
	if !end.After(now) {
		return nil
	}
	return &end
}
