package app

import (
	"encoding/base64"
	"encoding/json"

	"github.com/jobboard/jobboard/domain"
)

// Position is a keyset cursor: a place in a list's order that the next
// page starts after.
type Position interface {
	// Valid reports whether a decoded cursor holds a usable position.
	Valid() bool
}

// DefaultPageSize is a list's page size when the client asks for none.
const DefaultPageSize = 20

// Paginate reads one page of a keyset-ordered list. cursor is the opaque
// value a previous page returned ("" for the first page); fetch reads up
// to n items after a position (nil for the start); position tells where an
// item stands. It asks for one item more than the page holds to know
// whether another page follows, and returns the page with the cursor of
// the next one ("" on the last page). A malformed cursor is a
// validation_failed error on the field "cursor".
func Paginate[T any, C Position](cursor string, limit int, fetch func(after *C, n int) ([]T, error), position func(T) C) ([]T, string, error) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	var after *C
	if cursor != "" {
		var c C
		b, err := base64.RawURLEncoding.DecodeString(cursor)
		if err != nil || json.Unmarshal(b, &c) != nil || !c.Valid() {
			return nil, "", domain.Invalid("cursor", "the page cursor is not valid; start from the first page")
		}
		after = &c
	}
	items, err := fetch(after, limit+1)
	if err != nil || len(items) <= limit {
		return items, "", err
	}
	items = items[:limit]
	b, _ := json.Marshal(position(items[limit-1]))
	return items, base64.RawURLEncoding.EncodeToString(b), nil
}
