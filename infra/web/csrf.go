package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jobboard/jobboard/domain"
)

// CSRF protection is a signed double-submit: a random nonce lives in an
// HttpOnly cookie, and forms carry HMAC(secret, scope|session|nonce). A
// forged request has neither the cookie's value nor the secret, a token
// from another board or another session does not verify, and no state is
// kept on the server, so every instance agrees.
const (
	csrfCookie = "jb_csrf"
	csrfField  = "_csrf"
	csrfHeader = "X-CSRF-Token"
)

var errCSRF = &domain.Error{Kind: domain.KindForbidden, Code: "csrf_failed", Message: "the form has expired or did not come from this site; reload the page and try again"}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// csrf issues the nonce cookie and checks the token on unsafe requests that
// could carry ambient (cookie) authority.
func (s *Server) csrf(c *fiber.Ctx) error {
	nonce := c.Cookies(csrfCookie)
	if len(nonce) != 43 {
		nonce = ""
	}
	if safeMethod(c.Method()) {
		if nonce == "" {
			var b [32]byte
			_, _ = rand.Read(b[:])
			nonce = base64.RawURLEncoding.EncodeToString(b[:])
			c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: nonce, Path: "/", HTTPOnly: true, Secure: s.deps.Production, SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(365 * 24 * time.Hour)})
		}
		c.Locals(localCSRF, nonce)
		return c.Next()
	}
	if csrfExempt(c) {
		return c.Next()
	}
	sent := c.Get(csrfHeader)
	if sent == "" {
		sent = c.FormValue(csrfField)
	}
	if nonce == "" || sent == "" || !hmac.Equal([]byte(sent), []byte(s.csrfToken(c, nonce))) {
		return errCSRF
	}
	c.Locals(localCSRF, nonce)
	return c.Next()
}

// csrfExempt: webhooks are signed instead; bearer-token calls carry no
// ambient authority; API calls without a session cookie carry none either;
// one-click unsubscribing (RFC 8058) is a POST from a mail program, which
// has no token, and its signed link is the authority.
func csrfExempt(c *fiber.Ctx) bool {
	path := c.Path()
	switch {
	case strings.HasPrefix(path, "/webhooks/"):
		return true
	case c.Method() == fiber.MethodPost && isUnsubscribePath(path):
		return true
	case strings.HasPrefix(c.Get(fiber.HeaderAuthorization), "Bearer "):
		return true
	case strings.HasPrefix(path, "/api/") && c.Cookies(sessionCookie) == "":
		return true
	}
	return false
}

// csrfToken is the token forms on this page must carry.
func (s *Server) csrfToken(c *fiber.Ctx, nonce string) string {
	m := hmac.New(sha256.New, s.deps.SecretKey)
	m.Write([]byte(scope(c)))
	m.Write([]byte{0})
	m.Write([]byte(c.Cookies(sessionCookie)))
	m.Write([]byte{0})
	m.Write([]byte(nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// formToken returns the CSRF token to render into a form, or "".
func (s *Server) formToken(c *fiber.Ctx) string {
	nonce, _ := c.Locals(localCSRF).(string)
	if nonce == "" {
		return ""
	}
	return s.csrfToken(c, nonce)
}

// isUnsubscribePath matches exactly /alerts/unsubscribe/{token}.
func isUnsubscribePath(path string) bool {
	token, ok := strings.CutPrefix(path, "/alerts/unsubscribe/")
	return ok && token != "" && !strings.Contains(token, "/")
}
