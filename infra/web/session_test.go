package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

func TestSessionIdleAndAbsoluteTimeouts(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			testSessionTimeouts(t, d)
		})
	}
}

// testSessionTimeouts signs in on one dialect's database while the
// system's clock moves.
func testSessionTimeouts(t *testing.T, dialect string) {
	base := time.Now().UTC()
	clock := systemtest.NewClock(base)
	offset := offsetClock{clock, base}
	h := newHarnessWith(t, storetest.Open(t, dialect), nil, system.Options{Clock: clock})
	b := h.newBoard("acme")
	signIn := func() *client {
		c := h.client(b.Host)
		r := c.postForm("/login", "/login", url.Values{"email": {b.OwnerEmail}, "password": {b.OwnerPass}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %d", r.StatusCode)
		}
		return c
	}
	me := func(c *client) int { return c.get("/api/v1/auth/me").StatusCode }

	// Idle: activity keeps the session alive; two idle hours end it.
	offset.Store(0)
	c := signIn()
	for _, step := range []time.Duration{90 * time.Minute, 180 * time.Minute} {
		offset.Store(int64(step))
		if got := me(c); got != http.StatusOK {
			t.Fatalf("active session at +%v: %d", step, got)
		}
	}
	offset.Store(int64(180*time.Minute + 2*time.Hour + time.Minute))
	if got := me(c); got != http.StatusUnauthorized {
		t.Fatalf("idle session: %d, want 401", got)
	}

	// Absolute: even an active session ends at the absolute limit
	// (set to 24 h here, with a 10 h idle limit, to keep steps few).
	h2 := newHarnessWith(t, h.db, map[string]string{"SESSION_IDLE_TIMEOUT": "10h", "SESSION_ABSOLUTE_TIMEOUT": "24h"}, system.Options{Clock: clock})
	offset.Store(0)
	c = h2.client(b.Host)
	if r := c.postForm("/login", "/login", url.Values{"email": {b.OwnerEmail}, "password": {b.OwnerPass}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	for _, step := range []time.Duration{5 * time.Hour, 10 * time.Hour, 15 * time.Hour, 20 * time.Hour} {
		offset.Store(int64(step))
		if got := c.get("/api/v1/auth/me").StatusCode; got != http.StatusOK {
			t.Fatalf("active session at +%v: %d", step, got)
		}
	}
	offset.Store(int64(24*time.Hour + time.Minute))
	if got := c.get("/api/v1/auth/me").StatusCode; got != http.StatusUnauthorized {
		t.Fatalf("session past its absolute timeout: %d, want 401", got)
	}
}

// offsetClock puts a clock at base plus an offset in nanoseconds.
type offsetClock struct {
	clock *systemtest.Clock
	base  time.Time
}

// Store sets the offset.
func (o offsetClock) Store(ns int64) { o.clock.Set(o.base.Add(time.Duration(ns))) }
