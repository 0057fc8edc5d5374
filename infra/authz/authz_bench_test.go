package authz_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/infra/authz"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

func benchBoard(b *testing.B, db *store.DB, slug string) domain.TenantID {
	b.Helper()
	bd, err := board.New(domain.TenantID(ids.New()), slug, "Board "+slug, time.Now().UTC())
	if err == nil {
		err = store.NewBoards(db).Create(context.Background(), bd)
	}
	if err != nil {
		b.Fatalf("board: %v", err)
	}
	return bd.ID()
}

func benchUser(b *testing.B, db *store.DB, tenant domain.TenantID, role account.Role) string {
	b.Helper()
	ctx := context.Background()
	n := userSeq.Add(1)
	u, err := account.NewUser(ids.New(), tenant, domain.Email(fmt.Sprintf("bench%d@example.com", n)), "Bench", "hash", time.Now().UTC())
	if err == nil {
		err = store.NewUsers(db).Create(ctx, tenant, u)
	}
	if err == nil {
		err = store.NewRoles(db).Grant(ctx, tenant, u.ID(), role)
	}
	if err != nil {
		b.Fatalf("user: %v", err)
	}
	return u.ID()
}

func benchAuthorizer(b *testing.B, db *store.DB) *authz.Authorizer {
	b.Helper()
	a, err := authz.New(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkCan measures one permission decision, allowed and denied, on an
// enforcer loaded with a few boards of users.
func BenchmarkCan(b *testing.B) {
	db := storetest.Open(b, "sqlite")
	ctx := context.Background()
	tenant := benchBoard(b, db, "bench-a")
	other := benchBoard(b, db, "bench-b")
	owner := benchUser(b, db, tenant, account.RoleOwner)
	for i := 0; i < 50; i++ {
		benchUser(b, db, tenant, account.RoleCandidate)
		benchUser(b, db, other, account.RoleModerator)
	}
	a := benchAuthorizer(b, db)
	cases := []struct {
		name           string
		object, action string
		want           bool
	}{
		{"allowed", app.ObjModeration, app.ActReview, true},
		{"denied", app.ObjPlatform, app.ActManage, false},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ok, err := a.Can(ctx, tenant, app.UserSubject(owner), tc.object, tc.action)
				if err != nil || ok != tc.want {
					b.Fatalf("Can = %v, %v; want %v", ok, err, tc.want)
				}
			}
		})
	}
}
