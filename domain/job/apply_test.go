package job_test

import (
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain/job"
)

func TestOnSiteApplyMethod(t *testing.T) {
	t.Parallel()
	base := job.PostingInput{Title: "Chemist", Description: "Mix things.", EmploymentType: "FULL_TIME", Workplace: "remote", ApplicantCountries: []string{"DE"}}
	for _, tc := range []struct {
		method, url, email, want string
	}{
		{"onsite", "", "", "onsite"},
		{"onsite", "https://example.com/apply", "jobs@example.com", "onsite"},
		{"", "https://example.com/apply", "", "url"},
		{"email", "", "jobs@example.com", "email"},
	} {
		in := base
		in.ApplyMethod, in.ApplyURL, in.ApplyEmail = tc.method, tc.url, tc.email
		p, err := job.ParsePosting(in, nil, time.Now())
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		if p.ApplyMethod() != tc.want {
			t.Errorf("%+v: method %s", tc, p.ApplyMethod())
		}
		if tc.want == "onsite" && (p.ApplyURL != "" || p.ApplyEmail != "" || !p.ApplyOnSite) {
			t.Errorf("on-site posting keeps other targets: %+v", p)
		}
	}
	if _, err := job.ParsePosting(base, nil, time.Now()); err == nil {
		t.Error("a posting without any apply method was accepted")
	}
}
