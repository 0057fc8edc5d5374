package company_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/company"
)

var (
	now     = time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	sectors = []string{"Biotechnology", "Medical Devices"}
)

// validInput returns a profile input that passes every rule.
func validInput() company.ProfileInput {
	return company.ProfileInput{
		Name:         "Acme Labs",
		Slug:         "acme-labs",
		Website:      "https://acme.example",
		Sector:       "Biotechnology",
		Location:     "Basel",
		Size:         "51-200",
		FoundedYear:  "1999",
		ContactEmail: "jobs@acme.example",
		Description:  "We make **things**.",
		Social:       map[string]string{"linkedin": "https://www.linkedin.com/company/acme"},
	}
}

// fieldsOf returns the field messages of a validation error.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Code != "validation_failed" {
		t.Fatalf("error %v is not a validation error", err)
	}
	return de.Fields
}

func TestParseProfileValid(t *testing.T) {
	t.Parallel()
	in := validInput()
	in.Name = "  Acme Labs  "
	in.Slug = " Acme-Labs "
	in.ContactEmail = " Jobs@ACME.example "
	in.Description = "  line one\r\nline two  "
	in.Social["x"] = "  https://x.com/acme  "
	in.Social["facebook"] = "   " // blank links are dropped
	p, err := company.ParseProfile(in, sectors, now)
	if err != nil {
		t.Fatalf("ParseProfile: %v", err)
	}
	want := company.Profile{
		Name: "Acme Labs", Slug: "acme-labs", Website: "https://acme.example", Sector: "Biotechnology",
		Location: "Basel", Size: "51-200", FoundedYear: 1999, ContactEmail: "jobs@acme.example",
		Description: "line one\nline two",
	}
	if p.Name != want.Name || p.Slug != want.Slug || p.Website != want.Website || p.Sector != want.Sector ||
		p.Location != want.Location || p.Size != want.Size || p.FoundedYear != want.FoundedYear ||
		p.ContactEmail != want.ContactEmail || p.Description != want.Description {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
	if len(p.Social) != 2 || p.Social["x"] != "https://x.com/acme" || p.Social["linkedin"] == "" {
		t.Errorf("social %v", p.Social)
	}
}

func TestParseProfileOptionalFieldsMayBeBlank(t *testing.T) {
	t.Parallel()
	p, err := company.ParseProfile(company.ProfileInput{Name: "Acme", Slug: "acme"}, sectors, now)
	if err != nil {
		t.Fatalf("ParseProfile: %v", err)
	}
	if p.FoundedYear != 0 || p.ContactEmail != "" || p.Website != "" || p.Social == nil || len(p.Social) != 0 {
		t.Errorf("blank optional fields parsed as %+v", p)
	}
}

func TestParseProfileFieldRules(t *testing.T) {
	t.Parallel()
	year := strconv.Itoa(now.Year())
	tests := []struct {
		name      string
		edit      func(*company.ProfileInput)
		wantField string // "" means valid
	}{
		{"name empty", func(in *company.ProfileInput) { in.Name = " " }, "name"},
		{"name 120 characters", func(in *company.ProfileInput) { in.Name = strings.Repeat("é", 120) }, ""},
		{"name 121 characters", func(in *company.ProfileInput) { in.Name = strings.Repeat("é", 121) }, "name"},
		{"name with <", func(in *company.ProfileInput) { in.Name = "Acme <Labs" }, "name"},
		{"name with >", func(in *company.ProfileInput) { in.Name = "Acme > Labs" }, "name"},
		{"name with a tag", func(in *company.ProfileInput) { in.Name = "<script>alert(1)</script>" }, "name"},
		{"name with NUL", func(in *company.ProfileInput) { in.Name = "Acme\x00" }, "name"},
		{"name with ampersand", func(in *company.ProfileInput) { in.Name = "Smith & Sons" }, ""},
		{"name of a zero-width space", func(in *company.ProfileInput) { in.Name = "\u200b" }, "name"},
		{"name of Hangul fillers", func(in *company.ProfileInput) { in.Name = "\u3164\u3164" }, "name"},
		{"name with a right-to-left override", func(in *company.ProfileInput) { in.Name = "Acme\u202e Labs" }, "name"},
		{"name with a zero-width joiner between letters", func(in *company.ProfileInput) { in.Name = "Acme\u200dLabs" }, ""},
		{"location of a blank Braille pattern", func(in *company.ProfileInput) { in.Location = "\u2800" }, "location"},
		{"location with an isolate", func(in *company.ProfileInput) { in.Location = "\u2067Berlin\u2069" }, "location"},

		{"slug empty", func(in *company.ProfileInput) { in.Slug = "" }, "slug"},
		{"slug upper case folded", func(in *company.ProfileInput) { in.Slug = "ACME" }, ""},
		{"slug 80 characters", func(in *company.ProfileInput) { in.Slug = strings.Repeat("a", 80) }, ""},
		{"slug 81 characters", func(in *company.ProfileInput) { in.Slug = strings.Repeat("a", 81) }, "slug"},
		{"slug with space", func(in *company.ProfileInput) { in.Slug = "acme labs" }, "slug"},

		{"website http", func(in *company.ProfileInput) { in.Website = "http://acme.example/about?x=1" }, ""},
		{"website blank", func(in *company.ProfileInput) { in.Website = "" }, ""},
		{"website without scheme", func(in *company.ProfileInput) { in.Website = "acme.example" }, ""},
		{"website www without scheme", func(in *company.ProfileInput) { in.Website = "www.example.com/about" }, ""},
		{"website one word", func(in *company.ProfileInput) { in.Website = "acme" }, "website"},
		{"website other scheme", func(in *company.ProfileInput) { in.Website = "mailto:hr@acme.example" }, "website"},
		{"website scheme-relative", func(in *company.ProfileInput) { in.Website = "//acme.example" }, "website"},
		{"website javascript", func(in *company.ProfileInput) { in.Website = "javascript:alert(1)" }, "website"},
		{"website JavaScript mixed case", func(in *company.ProfileInput) { in.Website = "JavaScript:alert(1)" }, "website"},
		{"website data", func(in *company.ProfileInput) { in.Website = "data:text/html,<b>x</b>" }, "website"},
		{"website ftp", func(in *company.ProfileInput) { in.Website = "ftp://acme.example" }, "website"},
		{"website without host", func(in *company.ProfileInput) { in.Website = "https://" }, "website"},
		{"website path only", func(in *company.ProfileInput) { in.Website = "https:/path" }, "website"},
		{"website with inner space", func(in *company.ProfileInput) { in.Website = "https://acme.example/a b" }, "website"},
		{"website 500 characters", func(in *company.ProfileInput) {
			in.Website = "https://acme.example/" + strings.Repeat("a", 500-len("https://acme.example/"))
		}, ""},
		{"website 501 characters", func(in *company.ProfileInput) {
			in.Website = "https://acme.example/" + strings.Repeat("a", 501-len("https://acme.example/"))
		}, "website"},

		{"founded 1700", func(in *company.ProfileInput) { in.FoundedYear = "1700" }, ""},
		{"founded 1699", func(in *company.ProfileInput) { in.FoundedYear = "1699" }, "founded_year"},
		{"founded this year", func(in *company.ProfileInput) { in.FoundedYear = year }, ""},
		{"founded next year", func(in *company.ProfileInput) { in.FoundedYear = strconv.Itoa(now.Year() + 1) }, "founded_year"},
		{"founded not a number", func(in *company.ProfileInput) { in.FoundedYear = "19x9" }, "founded_year"},
		{"founded negative", func(in *company.ProfileInput) { in.FoundedYear = "-2000" }, "founded_year"},
		{"founded with spaces", func(in *company.ProfileInput) { in.FoundedYear = " 1999 " }, ""},
		{"founded blank", func(in *company.ProfileInput) { in.FoundedYear = "  " }, ""},

		{"sector in the list", func(in *company.ProfileInput) { in.Sector = "Medical Devices" }, ""},
		{"sector not in the list", func(in *company.ProfileInput) { in.Sector = "Mining" }, "sector"},
		{"sector case differs", func(in *company.ProfileInput) { in.Sector = "biotechnology" }, "sector"},
		{"sector blank", func(in *company.ProfileInput) { in.Sector = "" }, ""},

		{"size every band", func(in *company.ProfileInput) { in.Size = "5001+" }, ""},
		{"size unknown band", func(in *company.ProfileInput) { in.Size = "10-20" }, "size"},
		{"size number", func(in *company.ProfileInput) { in.Size = "42" }, "size"},
		{"size blank", func(in *company.ProfileInput) { in.Size = "" }, ""},

		{"location 120 characters", func(in *company.ProfileInput) { in.Location = strings.Repeat("ü", 120) }, ""},
		{"location 121 characters", func(in *company.ProfileInput) { in.Location = strings.Repeat("ü", 121) }, "location"},

		{"contact email invalid", func(in *company.ProfileInput) { in.ContactEmail = "jobs-at-acme" }, "contact_email"},
		{"contact email display name", func(in *company.ProfileInput) { in.ContactEmail = "Jobs <jobs@acme.example>" }, "contact_email"},
		{"contact email no dot", func(in *company.ProfileInput) { in.ContactEmail = "jobs@acme" }, "contact_email"},

		{"social every known network", func(in *company.ProfileInput) {
			in.Social = map[string]string{
				"linkedin": "https://linkedin.com/a", "x": "https://x.com/a", "facebook": "https://facebook.com/a",
				"instagram": "https://instagram.com/a", "youtube": "https://youtube.com/a",
			}
		}, ""},
		{"social unknown network", func(in *company.ProfileInput) { in.Social = map[string]string{"myspace": "https://myspace.com/a"} }, "social.myspace"},
		{"social network key case", func(in *company.ProfileInput) { in.Social = map[string]string{"LinkedIn": "https://linkedin.com/a"} }, "social.LinkedIn"},
		{"social bad URL", func(in *company.ProfileInput) { in.Social = map[string]string{"x": "@acme"} }, "social.x"},
		{"social javascript URL", func(in *company.ProfileInput) { in.Social = map[string]string{"youtube": "javascript:alert(1)"} }, "social.youtube"},
		{"social unknown but blank", func(in *company.ProfileInput) { in.Social = map[string]string{"myspace": " "} }, ""},

		{"description 20000 characters", func(in *company.ProfileInput) { in.Description = strings.Repeat("ß", 20000) }, ""},
		{"description 20001 characters", func(in *company.ProfileInput) { in.Description = strings.Repeat("ß", 20001) }, "description"},
		{"description CRLF counts once", func(in *company.ProfileInput) { in.Description = strings.Repeat("a\r\n", 10000) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := validInput()
			tt.edit(&in)
			_, err := company.ParseProfile(in, sectors, now)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("ParseProfile: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseProfile succeeded, want an error on %q", tt.wantField)
			}
			f := fieldsOf(t, err)
			if f[tt.wantField] == "" || len(f) != 1 {
				t.Errorf("fields %v, want only %q", f, tt.wantField)
			}
		})
	}
}

func TestParseProfileReportsEveryErrorAtOnce(t *testing.T) {
	t.Parallel()
	in := company.ProfileInput{
		Name:         "<b>",
		Slug:         "Not A Slug",
		Website:      "javascript:alert(1)",
		Sector:       "Mining",
		Location:     strings.Repeat("x", 121),
		Size:         "huge",
		FoundedYear:  "1600",
		ContactEmail: "nope",
		Description:  strings.Repeat("x", 20001),
		Social:       map[string]string{"myspace": "https://myspace.com/a", "x": "not a url"},
	}
	_, err := company.ParseProfile(in, sectors, now)
	f := fieldsOf(t, err)
	want := []string{"name", "slug", "website", "sector", "location", "size", "founded_year", "contact_email", "description", "social.myspace", "social.x"}
	for _, k := range want {
		if f[k] == "" {
			t.Errorf("no message for %q", k)
		}
	}
	if len(f) != len(want) {
		t.Errorf("got %d fields %v, want %d", len(f), f, len(want))
	}
}

func TestParseProfileFoundedYearFollowsClock(t *testing.T) {
	t.Parallel()
	in := validInput()
	in.FoundedYear = "2030"
	if _, err := company.ParseProfile(in, sectors, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Errorf("a company founded this year (2030) was refused: %v", err)
	}
	if _, err := company.ParseProfile(in, sectors, time.Date(2029, 12, 31, 23, 0, 0, 0, time.UTC)); err == nil {
		t.Error("a company founded next year was accepted")
	}
}

func TestParseProfileNoSectors(t *testing.T) {
	t.Parallel()
	in := validInput()
	if _, err := company.ParseProfile(in, nil, now); err == nil {
		t.Error("a sector was accepted on a board without sectors")
	}
	in.Sector = ""
	if _, err := company.ParseProfile(in, nil, now); err != nil {
		t.Errorf("a blank sector was refused: %v", err)
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"owner", true}, {"recruiter", true}, {"Owner", false}, {"moderator", false}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			r, err := company.ParseRole(tt.in)
			if (err == nil) != tt.ok || (tt.ok && string(r) != tt.in) {
				t.Errorf("ParseRole(%q) = %q, %v", tt.in, r, err)
			}
		})
	}
}

func TestParseProfileNameIsOneLine(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Acme\nLabs", "Acme\r\nBcc: x@y.z", "Acme\tLabs\x1b"} {
		in := validInput()
		in.Name = name
		_, err := company.ParseProfile(in, sectors, now)
		if err == nil {
			t.Errorf("name %q accepted", name)
			continue
		}
		if fieldsOf(t, err)["name"] == "" {
			t.Errorf("name %q: error does not name the field", name)
		}
	}
}

// TestParseProfileAddsTheSchemePeopleLeaveOut: "www.example.com" and
// "linkedin.com/company/x" are taken as https addresses.
func TestParseProfileAddsTheSchemePeopleLeaveOut(t *testing.T) {
	t.Parallel()
	in := company.ProfileInput{Name: "Acme", Slug: "acme", Website: " www.acme.example ",
		Social: map[string]string{"linkedin": "linkedin.com/company/acme"}}
	p, err := company.ParseProfile(in, sectors, now)
	if err != nil {
		t.Fatal(err)
	}
	if p.Website != "https://www.acme.example" || p.Social["linkedin"] != "https://linkedin.com/company/acme" {
		t.Errorf("website %q, linkedin %q", p.Website, p.Social["linkedin"])
	}
}
