package store

import (
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"github.com/jobboard/jobboard/domain"
)

// expectOne turns an update or delete that touched no row into not found.
func expectOne(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: rows affected: %w", err)
	}
	if n == 0 {
		return domain.NotFound(what)
	}
	return nil
}

// isUUID reports whether s is a well-formed UUID. Ids from URLs are checked
// first so that PostgreSQL never sees a malformed uuid literal, which would
// be an error rather than a miss.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// UUIDs makes time-ordered (version 7) UUIDs.
type UUIDs struct{}

// New returns a new UUIDv7.
func (UUIDs) New() string { return uuid.Must(uuid.NewV7()).String() }

func isNotFound(err error) bool { return domain.KindOf(err) == domain.KindNotFound }
