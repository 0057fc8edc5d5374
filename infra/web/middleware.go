package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/domain"
)

// Locals keys.
const (
	localRequestID = "request_id"
	localBoard     = "board"
	localPrincipal = "principal"
	localCSRF      = "csrf_nonce"
	localScheme    = "scheme"
)

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestID takes a well-formed incoming X-Request-ID or makes one, and
// echoes it on the response.
func (s *Server) requestID(c *fiber.Ctx) error {
	id := c.Get(fiber.HeaderXRequestID)
	if !requestIDPattern.MatchString(id) {
		var b [12]byte
		_, _ = rand.Read(b[:])
		id = base64.RawURLEncoding.EncodeToString(b[:])
	}
	c.Locals(localRequestID, id)
	c.Set(fiber.HeaderXRequestID, id)
	return c.Next()
}

// logRequests writes one structured line per request.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// The error handler writes the response; run it now so that the
		// status logged is the one sent.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
		err = nil
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if !s.deps.Logger.Enabled(c.UserContext(), level) {
		return err
	}
	attrs := []any{
		"request_id", c.Locals(localRequestID),
		"method", c.Method(),
		"path", c.Path(),
		"status", status,
		"latency_ms", float64(time.Since(start).Microseconds()) / 1000,
		"ip", s.clientIP(c),
	}
	if b := boardOf(c); b != nil {
		attrs = append(attrs, "board", b.Slug().String())
	}
	s.deps.Logger.Log(c.UserContext(), level, "request", attrs...)
	return err
}

// forwardedScheme records the scheme the client used, for the absolute
// links pages, feeds and Stripe return addresses carry. X-Forwarded-Proto
// is believed only from a trusted proxy, and only when it says http or
// https: the value ends up in publicly cached feeds. Production serves
// only https (its cookies are Secure), whatever a header says.
func (s *Server) forwardedScheme(c *fiber.Ctx) error {
	c.Locals(localScheme, s.scheme(c))
	return c.Next()
}

func (s *Server) scheme(c *fiber.Ctx) string {
	if s.deps.Production || c.Context().IsTLS() {
		return "https"
	}
	peer, err := netip.ParseAddr(c.Context().RemoteIP().String())
	if err != nil || !s.trusted(peer) {
		return "http"
	}
	// The right-most value is the one the nearest (trusted) proxy wrote;
	// anything to its left may have come from the client.
	var lines []string
	for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedProto) {
		lines = append(lines, string(v))
	}
	if len(lines) == 0 {
		return "http"
	}
	vals := strings.Split(strings.Join(lines, ","), ",")
	switch v := strings.ToLower(strings.TrimSpace(vals[len(vals)-1])); v {
	case "http", "https":
		return v
	}
	return "http"
}

// withTimeout bounds the database work a request can cause.
func (s *Server) withTimeout(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(context.Background(), RequestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// securityHeaders sets the headers every response carries. Embeddable
// routes relax frame-ancestors themselves.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.deps.Production {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	return c.Next()
}

// limitBody refuses bodies over MaxBody, except multipart uploads, which
// the server-wide BodyLimit bounds.
func (s *Server) limitBody(c *fiber.Ctx) error {
	limit := MaxBody
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		limit = MaxUploadBody
	}
	if len(c.Request().Body()) > limit || c.Request().Header.ContentLength() > limit {
		return &domain.Error{Kind: domain.KindTooLarge, Code: "body_too_large", Message: "the request body is too large"}
	}
	return c.Next()
}

// clientIP is the peer address, or, when the peer is a trusted proxy, the
// right-most address in X-Forwarded-For that is not itself a trusted proxy.
func (s *Server) clientIP(c *fiber.Ctx) string {
	peer, err := netip.ParseAddr(c.Context().RemoteIP().String())
	if err != nil {
		return c.Context().RemoteIP().String()
	}
	if !s.trusted(peer) {
		return peer.String()
	}
	// A client may send its own X-Forwarded-For line; a proxy that adds a
	// second line instead of appending must not let that line win, so every
	// line is read, in order.
	var lines []string
	for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		lines = append(lines, string(v))
	}
	hops := strings.Split(strings.Join(lines, ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !s.trusted(a) {
			return a.Unmap().String()
		}
		peer = a
	}
	return peer.Unmap().String()
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.deps.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
