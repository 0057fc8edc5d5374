package account

import (
	"context"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Login throttling: failures are counted per account (board + e-mail,
// whether or not the account exists, so the answer never tells) and per
// client IP across boards.
const (
	LoginWindow        = 15 * time.Minute
	MaxAccountFailures = 5
	MaxIPFailures      = 50
)

// ErrBadCredentials is the one answer for an unknown e-mail and a wrong
// password alike.
var ErrBadCredentials = &domain.Error{Kind: domain.KindUnauthorized, Code: "invalid_credentials", Message: "the e-mail address or password is not right"}

// LoginInput is what a person submits to sign in.
type LoginInput struct {
	Email    string `json:"email" form:"email" validate:"required,max=254"`
	Password string `json:"password" form:"password" validate:"required,max=1024"`
}

// Login checks a board user's credentials. clientIP is the caller's address
// as the trusted proxies report it. Too many failures are KindTooMany.
func (s *Service) Login(ctx context.Context, tenant domain.TenantID, in LoginInput, clientIP string) (*account.User, error) {
	if err := app.Validate(in); err != nil {
		return nil, err
	}
	email := domain.Email(strings.ToLower(strings.TrimSpace(in.Email)))
	keys := loginKeys("board:"+tenant.String(), email, clientIP)
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
	_ = s.deps.Throttle.Reset(ctx, keys[0])
	if rehash {
		if h, err := s.deps.Hasher.Hash(in.Password); err == nil {
			if err := s.deps.Users.UpdatePasswordHash(ctx, tenant, u.ID(), h); err == nil {
				u.SetPasswordHash(h)
			}
		}
	}
	return u, nil
}

// loginKeys returns the account key first, then the IP key.
func loginKeys(scope string, email domain.Email, clientIP string) [2]string {
	return [2]string{"login:" + scope + ":" + email.String(), "login:ip:" + clientIP}
}

func (s *Service) checkThrottle(ctx context.Context, keys [2]string) error {
	now := s.deps.Clock.Now()
	limits := [2]int{MaxAccountFailures, MaxIPFailures}
	for i, key := range keys {
		n, end, err := s.deps.Throttle.Count(ctx, key, now)
		if err != nil {
			return err
		}
		if n >= limits[i] {
			return tooMany(end.Sub(now))
		}
	}
	return nil
}

func (s *Service) fail(ctx context.Context, keys [2]string) error {
	now := s.deps.Clock.Now()
	for _, key := range keys {
		if _, _, err := s.deps.Throttle.Hit(ctx, key, now, LoginWindow); err != nil {
			return err
		}
	}
	return ErrBadCredentials
}

func tooMany(wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	mins := (secs + 59) / 60
	msg := "too many sign-in attempts; try again in " + strconv.Itoa(mins) + " minute"
	if mins != 1 {
		msg += "s"
	}
	return domain.TooMany(msg, secs)
}

// ErrWrongPassword is a wrong password given to confirm an action by a
// signed-in person.
var ErrWrongPassword = domain.Invalid("password", "the password is not right")

// ConfirmPassword checks the password of a signed-in user before an action
// that needs it (such as deleting the account). Failures count against the
// same limits as signing in, so it cannot be used to guess passwords.
func (s *Service) ConfirmPassword(ctx context.Context, tenant domain.TenantID, u *account.User, password, clientIP string) error {
	keys := loginKeys("board:"+tenant.String(), u.Email(), clientIP)
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
