package systemtest

import (
	"sync"
	"time"
)

// Clock is a clock the test sets and moves: standing still at a time it
// is given, or running with the real time plus what the test advanced.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	running bool
	offset  time.Duration
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// NewRunningClock returns a clock that runs with the real time; Advance
// moves it ahead and it keeps running, Set stops it.
func NewRunningClock() *Clock { return &Clock{running: true} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return time.Now().UTC().Truncate(time.Microsecond).Add(c.offset)
	}
	return c.now
}

// Set puts the clock at t; it stands there from then on.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now, c.running = t, false
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		c.offset += d
		return
	}
	c.now = c.now.Add(d)
}
