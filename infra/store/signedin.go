package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// sessionHandle names a browser session on the account page without
// being usable as its cookie.
func sessionHandle(id string) string {
	sum := sha256.Sum256([]byte("session:" + id))
	return "s_" + hex.EncodeToString(sum[:12])
}

// tokenHandle names an API token by its stored hash.
func tokenHandle(hash string) string {
	if len(hash) > 24 {
		hash = hash[:24]
	}
	return "t_" + hash
}

type signedInRow struct {
	ID         string     `bun:"id"`
	CreatedAt  *time.Time `bun:"created_at"`
	LastSeenAt *time.Time `bun:"last_seen_at"`
	ClientIP   string     `bun:"client_ip"`
	UserAgent  string     `bun:"user_agent"`
}

func (r signedInRow) toDomain(handle string, api bool) account.SignedIn {
	s := account.SignedIn{Handle: handle, API: api, ClientIP: r.ClientIP, UserAgent: r.UserAgent}
	if r.CreatedAt != nil {
		s.CreatedAt = r.CreatedAt.UTC()
	}
	s.LastSeen = s.CreatedAt
	if r.LastSeenAt != nil {
		s.LastSeen = r.LastSeenAt.UTC()
	}
	return s
}

// List returns the user's unexpired browser sessions and API tokens.
func (s *SessionStorage) List(ctx context.Context, tenant domain.TenantID, userID, currentSession, currentToken string, now time.Time) ([]account.SignedIn, error) {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return nil, nil
	}
	var sessions, tokens []signedInRow
	if err := s.db.conn(ctx).NewSelect().TableExpr("sessions").Column("id", "created_at", "last_seen_at", "client_ip", "user_agent").
		Where("tenant_id = ? AND user_id = ?", tenant.String(), userID).
		Where("expires_at IS NULL OR expires_at > ?", now.UTC()).Scan(ctx, &sessions); err != nil {
		return nil, translate(err)
	}
	if err := s.db.conn(ctx).NewSelect().TableExpr("api_tokens").ColumnExpr("token_hash AS id, created_at, last_used_at AS last_seen_at, client_ip, user_agent").
		Where("tenant_id = ? AND user_id = ? AND expires_at > ?", tenant.String(), userID, now.UTC()).Scan(ctx, &tokens); err != nil {
		return nil, translate(err)
	}
	out := make([]account.SignedIn, 0, len(sessions)+len(tokens))
	for _, r := range sessions {
		si := r.toDomain(sessionHandle(r.ID), false)
		si.Current = currentSession != "" && r.ID == currentSession
		out = append(out, si)
	}
	for _, r := range tokens {
		si := r.toDomain(tokenHandle(r.ID), true)
		si.Current = currentToken != "" && r.ID == currentToken
		out = append(out, si)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Current != out[j].Current {
			return out[i].Current
		}
		return out[i].LastSeen.After(out[j].LastSeen)
	})
	return out, nil
}

// End ends the user's session or token with the handle.
func (s *SessionStorage) End(ctx context.Context, tenant domain.TenantID, userID, handle string) error {
	if !isUUID(userID) || !isUUID(tenant.String()) {
		return domain.NotFound("session")
	}
	var ids []string
	table, column := "sessions", "id"
	handleOf := sessionHandle
	if len(handle) > 2 && handle[:2] == "t_" {
		table, column, handleOf = "api_tokens", "token_hash", tokenHandle
	}
	if err := s.db.conn(ctx).NewSelect().TableExpr(table).Column(column).
		Where("tenant_id = ? AND user_id = ?", tenant.String(), userID).Scan(ctx, &ids); err != nil {
		return translate(err)
	}
	for _, id := range ids {
		if handleOf(id) != handle {
			continue
		}
		_, err := s.db.conn(ctx).NewDelete().TableExpr(table).
			Where("tenant_id = ? AND user_id = ? AND "+column+" = ?", tenant.String(), userID, id).Exec(ctx)
		return translate(err)
	}
	return domain.NotFound("session")
}

// clip cuts s to at most n bytes on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
