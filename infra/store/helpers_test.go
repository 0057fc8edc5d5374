package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/infra/store"
)

// newTestBoard creates a board with a fresh id through the repository.
func newTestBoard(t *testing.T, db *store.DB, slug string) domain.TenantID {
	t.Helper()
	b, err := board.New(domain.TenantID(store.UUIDs{}.New()), slug, "Board "+slug, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	if err := store.NewBoards(db).Create(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return b.ID()
}
