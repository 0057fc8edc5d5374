package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
)

// The page cache keeps whole responses of the public board's hottest GET
// routes (the front page, job lists and pages, the directory, the widget,
// the JSON job list) for anonymous visitors, so that under load a popular
// page is rendered about once a second instead of once a request. The
// read cache below it already spares the database; this spares the
// template rendering, which is what the CPU then spends its time on.
//
// Correctness rules:
//   - Only GET requests on an active board's host with no Authorization
//     header, no session cookie and no flash cookie are served from it or
//     stored in it: nothing rendered for a signed-in person is ever kept.
//   - The key is the tenant, the scheme, the Host exactly as sent (pages
//     carry absolute links built from both) and the full request URI.
//   - Only 200 answers that set no cookie except the CSRF nonce are kept.
//   - Pages carry a per-visitor CSRF token. They are rendered into the
//     cache with a random placeholder instead, which is replaced with the
//     visitor's own token on every answer, cache hit or not; a page that
//     carries the real token any other way is not kept.
//   - An entry remembers its board's change generation when rendering
//     began. It is fresh while that generation is current (a write to the
//     board moves it; other boards' entries stay fresh) and younger than
//     pageTTL. Only a fresh entry answers a request when no one is
//     rendering the page: the first request after a write on this
//     instance renders the page again, so a change shows on the next
//     request. While one request renders the page's successor, the others
//     get the newest entry kept, fresh or not, if it is younger than
//     2 × pageTTL: under a steady stream of writes the page is rendered
//     by one request at a time and everyone else is answered at once,
//     with a page at most about two seconds old, as the read cache's
//     answers are. That bounds how long writes (other instances' too) and
//     the passing of time take to show to a visitor who is not signed in;
//     whoever writes is signed in, and never answered from here. An entry
//     whose rendering saw a write meanwhile is still kept, to be served
//     only that way. Ages are measured on the server's clock, so a clock
//     moved forward (in tests) leaves nothing to serve.
//   - A page that is not kept is rendered by one request at a time; the
//     others asking for it meanwhile wait for that rendering.
//   - What a page does besides answering (a job view, widget impressions)
//     is recorded with the entry and done again on every hit.
//   - Routes that rotate what they show (featured jobs) keep several
//     variants, served in turn, each rendered by a call that moved the
//     rotation on.
//   - Memory is bounded by pageCacheMaxBytes and pageCacheMaxEntries.

const (
	pageTTL             = time.Second
	pageCacheMaxBytes   = 16 << 20
	pageCacheMaxEntries = 4096
	// rotationVariants is how many variants a rotating page keeps.
	rotationVariants = 8
)

// localPageRecord is set while a cacheable page renders.
const localPageRecord = "page_record"

// localBoardGeneration is the platform generation read before the
// request's board was, when caches are on.
const localBoardGeneration = "board_generation"

// pageCounter is a counter a page bumps, done again on each cache hit.
type pageCounter struct {
	job  string
	kind int
}

// pageRecord collects, while a page renders for the cache, what a hit must
// redo.
type pageRecord struct {
	// token is set when the page was rendered with the CSRF placeholder.
	token  bool
	counts []pageCounter
}

type pageHeader struct{ key, value string }

// pageEntry is one kept answer; it does not change once stored.
type pageEntry struct {
	tenant  domain.TenantID
	gen     uint64
	at      time.Time
	size    int
	headers []pageHeader
	// del are the headers set before the handler ran that it removed.
	del []string
	// dropCSRF: the handler removed the CSRF nonce cookie.
	dropCSRF bool
	token    bool
	body     []byte
	// parts is body split at the placeholder, when token is set.
	parts  [][]byte
	counts []pageCounter
}

type pageCache struct {
	gen         func(domain.TenantID) uint64
	placeholder []byte
	mu          sync.Mutex
	entries     map[string]*pageEntry
	// rendering holds a channel per key being rendered, closed when done.
	rendering map[string]chan struct{}
	bytes     int
	hits      atomic.Uint64
}

func newPageCache(gen func(domain.TenantID) uint64) *pageCache {
	var b [30]byte
	_, _ = rand.Read(b[:])
	// The token alphabet, so that every template context leaves it as it
	// is; random, so that no content can carry it on purpose.
	ph := "csrfPlaceholder" + base64.RawURLEncoding.EncodeToString(b[:])
	return &pageCache{gen: gen, placeholder: []byte(ph), entries: map[string]*pageEntry{}, rendering: map[string]chan struct{}{}}
}

// lookup returns the entry to serve for key. Without one, it returns a
// channel to wait on while another request renders the page, or, when
// none does, makes the caller the one that renders: lead is true, and the
// caller must call rendered(key) when done. Many requests for a page
// that is not kept thus cost one rendering, not one each.
func (pc *pageCache) lookup(key string, gen uint64, now time.Time) (e *pageEntry, wait <-chan struct{}, lead bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e = pc.entries[key]
	ch, busy := pc.rendering[key]
	if e != nil {
		switch age := now.Sub(e.at); {
		case age >= 0 && age < pageTTL && e.gen == gen:
			return e, nil, false
		case age >= 0 && age < 2*pageTTL && busy:
			// Expired or written over a moment ago, and being rendered
			// again: as it was.
			return e, nil, false
		}
	}
	if busy {
		return nil, ch, false
	}
	pc.rendering[key] = make(chan struct{})
	return nil, nil, true
}

// rendered ends the rendering lookup made the caller lead.
func (pc *pageCache) rendered(key string) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if ch, ok := pc.rendering[key]; ok {
		close(ch)
		delete(pc.rendering, key)
	}
}

// store keeps e under key unless the entry kept is newer. An entry whose
// rendering saw a write is kept too, to be served only while its successor
// renders (see lookup).
func (pc *pageCache) store(key string, e *pageEntry) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if e.size > pageCacheMaxBytes/8 {
		return
	}
	if old := pc.entries[key]; old != nil {
		if old.at.After(e.at) {
			return
		}
		pc.bytes -= old.size
		delete(pc.entries, key)
	}
	if len(pc.entries) >= pageCacheMaxEntries || pc.bytes+e.size > pageCacheMaxBytes {
		pc.evict(e.at, e.size)
	}
	pc.entries[key] = e
	pc.bytes += e.size
}

// evict drops entries that can no longer be served, and those that are
// not fresh, then any others until room is made. The caller holds mu.
func (pc *pageCache) evict(now time.Time, need int) {
	for k, e := range pc.entries {
		if age := now.Sub(e.at); e.gen != pc.gen(e.tenant) || age < 0 || age >= 2*pageTTL {
			pc.bytes -= e.size
			delete(pc.entries, k)
		}
	}
	for k, e := range pc.entries {
		if len(pc.entries) < pageCacheMaxEntries && pc.bytes+need <= pageCacheMaxBytes {
			break
		}
		pc.bytes -= e.size
		delete(pc.entries, k)
	}
}

// stats returns the number of entries and their bytes.
func (pc *pageCache) stats() (int, int) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return len(pc.entries), pc.bytes
}

// PageCacheHits returns how many answers came from the page cache so far,
// so that tests can tell that they exercised it; 0 when it is off.
func (s *Server) PageCacheHits() uint64 {
	if s.pages == nil {
		return 0
	}
	return s.pages.hits.Load()
}

// anonymousGET reports whether the request may be answered from the page
// cache: a GET on an active board by nobody signed in, with no one-time
// message waiting.
func anonymousGET(c *fiber.Ctx) bool {
	if c.Method() != fiber.MethodGet {
		return false
	}
	if b := boardOf(c); b == nil || !b.Active() || principalOf(c) != nil {
		return false
	}
	rh := &c.Request().Header
	return len(rh.Peek(fiber.HeaderAuthorization)) == 0 && len(rh.Cookie(sessionCookie)) == 0 && len(rh.Cookie(flashCookie)) == 0
}

// cachedPage serves the route from the page cache; variants > 1 keeps that
// many renders of a rotating page and serves them in turn.
func (s *Server) cachedPage(variants int) fiber.Handler {
	var turn atomic.Uint64
	return func(c *fiber.Ctx) error {
		pc := s.pages
		if pc == nil || !anonymousGET(c) {
			return c.Next()
		}
		var key strings.Builder
		key.WriteString(tenantOf(c).String())
		key.WriteByte(0)
		key.WriteString(requestScheme(c))
		key.WriteByte(0)
		key.Write(c.Request().Host())
		key.WriteByte(0)
		key.Write(c.Request().URI().RequestURI())
		if variants > 1 {
			key.WriteByte(0)
			key.WriteByte(byte('a' + turn.Add(1)%uint64(variants)))
		}
		k := key.String()
		tenant := tenantOf(c)
		gen, now := pc.gen(tenant), s.deps.Now()
		e, wait, lead := pc.lookup(k, gen, now)
		if wait != nil {
			// Another request renders this page: wait for it once, then
			// take what it kept or render too.
			select {
			case <-wait:
			case <-c.UserContext().Done():
				return c.UserContext().Err()
			}
			gen, now = pc.gen(tenant), s.deps.Now()
			e, _, lead = pc.lookup(k, gen, now)
		}
		if e != nil {
			pc.hits.Add(1)
			return s.servePage(c, e)
		}
		if lead {
			defer pc.rendered(k)
		}

		h := &c.Response().Header
		var before []string
		h.VisitAll(func(k, _ []byte) { before = append(before, string(k)) })
		hadCSRF := len(h.PeekCookie(csrfCookie)) > 0
		rec := &pageRecord{}
		c.Locals(localPageRecord, rec)
		err := c.Next()
		c.Locals(localPageRecord, nil)
		if err != nil {
			return err
		}
		resp := c.Response()
		// A copy: setting the visitor's body reuses the response buffer.
		body := bytes.Clone(resp.Body())
		token := s.formToken(c)
		if rec.token {
			writeWithToken(c, bytes.Split(body, pc.placeholder), token)
		}
		if resp.StatusCode() != fiber.StatusOK || (token != "" && bytes.Contains(body, []byte(token))) {
			return nil
		}
		e = &pageEntry{tenant: tenant, gen: gen, at: now, token: rec.token, counts: rec.counts, body: body}
		if rec.token {
			e.parts = bytes.Split(body, pc.placeholder)
		}
		cookiesOK := true
		h.VisitAllCookie(func(name, _ []byte) {
			if string(name) != csrfCookie {
				cookiesOK = false
			}
		})
		if !cookiesOK {
			return nil
		}
		e.dropCSRF = hadCSRF && len(h.PeekCookie(csrfCookie)) == 0
		after := map[string]bool{}
		h.VisitAll(func(k, v []byte) {
			name := string(k)
			switch name {
			case fiber.HeaderSetCookie, fiber.HeaderContentLength, fiber.HeaderXRequestID, fiber.HeaderDate, fiber.HeaderConnection, fiber.HeaderTransferEncoding:
				return
			}
			after[name] = true
			e.headers = append(e.headers, pageHeader{name, string(v)})
		})
		for _, k := range before {
			if !after[k] && k != fiber.HeaderSetCookie && k != fiber.HeaderXRequestID && k != fiber.HeaderContentLength {
				e.del = append(e.del, k)
			}
		}
		e.size = len(e.body) + len(k) + 512
		for _, hv := range e.headers {
			e.size += len(hv.key) + len(hv.value)
		}
		// The board was read before the generation: a change to the board
		// committed in between shows in the platform generation.
		if seen, ok := c.Locals(localBoardGeneration).(uint64); ok && s.deps.PlatformGeneration() != seen {
			return nil
		}
		pc.store(k, e)
		return nil
	}
}

// servePage answers from a kept entry, with the visitor's own CSRF token
// and cookie, and does again what the page counts.
func (s *Server) servePage(c *fiber.Ctx, e *pageEntry) error {
	h := &c.Response().Header
	for _, k := range e.del {
		h.Del(k)
	}
	for _, hv := range e.headers {
		h.Del(hv.key)
	}
	for _, hv := range e.headers {
		h.Add(hv.key, hv.value)
	}
	if e.dropCSRF {
		h.DelCookie(csrfCookie)
	}
	tenant := tenantOf(c)
	for _, n := range e.counts {
		s.deps.Jobs.Count(tenant, n.job, n.kind)
	}
	c.Status(fiber.StatusOK)
	if e.token {
		writeWithToken(c, e.parts, s.formToken(c))
		return nil
	}
	// Kept bodies are never written to.
	c.Response().SetBodyRaw(e.body)
	return nil
}

// writeWithToken sets the body to parts joined by token, straight into the
// response's own buffer.
func writeWithToken(c *fiber.Ctx, parts [][]byte, token string) {
	resp := c.Response()
	resp.ResetBody()
	for i, p := range parts {
		if i > 0 {
			resp.AppendBodyString(token)
		}
		resp.AppendBody(p)
	}
}

// pageToken is the CSRF token render puts into a page: the placeholder
// while the page renders for the cache.
func (s *Server) pageToken(c *fiber.Ctx) string {
	token := s.formToken(c)
	if rec, ok := c.Locals(localPageRecord).(*pageRecord); ok && rec != nil && token != "" {
		rec.token = true
		return string(s.pages.placeholder)
	}
	return token
}

// count bumps a public job's counter, and has every cache hit of the page
// being rendered bump it too.
func (s *Server) count(c *fiber.Ctx, tenant domain.TenantID, jobID string, kind int) {
	s.deps.Jobs.Count(tenant, jobID, kind)
	if rec, ok := c.Locals(localPageRecord).(*pageRecord); ok && rec != nil {
		rec.counts = append(rec.counts, pageCounter{jobID, kind})
	}
}

// boardCacheMax bounds the hosts the board cache remembers.
const boardCacheMax = 4096

// boardCache remembers the board of a host (or that there is none) for
// pageTTL and while no board's own row changes (the platform generation),
// so that resolving the tenant costs no query per request. Creating,
// suspending, reopening or reconfiguring a board moves it: the next
// request on this instance reads the board again.
type boardCache struct {
	gen func() uint64
	now func() time.Time
	mu  sync.Mutex
	m   map[string]boardEntry
}

type boardEntry struct {
	gen uint64
	at  time.Time
	b   *board.Board // nil: no such board
}

// lookup returns the board of host, via find on a miss. A board that does
// not exist is KindNotFound, as from the repository.
func (bc *boardCache) lookup(ctx context.Context, host string, find func(context.Context) (*board.Board, error)) (*board.Board, error) {
	gen, now := bc.gen(), bc.now()
	bc.mu.Lock()
	e, ok := bc.m[host]
	bc.mu.Unlock()
	if ok && e.gen == gen && now.Sub(e.at) >= 0 && now.Sub(e.at) < pageTTL {
		if e.b == nil {
			return nil, domain.NotFound("board")
		}
		// A copy: requests never share one aggregate.
		b := e.b
		return board.Rehydrate(b.ID(), b.Slug().String(), b.Name(), b.Status(), b.CustomDomain(), b.Settings(), b.CreatedAt()), nil
	}
	b, err := find(ctx)
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		return nil, err
	}
	bc.mu.Lock()
	if bc.gen() == gen {
		if len(bc.m) >= boardCacheMax {
			clear(bc.m)
		}
		var kept *board.Board
		if err == nil {
			kept = board.Rehydrate(b.ID(), b.Slug().String(), b.Name(), b.Status(), b.CustomDomain(), b.Settings(), b.CreatedAt())
		}
		bc.m[host] = boardEntry{gen: gen, at: now, b: kept}
	}
	bc.mu.Unlock()
	return b, err
}
