package authz

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/infra/store"
)

//go:embed model.conf
var modelText string

//go:embed policy.csv
var policyText string

// platformDomain is the domain of platform-wide grants. Board ids are UUIDs,
// so no board can collide with it.
const platformDomain = "*"

// adminRole is the role every platform admin holds in platformDomain.
const adminRole = "admin"

// errReadOnly is returned by the adapter's write methods: role changes are
// made by the store's Roles and Admins repositories inside the caller's
// transaction, never through casbin, so that a user and their role commit
// together and the policy version is bumped.
var errReadOnly = errors.New("authz: the policy is read-only; change roles through the store's Roles or Admins repository inside the caller's transaction")

// adapter is a read-only persist.Adapter: role permissions come from the
// embedded policy.csv, role assignments from the database.
type adapter struct {
	db     *store.DB
	log    *slog.Logger
	policy [][]string // the "p" rules of policy.csv, without the ptype

	// ctx is the context of the load in progress. casbin's LoadPolicy takes
	// none, so Authorizer.reload sets it, under its reload mutex, around the
	// call; nil means no load is in progress.
	ctx context.Context
}

func newAdapter(db *store.DB, log *slog.Logger) (*adapter, error) {
	policy, err := parsePolicy(policyText)
	if err != nil {
		return nil, err
	}
	return &adapter{db: db, log: log, policy: policy}, nil
}

// parsePolicy reads the permission table. It accepts "p" rules only, so
// that no role assignment can hide in the embedded file.
func parsePolicy(text string) ([][]string, error) {
	var rules [][]string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		for j := range fields {
			fields[j] = strings.TrimSpace(fields[j])
		}
		if len(fields) != 4 || fields[0] != "p" || fields[1] == "" || fields[2] == "" || fields[3] == "" {
			return nil, fmt.Errorf("authz: policy.csv line %d: want \"p, role, object, action\", got %q", i+1, line)
		}
		rules = append(rules, fields[1:])
	}
	return rules, nil
}

// LoadPolicy loads the permission table and every role assignment.
func (a *adapter) LoadPolicy(m model.Model) error {
	ctx := a.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return a.load(ctx, m)
}

func (a *adapter) load(ctx context.Context, m model.Model) error {
	for _, rule := range a.policy {
		if err := persist.LoadPolicyArray(append([]string{"p"}, rule...), m); err != nil {
			return fmt.Errorf("load permission %v: %w", rule, err)
		}
	}
	grants, admins, err := a.db.AllGrants(ctx)
	if err != nil {
		return fmt.Errorf("load role assignments: %w", err)
	}
	for _, g := range grants {
		// A board grant of an unknown role, or one in the platform domain,
		// would widen a board user's rights (an "admin" grant on a board
		// carries "*, *" there); such rows can only come from a bug or a
		// hand edit, so they are skipped rather than trusted.
		if !isBoardRole(g.Role) || g.Tenant == "" || g.Tenant == platformDomain || g.UserID == "" {
			a.log.Warn("authz: ignoring invalid role assignment", "tenant", g.Tenant, "user_id", g.UserID, "role", g.Role)
			continue
		}
		if err := persist.LoadPolicyArray([]string{"g", "user:" + g.UserID, g.Role, g.Tenant}, m); err != nil {
			return fmt.Errorf("load role assignment: %w", err)
		}
	}
	if err := a.loadCustomRoles(ctx, m); err != nil {
		return err
	}
	for _, id := range admins {
		if id == "" {
			continue
		}
		if err := persist.LoadPolicyArray([]string{"g", "admin:" + id, adminRole, platformDomain}, m); err != nil {
			return fmt.Errorf("load admin: %w", err)
		}
	}
	return nil
}

// loadCustomRoles loads the roles board owners made, as permission rules
// of "custom:<id>", and who holds them on their board.
func (a *adapter) loadCustomRoles(ctx context.Context, m model.Model) error {
	roles, grants, err := a.db.AllCustomRoles(ctx)
	if err != nil {
		return fmt.Errorf("load custom roles: %w", err)
	}
	boardOf := map[string]string{}
	for _, r := range roles {
		name := store.CustomRoleName(r.ID)
		boardOf[name] = r.Tenant
		for _, p := range r.Permissions {
			for _, rule := range app.PermissionRules[p] {
				if err := persist.LoadPolicyArray([]string{"p", name, rule.Object, rule.Action}, m); err != nil {
					return fmt.Errorf("load custom role %s: %w", r.ID, err)
				}
			}
		}
	}
	for _, g := range grants {
		// A role counts only on the board that made it.
		if boardOf[g.Role] == "" || boardOf[g.Role] != g.Tenant || g.UserID == "" {
			a.log.Warn("authz: ignoring invalid custom role assignment", "tenant", g.Tenant, "user_id", g.UserID, "role", g.Role)
			continue
		}
		if err := persist.LoadPolicyArray([]string{"g", "user:" + g.UserID, g.Role, g.Tenant}, m); err != nil {
			return fmt.Errorf("load custom role assignment: %w", err)
		}
	}
	return nil
}

func isBoardRole(role string) bool {
	for _, r := range account.BoardRoles {
		if string(r) == role {
			return true
		}
	}
	return false
}

// SavePolicy refuses: see errReadOnly.
func (a *adapter) SavePolicy(model.Model) error { return errReadOnly }

// AddPolicy refuses: see errReadOnly.
func (a *adapter) AddPolicy(string, string, []string) error { return errReadOnly }

// RemovePolicy refuses: see errReadOnly.
func (a *adapter) RemovePolicy(string, string, []string) error { return errReadOnly }

// RemoveFilteredPolicy refuses: see errReadOnly.
func (a *adapter) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }

var _ persist.Adapter = (*adapter)(nil)
