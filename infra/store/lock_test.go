package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

// TestUpdateNeedsALockedReadInItsTransaction checks the one rule for every
// read-modify-write: a row written back must have been read locked in the
// same transaction. The unlocked paths fail on both databases, so a test
// that reaches one fails even where SQLite would hide the lost update.
func TestUpdateNeedsALockedReadInItsTransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boards := store.NewBoards(db)
		id, other := newTestBoard(t, db, "locks"), newTestBoard(t, db, "others")
		rename := func(ctx context.Context, read func(context.Context, domain.TenantID) (*board.Board, error), name string) error {
			b, err := read(ctx, id)
			if err != nil {
				return err
			}
			if err := b.Configure(name, "", b.Settings()); err != nil {
				return err
			}
			return boards.Update(ctx, b)
		}

		if err := rename(ctx, boards.ByID, "Outside"); err == nil || !strings.Contains(err.Error(), "without reading it locked") {
			t.Fatalf("update outside a transaction: %v, want refused", err)
		}
		if _, err := boards.LockByID(ctx, id); err == nil {
			t.Fatal("a locked read outside a transaction must be refused")
		}
		err := db.RunInTx(ctx, func(ctx context.Context) error { return rename(ctx, boards.ByID, "Unlocked") })
		if err == nil || !strings.Contains(err.Error(), "without reading it locked") {
			t.Fatalf("update after a plain read: %v, want refused", err)
		}
		err = db.RunInTx(ctx, func(ctx context.Context) error {
			// A lock on another board does not cover this one.
			if _, err := boards.LockByID(ctx, other); err != nil {
				return err
			}
			return rename(ctx, boards.ByID, "Wrong lock")
		})
		if err == nil {
			t.Fatal("a lock on another board let this one be written")
		}
		if err := db.RunInTx(ctx, func(ctx context.Context) error { return rename(ctx, boards.LockByID, "Locked") }); err != nil {
			t.Fatalf("update after a locked read: %v", err)
		}
		if b, err := boards.ByID(ctx, id); err != nil || b.Name() != "Locked" {
			t.Fatalf("board after the locked update: %v, %v", b, err)
		}
	})
}
