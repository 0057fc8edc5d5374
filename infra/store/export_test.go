package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
)

// SearchWindow is searchWindow, for the external tests.
const SearchWindow = searchWindow

// BoundListingQueries are the PostgreSQL texts of the bound listing
// queries by name, for the plan tests: each takes the time, the board and
// then the job's id or the page's ids.
var BoundListingQueries = map[string]string{
	"a job by its id":        getListingQuery.postgres,
	"a page of jobs by ids":  listingsByIDQuery.postgres,
	"a page of cards by ids": briefListingsByIDQuery.postgres,
}

// ListingsByID is JobSearch.listingsByID, for the external tests.
func (s *JobSearch) ListingsByID(ctx context.Context, tenant domain.TenantID, ids []string, now time.Time, brief bool) ([]appjob.Listing, error) {
	return s.listingsByID(ctx, tenant, ids, now, brief)
}

// ListingsByIDThroughBun reads the same listings as ListingsByID with bun's
// own query and scan, which the bound query and its direct scan must match.
func (s *JobSearch) ListingsByIDThroughBun(ctx context.Context, tenant domain.TenantID, ids []string, now time.Time, brief bool) ([]appjob.Listing, error) {
	return s.scan(ctx, public(s.selectListingsOf(ctx, now, brief), tenant, now).Where("j.id IN (?)", bun.In(ids)).OrderExpr("j.id"))
}
