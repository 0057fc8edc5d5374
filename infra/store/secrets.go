package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"
)

// Secret returns the platform secret called name, creating a random one the
// first time. Every instance sharing the database gets the same value.
func (d *DB) Secret(ctx context.Context, name string) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	fresh := base64.RawURLEncoding.EncodeToString(b[:])
	_, err := d.DB.NewRaw(`INSERT INTO platform_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		name, fresh, time.Now().UTC()).Exec(ctx)
	if err != nil {
		return "", translate(err)
	}
	var value string
	err = d.DB.NewSelect().Table("platform_secrets").Column("value").Where("name = ?", name).Scan(ctx, &value)
	return value, translate(err)
}
