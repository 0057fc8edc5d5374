package job_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/jobboard/jobboard/app"
	appboard "github.com/jobboard/jobboard/app/board"
	appjob "github.com/jobboard/jobboard/app/job"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/infra/system/systemtest"
)

// searchJob is a job of the labelled set: published a day after the one
// before it.
type searchJob struct{ title, description, category string }

// publishAll publishes jobs one day apart, oldest first.
func publishAll(t *testing.T, env *systemtest.Env, b systemtest.Board, emp systemtest.Employer, jobs []searchJob) {
	t.Helper()
	for _, j := range jobs {
		in := systemtest.Posting(j.title)
		in.Description, in.Category, in.Tags = j.description, "Manufacturing", nil
		if j.category != "" {
			in.Category = j.category
		}
		env.PublishedJob(t, b, emp, in)
		env.Clock.Advance(day)
	}
}

// titles searches the board and returns the titles found, in order.
func titles(t *testing.T, env *systemtest.Env, tenant domain.TenantID, q string) []string {
	t.Helper()
	page, err := env.Jobs.Find(context.Background(), tenant, appjob.SearchInput{Query: q, Limit: 50}, false)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var out []string
	for _, l := range page.Items {
		out = append(out, l.Job.Posting.Title)
	}
	return out
}

// mustSettings returns the board as its owner configures it.
func mustSettings(t *testing.T, env *systemtest.Env, b systemtest.Board) *board.Board {
	t.Helper()
	got, err := env.Boards.Settings(context.Background(), b.Tenant, app.UserActor(b.OwnerID))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestSearchFindsWhatPeopleMean is a labelled query set: for each search,
// the jobs a person expects, in the order they expect them. Title matches
// come before description matches, newer before older; the last word
// matches as it is being typed; forms of a word find each other (in the
// board's language); a one-letter typo of a word of the board's jobs still
// finds them; phrases, exclusions and alternatives work; and a board never
// finds another board's jobs.
func TestSearchFindsWhatPeopleMean(t *testing.T) {
	t.Parallel()
	systemtest.Each(t, func(t *testing.T, env *systemtest.Env) {
		ctx := context.Background()
		acme := env.NewBoard(t, "acme")
		emp := env.NewEmployer(t, acme, "hr@nova.example", "Nova Labs")
		publishAll(t, env, acme, emp, []searchJob{
			{"Clinical Research Associate", "Monitor trials across sites in Europe.", ""},
			{"Senior Pharmacist", "Dispense medicines and advise patients.", ""},
			{"Pharmacy Technician", "Support our pharmacists every day.", ""},
			{"Data Scientist", "Build models for research teams.", "Research & Development"},
			{"Quality Assurance Manager", "Work with clinical teams on audits.", ""},
			{"Night Nurse", "Care for patients at night.", ""},
			{"Day Nurse", "Care for patients during the day.", ""},
		})
		beta := env.NewBoard(t, "beta")
		env.Configure(t, beta, func(s *appboard.SettingsInput) { s.Language = "german" })
		berlin := env.NewEmployer(t, beta, "hr@apotheke.example", "Stadt Apotheke")
		publishAll(t, env, beta, berlin, []searchJob{
			{"Apotheker in Vollzeit", "Beratung der Kunden in unserer Apotheke.", ""},
		})

		cases := []struct {
			board domain.TenantID
			query string
			want  []string
		}{
			// The title match first, although the other job is newer.
			{acme.Tenant, "clinical", []string{"Clinical Research Associate", "Quality Assurance Manager"}},
			// Stemming: "pharmacists" in a description is found.
			{acme.Tenant, "pharmacist", []string{"Senior Pharmacist", "Pharmacy Technician"}},
			// Still typing: both titles start so; newest first.
			{acme.Tenant, "pharmac", []string{"Pharmacy Technician", "Senior Pharmacist"}},
			// A typo of a word of the board's titles.
			{acme.Tenant, "clincal research", []string{"Clinical Research Associate"}},
			{acme.Tenant, "pharmacsit", []string{"Senior Pharmacist", "Pharmacy Technician"}},
			{acme.Tenant, "nurse -night", []string{"Day Nurse"}},
			// An exclusion found in the description keeps a title match out.
			{acme.Tenant, "clinical -trials", []string{"Quality Assurance Manager"}},
			{acme.Tenant, "quality OR pharmacist", []string{"Quality Assurance Manager", "Senior Pharmacist", "Pharmacy Technician"}},
			{acme.Tenant, `"research associate"`, []string{"Clinical Research Associate"}},
			{acme.Tenant, `"associate research"`, nil},
			{acme.Tenant, "the", nil},
			{acme.Tenant, "-nurse", nil},
			// Accents do not matter.
			{acme.Tenant, "clínical", []string{"Clinical Research Associate", "Quality Assurance Manager"}},
			// German stemming on the German board.
			{beta.Tenant, "Apothekern", []string{"Apotheker in Vollzeit"}},
			{beta.Tenant, "apotheke", []string{"Apotheker in Vollzeit"}},
			// Boards keep to themselves.
			{beta.Tenant, "pharmacist", nil},
			{acme.Tenant, "apotheker", nil},
		}
		for _, tc := range cases {
			if got := titles(t, env, tc.board, tc.query); !slices.Equal(got, tc.want) {
				t.Errorf("search %q: %q, want %q", tc.query, got, tc.want)
			}
		}

		// Filters narrow a text search (the index answers them too).
		for _, tc := range []struct {
			in   appjob.SearchInput
			want []string
		}{
			{appjob.SearchInput{Query: "nurse", Category: "Manufacturing"}, []string{"Day Nurse", "Night Nurse"}},
			{appjob.SearchInput{Query: "nurse", Category: "Clinical"}, nil},
			{appjob.SearchInput{Query: "nurse", Workplace: "onsite", EmploymentType: "FULL_TIME"}, []string{"Day Nurse", "Night Nurse"}},
			{appjob.SearchInput{Query: "nurse", Workplace: "remote"}, nil},
			{appjob.SearchInput{Query: "research", Category: "Research & Development"}, []string{"Data Scientist"}},
			// A title match of another category is left out; a description
			// match of the category is not.
			{appjob.SearchInput{Query: "research", Category: "Manufacturing"}, []string{"Clinical Research Associate"}},
			{appjob.SearchInput{Query: "research"}, []string{"Clinical Research Associate", "Data Scientist"}},
		} {
			tc.in.Limit = 50
			page, err := env.Jobs.Find(ctx, acme.Tenant, tc.in, false)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range page.Items {
				got = append(got, l.Job.Posting.Title)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("search %+v: %q, want %q", tc.in, got, tc.want)
			}
		}

		// Paging one at a time crosses from title to description matches
		// without losing or repeating a job.
		var seen []string
		cursor := ""
		for range 5 {
			page, err := env.Jobs.Find(ctx, acme.Tenant, appjob.SearchInput{Query: "clinical", Limit: 1, Cursor: cursor}, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range page.Items {
				seen = append(seen, l.Job.Posting.Title)
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if want := []string{"Clinical Research Associate", "Quality Assurance Manager"}; !slices.Equal(seen, want) {
			t.Errorf("paged: %q, want %q", seen, want)
		}

		// The board's language changes its jobs' index at once.
		env.Configure(t, acme, func(s *appboard.SettingsInput) { s.Language = "french" })
		if got := titles(t, env, acme.Tenant, "nurse"); len(got) != 2 {
			t.Errorf("after a change of language: %q", got)
		}
		in := appboard.SettingsOf(mustSettings(t, env, acme))
		in.Language = "klingon"
		_, err := env.Boards.UpdateSettings(ctx, acme.Tenant, app.UserActor(acme.OwnerID), in)
		if e := new(domain.Error); !errors.As(err, &e) || e.Fields["language"] == "" {
			t.Errorf("an unknown language: %v, want the field named", err)
		}
	})
}
