package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

const sessionCookie = "jb_session"

// localPending holds the user id of a session waiting for a second factor.
const localPending = "pending_user"

// Session keys.
const (
	sessKind    = "kind" // "user" or "admin"
	sessSubject = "sub"  // user or admin id
	sessTenant  = "tid"  // board id, or "*" for the platform
	sessCreated = "iat"  // unix seconds, for the absolute timeout
	sessSeen    = "seen" // unix seconds, for the idle timeout
	sessName    = "name" // display name for the header
	sessMFA     = "mfa"  // true when sign-in took a second factor
)

// kindPending is the session kind between a right password and the
// second factor: it signs nobody in, and lasts pendingMaxAge.
const (
	kindPending   = "pending"
	pendingMaxAge = 10 * 60
)

// Principal is who is making the request.
type Principal struct {
	Kind   string // "user" or "admin"
	ID     string
	ViaAPI bool // authenticated by a bearer token
	// SecondFactor is set when the browser session was started with a
	// second factor.
	SecondFactor bool
}

// Actor is the principal as the use cases see them.
func (p *Principal) Actor() app.Actor {
	if p.Kind == "admin" {
		return app.AdminActor(p.ID)
	}
	return app.UserActor(p.ID)
}

// actorOf is who calls a use case: the signed-in user or admin, whom the
// route's middleware required.
func actorOf(c *fiber.Ctx) app.Actor { return principalOf(c).Actor() }

// validSessionID reports whether id has the shape newSessionID makes.
func validSessionID(id string) bool {
	if len(id) != 43 {
		return false
	}
	for i := 0; i < len(id); i++ {
		ch := id[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
			return false
		}
	}
	return true
}

func newSessionID() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// principalOf returns the signed-in principal, or nil.
func principalOf(c *fiber.Ctx) *Principal {
	p, _ := c.Locals(localPrincipal).(*Principal)
	return p
}

// scope is the session tenant value for the request's host.
func scope(c *fiber.Ctx) string {
	if b := boardOf(c); b != nil {
		return b.ID().String()
	}
	return "*"
}

// authenticate sets the principal from a bearer token or the session
// cookie. A bearer token that does not check out is refused outright; a
// session of another board, or past its timeouts, is ignored.
func (s *Server) authenticate(c *fiber.Ctx) error {
	if authz := c.Get(fiber.HeaderAuthorization); authz != "" {
		token := bearerToken(c)
		b := boardOf(c)
		if token == "" || b == nil {
			return domain.Unauthorized("use Authorization: Bearer <token> from POST /api/v1/auth/login")
		}
		u, err := s.deps.Accounts.Authenticate(c.UserContext(), b.ID(), token)
		if err != nil {
			return err
		}
		c.Locals(localName, u.Name())
		c.Locals(localPrincipal, &Principal{Kind: "user", ID: u.ID(), ViaAPI: true})
		return c.Next()
	}
	if !validSessionID(c.Cookies(sessionCookie)) {
		// No cookie, or not one this server could have made: anonymous.
		return c.Next()
	}
	sess, err := s.sessions.Get(c)
	if err != nil {
		return err
	}
	kind, _ := sess.Get(sessKind).(string)
	id, _ := sess.Get(sessSubject).(string)
	tid, _ := sess.Get(sessTenant).(string)
	created, _ := sess.Get(sessCreated).(int64)
	seen, _ := sess.Get(sessSeen).(int64)
	now := s.deps.Now().Unix()
	switch {
	case sess.Fresh() || id == "":
		return c.Next()
	case tid != scope(c):
		// A cookie from another board's host: not valid here.
		return c.Next()
	case now-created > int64(s.deps.SessionMax.Seconds()) || now-seen > int64(s.deps.SessionIdle.Seconds()):
		if err := sess.Destroy(); err != nil {
			return err
		}
		return c.Next()
	}
	if kind == kindPending {
		// A right password waiting for its second factor: not signed in.
		if now-created <= pendingMaxAge {
			c.Locals(localPending, id)
		}
		return c.Next()
	}
	name, _ := sess.Get(sessName).(string)
	mfa, _ := sess.Get(sessMFA).(bool)
	c.Locals(localName, name)
	c.Locals(localPrincipal, &Principal{Kind: kind, ID: id, SecondFactor: mfa})
	if now-seen >= 60 {
		// Touch at most once a minute: it extends the idle timeout without
		// a write per request.
		sess.Set(sessSeen, now)
		if err := sess.Save(); err != nil {
			return err
		}
	}
	return c.Next()
}

// pendingUser is the user whose password was right and whose second
// factor is awaited, or "".
func pendingUser(c *fiber.Ctx) string {
	id, _ := c.Locals(localPending).(string)
	return id
}

// startSession replaces any session with a new one (a new id) for the
// principal; mfa records that a second factor was given.
func (s *Server) startSession(c *fiber.Ctx, kind, id, name string, mfa bool) error {
	sess, err := s.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Reset(); err != nil {
		return err
	}
	now := s.deps.Now().Unix()
	sess.Set(sessKind, kind)
	sess.Set(sessSubject, id)
	sess.Set(sessTenant, scope(c))
	sess.Set(sessCreated, now)
	sess.Set(sessSeen, now)
	sess.Set(sessName, name)
	sess.Set(sessMFA, mfa)
	sid := sess.ID() // Save releases the session
	if err := sess.Save(); err != nil {
		return err
	}
	if s.deps.SessionOwners == nil {
		return nil
	}
	// Pending sessions are bound too, so that a new password ends them.
	if b := boardOf(c); (kind == "user" || kind == kindPending) && b != nil {
		return s.deps.SessionOwners.BindSession(c.UserContext(), sid, b.ID(), id, s.clientIP(c), c.Get(fiber.HeaderUserAgent))
	}
	if kind == "admin" {
		return s.deps.SessionOwners.BindAdminSession(c.UserContext(), sid, id, s.clientIP(c), c.Get(fiber.HeaderUserAgent))
	}
	return nil
}

// endSession destroys the session server-side and expires the cookie.
func (s *Server) endSession(c *fiber.Ctx) error {
	if !validSessionID(c.Cookies(sessionCookie)) {
		return nil
	}
	sess, err := s.sessions.Get(c)
	if err != nil {
		return err
	}
	return sess.Destroy()
}

// requireUser refuses requests without a signed-in board user.
func requireUser(c *fiber.Ctx) error {
	if p := principalOf(c); p == nil || p.Kind != "user" {
		if wantsHTML(c) {
			return c.Redirect("/login?next="+url.QueryEscape(safeNext(requestPath(c))), fiber.StatusSeeOther)
		}
		return domain.ErrUnauthorized
	}
	return c.Next()
}

// requireAdmin refuses requests without a signed-in platform admin.
func requireAdmin(c *fiber.Ctx) error {
	if p := principalOf(c); p == nil || p.Kind != "admin" {
		if wantsHTML(c) {
			return c.Redirect("/platform/login?next="+url.QueryEscape(safeNext(requestPath(c))), fiber.StatusSeeOther)
		}
		return domain.ErrUnauthorized
	}
	return c.Next()
}

// bearerToken returns the token of an "Authorization: Bearer" header, or "".
func bearerToken(c *fiber.Ctx) string {
	token, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(token)
}

// requestPath is the path and query of the request, even when the request
// line carried an absolute URL.
func requestPath(c *fiber.Ctx) string { return string(c.Request().URI().RequestURI()) }
