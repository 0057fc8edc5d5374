package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	appbilling "github.com/jobboard/jobboard/app/billing"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
	"github.com/jobboard/jobboard/domain/moderation"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestRepositoriesKeepBoardsApart is the repositories' tenancy contract:
// asked with another board's tenant, every read, locked read and write of
// a row by id answers not found and changes nothing, and every list leaves
// the other board's rows out. It runs on both databases.
func TestRepositoriesKeepBoardsApart(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		a, b := env.NewBoard(t, "iso-a"), env.NewBoard(t, "iso-b")
		emp := env.NewEmployer(t, a, "hr@iso-a.example", "Isolated Labs")
		j := env.PublishedJob(t, a, emp, systemtest.Posting("Isolated Chemist"))
		co, err := env.Billing.StartCheckout(ctx, a.Tenant, app.UserActor(emp.UserID), appbilling.CheckoutInput{Product: string(billing.ProductFeatured), JobID: j.ID()},
			appbilling.ReturnURLs{Success: func(string) string { return "http://x/ok" }, Cancel: func(string) string { return "http://x/no" }})
		if err != nil {
			t.Fatal(err)
		}
		order := co.Order

		db, other := env.DB, b.Tenant
		jobs, companies, orders, users := store.NewJobs(db), store.NewCompanies(db), store.NewOrders(db), store.NewUsers(db)
		apps, alerts, search := store.NewApplications(db), store.NewAlerts(db), store.NewJobSearch(db)
		locked := func(read func(ctx context.Context) error) func(ctx context.Context) error {
			return func(ctx context.Context) error { return db.RunInTx(ctx, read) }
		}
		byID := map[string]func(ctx context.Context) error{
			"Jobs.ByID":          func(ctx context.Context) error { _, err := jobs.ByID(ctx, other, j.ID()); return err },
			"Jobs.LockByID":      locked(func(ctx context.Context) error { _, err := jobs.LockByID(ctx, other, j.ID()); return err }),
			"Companies.ByID":     func(ctx context.Context) error { _, err := companies.ByID(ctx, other, emp.CompanyID); return err },
			"Companies.LockByID": locked(func(ctx context.Context) error { _, err := companies.LockByID(ctx, other, emp.CompanyID); return err }),
			"Orders.ByID":        func(ctx context.Context) error { _, err := orders.ByID(ctx, other, order.ID); return err },
			"Orders.LockByID":    locked(func(ctx context.Context) error { _, err := orders.LockByID(ctx, other, order.ID); return err }),
			"Orders.BySession":   func(ctx context.Context) error { _, err := orders.BySession(ctx, other, order.SessionID); return err },
			"Users.ByID":         func(ctx context.Context) error { _, err := users.ByID(ctx, other, emp.UserID); return err },
			"Users.ByEmail":      func(ctx context.Context) error { _, err := users.ByEmail(ctx, other, "hr@iso-a.example"); return err },
			"Users.UpdatePasswordHash": func(ctx context.Context) error {
				return users.UpdatePasswordHash(ctx, other, emp.UserID, "not a hash")
			},
			"Applications.ByID": func(ctx context.Context) error { _, err := apps.ByID(ctx, other, j.ID()); return err },
			"Alerts.AlertByID":  func(ctx context.Context) error { _, err := alerts.AlertByID(ctx, other, j.ID()); return err },
			"JobSearch.Get":     func(ctx context.Context) error { _, err := search.Get(ctx, other, j.ID(), time.Now()); return err },
			"Companies.BySlug": func(ctx context.Context) error {
				_, _, err := companies.BySlug(ctx, other, "isolated-labs")
				return err
			},
			"Companies.RemoveMember": func(ctx context.Context) error {
				return companies.RemoveMember(ctx, other, emp.CompanyID, emp.UserID)
			},
		}
		for name, call := range byID {
			if err := call(ctx); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("%s with another board's tenant: %v, want not found", name, err)
			}
		}
		// The same reads with the right board find the rows, so the
		// answers above are about the board, not the ids.
		other = a.Tenant
		for _, name := range []string{"Jobs.ByID", "Jobs.LockByID", "Companies.ByID", "Companies.LockByID", "Companies.BySlug",
			"Orders.ByID", "Orders.LockByID", "Orders.BySession", "Users.ByID", "Users.ByEmail", "JobSearch.Get"} {
			if err := byID[name](ctx); err != nil {
				t.Errorf("%s with the row's own board: %v", name, err)
			}
		}
		other = b.Tenant
		if list, err := jobs.ForCompany(ctx, other, emp.CompanyID); err != nil || len(list) != 0 {
			t.Errorf("Jobs.ForCompany with another board's tenant: %d jobs, %v", len(list), err)
		}
		if list, err := orders.ForCompany(ctx, other, emp.CompanyID); err != nil || len(list) != 0 {
			t.Errorf("Orders.ForCompany with another board's tenant: %d orders, %v", len(list), err)
		}
		if list, err := companies.Members(ctx, other, emp.CompanyID); err != nil || len(list) != 0 {
			t.Errorf("Companies.Members with another board's tenant: %d members, %v", len(list), err)
		}
		if list, err := store.NewAuditLog(db).List(ctx, other, moderation.AuditFilter{}); err != nil {
			t.Error(err)
		} else {
			for _, e := range list {
				if e.ItemID == j.ID() || e.ItemID == emp.CompanyID {
					t.Errorf("board b's audit log holds board a's entry %+v", e)
				}
			}
		}
		// What was asked of the wrong board changed nothing on the right one.
		if _, err := users.ByID(ctx, a.Tenant, emp.UserID); err != nil {
			t.Errorf("the employer is gone from their own board: %v", err)
		}
		if list, err := companies.Members(ctx, a.Tenant, emp.CompanyID); err != nil || len(list) != 1 {
			t.Errorf("members on their own board: %d, %v", len(list), err)
		}
	})
}

// TestCancelledQueriesAreUnavailableNotInternal: a query whose request
// was given up or ran out of time answers KindUnavailable (a 503 with
// Retry-After), never an internal error.
func TestCancelledQueriesAreUnavailableNotInternal(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tenant := newTestBoard(t, db, "cancelled")
		for name, ctx := range map[string]context.Context{"cancelled": cancelledContext(), "past its deadline": expiredContext(t)} {
			if _, err := store.NewJobs(db).ByID(ctx, tenant, store.UUIDs{}.New()); domain.KindOf(err) != domain.KindUnavailable {
				t.Errorf("a query %s: %v (kind %v), want unavailable", name, err, domain.KindOf(err))
			}
		}
	})
}

func cancelledContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func expiredContext(t *testing.T) context.Context {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	t.Cleanup(cancel)
	return ctx
}
