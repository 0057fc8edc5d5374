package account

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// Permission is one thing a custom role may allow on its board.
type Permission string

// The permissions a board owner shapes roles from.
const (
	PermReviewJobs      Permission = "review_jobs"
	PermReviewCompanies Permission = "review_companies"
	PermHandleReports   Permission = "handle_reports"
	PermManagePrices    Permission = "manage_prices"
	PermSeeRevenue      Permission = "see_revenue"
	PermManageStaff     Permission = "manage_staff"
	PermEditSettings    Permission = "edit_settings"
	PermSeeAudit        Permission = "see_audit"
)

// Permissions lists every permission, in the order forms show them.
var Permissions = []Permission{PermReviewJobs, PermReviewCompanies, PermHandleReports, PermManagePrices,
	PermSeeRevenue, PermManageStaff, PermEditSettings, PermSeeAudit}

// Presets are the built-in roles as permission sets.
var Presets = map[Role][]Permission{
	RoleOwner:     Permissions,
	RoleModerator: {PermReviewJobs, PermReviewCompanies, PermHandleReports},
}

// CustomRole is a role a board owner made.
type CustomRole struct {
	ID          string
	Name        string
	Permissions []Permission
	Members     []Member
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Member is a user who holds a custom role.
type Member struct {
	UserID string
	Email  domain.Email
	Name   string
}

// MaxRoleName bounds a custom role's name.
const MaxRoleName = 60

// ParseCustomRole checks a role's name and permissions; the permissions
// come back in list order without repeats.
func ParseCustomRole(name string, perms []string) (string, []Permission, error) {
	fields := map[string]string{}
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		fields["name"] = "name the role, such as Sales"
	case utf8.RuneCountInString(name) > MaxRoleName:
		fields["name"] = "use at most 60 characters"
	case strings.ContainsAny(name, "\x00\r\n<>"):
		fields["name"] = "the name contains characters that are not allowed"
	case slices.Contains([]string{string(RoleOwner), string(RoleModerator), string(RoleEmployer), string(RoleCandidate)}, strings.ToLower(name)):
		fields["name"] = "this name is a built-in role; choose another"
	}
	held := map[Permission]bool{}
	for _, p := range perms {
		if !slices.Contains(Permissions, Permission(p)) {
			fields["permissions"] = "unknown permission " + p
			continue
		}
		held[Permission(p)] = true
	}
	if len(held) == 0 && fields["permissions"] == "" {
		fields["permissions"] = "choose at least one permission"
	}
	if len(fields) > 0 {
		return "", nil, domain.InvalidFields(fields)
	}
	var out []Permission
	for _, p := range Permissions {
		if held[p] {
			out = append(out, p)
		}
	}
	return name, out, nil
}

// CustomRoles stores a board's custom roles and who holds them. Every
// change bumps the policy version, so that every instance reloads it.
type CustomRoles interface {
	// List returns the board's roles with their members, by name.
	List(ctx context.Context, tenant domain.TenantID) ([]CustomRole, error)
	// ByID returns a role of the board, or KindNotFound.
	ByID(ctx context.Context, tenant domain.TenantID, id string) (CustomRole, error)
	// LockByID returns a role for a change inside the caller's
	// transaction, its row locked until the transaction ends; KindNotFound
	// if missing.
	LockByID(ctx context.Context, tenant domain.TenantID, id string) (CustomRole, error)
	// Save inserts or updates a role; a name taken on the board is
	// KindConflict (code role_name_taken).
	Save(ctx context.Context, tenant domain.TenantID, r CustomRole) error
	// Delete removes a role and its grants; KindNotFound if missing.
	Delete(ctx context.Context, tenant domain.TenantID, id string) error
	// Grant gives the role to a user of the board (a no-op when held);
	// KindNotFound for a missing role or user.
	Grant(ctx context.Context, tenant domain.TenantID, roleID, userID string, at time.Time) error
	// Revoke takes the role away; KindNotFound when the user does not
	// hold it.
	Revoke(ctx context.Context, tenant domain.TenantID, roleID, userID string) error
	// Held returns the ids of the board's custom roles the user holds.
	Held(ctx context.Context, tenant domain.TenantID, userID string) ([]string, error)
}
