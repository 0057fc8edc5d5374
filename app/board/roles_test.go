package board_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jobboard/jobboard/app"
	appbilling "github.com/jobboard/jobboard/app/billing"
	appboard "github.com/jobboard/jobboard/app/board"
	appcompany "github.com/jobboard/jobboard/app/company"
	appjob "github.com/jobboard/jobboard/app/job"
	appmoderation "github.com/jobboard/jobboard/app/moderation"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestCustomSalesRoleSeesRevenueAndSetsPricesButDoesNotModerate: an owner
// shapes a "sales" role; its holder sees revenue and changes prices at
// once, cannot moderate or change settings, loses the price permission
// the moment the role changes, and every change is in the audit log.
func TestCustomSalesRoleSeesRevenueAndSetsPricesButDoesNotModerate(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b, other := env.NewBoard(t, "acme"), env.NewBoard(t, "beta")
		owner := app.UserActor(b.OwnerID)
		sam := env.NewUser(t, b, "sam@acme.example")
		sales := app.UserActor(sam.ID())
		price := appbilling.PriceInput{Product: "featured", Currency: "EUR", Amount: 14900, DurationDays: 30}

		if _, err := env.Billing.Board(ctx, b.Tenant, sales); domain.KindOf(err) != domain.KindForbidden {
			t.Fatalf("revenue before the role: %v", err)
		}
		role, err := env.Boards.SaveRole(ctx, b.Tenant, owner, "", appboard.RoleInput{Name: "Sales", Permissions: []string{"see_revenue", "manage_prices"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Boards.GrantRole(ctx, b.Tenant, owner, role.ID, appboard.RoleMemberInput{Email: "SAM@acme.example"}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Billing.Board(ctx, b.Tenant, sales); err != nil {
			t.Errorf("sales sees revenue: %v", err)
		}
		if _, err := env.Billing.SetPrice(ctx, b.Tenant, sales, price); err != nil {
			t.Errorf("sales changes a price: %v", err)
		}
		if _, err := env.Moderation.Queue(ctx, b.Tenant, sales); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("sales sees the review queue: %v", err)
		}
		cur, _ := env.Boards.Settings(ctx, b.Tenant, owner)
		if _, err := env.Boards.UpdateSettings(ctx, b.Tenant, sales, appboard.SettingsOf(cur)); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("sales changes the settings: %v", err)
		}
		// The role counts on its board only.
		if _, err := env.Billing.Board(ctx, other.Tenant, sales); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("sales on another board: %v", err)
		}
		if err := env.Boards.GrantRole(ctx, other.Tenant, app.UserActor(other.OwnerID), role.ID, appboard.RoleMemberInput{Email: "sam@acme.example"}); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another board gives this board's role: %v", err)
		}

		// A change is in force on the next call.
		if _, err := env.Boards.SaveRole(ctx, b.Tenant, owner, role.ID, appboard.RoleInput{Name: "Sales", Permissions: []string{"see_revenue"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Billing.SetPrice(ctx, b.Tenant, sales, price); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("sales changes a price after losing the permission: %v", err)
		}
		if err := env.Boards.RevokeRole(ctx, b.Tenant, owner, role.ID, sam.ID()); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Billing.Board(ctx, b.Tenant, sales); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("revenue after the role was taken: %v", err)
		}

		entries, _, err := env.Moderation.Audit(ctx, b.Tenant, owner, appmoderation.AuditInput{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		for _, want := range []string{"role.create", "role.grant", "role.update", "role.revoke"} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("the audit log has no %s: %v", want, actions)
			}
		}
	})
}

// TestRolesGiveOnlyWhatTheGiverHolds: a holder of "manage staff" cannot
// make or give a role with permissions they lack; names are unique and
// checked; a moderator cannot manage roles at all.
func TestRolesGiveOnlyWhatTheGiverHolds(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		owner := app.UserActor(b.OwnerID)
		hr := env.NewUser(t, b, "hr@acme.example")
		staffRole, err := env.Boards.SaveRole(ctx, b.Tenant, owner, "", appboard.RoleInput{Name: "People", Permissions: []string{"manage_staff"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Boards.GrantRole(ctx, b.Tenant, owner, staffRole.ID, appboard.RoleMemberInput{Email: "hr@acme.example"}); err != nil {
			t.Fatal(err)
		}
		people := app.UserActor(hr.ID())
		if _, err := env.Boards.SaveRole(ctx, b.Tenant, people, "", appboard.RoleInput{Name: "Boss", Permissions: []string{"edit_settings"}}); code(err) != "permission_not_held" {
			t.Errorf("a role with more than the giver holds: %v", err)
		}
		settingsRole, err := env.Boards.SaveRole(ctx, b.Tenant, owner, "", appboard.RoleInput{Name: "Editors", Permissions: []string{"edit_settings"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Boards.GrantRole(ctx, b.Tenant, people, settingsRole.ID, appboard.RoleMemberInput{Email: "hr@acme.example"}); code(err) != "permission_not_held" {
			t.Errorf("giving oneself a role with more: %v", err)
		}
		if _, err := env.Boards.SaveRole(ctx, b.Tenant, owner, "", appboard.RoleInput{Name: "people", Permissions: []string{"see_audit"}}); err != nil {
			t.Errorf("names differ by case only: %v", err)
		}
		if _, err := env.Boards.SaveRole(ctx, b.Tenant, owner, "", appboard.RoleInput{Name: "People", Permissions: []string{"see_audit"}}); code(err) != "role_name_taken" {
			t.Errorf("a taken name: %v", err)
		}
		for name, in := range map[string]appboard.RoleInput{
			"no permission":      {Name: "Empty"},
			"unknown permission": {Name: "Odd", Permissions: []string{"launch_rockets"}},
			"a built-in name":    {Name: "Owner", Permissions: []string{"see_audit"}},
		} {
			if _, err := env.Boards.SaveRole(ctx, b.Tenant, owner, "", in); domain.KindOf(err) != domain.KindInvalid {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}
		modID := env.NewStaff(t, b, "mia@acme.example", "moderator")
		if _, err := env.Boards.Roles(ctx, b.Tenant, app.UserActor(modID)); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a moderator lists roles: %v", err)
		}
	})
}

// TestAReviewerOfJobsSeesAndDecidesJobsOnly: a role that reviews jobs sees
// the jobs waiting in the queue, not the company profiles, and may decide
// on jobs only.
func TestAReviewerOfJobsSeesAndDecidesJobsOnly(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		owner := app.UserActor(b.OwnerID)
		emp := env.NewEmployer(t, b, "hr@nova.example", "Nova Pharma")
		// A job and a company profile wait for review.
		empActor := app.UserActor(emp.UserID)
		j, err := env.Jobs.Create(ctx, b.Tenant, empActor, emp.CompanyID, appjob.PostingInput{Title: "Lab Analyst", Description: "Analyse samples in our lab.",
			EmploymentType: "full_time", Locations: []string{"Basel, Switzerland"}, Workplace: "onsite", Category: "Quality", ApplyURL: "https://nova.example/jobs/1"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Jobs.Submit(ctx, b.Tenant, empActor, j.Snapshot().ID); err != nil {
			t.Fatal(err)
		}
		pending, err := env.Companies.Register(ctx, b.Tenant, empActor, appcompany.ProfileInput{Name: "Nova Labs", Description: "About Nova Labs."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Companies.Submit(ctx, b.Tenant, empActor, pending.ID()); err != nil {
			t.Fatal(err)
		}
		rita := env.NewUser(t, b, "rita@acme.example")
		role, err := env.Boards.SaveRole(ctx, b.Tenant, owner, "", appboard.RoleInput{Name: "Job reviewers", Permissions: []string{"review_jobs"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Boards.GrantRole(ctx, b.Tenant, owner, role.ID, appboard.RoleMemberInput{Email: "rita@acme.example"}); err != nil {
			t.Fatal(err)
		}
		reviewer := app.UserActor(rita.ID())
		ownerItems, err := env.Moderation.Queue(ctx, b.Tenant, owner)
		if err != nil {
			t.Fatal(err)
		}
		items, err := env.Moderation.Queue(ctx, b.Tenant, reviewer)
		if err != nil {
			t.Fatal(err)
		}
		if len(ownerItems) != 2 || len(items) != 1 || items[0].Kind != "job" {
			t.Fatalf("queue: the owner sees %d items, the job reviewer %v", len(ownerItems), items)
		}
		if _, err := env.Moderation.Approve(ctx, b.Tenant, reviewer, "company", pending.ID()); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("the job reviewer approves a company: %v", err)
		}
		if _, err := env.Moderation.Approve(ctx, b.Tenant, reviewer, "job", j.Snapshot().ID); err != nil {
			t.Errorf("the job reviewer approves a job: %v", err)
		}
	})
}

// TestConcurrentRoleChangesApplyOneAfterAnother: owners changing one role
// at once each see the role as the one before left it, so the audit log
// chains every change.
func TestConcurrentRoleChangesApplyOneAfterAnother(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		b := env.NewBoard(t, "acme")
		owner := app.UserActor(b.OwnerID)
		role, err := env.Boards.SaveRole(ctx, b.Tenant, owner, "", appboard.RoleInput{Name: "Sales", Permissions: []string{"see_revenue"}})
		if err != nil {
			t.Fatal(err)
		}
		perms := []string{"manage_prices", "see_audit", "review_jobs", "handle_reports", "edit_settings", "review_companies"}
		var wg sync.WaitGroup
		errs := make([]error, len(perms))
		for i, p := range perms {
			wg.Go(func() {
				_, errs[i] = env.Boards.SaveRole(ctx, b.Tenant, owner, role.ID, appboard.RoleInput{Name: "Sales", Permissions: []string{p}})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("change %d: %v", i, err)
			}
		}
		entries, _, err := env.Moderation.Audit(ctx, b.Tenant, owner, appmoderation.AuditInput{Action: "role.update"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != len(perms) {
			t.Fatalf("%d role.update entries, want %d", len(entries), len(perms))
		}
		// Every state but the last was the "before" of exactly one change.
		befores := map[string]int{}
		for _, e := range entries {
			befores[e.Before]++
		}
		afters := map[string]bool{}
		for _, e := range entries {
			afters[e.After] = true
		}
		for before, n := range befores {
			if n != 1 {
				t.Errorf("%d changes started from %s: they did not wait for each other", n, before)
			}
		}
		if len(afters) != len(perms) {
			t.Errorf("changes ended in %d distinct states, want %d", len(afters), len(perms))
		}
	})
}
