package store

import (
	"context"
	"sync"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// ErrOverloaded answers a public read that found no room on this instance:
// every slot for database reads busy and the board's queue full, or no
// slot freed in time. It is a fast 503 with Retry-After, not a long wait.
var ErrOverloaded = &domain.Error{Kind: domain.KindUnavailable, Code: "overloaded",
	Message: "too many requests are being answered right now; try again in a moment", RetryAfter: 1}

// GateLimits bound the database work of public reads on one instance.
type GateLimits struct {
	// Slots is how many reads may run at once; the rest of the connection
	// pool stays free for writes and signed-in pages.
	Slots int
	// QueuePerBoard is how many of one board's reads may wait for a slot;
	// beyond it they are refused at once.
	QueuePerBoard int
	// Wait is how long a read waits for a slot before it is refused.
	Wait time.Duration
}

// gate admits public reads to the database: at most Slots at once, and when
// reads must wait, a freed slot goes to the waiting board that runs the
// fewest, so that one board's flood of searches cannot starve another's.
// A board alone may use every slot.
type gate struct {
	mu      sync.Mutex
	limits  GateLimits
	running int
	boards  map[domain.TenantID]*boardLine
}

// boardLine is one board's reads in the gate.
type boardLine struct {
	running int
	waiting []*gateWaiter
}

// gateWaiter is a read waiting for a slot; ready closes when it gets one.
type gateWaiter struct {
	ready   chan struct{}
	granted bool
	since   time.Time
}

func newGate(l GateLimits) *gate {
	return &gate{limits: l, boards: map[domain.TenantID]*boardLine{}}
}

// setLimits changes the limits; more slots go to reads already waiting.
func (g *gate) setLimits(l GateLimits) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.limits = l
	g.admitWaiting()
}

// enter waits for a slot for one of tenant's reads and returns its
// release; ErrOverloaded when there is none in time, or the context's
// error when the caller gave up first.
func (g *gate) enter(ctx context.Context, tenant domain.TenantID) (func(), error) {
	g.mu.Lock()
	b := g.boards[tenant]
	if b == nil {
		b = &boardLine{}
		g.boards[tenant] = b
	}
	if g.running < g.limits.Slots && !g.anyWaiting() {
		g.running++
		b.running++
		g.mu.Unlock()
		return g.releaser(tenant), nil
	}
	if len(b.waiting) >= g.limits.QueuePerBoard {
		g.forget(tenant, b)
		g.mu.Unlock()
		return nil, ErrOverloaded
	}
	w := &gateWaiter{ready: make(chan struct{}), since: time.Now()}
	b.waiting = append(b.waiting, w)
	wait := g.limits.Wait
	g.mu.Unlock()

	timer := time.NewTimer(wait)
	defer timer.Stop()
	var err error
	select {
	case <-w.ready:
		return g.releaser(tenant), nil
	case <-timer.C:
		err = ErrOverloaded
	case <-ctx.Done():
		err = ctx.Err()
	}
	g.mu.Lock()
	if w.granted {
		// The slot came as the caller gave up: pass it on.
		g.mu.Unlock()
		g.releaser(tenant)()
		return nil, err
	}
	for i, x := range b.waiting {
		if x == w {
			b.waiting = append(b.waiting[:i], b.waiting[i+1:]...)
			break
		}
	}
	g.forget(tenant, b)
	g.mu.Unlock()
	return nil, err
}

// anyWaiting reports whether some read waits for a slot; the caller holds
// the lock.
func (g *gate) anyWaiting() bool {
	for _, b := range g.boards {
		if len(b.waiting) > 0 {
			return true
		}
	}
	return false
}

// forget drops an idle board's line; the caller holds the lock.
func (g *gate) forget(tenant domain.TenantID, b *boardLine) {
	if b.running == 0 && len(b.waiting) == 0 {
		delete(g.boards, tenant)
	}
}

// releaser returns the function that gives tenant's slot back, once.
func (g *gate) releaser(tenant domain.TenantID) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.running--
			if b := g.boards[tenant]; b != nil {
				b.running--
				g.forget(tenant, b)
			}
			g.admitWaiting()
		})
	}
}

// admitWaiting hands free slots to waiting reads: each to the first waiter
// of the board that runs the fewest reads (the longest waiting among
// equals). The caller holds the lock.
func (g *gate) admitWaiting() {
	for g.running < g.limits.Slots {
		var next *boardLine
		for _, b := range g.boards {
			if len(b.waiting) == 0 {
				continue
			}
			if next == nil || b.running < next.running ||
				(b.running == next.running && b.waiting[0].since.Before(next.waiting[0].since)) {
				next = b
			}
		}
		if next == nil {
			return
		}
		w := next.waiting[0]
		next.waiting = next.waiting[1:]
		w.granted = true
		g.running++
		next.running++
		close(w.ready)
	}
}
