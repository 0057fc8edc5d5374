package web

import (
	"bytes"
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Some requests are refused before any route runs: fasthttp refuses a
// request line or headers that overflow the read buffer (431), a declared
// body over the limit (413) and a head it cannot parse (400), and Fiber
// refuses a method it does not know. All of them are answered by the one
// error handler, so API clients get the contract's JSON error there too.
//
// fasthttp forgets the head it could not read, request line included, so
// the error handler cannot tell an API path from a page by the parsed
// request. headConn keeps the first bytes each request arrived with for
// that case.

// headLen bounds what headConn keeps: enough for the method and the start
// of the request target, even in absolute form.
const headLen = 512

// headConn remembers the first bytes of the request being read.
// fasthttp reads a request, writes its answer, then reads the next one, all
// on the connection's goroutine; so the first read after a write starts a
// new request (unless the client pipelines, when the guess is merely
// wrong and a page is answered).
type headConn struct {
	net.Conn
	head  [headLen]byte
	n     int
	fresh bool // the next read starts a new request
}

func (c *headConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if c.fresh && n > 0 {
		c.n, c.fresh = 0, false
	}
	if c.n < len(c.head) {
		c.n += copy(c.head[c.n:], p[:n])
	}
	return n, err
}

func (c *headConn) Write(p []byte) (int, error) {
	c.fresh = true
	return c.Conn.Write(p)
}

// path is the path of the request line received, as far as it was kept;
// "" when there is none.
func (c *headConn) path() string {
	return requestLinePath(c.head[:c.n])
}

// requestLinePath returns the path of the request target in the request
// line that starts b. The line may be cut short: a prefix of the path is
// enough to tell /api/ from a page.
func requestLinePath(b []byte) string {
	b = bytes.TrimLeft(b, "\r\n")
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	_, target, ok := bytes.Cut(b, []byte(" "))
	if !ok {
		return ""
	}
	if i := bytes.IndexByte(target, ' '); i >= 0 {
		target = target[:i]
	}
	for _, scheme := range []string{"http://", "https://"} {
		if len(target) >= len(scheme) && strings.EqualFold(string(target[:len(scheme)]), scheme) {
			target = target[len(scheme):]
			i := bytes.IndexByte(target, '/')
			if i < 0 {
				return ""
			}
			target = target[i:]
			break
		}
	}
	if len(target) == 0 || target[0] != '/' {
		return ""
	}
	if i := bytes.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	return string(target)
}

// headRead reports whether fasthttp parsed the request's head. It keeps
// no header line of a head it could not read.
func headRead(c *fiber.Ctx) bool {
	return len(c.Request().Header.RawHeaders()) > 0
}

// receivedPath is the path the client asked for: the parsed one, or for a
// request whose head fasthttp could not read, the one its connection
// received.
func receivedPath(c *fiber.Ctx) string {
	if !headRead(c) {
		if hc, ok := c.Context().Conn().(*headConn); ok {
			if p := hc.path(); p != "" {
				return p
			}
		}
	}
	return c.Path()
}

// errUnknownMethod refuses a method the server does not know.
var errUnknownMethod = fiber.NewError(fiber.StatusMethodNotAllowed, "the method is not allowed")

// allowedMethods is the Allow header of that refusal.
const allowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"

// refuseUnknownMethods answers a request whose method Fiber does not know
// through the error handler. Fiber itself answers it with a bare text 400
// before any middleware or error handler runs.
func (s *Server) refuseUnknownMethods() {
	srv := s.app.Server()
	next := srv.Handler
	known := s.app.Config().RequestMethods
	srv.Handler = func(fctx *fasthttp.RequestCtx) {
		m := fctx.Method()
		for _, k := range known {
			if string(m) == k {
				next(fctx)
				return
			}
		}
		c := s.app.AcquireCtx(fctx)
		defer s.app.ReleaseCtx(c)
		c.Set(fiber.HeaderAllow, allowedMethods)
		if err := s.handleError(c, errUnknownMethod); err != nil {
			fctx.Error("Internal Server Error", fiber.StatusInternalServerError)
		}
	}
}
