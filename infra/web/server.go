// Package web is the Fiber v2 adapter: routes, handlers, middleware,
// templates and the one ErrorHandler.
package web

import (
	"context"
	"log/slog"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/jobboard/jobboard/app"
	appaccount "github.com/jobboard/jobboard/app/account"
	appalert "github.com/jobboard/jobboard/app/alert"
	appapplication "github.com/jobboard/jobboard/app/application"
	appbilling "github.com/jobboard/jobboard/app/billing"
	appboard "github.com/jobboard/jobboard/app/board"
	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
)

// Limits on what a request may send.
const (
	// MaxUploadBody bounds multipart uploads (logos, CVs) at the server.
	MaxUploadBody = 8 << 20
	// MaxBody bounds every other request body: room for a long job ad,
	// small enough that a flood of bodies cannot exhaust memory.
	MaxBody = 1 << 20
	// RequestTimeout bounds the database work of one request.
	RequestTimeout = 10 * time.Second
)

// SessionBinder ties a browser session to its board user.
type SessionBinder interface {
	BindSession(ctx context.Context, sessionID string, tenant domain.TenantID, userID, clientIP, userAgent string) error
	// BindAdminSession records that a session is a platform admin's.
	BindAdminSession(ctx context.Context, sessionID, adminID, clientIP, userAgent string) error
}

// Pinger reports whether the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are what the web layer needs from the rest of the program.
type Deps struct {
	Accounts   *appaccount.Service
	Boards     *appboard.Service
	Companies  *appcompany.Service
	Jobs       *appjob.Service
	Billing    *appbilling.Service
	Moderation *appmoderation.Service
	// Alerts runs e-mail job alerts.
	Alerts *appalert.Service
	// Applications runs saved jobs, on-site applications and privacy.
	Applications *appapplication.Service
	// SessionOwners records whose a new browser session is, so that
	// deleting an account ends its sessions; nil records nothing.
	SessionOwners SessionBinder
	// BoardRepo resolves the board of a request's host.
	BoardRepo board.Repository
	// Sessions is the fiber.Storage that keeps browser sessions.
	Sessions fiber.Storage
	DB       Pinger
	// Authz answers what the page header offers (links to staff pages).
	Authz  app.Authorizer
	Logger *slog.Logger

	BaseDomain     string
	Production     bool
	SecretKey      []byte // signs CSRF tokens
	TrustedProxies []netip.Prefix
	SessionIdle    time.Duration
	SessionMax     time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Generation is the store's per-board counter of writes that may
	// change the board's public pages, and PlatformGeneration the counter
	// of changes to any board's own row. Set, they turn on the page cache,
	// which forgets a board's pages once its counter moves, and the
	// board-by-host cache; nil turns them off.
	Generation         func(domain.TenantID) uint64
	PlatformGeneration func() uint64
	// SitemapPageSize is how many URLs go in one sitemap file; zero means
	// MaxSitemapURLs.
	SitemapPageSize int
}

// Server is the HTTP server.
type Server struct {
	deps     Deps
	app      *fiber.App
	sessions *session.Store
	views    *views
	// pages and hosts are nil without Deps.Generation.
	pages *pageCache
	hosts *boardCache
	// draining is set once Serve's context ends: /readyz answers 503 and
	// every response closes its connection.
	draining atomic.Bool
}

// New builds the server with every route registered.
func New(d Deps) (*Server, error) {
	if d.Now == nil {
		d.Now = func() time.Time { return time.Now().UTC() }
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	v, err := loadViews()
	if err != nil {
		return nil, err
	}
	s := &Server{deps: d, views: v}
	if d.Generation != nil && d.PlatformGeneration != nil {
		s.pages = newPageCache(d.Generation)
		s.hosts = &boardCache{gen: d.PlatformGeneration, now: d.Now, m: map[string]boardEntry{}}
	}
	s.sessions = session.New(session.Config{
		Storage:        d.Sessions,
		Expiration:     d.SessionIdle,
		KeyLookup:      "cookie:" + sessionCookie,
		CookieHTTPOnly: true,
		CookieSecure:   d.Production,
		CookieSameSite: "Lax",
		KeyGenerator:   newSessionID,
	})
	s.app = fiber.New(fiber.Config{
		AppName:               "jobboard",
		ErrorHandler:          s.handleError,
		BodyLimit:             MaxUploadBody,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           90 * time.Second,
		ReadBufferSize:        16 << 10,
		DisableStartupMessage: true,
		StrictRouting:         false,
		CaseSensitive:         true,
		// Client IPs come from clientIP and the scheme from forwarded,
		// which believe forwarding headers only from trusted proxies; Fiber
		// is told the same proxies so that none of its own helpers
		// (Protocol, Hostname) believes a client either.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          prefixStrings(d.TrustedProxies),
		// Multipart bodies are parsed by the upload handlers, which answer
		// a broken one with the contract's error naming the field; parsed
		// before the middleware, fasthttp would answer with its own page.
		DisablePreParseMultipartForm: true,
	})
	s.routes()
	return s, nil
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// App returns the Fiber application, for app.Test in tests.
func (s *Server) App() *fiber.App { return s.app }
