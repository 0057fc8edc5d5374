package store

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"

	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
	"github.com/jobboard/jobboard/domain/job"
)

// The read cache keeps the answers of the public board's queries (job
// lists, facets, featured jobs, job pages, the directory) for about a
// second. Under load a popular page is computed once a second instead of
// once a request; any write that can change what they show empties it.
//
// Correctness rules:
//   - Every key starts with the tenant, so a board only ever gets its own
//     answers.
//   - Every entry remembers its board's change generation (generations.go)
//     when its query began; an entry of an older generation is never
//     served, so a write shows on the next request on this instance, and a
//     write to one board leaves the others' entries alone.
//   - Entries belong to the second of the query's clock (facet counts to a
//     window of facetWindow seconds). An entry of the previous second may
//     be served once more while one caller refreshes it (stale while
//     revalidate), so a page is at most about two seconds old; clocks that
//     jump further (tests) always miss.
//   - Other instances' writes are not seen, which the two-second bound
//     also covers.

// facetWindow is how many seconds facet counts are kept.
const facetWindow = 15

// readCacheSize and readCacheBytes bound what is kept: entries, and their
// estimated size (job lists carry whole descriptions).
const (
	readCacheSize  = 1000
	readCacheBytes = 64 << 20
)

type cacheEntry struct {
	tenant domain.TenantID
	gen    uint64
	// sec is the entry's time in units of span seconds (one, or the
	// facet window).
	sec   int64
	span  int64
	size  int
	value any
}

// readCache is the shared store of cached answers with single flight per
// key.
type readCache struct {
	db       *DB
	mu       sync.Mutex
	entries  map[string]*cacheEntry
	bytes    int // the estimated size of entries
	inflight map[flightKey]*flight
}

// flightKey names a computation by its key and the write generation it
// started at: a caller after a write must not join a query begun before
// it, or it would get the rows as they were.
type flightKey struct {
	key    string
	tenant domain.TenantID
	gen    uint64
}

type flight struct {
	done  chan struct{}
	value any
	err   error
}

func newReadCache(db *DB) *readCache {
	return &readCache{db: db, entries: map[string]*cacheEntry{}, inflight: map[flightKey]*flight{}}
}

// get returns the value for key, one of tenant's questions, at now (the
// query clock's Unix seconds) in units of span seconds, computing it with
// fn at most once at a time per key.
func (c *readCache) get(ctx context.Context, tenant domain.TenantID, key string, now, span int64, fn func(ctx context.Context) (any, error)) (any, error) {
	sec := now / span
	if _, inTx := ctx.Value(txKey{}).(*txState); inTx {
		// A transaction may read its own uncommitted rows: never keep, nor
		// serve, what it sees.
		return fn(ctx)
	}
	gen := c.db.Generation(tenant)
	c.mu.Lock()
	e := c.entries[key]
	if e != nil && e.gen == gen {
		switch {
		case e.sec == sec:
			c.mu.Unlock()
			return e.value, nil
		case sec-e.sec == 1:
			// While one caller refreshes the previous second's answer, the
			// others get it as it was. The refresh runs in that caller's
			// request, never after it: request strings (Fiber's are views
			// of a reused buffer) must not outlive the request.
			if _, busy := c.inflight[flightKey{key, tenant, gen}]; busy {
				c.mu.Unlock()
				return e.value, nil
			}
		}
	}
	fk := flightKey{key, tenant, gen}
	f, busy := c.inflight[fk]
	if !busy {
		f = &flight{done: make(chan struct{})}
		c.inflight[fk] = f
		c.mu.Unlock()
		c.compute(ctx, fk, now, span, f, fn)
	} else {
		c.mu.Unlock()
	}
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.err != nil && busy {
		if errors.Is(f.err, ErrOverloaded) {
			// No room for this question: asking again would only wait
			// longer and add work.
			return nil, f.err
		}
		// Another caller's failure (a cancelled request, say) is not ours.
		return c.admitted(ctx, tenant, fn)
	}
	return f.value, f.err
}

func (c *readCache) compute(ctx context.Context, fk flightKey, now, span int64, f *flight, fn func(ctx context.Context) (any, error)) {
	// Deferred, so that a query that panics still lets its waiters go.
	defer func() {
		c.mu.Lock()
		delete(c.inflight, fk)
		// Keep it only if nothing was written meanwhile.
		if f.err == nil && c.db.Generation(fk.tenant) == fk.gen {
			size := sizeOf(f.value)
			if old := c.entries[fk.key]; old != nil {
				c.bytes -= old.size
			}
			if len(c.entries) >= readCacheSize || c.bytes+size > readCacheBytes {
				c.sweep(now)
			}
			c.entries[fk.key] = &cacheEntry{tenant: fk.tenant, gen: fk.gen, sec: now / span, span: span, size: size, value: f.value}
			c.bytes += size
		}
		c.mu.Unlock()
		close(f.done)
	}()
	f.err = errQueryPanicked // until fn returns
	f.value, f.err = c.admitted(ctx, fk.tenant, fn)
}

// errQueryPanicked is what the waiters of a query that panicked get.
var errQueryPanicked = errors.New("store: cached query did not finish")

// sweep drops entries that can no longer be served at now (in seconds),
// and everything if that is not enough. The caller holds mu.
func (c *readCache) sweep(now int64) {
	for k, e := range c.entries {
		if at := e.sec * e.span; e.gen != c.db.Generation(e.tenant) || now-at >= 2*e.span || at > now {
			c.bytes -= e.size
			delete(c.entries, k)
		}
	}
	if len(c.entries) >= readCacheSize || c.bytes > readCacheBytes/2 {
		clear(c.entries)
		c.bytes = 0
	}
}

// sizeOf estimates the memory an answer holds: its texts, plus a fixed
// cost per item.
func sizeOf(v any) int {
	const perItem = 512
	switch v := v.(type) {
	case []appjob.Listing:
		n := 0
		for _, l := range v {
			n += perItem + len(l.Job.Posting.Description) + len(l.Job.DescriptionHTML)
		}
		return n
	case appjob.Listing:
		return perItem + len(v.Job.Posting.Description) + len(v.Job.DescriptionHTML)
	case pageWithFacets:
		return sizeOf(v.items) + 8*perItem
	case []company.Snapshot:
		n := 0
		for _, c := range v {
			n += perItem + len(c.Profile.Description) + len(c.DescriptionHTML)
		}
		return n
	}
	return 4 * perItem
}

// cacheKey joins the tenant, the question and its arguments.
func cacheKey(tenant domain.TenantID, what string, args any) string {
	b, _ := json.Marshal(args)
	return tenant.String() + "|" + what + "|" + string(b)
}

// CachedJobSearch is the job search read model behind the read cache.
// Methods it does not cache are JobSearch's.
type CachedJobSearch struct {
	*JobSearch
	cache *readCache
}

// NewCachedJobSearch returns the cached job search read model.
func NewCachedJobSearch(db *DB) *CachedJobSearch {
	return &CachedJobSearch{JobSearch: NewJobSearch(db), cache: newReadCache(db)}
}

var _ appjob.Search = (*CachedJobSearch)(nil)

func listings(v any) []appjob.Listing {
	items, _ := v.([]appjob.Listing)
	// Callers may reorder what they get (the featured rotation sorts).
	return append([]appjob.Listing(nil), items...)
}

// Find is JobSearch.Find, cached.
func (s *CachedJobSearch) Find(ctx context.Context, tenant domain.TenantID, f appjob.Query) ([]appjob.Listing, error) {
	if f.Now.IsZero() {
		return s.JobSearch.Find(ctx, tenant, f)
	}
	k := f
	k.Now = time.Time{}
	v, err := s.cache.get(ctx, tenant, cacheKey(tenant, "find", k), f.Now.Unix(), 1, func(ctx context.Context) (any, error) {
		return s.JobSearch.Find(ctx, tenant, f)
	})
	if err != nil {
		return nil, err
	}
	return listings(v), nil
}

// Facets is JobSearch.Facets, cached.
func (s *CachedJobSearch) Facets(ctx context.Context, tenant domain.TenantID, f appjob.Query) (appjob.Facets, error) {
	if f.Now.IsZero() {
		return s.JobSearch.Facets(ctx, tenant, f)
	}
	k := f
	k.Now = time.Time{}
	// Counts over a whole large board are the costliest query; they
	// change slowly, so they are kept per facetWindow rather than per
	// second (writes still empty the cache at once).
	v, err := s.cache.get(ctx, tenant, cacheKey(tenant, "facets", k), f.Now.Unix(), facetWindow, func(ctx context.Context) (any, error) {
		return s.JobSearch.Facets(ctx, tenant, f)
	})
	if err != nil {
		return appjob.Facets{}, err
	}
	return v.(appjob.Facets), nil
}

// FindWithFacets is JobSearch.FindWithFacets, cached. A later page is
// Find's, with the facets of its search kept as Facets keeps them: every
// page of a search shares them.
func (s *CachedJobSearch) FindWithFacets(ctx context.Context, tenant domain.TenantID, f appjob.Query) ([]appjob.Listing, appjob.Facets, error) {
	if f.Now.IsZero() {
		return s.JobSearch.FindWithFacets(ctx, tenant, f)
	}
	if f.After != nil {
		items, err := s.Find(ctx, tenant, f)
		if err != nil {
			return nil, appjob.Facets{}, err
		}
		facets, err := s.Facets(ctx, tenant, wholeSearch(f))
		return items, facets, err
	}
	k := f
	k.Now = time.Time{}
	v, err := s.cache.get(ctx, tenant, cacheKey(tenant, "find+facets", k), f.Now.Unix(), 1, func(ctx context.Context) (any, error) {
		items, facets, err := s.JobSearch.FindWithFacets(ctx, tenant, f)
		return pageWithFacets{items, facets}, err
	})
	if err != nil {
		return nil, appjob.Facets{}, err
	}
	p := v.(pageWithFacets)
	return listings(p.items), p.facets, nil
}

// pageWithFacets is what FindWithFacets answers, as the cache keeps it.
type pageWithFacets struct {
	items  []appjob.Listing
	facets appjob.Facets
}

// Featured is JobSearch.Featured, cached.
func (s *CachedJobSearch) Featured(ctx context.Context, tenant domain.TenantID, now time.Time) ([]appjob.Listing, error) {
	v, err := s.cache.get(ctx, tenant, cacheKey(tenant, "featured", nil), now.Unix(), 1, func(ctx context.Context) (any, error) {
		return s.JobSearch.Featured(ctx, tenant, now)
	})
	if err != nil {
		return nil, err
	}
	return listings(v), nil
}

// Get is JobSearch.Get, cached.
func (s *CachedJobSearch) Get(ctx context.Context, tenant domain.TenantID, id string, now time.Time) (appjob.Listing, error) {
	v, err := s.cache.get(ctx, tenant, cacheKey(tenant, "get", id), now.Unix(), 1, func(ctx context.Context) (any, error) {
		return s.JobSearch.Get(ctx, tenant, id, now)
	})
	if err != nil {
		return appjob.Listing{}, err
	}
	return v.(appjob.Listing), nil
}

// Similar is JobSearch.Similar, cached.
func (s *CachedJobSearch) Similar(ctx context.Context, tenant domain.TenantID, j job.Snapshot, now time.Time, limit int) ([]appjob.Listing, error) {
	if !isUUID(tenant.String()) {
		return nil, nil
	}
	// The lists are cached per category and per company, not per job: the
	// pages of every job of a category share them.
	return similar(j, limit, func(column, value string) ([]appjob.Listing, error) {
		key := cacheKey(tenant, "newest-with", []string{column, value}) + "|" + strconv.Itoa(limit+1)
		v, err := s.cache.get(ctx, tenant, key, now.Unix(), 1, func(ctx context.Context) (any, error) {
			return s.JobSearch.newestWith(ctx, tenant, column, value, now, limit+1)
		})
		if err != nil {
			return nil, err
		}
		return listings(v), nil
	})
}

// CachedDirectory is the directory read model behind the read cache.
type CachedDirectory struct {
	*Directory
	cache *readCache
}

// NewCachedDirectory returns the cached directory read model.
func NewCachedDirectory(db *DB) *CachedDirectory {
	return &CachedDirectory{Directory: NewDirectory(db), cache: newReadCache(db)}
}

var _ appcompany.Directory = (*CachedDirectory)(nil)

// ListPublished is Directory.ListPublished, cached.
func (d *CachedDirectory) ListPublished(ctx context.Context, tenant domain.TenantID, f appcompany.Filter) ([]company.Snapshot, error) {
	if f.Now.IsZero() {
		return d.Directory.ListPublished(ctx, tenant, f)
	}
	k := f
	k.Now = time.Time{}
	v, err := d.cache.get(ctx, tenant, cacheKey(tenant, "companies", k), f.Now.Unix(), 1, func(ctx context.Context) (any, error) {
		return d.Directory.ListPublished(ctx, tenant, f)
	})
	if err != nil {
		return nil, err
	}
	items, _ := v.([]company.Snapshot)
	return append([]company.Snapshot(nil), items...), nil
}

// admitted runs fn, one of tenant's public reads, once the gate gives it a
// slot; see gate.go.
func (c *readCache) admitted(ctx context.Context, tenant domain.TenantID, fn func(ctx context.Context) (any, error)) (any, error) {
	release, err := c.db.gate.enter(ctx, tenant)
	if err != nil {
		if errors.Is(err, ErrOverloaded) {
			return nil, err
		}
		return nil, translate(err)
	}
	defer release()
	return fn(ctx)
}
