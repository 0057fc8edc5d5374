package account

import (
	"context"
	"log/slog"
	"math"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Login throttling. Wrong passwords are counted per pair of account and
// client (board + e-mail + client address, whether or not the account
// exists, so the answer never tells) and per client address across
// boards. Nothing is counted per account alone: someone failing on purpose
// from elsewhere cannot lock the owner out, and the right password from a
// client that has not been failing still signs in.
//
// From the third failure of a pair in a window, each failure makes that
// pair wait before its next try (1 s, then 2, 4, ... 64 s); at the tenth
// the pair is refused until its window ends. A client address is refused
// after 50 failures in a window.
const (
	LoginWindow     = 15 * time.Minute
	SlowAfter       = 3
	MaxPairFailures = 10
	MaxIPFailures   = 50
)

// ErrBadCredentials is the one answer for an unknown e-mail and a wrong
// password alike.
var ErrBadCredentials = &domain.Error{Kind: domain.KindUnauthorized, Code: "invalid_credentials", Message: "the e-mail address or password is not right"}

// LoginInput is what a person submits to sign in.
type LoginInput struct {
	Email    string `json:"email" form:"email" validate:"required,max=254"`
	Password string `json:"password" form:"password" validate:"required,max=1024"`
	// OTP is the second factor an API client sends with the password
	// when the account has one; the sign-in page asks for it on its own.
	OTP string `json:"otp" form:"-" validate:"max=64"`
}

// Login checks a board user's credentials. clientIP is the caller's address
// as the trusted proxies report it. Too many failures are KindTooMany.
func (s *Service) Login(ctx context.Context, tenant domain.TenantID, in LoginInput, clientIP string) (*account.User, error) {
	if err := app.Validate(in); err != nil {
		return nil, err
	}
	email := domain.Email(strings.ToLower(strings.TrimSpace(in.Email)))
	keys := newLoginKeys("board:"+tenant.String(), email, clientIP)
	if err := s.checkThrottle(ctx, keys); err != nil {
		return nil, err
	}
	u, err := s.deps.Users.ByEmail(ctx, tenant, email)
	hash := s.dummyHash
	switch {
	case err == nil:
		hash = u.PasswordHash()
	case domain.KindOf(err) != domain.KindNotFound:
		return nil, err
	}
	ok, rehash, verr := s.deps.Hasher.Verify(in.Password, hash)
	if verr != nil {
		slog.ErrorContext(ctx, "stored password hash is unreadable", "tenant", tenant, "err", verr)
	}
	if u == nil || !ok {
		return nil, s.fail(ctx, keys)
	}
	if err := s.requirePasswordAllowed(ctx, tenant, u.ID()); err != nil {
		return nil, err
	}
	s.succeed(ctx, keys)
	if rehash {
		if h, err := s.deps.Hasher.Hash(in.Password); err == nil {
			if err := s.deps.Users.UpdatePasswordHash(ctx, tenant, u.ID(), h); err == nil {
				u.SetPasswordHash(h)
			}
		}
	}
	return u, nil
}

// loginKeys are the throttle keys of one sign-in attempt.
type loginKeys struct{ pair, slow, ip string }

func newLoginKeys(scope string, email domain.Email, clientIP string) loginKeys {
	client := clientKey(clientIP)
	pair := "login:" + scope + ":" + email.String() + ":" + client
	return loginKeys{pair: pair, slow: "slow:" + pair, ip: "login:ip:" + client}
}

// clientKey is the client a limit counts: its IPv4 address, or the /64
// network of an IPv6 one, which a single subscriber usually holds whole.
func clientKey(clientIP string) string {
	ip := net.ParseIP(clientIP)
	if ip == nil || ip.To4() != nil {
		return clientIP
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// checkThrottle refuses an attempt the limits do not allow now.
func (s *Service) checkThrottle(ctx context.Context, keys loginKeys) error {
	now := s.deps.Clock.Now()
	for _, limit := range []struct {
		key string
		max int
	}{{keys.pair, MaxPairFailures}, {keys.slow, 1}, {keys.ip, MaxIPFailures}} {
		n, end, err := s.deps.Throttle.Count(ctx, limit.key, now)
		if err != nil {
			return err
		}
		if n >= limit.max {
			return tooMany(end.Sub(now))
		}
	}
	return nil
}

// fail counts a wrong password and returns ErrBadCredentials.
func (s *Service) fail(ctx context.Context, keys loginKeys) error {
	now := s.deps.Clock.Now()
	n, _, err := s.deps.Throttle.Hit(ctx, keys.pair, now, LoginWindow)
	if err != nil {
		return err
	}
	if _, _, err := s.deps.Throttle.Hit(ctx, keys.ip, now, LoginWindow); err != nil {
		return err
	}
	if n >= SlowAfter && n < MaxPairFailures {
		wait := time.Duration(1<<min(n-SlowAfter, 6)) * time.Second
		if _, _, err := s.deps.Throttle.Hit(ctx, keys.slow, now, wait); err != nil {
			return err
		}
	}
	return ErrBadCredentials
}

// succeed forgets the pair's failures.
func (s *Service) succeed(ctx context.Context, keys loginKeys) {
	_ = s.deps.Throttle.Reset(ctx, keys.pair)
	_ = s.deps.Throttle.Reset(ctx, keys.slow)
}

func tooMany(wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return domain.TooMany("too many sign-in attempts; try again in "+waitText(secs), secs)
}

// ErrWrongPassword is a wrong password given to confirm an action by a
// signed-in person.
var ErrWrongPassword = domain.Invalid("password", "the password is not right")

// ConfirmPassword checks the password of a signed-in user before an action
// that needs it (such as deleting the account). Failures count against the
// same limits as signing in, so it cannot be used to guess passwords.
func (s *Service) ConfirmPassword(ctx context.Context, tenant domain.TenantID, u *account.User, password, clientIP string) error {
	keys := newLoginKeys("board:"+tenant.String(), u.Email(), clientIP)
	if err := s.checkThrottle(ctx, keys); err != nil {
		return err
	}
	ok, _, err := s.deps.Hasher.Verify(password, u.PasswordHash())
	if err != nil {
		return err
	}
	if !ok {
		_ = s.fail(ctx, keys)
		return ErrWrongPassword
	}
	return nil
}

// waitText says how long to wait in words: seconds under a minute, then
// whole minutes.
func waitText(secs int) string {
	if secs < 60 {
		if secs == 1 {
			return "1 second"
		}
		return strconv.Itoa(secs) + " seconds"
	}
	mins := (secs + 59) / 60
	if mins == 1 {
		return "1 minute"
	}
	return strconv.Itoa(mins) + " minutes"
}
