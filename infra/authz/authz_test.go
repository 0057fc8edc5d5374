package authz_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/infra/authz"
	"github.com/jobboard/jobboard/infra/logtest"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/store/storetest"
)

var (
	objects = []string{app.ObjBoard, app.ObjStaff, app.ObjModeration, app.ObjAudit, app.ObjCompany, app.ObjJob, app.ObjSaved, app.ObjApplication, app.ObjPlatform}
	actions = []string{app.ActRead, app.ActManage, app.ActCreate, app.ActReview}
)

// permissions is the expected policy, written out independently of
// policy.csv: every (object, action) a board role allows on its own board.
var permissions = map[account.Role][]string{
	account.RoleOwner: {
		"board/read", "board/manage", "staff/read", "staff/manage",
		"moderation/read", "moderation/review", "audit/read",
		"company/create", "job/create", "saved_job/manage", "application/create",
	},
	account.RoleModerator: {"moderation/read", "moderation/review", "company/create", "saved_job/manage", "application/create"},
	account.RoleEmployer:  {"company/create", "job/create", "saved_job/manage", "application/create"},
	account.RoleCandidate: {"company/create", "saved_job/manage", "application/create"},
}

func allowedFor(role account.Role, object, action string) bool {
	for _, p := range permissions[role] {
		if p == object+"/"+action {
			return true
		}
	}
	return false
}

var ids store.UUIDs

func newBoard(t *testing.T, db *store.DB, slug string) domain.TenantID {
	t.Helper()
	b, err := board.New(domain.TenantID(ids.New()), slug, "Board "+slug, time.Now().UTC())
	if err != nil {
		t.Fatalf("new board: %v", err)
	}
	if err := store.NewBoards(db).Create(context.Background(), b); err != nil {
		t.Fatalf("create board: %v", err)
	}
	return b.ID()
}

var userSeq atomic.Int64

func newUser(t *testing.T, db *store.DB, tenant domain.TenantID, roles ...account.Role) string {
	t.Helper()
	ctx := context.Background()
	n := userSeq.Add(1)
	u, err := account.NewUser(ids.New(), tenant, domain.Email(fmt.Sprintf("user%d@example.com", n)), fmt.Sprintf("User %d", n), "hash", time.Now().UTC())
	if err != nil {
		t.Fatalf("new user: %v", err)
	}
	if err := store.NewUsers(db).Create(ctx, tenant, u); err != nil {
		t.Fatalf("create user: %v", err)
	}
	for _, r := range roles {
		if err := store.NewRoles(db).Grant(ctx, tenant, u.ID(), r); err != nil {
			t.Fatalf("grant %s: %v", r, err)
		}
	}
	return u.ID()
}

func newAdmin(t *testing.T, db *store.DB) string {
	t.Helper()
	id := ids.New()
	a := &account.Admin{ID: id, Email: domain.Email("admin-" + id + "@example.com"), Name: "Admin", PasswordHash: "hash", CreatedAt: time.Now().UTC()}
	if err := store.NewAdmins(db).Create(context.Background(), a); err != nil {
		t.Fatalf("create admin: %v", err)
	}
	return id
}

func newAuthorizer(t *testing.T, db *store.DB, opts ...authz.Option) *authz.Authorizer {
	t.Helper()
	a, err := authz.New(context.Background(), db, opts...)
	if err != nil {
		t.Fatalf("authz.New: %v", err)
	}
	return a
}

// run starts a's polling loop and stops it before the database closes.
func run(t *testing.T, a *authz.Authorizer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

func can(t *testing.T, a *authz.Authorizer, tenant domain.TenantID, sub app.Subject, object, action string) bool {
	t.Helper()
	ok, err := a.Can(context.Background(), tenant, sub, object, action)
	if err != nil {
		t.Fatalf("Can(%s, %s, %s, %s): %v", tenant, sub, object, action, err)
	}
	return ok
}

func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		boardA := newBoard(t, db, "alpha")
		boardB := newBoard(t, db, "beta")
		subjects := map[account.Role]app.Subject{}
		for _, r := range account.BoardRoles {
			subjects[r] = app.UserSubject(newUser(t, db, boardA, r))
		}
		nobody := app.UserSubject(newUser(t, db, boardA))
		adminID := newAdmin(t, db)
		admin := app.AdminSubject(adminID)
		a := newAuthorizer(t, db)

		type who struct {
			name  string
			sub   app.Subject
			allow func(tenant domain.TenantID, object, action string) bool
		}
		var everyone []who
		for _, r := range account.BoardRoles {
			everyone = append(everyone, who{string(r), subjects[r], func(tenant domain.TenantID, object, action string) bool {
				return tenant == boardA && allowedFor(r, object, action)
			}})
		}
		deny := func(domain.TenantID, string, string) bool { return false }
		everyone = append(everyone,
			who{"admin", admin, func(domain.TenantID, string, string) bool { return true }},
			who{"user without a role", nobody, deny},
			who{"unknown user", app.UserSubject(ids.New()), deny},
			who{"empty subject", "", deny},
			who{"user prefix only", "user:", deny},
			who{"admin prefix only", "admin:", deny},
			who{"bare role admin", "admin", deny},
			who{"bare role owner", "owner", deny},
			who{"admin id as user", app.UserSubject(adminID), deny},
			who{"owner id as admin", app.AdminSubject(strings.TrimPrefix(string(subjects[account.RoleOwner]), "user:")), deny},
		)

		for _, w := range everyone {
			for _, tenant := range []domain.TenantID{boardA, boardB} {
				for _, obj := range objects {
					for _, act := range actions {
						want := w.allow(tenant, obj, act)
						if got := can(t, a, tenant, w.sub, obj, act); got != want {
							board := "A"
							if tenant == boardB {
								board = "B"
							}
							t.Errorf("%s on board %s: %s %s = %v, want %v", w.name, board, act, obj, got, want)
						}
					}
				}
			}
		}

		// Named cases, for a readable record of the rules that matter most.
		cases := []struct {
			name   string
			tenant domain.TenantID
			sub    app.Subject
			obj    string
			act    string
			want   bool
		}{
			{"owner manages own board", boardA, subjects[account.RoleOwner], app.ObjBoard, app.ActManage, true},
			{"owner of A cannot manage B", boardB, subjects[account.RoleOwner], app.ObjBoard, app.ActManage, false},
			{"owner has no platform", boardA, subjects[account.RoleOwner], app.ObjPlatform, app.ActManage, false},
			{"moderator reviews", boardA, subjects[account.RoleModerator], app.ObjModeration, app.ActReview, true},
			{"moderator cannot manage staff", boardA, subjects[account.RoleModerator], app.ObjStaff, app.ActManage, false},
			{"moderator of A cannot review on B", boardB, subjects[account.RoleModerator], app.ObjModeration, app.ActReview, false},
			{"employer posts jobs", boardA, subjects[account.RoleEmployer], app.ObjJob, app.ActCreate, true},
			{"employer cannot review", boardA, subjects[account.RoleEmployer], app.ObjModeration, app.ActReview, false},
			{"candidate registers a company", boardA, subjects[account.RoleCandidate], app.ObjCompany, app.ActCreate, true},
			{"candidate cannot post jobs", boardA, subjects[account.RoleCandidate], app.ObjJob, app.ActCreate, false},
			{"admin manages any board", boardB, admin, app.ObjBoard, app.ActManage, true},
			{"admin on a board that does not exist", domain.TenantID(ids.New()), admin, app.ObjStaff, app.ActManage, true},
			{"admin on the platform domain", "*", admin, app.ObjPlatform, app.ActManage, true},
			{"admin without a tenant", "", admin, app.ObjPlatform, app.ActRead, true},
			{"owner in the platform domain", "*", subjects[account.RoleOwner], app.ObjBoard, app.ActManage, false},
			{"owner without a tenant", "", subjects[account.RoleOwner], app.ObjBoard, app.ActManage, false},
			{"empty object", boardA, subjects[account.RoleOwner], "", app.ActManage, false},
			{"empty action", boardA, subjects[account.RoleOwner], app.ObjBoard, "", false},
			{"unknown object", boardA, subjects[account.RoleOwner], "billing", app.ActManage, false},
			{"wildcard object from a board role", boardA, subjects[account.RoleOwner], "*", "*", false},
			{"empty subject", boardA, "", app.ObjSaved, app.ActManage, false},
		}
		for _, c := range cases {
			if got := can(t, a, c.tenant, c.sub, c.obj, c.act); got != c.want {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}
	})
}

func TestRolesOnSeveralBoards(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boardA := newBoard(t, db, "alpha")
		boardB := newBoard(t, db, "beta")
		// The same person is a separate user on each board; give the one on
		// B the owner role and the one on A two lesser roles.
		onA := newUser(t, db, boardA, account.RoleEmployer, account.RoleModerator)
		onB := newUser(t, db, boardB, account.RoleOwner)
		a := newAuthorizer(t, db)

		for _, c := range []struct {
			tenant   domain.TenantID
			user     string
			obj, act string
			want     bool
		}{
			{boardA, onA, app.ObjJob, app.ActCreate, true},
			{boardA, onA, app.ObjModeration, app.ActReview, true},
			{boardA, onA, app.ObjBoard, app.ActManage, false},
			{boardB, onA, app.ObjJob, app.ActCreate, false},
			{boardB, onB, app.ObjBoard, app.ActManage, true},
			{boardA, onB, app.ObjBoard, app.ActManage, false},
			{boardA, onB, app.ObjSaved, app.ActManage, false},
		} {
			if got := can(t, a, c.tenant, app.UserSubject(c.user), c.obj, c.act); got != c.want {
				t.Errorf("user %s on %s: %s %s = %v, want %v", c.user, c.tenant, c.act, c.obj, got, c.want)
			}
		}

		// Revoking one role leaves the other in force.
		if err := store.NewRoles(db).Revoke(ctx, boardA, onA, account.RoleEmployer); err != nil {
			t.Fatal(err)
		}
		if err := a.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if can(t, a, boardA, app.UserSubject(onA), app.ObjJob, app.ActCreate) {
			t.Error("job create still allowed after the employer role was revoked")
		}
		if !can(t, a, boardA, app.UserSubject(onA), app.ObjModeration, app.ActReview) {
			t.Error("moderation review lost with the employer role")
		}
	})
}

func TestRefreshRecordsVersion(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := newBoard(t, db, "alpha")
		user := newUser(t, db, tenant)
		a := newAuthorizer(t, db)
		v0 := a.Version()
		if can(t, a, tenant, app.UserSubject(user), app.ObjJob, app.ActCreate) {
			t.Fatal("allowed before the grant")
		}
		if err := store.NewRoles(db).Grant(ctx, tenant, user, account.RoleEmployer); err != nil {
			t.Fatal(err)
		}
		// Without Refresh or Run the change is not seen yet.
		if can(t, a, tenant, app.UserSubject(user), app.ObjJob, app.ActCreate) {
			t.Fatal("allowed before the refresh")
		}
		if err := a.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if !can(t, a, tenant, app.UserSubject(user), app.ObjJob, app.ActCreate) {
			t.Fatal("denied after the refresh")
		}
		want, err := db.PolicyVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Version(); got != want || got == v0 {
			t.Fatalf("Version() = %d, want %d (was %d)", got, want, v0)
		}
	})
}

// TestConcurrent exercises Can, Grant, Revoke, Refresh and polling at once
// under -race. Users whose roles never change must get the same answer
// throughout: a reload must never expose a half-built policy.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tenant := newBoard(t, db, "alpha")
		other := newBoard(t, db, "beta")
		owner := app.UserSubject(newUser(t, db, tenant, account.RoleOwner))
		stranger := app.UserSubject(newUser(t, db, other, account.RoleOwner))
		admin := app.AdminSubject(newAdmin(t, db))
		var churned []string
		for range 4 {
			churned = append(churned, newUser(t, db, tenant))
		}
		a := newAuthorizer(t, db, authz.WithPollInterval(5*time.Millisecond))
		run(t, a)

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var readers, writers sync.WaitGroup
		errs := make(chan error, 64)
		report := func(err error) {
			select {
			case errs <- err:
			default:
			}
		}

		for i := range 8 {
			readers.Add(1)
			go func() {
				defer readers.Done()
				for n := 0; ctx.Err() == nil; n++ {
					check := func(sub app.Subject, obj, act string, want bool) {
						got, err := a.Can(ctx, tenant, sub, obj, act)
						if err != nil {
							report(err)
						} else if got != want {
							report(fmt.Errorf("%s %s %s = %v, want %v", sub, act, obj, got, want))
						}
					}
					check(owner, app.ObjStaff, app.ActManage, true)
					check(admin, app.ObjPlatform, app.ActManage, true)
					check(stranger, app.ObjBoard, app.ActManage, false)
					// Churned users: any answer is fine, but it must not fail.
					u := app.UserSubject(churned[(i+n)%len(churned)])
					if _, err := a.Can(ctx, tenant, u, app.ObjJob, app.ActCreate); err != nil {
						report(err)
					}
				}
			}()
		}

		roles := store.NewRoles(db)
		for i, user := range churned {
			writers.Add(1)
			go func() {
				defer writers.Done()
				role := account.BoardRoles[i%len(account.BoardRoles)]
				for range 10 {
					if err := roles.Grant(ctx, tenant, user, role); err != nil {
						report(fmt.Errorf("grant: %w", err))
						return
					}
					if err := a.Refresh(ctx); err != nil {
						report(fmt.Errorf("refresh: %w", err))
					}
					if err := roles.Revoke(ctx, tenant, user, role); err != nil {
						report(fmt.Errorf("revoke: %w", err))
						return
					}
					if err := a.Refresh(ctx); err != nil {
						report(fmt.Errorf("refresh: %w", err))
					}
				}
			}()
		}

		writers.Wait()
		cancel()
		readers.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}

		// Every churned role ended revoked, and the last refresh saw it.
		if err := a.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, user := range churned {
			for _, obj := range objects {
				for _, act := range actions {
					if can(t, a, tenant, app.UserSubject(user), obj, act) {
						t.Errorf("user %s still may %s %s after every role was revoked", user, act, obj)
					}
				}
			}
		}
	})
}

// TestTwoInstances runs two Authorizers on two connections to one database,
// as two processes would: a change refreshed on the first must reach the
// second by polling within two seconds.
func TestTwoInstances(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db1, db2 := openTwice(t, dialect)
			tenant := newBoard(t, db1, "alpha")
			user := newUser(t, db1, tenant)
			sub := app.UserSubject(user)

			a1 := newAuthorizer(t, db1)
			a2 := newAuthorizer(t, db2) // the default interval: the contract is tested as shipped
			run(t, a1)
			run(t, a2)

			const within = 2 * time.Second
			step := func(name string, change func() error, want bool) {
				t.Helper()
				if err := change(); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				changed := time.Now()
				if err := a1.Refresh(ctx); err != nil {
					t.Fatalf("%s: refresh: %v", name, err)
				}
				if got := can(t, a1, tenant, sub, app.ObjJob, app.ActCreate); got != want {
					t.Fatalf("%s: instance 1 right after Refresh: got %v, want %v", name, got, want)
				}
				for can(t, a2, tenant, sub, app.ObjJob, app.ActCreate) != want {
					if time.Since(changed) > within {
						t.Fatalf("%s: instance 2 did not follow within %v", name, within)
					}
					time.Sleep(10 * time.Millisecond)
				}
				t.Logf("%s: instance 2 followed after %v", name, time.Since(changed).Round(time.Millisecond))
			}

			roles := store.NewRoles(db1)
			step("grant", func() error { return roles.Grant(ctx, tenant, user, account.RoleEmployer) }, true)
			step("revoke", func() error { return roles.Revoke(ctx, tenant, user, account.RoleEmployer) }, false)

			// A new platform admin spreads the same way.
			adminID := ids.New()
			admin := app.AdminSubject(adminID)
			if can(t, a2, tenant, admin, app.ObjPlatform, app.ActManage) {
				t.Fatal("admin allowed before being created")
			}
			created := time.Now()
			if err := store.NewAdmins(db1).Create(ctx, &account.Admin{ID: adminID, Email: "root@example.com", Name: "Root", PasswordHash: "hash", CreatedAt: created}); err != nil {
				t.Fatal(err)
			}
			for !can(t, a2, tenant, admin, app.ObjPlatform, app.ActManage) {
				if time.Since(created) > within {
					t.Fatalf("new admin not seen by instance 2 within %v", within)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// TestDatabaseDown checks that an instance whose database goes away keeps
// deciding with the last policy, reports the failure and keeps polling.
func TestDatabaseDown(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db1, db2 := openTwice(t, dialect)
			tenant := newBoard(t, db1, "alpha")
			user := app.UserSubject(newUser(t, db1, tenant, account.RoleOwner))

			logs := &logtest.Buffer{}
			a := newAuthorizer(t, db2, authz.WithPollInterval(10*time.Millisecond),
				authz.WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
			run(t, a)

			if err := db2.Close(); err != nil {
				t.Fatal(err)
			}
			if err := a.Refresh(ctx); err == nil {
				t.Fatal("Refresh succeeded on a closed database")
			}
			deadline := time.Now().Add(2 * time.Second)
			for !strings.Contains(logs.String(), "cannot refresh the policy") {
				if time.Now().After(deadline) {
					t.Fatalf("no polling failure logged; log: %q", logs.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
			if !can(t, a, tenant, user, app.ObjBoard, app.ActManage) {
				t.Fatal("the last policy was dropped when the database went away")
			}
			if can(t, a, tenant, user, app.ObjPlatform, app.ActManage) {
				t.Fatal("an owner got the platform while the database was down")
			}
		})
	}
}

func TestNewFailsWithoutDatabase(t *testing.T) {
	t.Parallel()
	db := storetest.OpenEmpty(t, store.SQLite) // no tables: the policy cannot be read
	if _, err := authz.New(context.Background(), db); err == nil {
		t.Fatal("New succeeded without the policy tables")
	}
}

// openTwice migrates a fresh database and returns two independent
// connections to it.
func openTwice(t *testing.T, dialect string) (*store.DB, *store.DB) {
	t.Helper()
	ctx := context.Background()
	url := storetest.URL(t, dialect)
	open := func() *store.DB {
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	db1 := open()
	if _, err := db1.MigrateUp(ctx); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	return db1, open()
}

// TestCustomRolesSpreadToOtherInstances: a custom role made, given,
// changed and taken away on one instance is enforced by another within
// two seconds, on its own board only.
func TestCustomRolesSpreadToOtherInstances(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db1, db2 := openTwice(t, dialect)
			tenant, other := newBoard(t, db1, "alpha"), newBoard(t, db1, "beta")
			user := newUser(t, db1, tenant)
			sub := app.UserSubject(user)
			a2 := newAuthorizer(t, db2)
			run(t, a2)

			const within = 2 * time.Second
			waitFor := func(name, object, action string, want bool) {
				t.Helper()
				changed := time.Now()
				for can(t, a2, tenant, sub, object, action) != want {
					if time.Since(changed) > within {
						t.Fatalf("%s: the other instance did not follow within %v", name, within)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			roles := store.NewCustomRoles(db1)
			now := time.Now()
			role := account.CustomRole{ID: ids.New(), Name: "Sales", Permissions: []account.Permission{account.PermSeeRevenue}, CreatedAt: now, UpdatedAt: now}
			if err := roles.Save(ctx, tenant, role); err != nil {
				t.Fatal(err)
			}
			if err := roles.Grant(ctx, tenant, role.ID, user, now); err != nil {
				t.Fatal(err)
			}
			waitFor("grant", app.ObjRevenue, app.ActRead, true)
			if can(t, a2, other, sub, app.ObjRevenue, app.ActRead) || can(t, a2, tenant, sub, app.ObjModeration, app.ActRead) {
				t.Error("the role reaches another board or another permission")
			}
			role.Permissions = []account.Permission{account.PermSeeAudit}
			if err := roles.Save(ctx, tenant, role); err != nil {
				t.Fatal(err)
			}
			waitFor("change", app.ObjAudit, app.ActRead, true)
			if can(t, a2, tenant, sub, app.ObjRevenue, app.ActRead) {
				t.Error("the permission taken out of the role still counts")
			}
			if err := roles.Revoke(ctx, tenant, role.ID, user); err != nil {
				t.Fatal(err)
			}
			waitFor("revoke", app.ObjAudit, app.ActRead, false)
		})
	}
}

// TestBuiltInRolesHoldTheirPresets: the embedded policy gives owners and
// moderators exactly the permission rules of their presets, so a custom
// role made of the same permissions allows the same staff work.
func TestBuiltInRolesHoldTheirPresets(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tenant := newBoard(t, db, "alpha")
		subjects := map[account.Role]app.Subject{}
		for role := range account.Presets {
			subjects[role] = app.UserSubject(newUser(t, db, tenant, role))
		}
		a := newAuthorizer(t, db)
		for role, preset := range account.Presets {
			sub := subjects[role]
			for _, p := range account.Permissions {
				want := slices.Contains(preset, p)
				for _, rule := range app.PermissionRules[p] {
					if got := can(t, a, tenant, sub, rule.Object, rule.Action); got != want {
						t.Errorf("%s %s %s (permission %s): %v, want %v", role, rule.Object, rule.Action, p, got, want)
					}
				}
			}
		}
	})
}
