package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/moderation"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

// TestAuditLogPagesThroughEqualTimes checks the audit log's keyset order:
// entries written in the same instant are listed once each across pages,
// and another board's entries never appear.
func TestAuditLogPagesThroughEqualTimes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := store.NewAuditLog(db)
		at := time.Now().UTC().Truncate(time.Second)
		var tenants []domain.TenantID
		for _, slug := range []string{"audit-a", "audit-b"} {
			id := newTestBoard(t, db, slug)
			tenants = append(tenants, id)
			for range 5 {
				e := moderation.Entry{ID: store.UUIDs{}.New(), At: at, ActorID: "system", Actor: "test", Role: "system",
					Action: "job.approve", Kind: "job", ItemID: "x", Before: "{}", After: "{}"}
				if err := log.Append(ctx, id, e); err != nil {
					t.Fatal(err)
				}
			}
		}
		seen := map[string]bool{}
		var after *moderation.AuditKey
		for page := 0; ; page++ {
			if page > 5 {
				t.Fatal("paging does not end")
			}
			got, err := log.List(ctx, tenants[0], moderation.AuditFilter{After: after, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			for _, e := range got {
				if seen[e.ID] {
					t.Fatalf("entry %s listed twice", e.ID)
				}
				seen[e.ID] = true
			}
			last := got[len(got)-1]
			after = &moderation.AuditKey{At: last.At, ID: last.ID}
		}
		if len(seen) != 5 {
			t.Errorf("paged through %d entries of board a, want its 5", len(seen))
		}
	})
}
