package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
)

const (
	bigBoard   = domain.TenantID("big")
	smallBoard = domain.TenantID("small")
)

// mustEnter takes a slot that must be free.
func mustEnter(t *testing.T, g *gate, tenant domain.TenantID) func() {
	t.Helper()
	release, err := g.enter(context.Background(), tenant)
	if err != nil {
		t.Fatalf("enter %s: %v", tenant, err)
	}
	return release
}

// enterAsync waits for a slot in a goroutine; the channel gets the outcome.
func enterAsync(g *gate, tenant domain.TenantID) <-chan func() {
	out := make(chan func(), 1)
	go func() {
		release, err := g.enter(context.Background(), tenant)
		if err != nil {
			out <- nil
			return
		}
		out <- release
	}()
	return out
}

// waitQueued waits until tenant has n reads waiting.
func waitQueued(t *testing.T, g *gate, tenant domain.TenantID, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		g.mu.Lock()
		b := g.boards[tenant]
		got := 0
		if b != nil {
			got = len(b.waiting)
		}
		g.mu.Unlock()
		if got == n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("%s never had %d reads waiting", tenant, n)
}

// TestGateGivesAFreedSlotToTheBoardRunningFewest: one board holding every
// slot with more reads waiting does not starve another board: the next slot
// freed goes to the board that runs nothing yet.
func TestGateGivesAFreedSlotToTheBoardRunningFewest(t *testing.T) {
	g := newGate(GateLimits{Slots: 2, QueuePerBoard: 10, Wait: 5 * time.Second})
	r1, r2 := mustEnter(t, g, bigBoard), mustEnter(t, g, bigBoard)
	bigWaiting := enterAsync(g, bigBoard)
	waitQueued(t, g, bigBoard, 1)
	small := enterAsync(g, smallBoard)
	waitQueued(t, g, smallBoard, 1)

	r1()
	select {
	case release := <-small:
		if release == nil {
			t.Fatal("the small board was refused")
		}
		defer release()
	case <-bigWaiting:
		t.Fatal("the freed slot went to the board that already ran every read")
	case <-time.After(5 * time.Second):
		t.Fatal("no one got the freed slot")
	}
	r2()
	if release := <-bigWaiting; release == nil {
		t.Fatal("the big board's waiting read was refused")
	} else {
		release()
	}
	r1() // a second release of the same slot changes nothing
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running != 1 {
		t.Errorf("running = %d after the releases, want 1 (the small board's)", g.running)
	}
}

// TestGateRefusesFastWhenFull: past the board's queue a read is refused at
// once, and a queued read that gets no slot in time is refused after the
// wait, not later; neither leaves anything behind.
func TestGateRefusesFastWhenFull(t *testing.T) {
	g := newGate(GateLimits{Slots: 1, QueuePerBoard: 1, Wait: 50 * time.Millisecond})
	release := mustEnter(t, g, bigBoard)

	queued := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := g.enter(context.Background(), bigBoard)
		queued <- err
	}()
	waitQueued(t, g, bigBoard, 1)
	if _, err := g.enter(context.Background(), bigBoard); !errors.Is(err, ErrOverloaded) {
		t.Fatalf("past the queue: %v, want ErrOverloaded", err)
	}
	err := <-queued
	if waited := time.Since(start); !errors.Is(err, ErrOverloaded) || waited > 2*time.Second {
		t.Fatalf("queued read: %v after %v, want ErrOverloaded after about 50ms", err, waited)
	}
	if e := new(domain.Error); !errors.As(err, &e) || e.Kind != domain.KindUnavailable || e.RetryAfter < 1 {
		t.Errorf("refusal %v is not a 503 with Retry-After", err)
	}
	release()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running != 0 || len(g.boards) != 0 {
		t.Errorf("after everything ended: %d running, %d boards kept", g.running, len(g.boards))
	}
}

// TestGateCallerGivingUpLeavesNoSlotTaken: a read whose request ends while
// it waits returns the context's error, and the slot it might have been
// given goes on to the next.
func TestGateCallerGivingUpLeavesNoSlotTaken(t *testing.T) {
	g := newGate(GateLimits{Slots: 1, QueuePerBoard: 10, Wait: 5 * time.Second})
	release := mustEnter(t, g, bigBoard)
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, err := g.enter(ctx, smallBoard)
		gaveUp <- err
	}()
	waitQueued(t, g, smallBoard, 1)
	next := enterAsync(g, bigBoard)
	waitQueued(t, g, bigBoard, 1)
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
	release()
	if r := <-next; r == nil {
		t.Fatal("the next read was refused")
	} else {
		r()
	}
}

// TestGateBoundsConcurrency: however many reads arrive at once, no more than
// the slots run together, and every one that waited within the limits runs.
func TestGateBoundsConcurrency(t *testing.T) {
	g := newGate(GateLimits{Slots: 3, QueuePerBoard: 100, Wait: 10 * time.Second})
	var (
		mu            sync.Mutex
		running, peak int
		wg            sync.WaitGroup
	)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tenant := bigBoard
			if i%4 == 0 {
				tenant = smallBoard
			}
			release, err := g.enter(context.Background(), tenant)
			if err != nil {
				t.Errorf("read %d refused: %v", i, err)
				return
			}
			mu.Lock()
			running++
			peak = max(peak, running)
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			running--
			mu.Unlock()
			release()
		}()
	}
	wg.Wait()
	if peak > 3 || peak == 0 {
		t.Errorf("peak concurrency %d, want 1 to 3", peak)
	}
}
