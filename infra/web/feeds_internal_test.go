package web

import (
	"testing"

	"github.com/jobboard/jobboard/domain/job"
)

func TestWithFrameAncestorsKeepsTheRestOfThePolicy(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"default-src 'self'; frame-ancestors 'none'", "default-src 'self'; frame-ancestors *"},
		{"default-src 'self'; Frame-Ancestors 'self' ; object-src 'none';", "default-src 'self'; object-src 'none'; frame-ancestors *"},
		{"", "frame-ancestors *"},
	}
	for _, tc := range cases {
		if got := withFrameAncestors(tc.in, "*"); got != tc.want {
			t.Errorf("withFrameAncestors(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestXMLTextReplacesWhatXMLCannotCarry(t *testing.T) {
	t.Parallel()
	if got := xmlText("a\x00b\x1bc\td\ne\uFFFEf\xffg ü 😀"); got != "a\uFFFDb\uFFFDc\td\ne\uFFFDf\uFFFDg ü 😀" {
		t.Fatalf("xmlText = %q", got)
	}
}

func TestIndeedSalary(t *testing.T) {
	t.Parallel()
	if got := indeedSalary(&job.Salary{Min: 60000, Max: 80000, Currency: "EUR", Period: "YEAR"}); got != "60000-80000 EUR per year" {
		t.Errorf("range = %q", got)
	}
	if got := indeedSalary(&job.Salary{Min: 45, Max: 45, Currency: "GBP", Period: "HOUR"}); got != "45 GBP per hour" {
		t.Errorf("single amount = %q", got)
	}
}
