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
}

func TestPageCacheServesThePreviousPageWhileTheNextRenders(t *testing.T) {
	var gen atomic.Uint64
	pc := newPageCache(func(domain.TenantID) uint64 { return gen.Load() })
	now := time.Now()
	pc.store("k", &pageEntry{gen: gen.Load(), at: now, size: 1, body: []byte("before")})
	gen.Add(1) // a write
	at := now.Add(pageTTL / 2)
	e, _, lead := pc.lookup("k", gen.Load(), at)
	if e != nil || !lead {
		t.Fatal("the first request after a write does not render the page again")
	}
	// Meanwhile everyone else gets the page as it was, without waiting.
	for range 3 {
		e, wait, lead := pc.lookup("k", gen.Load(), at)
		if e == nil || string(e.body) != "before" || wait != nil || lead {
			t.Fatal("a request during the rendering waits instead of getting the previous page")
		}
	}
	// Another write lands during the rendering: what it rendered is kept,
	// but only to stand in while the next rendering runs.
	gen.Add(1)
	pc.store("k", &pageEntry{gen: gen.Load() - 1, at: at, size: 1, body: []byte("during")})
	pc.rendered("k")
	e, _, lead = pc.lookup("k", gen.Load(), at)
	if e != nil || !lead {
		t.Fatal("a page rendered before the last write was served as fresh")
	}
	if e, _, _ := pc.lookup("k", gen.Load(), at); e == nil || string(e.body) != "during" {
		t.Fatal("the newest rendering does not stand in for the next one")
	}
	// An older rendering never replaces a newer one.
	pc.store("k", &pageEntry{gen: gen.Load(), at: now, size: 1, body: []byte("older")})
	if e, _, _ := pc.lookup("k", gen.Load(), at); e == nil || string(e.body) != "during" {
		t.Fatal("an older rendering replaced a newer one")
	}
	// Nothing older than the grace period stands in.
	if e, _, _ := pc.lookup("k", gen.Load(), at.Add(2*pageTTL)); e != nil {
		t.Fatal("a page past its grace period was served while another renders")
	}
	pc.rendered("k")
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
