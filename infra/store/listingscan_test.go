package store_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/infra/store"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// TestListingsByIDMatchBunsOwnScan: a page of jobs read by the bound query
// and scanned field by field holds exactly what bun's query and scan of
// the same jobs hold, every field set or empty, whole and brief, on both
// databases; a job of another board is never among them.
func TestListingsByIDMatchBunsOwnScan(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		a, b := env.NewBoard(t, "scan-a"), env.NewBoard(t, "scan-b")
		emp := env.NewEmployer(t, a, "hr@scan-a.example", "Scan & Co")
		other := env.NewEmployer(t, b, "hr@scan-b.example", "Other Co")
		full := systemtest.Posting("Senior Scientist & Lead, Oncology")
		lo, hi := int64(90000), int64(120000)
		full.Salary = &appjob.SalaryInput{Min: &lo, Max: &hi, Currency: "EUR", Period: "YEAR"}
		full.ClosingDate = time.Now().UTC().AddDate(0, 0, 20).Format("2006-01-02")
		full.Locations = []string{"Basel, Switzerland", "Boston, MA, USA"}
		full.Tags = []string{"GMP", "HPLC"}
		bare := systemtest.Posting("Lab Technician")
		bare.Seniority, bare.Tags = "", nil
		ids := []string{env.PublishedJob(t, a, emp, full).ID(), env.PublishedJob(t, a, emp, bare).ID()}
		foreign := env.PublishedJob(t, b, other, systemtest.Posting("Foreign Chemist")).ID()
		search := store.NewJobSearch(env.DB)
		now := time.Now().UTC()
		for _, brief := range []bool{false, true} {
			got, err := search.ListingsByID(ctx, a.Tenant, append(slices.Clone(ids), foreign), now, brief)
			if err != nil {
				t.Fatal(err)
			}
			want, err := search.ListingsByIDThroughBun(ctx, a.Tenant, ids, now, brief)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || len(want) != 2 {
				t.Fatalf("brief %v: %d listings, bun %d, want 2 (the other board's job left out)", brief, len(got), len(want))
			}
			slices.SortFunc(got, func(x, y appjob.Listing) int { return strings.Compare(x.Job.ID, y.Job.ID) })
			for i := range got {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("brief %v, job %d:\n got %+v\nwant %+v", brief, i, got[i], want[i])
				}
			}
			if !brief && (got[0].Job.DescriptionHTML == "" && got[1].Job.DescriptionHTML == "") {
				t.Error("whole listings came without descriptions")
			}
		}
		one, err := search.Get(ctx, a.Tenant, ids[0], now)
		if err != nil {
			t.Fatal(err)
		}
		if one.Job.ID != ids[0] || one.CompanyName != "Scan & Co" {
			t.Errorf("Get: %+v", one)
		}
		if _, err := search.Get(ctx, a.Tenant, foreign, now); err == nil {
			t.Error("Get found another board's job")
		}
	})
}
