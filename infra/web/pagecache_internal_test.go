package web

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
)

func TestPageCacheIsBounded(t *testing.T) {
	var gen atomic.Uint64
	pc := newPageCache(func(domain.TenantID) uint64 { return gen.Load() })
	now := time.Now()
	body := make([]byte, 64<<10)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3000 {
				k := strconv.Itoa(w) + "/" + strconv.Itoa(i)
				if _, _, lead := pc.lookup(k, gen.Load(), now); lead {
					pc.store(k, &pageEntry{gen: gen.Load(), at: now, body: body, size: len(body) + len(k)})
					pc.rendered(k)
				}
			}
		}()
	}
	wg.Wait()
	n, size := pc.stats()
	if n > pageCacheMaxEntries || size > pageCacheMaxBytes {
		t.Fatalf("%d entries, %d bytes; bounds are %d and %d", n, size, pageCacheMaxEntries, pageCacheMaxBytes)
	}
	if n == 0 {
		t.Fatal("nothing kept")
	}
	// Many small entries: the count bounds them.
	for i := range 3 * pageCacheMaxEntries {
		pc.store("small/"+strconv.Itoa(i), &pageEntry{gen: gen.Load(), at: now, size: 100})
	}
	if n, _ := pc.stats(); n > pageCacheMaxEntries {
		t.Fatalf("%d entries, bound %d", n, pageCacheMaxEntries)
	}
}

func TestPageCacheForgetsOnWriteAndExpiry(t *testing.T) {
	var gen atomic.Uint64
	pc := newPageCache(func(domain.TenantID) uint64 { return gen.Load() })
	now := time.Now()
	served := func(at time.Time) bool {
		t.Helper()
		e, _, lead := pc.lookup("k", gen.Load(), at)
		if lead {
			pc.rendered("k")
		}
		return e != nil
	}
	pc.store("k", &pageEntry{gen: gen.Load(), at: now, size: 1})
	if !served(now) {
		t.Fatal("fresh entry not served")
	}
	// Expired: the first caller renders, the others get the old answer
	// meanwhile, and nobody past the grace period.
	later := now.Add(pageTTL + time.Millisecond)
	e, _, lead := pc.lookup("k", gen.Load(), later)
	if e != nil || !lead {
		t.Fatal("expired entry served to the caller that should refresh it")
	}
	if e, _, _ := pc.lookup("k", gen.Load(), later); e == nil {
		t.Fatal("expired entry not served while it is being refreshed")
	}
	pc.rendered("k")
	if served(now.Add(2 * pageTTL)) {
		t.Fatal("entry served past its grace period")
	}
	pc.store("k", &pageEntry{gen: gen.Load(), at: now, size: 1})
	gen.Add(1)
	if served(now) {
		t.Fatal("entry served after a write")
	}
	// An entry rendered before a write is not stored after it.
	pc.store("old", &pageEntry{gen: gen.Load() - 1, at: now, size: 1})
	if n, _ := pc.stats(); n != 1 {
		t.Fatalf("%d entries; the one of an older generation was stored", n)
	}
}

func TestPageCacheRendersAMissingPageOnce(t *testing.T) {
	var gen atomic.Uint64
	pc := newPageCache(func(domain.TenantID) uint64 { return gen.Load() })
	now := time.Now()
	_, _, lead := pc.lookup("k", gen.Load(), now)
	if !lead {
		t.Fatal("the first caller does not render")
	}
	e, wait, lead2 := pc.lookup("k", gen.Load(), now)
	if e != nil || wait == nil || lead2 {
		t.Fatal("a second caller does not wait for the first")
	}
	pc.store("k", &pageEntry{gen: gen.Load(), at: now, size: 1})
	pc.rendered("k")
	<-wait
	if e, _, _ := pc.lookup("k", gen.Load(), now); e == nil {
		t.Fatal("the waiting caller does not get the page rendered for it")
	}
}
