package job_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
)

func TestRemoteJobsSayWhereApplicantsMayLive(t *testing.T) {
	t.Parallel()
	base := job.PostingInput{Title: "Chemist", Description: "Mix things.", EmploymentType: "FULL_TIME", Workplace: "remote", ApplyURL: "https://example.com/apply"}
	for _, tc := range []struct {
		name      string
		countries []string
		want      []string
		err       string // part of the applicant_countries message
	}{
		{"countries, cleaned", []string{" de", "FR", "de", ""}, []string{"DE", "FR"}, ""},
		{"worldwide, explicitly", []string{"worldwide"}, []string{job.Worldwide}, ""},
		{"nothing", nil, nil, "say worldwide"},
		{"only blanks", []string{" ", ""}, nil, "say worldwide"},
		{"worldwide and countries", []string{"Worldwide", "DE"}, nil, "not both"},
		{"user-assigned code", []string{"ZZ"}, nil, `"ZZ" is not an ISO 3166-1`},
		{"reserved code", []string{"DE", "UK"}, nil, `"UK" is not`},
		{"three letters", []string{"DEU"}, nil, "not an ISO"},
		{"a name", []string{"Germany"}, nil, "not an ISO"},
	} {
		in := base
		in.ApplicantCountries = tc.countries
		p, err := job.ParsePosting(in, nil, time.Now())
		if tc.err == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			} else if strings.Join(p.ApplicantCountries, ",") != strings.Join(tc.want, ",") {
				t.Errorf("%s: countries %v, want %v", tc.name, p.ApplicantCountries, tc.want)
			}
			continue
		}
		var de *domain.Error
		if !errors.As(err, &de) || !strings.Contains(de.Fields["applicant_countries"], tc.err) {
			t.Errorf("%s: error %v, want applicant_countries to say %q", tc.name, err, tc.err)
		}
	}
	// On-site and hybrid jobs take no applicant countries and need none.
	for _, w := range []string{"onsite", "hybrid"} {
		in := base
		in.Workplace, in.Locations, in.ApplicantCountries = w, []string{"Basel"}, []string{"ZZ"}
		if p, err := job.ParsePosting(in, nil, time.Now()); err != nil || len(p.ApplicantCountries) != 0 {
			t.Errorf("%s job: %v %v", w, p.ApplicantCountries, err)
		}
	}
}
