package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

// TestGenerationsMovePerBoard checks explicit cache invalidation: a write
// of public data moves its own board's generation (and again when its
// transaction commits), never another board's; a board's own row also
// moves the platform generation.
func TestGenerationsMovePerBoard(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prices := store.NewPrices(db)
		mk := func(slug string) domain.TenantID {
			platform := db.PlatformGeneration()
			id := newTestBoard(t, db, slug)
			if db.PlatformGeneration() == platform {
				t.Fatal("creating a board left the platform generation")
			}
			return id
		}
		a, b := mk("gen-a"), mk("gen-b")
		price := billing.Price{Product: billing.ProductFeatured, Currency: "EUR", Amount: 500, DurationDays: 7}

		ga, gb, gp := db.Generation(a), db.Generation(b), db.PlatformGeneration()
		if err := prices.Set(ctx, a, price); err != nil {
			t.Fatal(err)
		}
		if db.Generation(a) == ga || db.Generation(b) != gb || db.PlatformGeneration() != gp {
			t.Fatalf("a price on board a: a %d→%d, b %d→%d, platform %d→%d; want only a to move",
				ga, db.Generation(a), gb, db.Generation(b), gp, db.PlatformGeneration())
		}

		// Inside a transaction: at the write, and again at the commit.
		var during uint64
		ga = db.Generation(a)
		if err := db.RunInTx(ctx, func(ctx context.Context) error {
			if err := prices.Set(ctx, a, price); err != nil {
				return err
			}
			during = db.Generation(a)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if during == ga || db.Generation(a) == during || db.Generation(b) != gb {
			t.Fatalf("generation of a: %d before, %d at the write, %d after the commit (b %d→%d)", ga, during, db.Generation(a), gb, db.Generation(b))
		}

		// A rolled-back transaction has nothing to announce at its end.
		boom := errors.New("roll back")
		if err := db.RunInTx(ctx, func(ctx context.Context) error {
			if err := prices.Set(ctx, b, price); err != nil {
				return err
			}
			during = db.Generation(b)
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("rolled-back transaction: %v", err)
		}
		if db.Generation(b) != during {
			t.Errorf("a rolled-back transaction moved the generation at its end")
		}

	})
}
