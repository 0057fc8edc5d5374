package account

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// IssuedToken is a new API bearer token; the plain value is shown once.
type IssuedToken struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Client is where a request comes from, as a person's list of sessions
// shows it.
type Client struct {
	IP        string
	UserAgent string
}

// IssueToken creates a bearer token for u, the user of the board that
// Login just returned, for the client that signed in.
func (s *Service) IssueToken(ctx context.Context, tenant domain.TenantID, u *account.User, client Client) (IssuedToken, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return IssuedToken{}, err
	}
	plain := "jb_" + base64.RawURLEncoding.EncodeToString(b[:])
	now := s.deps.Clock.Now()
	t := account.Token{Hash: app.HashToken(plain), UserID: u.ID(), ExpiresAt: now.Add(account.TokenTTL), CreatedAt: now,
		ClientIP: client.IP, UserAgent: client.UserAgent}
	if err := s.deps.Tokens.Create(ctx, tenant, t); err != nil {
		return IssuedToken{}, err
	}
	return IssuedToken{Token: plain, ExpiresAt: t.ExpiresAt}, nil
}

// Authenticate returns the user a bearer token belongs to. A token of
// another board, an expired or unknown token is KindUnauthorized.
func (s *Service) Authenticate(ctx context.Context, tenant domain.TenantID, token string) (*account.User, error) {
	if len(token) < 10 || len(token) > 200 {
		return nil, errBadToken
	}
	t, err := s.deps.Tokens.ByHash(ctx, tenant, app.HashToken(token), s.deps.Clock.Now())
	if err != nil {
		if domain.KindOf(err) == domain.KindNotFound {
			return nil, errBadToken
		}
		return nil, err
	}
	u, err := s.deps.Users.ByID(ctx, tenant, t.UserID)
	if domain.KindOf(err) == domain.KindNotFound {
		return nil, errBadToken
	}
	if err != nil {
		return nil, err
	}
	// Touched at most once a minute, so that a busy client does not write
	// on every request.
	if now := s.deps.Clock.Now(); now.Sub(t.LastUsed) >= time.Minute {
		if err := s.deps.Tokens.Touch(ctx, tenant, t.Hash, now); err != nil {
			slog.WarnContext(ctx, "token use not recorded", "tenant", tenant, "err", err)
		}
	}
	return u, nil
}

// RevokeToken deletes a bearer token; revoking an unknown token is a no-op.
func (s *Service) RevokeToken(ctx context.Context, tenant domain.TenantID, token string) error {
	return s.deps.Tokens.Delete(ctx, tenant, app.HashToken(token))
}

var errBadToken = domain.Unauthorized("the access token is invalid or has expired; sign in again")
