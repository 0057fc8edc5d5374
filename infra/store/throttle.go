package store

import (
	"context"
	"time"
)

// Throttle counts events per key in fixed windows in the database, so every
// instance sharing it sees the same counts. It implements app.Throttle.
type Throttle struct{ db *DB }

// NewThrottle returns the database-backed throttle.
func NewThrottle(db *DB) *Throttle { return &Throttle{db: db} }

type throttleRow struct {
	Hits      int       `bun:"hits"`
	WindowEnd time.Time `bun:"window_end"`
}

// Count returns key's count in its current window and when it ends.
func (t *Throttle) Count(ctx context.Context, key string, now time.Time) (int, time.Time, error) {
	var row throttleRow
	err := t.db.DB.NewSelect().Table("throttles").Column("hits", "window_end").
		Where("key = ? AND window_end > ?", key, now).Scan(ctx, &row)
	if err = translate(err); err != nil {
		if isNotFound(err) {
			return 0, time.Time{}, nil
		}
		return 0, time.Time{}, err
	}
	return row.Hits, row.WindowEnd, nil
}

// Hit adds one event to key's window in a single atomic upsert, starting a
// new window when the old one has ended.
func (t *Throttle) Hit(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	var row throttleRow
	end := now.Add(window)
	err := t.db.DB.NewRaw(`INSERT INTO throttles (key, hits, window_end) VALUES (?, 1, ?)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN throttles.window_end > ? THEN throttles.hits + 1 ELSE 1 END,
  window_end = CASE WHEN throttles.window_end > ? THEN throttles.window_end ELSE EXCLUDED.window_end END
RETURNING hits, window_end`, key, end, now, now).Scan(ctx, &row)
	if err != nil {
		return 0, time.Time{}, translate(err)
	}
	return row.Hits, row.WindowEnd, nil
}

// Reset forgets key.
func (t *Throttle) Reset(ctx context.Context, key string) error {
	_, err := t.db.DB.NewDelete().Table("throttles").Where("key = ?", key).Exec(ctx)
	return translate(err)
}

// DeleteExpired removes ended windows.
func (t *Throttle) DeleteExpired(ctx context.Context, now time.Time) error {
	_, err := t.db.DB.NewDelete().Table("throttles").Where("window_end <= ?", now).Exec(ctx)
	return translate(err)
}
