package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

type sessionRow struct {
	bun.BaseModel `bun:"table:sessions"`

	ID         string     `bun:"id,pk"`
	Data       []byte     `bun:"data"`
	ExpiresAt  *time.Time `bun:"expires_at"`
	CreatedAt  *time.Time `bun:"created_at"`
	LastSeenAt *time.Time `bun:"last_seen_at"`
}

// SessionStorage keeps browser sessions in the database. It implements
// fiber.Storage so that Fiber's session middleware can use it, which is why
// its methods take no context: each call gets its own timeout instead.
type SessionStorage struct {
	db      *DB
	timeout time.Duration
	now     func() time.Time
}

// NewSessionStorage returns the session store.
func NewSessionStorage(db *DB) *SessionStorage {
	return &SessionStorage{db: db, timeout: 3 * time.Second, now: func() time.Time { return time.Now().UTC() }}
}

func (s *SessionStorage) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.timeout)
}

// Get returns the data stored under key, or nil when it is missing or
// expired.
func (s *SessionStorage) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	ctx, cancel := s.ctx()
	defer cancel()
	row := new(sessionRow)
	err := s.db.DB.NewSelect().Model(row).Where("id = ?", key).
		Where("expires_at IS NULL OR expires_at > ?", s.now()).Limit(1).Scan(ctx)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	return row.Data, nil
}

// Set stores val under key for exp (0: no expiry), replacing any value.
func (s *SessionStorage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	ctx, cancel := s.ctx()
	defer cancel()
	now := s.now()
	row := &sessionRow{ID: key, Data: val, CreatedAt: &now, LastSeenAt: &now}
	if exp > 0 {
		t := now.Add(exp)
		row.ExpiresAt = &t
	}
	// A session is saved when it starts and when its idle timeout is
	// extended (at most once a minute): that is when it was last seen.
	_, err := s.db.DB.NewInsert().Model(row).
		On("CONFLICT (id) DO UPDATE").Set("data = EXCLUDED.data").Set("expires_at = EXCLUDED.expires_at").
		Set("last_seen_at = EXCLUDED.last_seen_at").Exec(ctx)
	return translate(err)
}

// Delete removes key; a missing key is not an error.
func (s *SessionStorage) Delete(key string) error {
	ctx, cancel := s.ctx()
	defer cancel()
	_, err := s.db.DB.NewDelete().Model((*sessionRow)(nil)).Where("id = ?", key).Exec(ctx)
	return translate(err)
}

// Reset removes every session.
func (s *SessionStorage) Reset() error {
	ctx, cancel := s.ctx()
	defer cancel()
	_, err := s.db.DB.NewDelete().Model((*sessionRow)(nil)).Where("1 = 1").Exec(ctx)
	return translate(err)
}

// Close does nothing: the database is closed by its owner.
func (s *SessionStorage) Close() error { return nil }

// DeleteExpired removes sessions past their expiry and returns how many.
func (s *SessionStorage) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.db.DB.NewDelete().Model((*sessionRow)(nil)).Where("expires_at <= ?", s.now()).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	return res.RowsAffected()
}
