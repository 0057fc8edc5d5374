package app

import (
	"context"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// Objects the finer staff permissions name (see PermissionRules).
const (
	ObjModerationJobs      = "moderation_jobs"      // deciding on jobs in the queue
	ObjModerationCompanies = "moderation_companies" // deciding on company profiles
	ObjReports             = "reports"              // dismissing reports
	ObjPrices              = "prices"               // the board's price list
	ObjRevenue             = "revenue"              // orders and revenue
)

// Rule is one object and action a permission allows.
type Rule struct{ Object, Action string }

// PermissionRules is what each permission of a custom role allows, in the
// authorizer's terms. The built-in owner and moderator roles allow the
// same through the embedded policy (their presets in account.Presets).
var PermissionRules = map[account.Permission][]Rule{
	account.PermReviewJobs:      {{ObjModeration, ActRead}, {ObjModerationJobs, ActReview}},
	account.PermReviewCompanies: {{ObjModeration, ActRead}, {ObjModerationCompanies, ActReview}},
	account.PermHandleReports:   {{ObjModeration, ActRead}, {ObjReports, ActManage}},
	account.PermManagePrices:    {{ObjPrices, ActManage}},
	account.PermSeeRevenue:      {{ObjRevenue, ActRead}},
	account.PermManageStaff:     {{ObjStaff, ActRead}, {ObjStaff, ActManage}},
	account.PermEditSettings:    {{ObjBoard, ActRead}, {ObjBoard, ActManage}},
	account.PermSeeAudit:        {{ObjAudit, ActRead}},
}

// StaffRules are the rules any of which makes a user staff of a board.
var StaffRules = []Rule{{ObjModeration, ActRead}, {ObjRevenue, ActRead}, {ObjPrices, ActManage}, {ObjStaff, ActManage},
	{ObjBoard, ActManage}, {ObjAudit, ActRead}}

// IsStaff reports whether subject holds any staff permission on the board.
func IsStaff(ctx context.Context, a Authorizer, tenant domain.TenantID, subject Subject) (bool, error) {
	for _, r := range StaffRules {
		ok, err := a.Can(ctx, tenant, subject, r.Object, r.Action)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}
