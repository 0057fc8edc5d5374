package domain_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jobboard/jobboard/domain"
)

// invalidField asserts that err is a validation error naming field.
func invalidField(t *testing.T, err error, field string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *domain.Error", err)
	}
	if de.Kind != domain.KindInvalid || de.Code != "validation_failed" {
		t.Errorf("kind %v code %q, want invalid validation_failed", de.Kind, de.Code)
	}
	if de.Fields[field] == "" {
		t.Errorf("fields %v do not name %q", de.Fields, field)
	}
}

func TestParseEmail(t *testing.T) {
	t.Parallel()
	local64 := strings.Repeat("a", 64)
	// 64 + 1 + 189 = 254 characters: the longest address accepted.
	longest := local64 + "@" + strings.Repeat("b", 185) + ".com"
	tests := []struct {
		name  string
		in    string
		want  domain.Email
		valid bool
	}{
		{"plain", "ana@example.com", "ana@example.com", true},
		{"upper case folded", "Ana.Perez@Example.COM", "ana.perez@example.com", true},
		{"spaces trimmed", "  ana@example.com \t\n", "ana@example.com", true},
		{"plus tag", "ana+jobs@example.co.uk", "ana+jobs@example.co.uk", true},
		{"localhost allowed without dot", "dev@localhost", "dev@localhost", true},
		{"localhost upper case", "Dev@LOCALHOST", "dev@localhost", true},
		{"254 characters", longest, domain.Email(longest), true},

		{"empty", "", "", false},
		{"blank", "   ", "", false},
		{"255 characters", "a" + longest, "", false},
		{"missing @", "ana.example.com", "", false},
		{"missing local part", "@example.com", "", false},
		{"missing domain", "ana@", "", false},
		{"two @", "ana@b@example.com", "", false},
		{"no dot in domain", "ana@example", "", false},
		{"localhost as a longer name", "ana@notlocalhost", "", false},
		{"display name form", "A <a@b.c>", "", false},
		{"angle brackets only", "<a@b.c>", "", false},
		{"quoted display name", `"Ana" <ana@example.com>`, "", false},
		{"trailing comment", "ana@example.com (Ana)", "", false},
		{"quoted local part", `"ana perez"@example.com`, "", false},
		{"two addresses", "a@b.c, d@e.f", "", false},
		{"inner space", "ana perez@example.com", "", false},
		{"trailing dot", "ana@example.com.", "", false},
		{"double dot", "ana@example..com", "", false},
		{"newline inside", "ana@exa\nmple.com", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := domain.ParseEmail("email", tt.in)
			if !tt.valid {
				if err == nil {
					t.Fatalf("ParseEmail(%q) = %q, want an error", tt.in, got)
				}
				invalidField(t, err, "email")
				return
			}
			if err != nil {
				t.Fatalf("ParseEmail(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseEmail(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseEmailNamesTheField(t *testing.T) {
	t.Parallel()
	_, err := domain.ParseEmail("contact_email", "nope")
	invalidField(t, err, "contact_email")
}

func TestParseEmailTooLongMessage(t *testing.T) {
	t.Parallel()
	_, err := domain.ParseEmail("email", strings.Repeat("a", 250)+"@b.com")
	var de *domain.Error
	if !errors.As(err, &de) || !strings.Contains(de.Fields["email"], "too long") {
		t.Errorf("got %v, want a too-long message", err)
	}
}

func TestParseSlug(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		max   int
		want  domain.Slug
		valid bool
	}{
		{"letters", "acme", 40, "acme", true},
		{"digits", "2024", 40, "2024", true},
		{"hyphenated", "acme-labs-2", 40, "acme-labs-2", true},
		{"single character", "a", 40, "a", true},
		{"trimmed", "  acme  ", 40, "acme", true},
		{"exactly max", strings.Repeat("a", 10), 10, domain.Slug(strings.Repeat("a", 10)), true},

		{"empty", "", 40, "", false},
		{"blank", "   ", 40, "", false},
		{"over max", strings.Repeat("a", 11), 10, "", false},
		{"upper case", "Acme", 40, "", false},
		{"leading hyphen", "-acme", 40, "", false},
		{"trailing hyphen", "acme-", 40, "", false},
		{"double hyphen", "acme--labs", 40, "", false},
		{"underscore", "acme_labs", 40, "", false},
		{"dot", "acme.labs", 40, "", false},
		{"space inside", "acme labs", 40, "", false},
		{"slash", "acme/labs", 40, "", false},
		{"non-ASCII", "café", 40, "", false},
		{"star", "*", 40, "", false},
		{"newline", "acme\nlabs", 40, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := domain.ParseSlug("slug", tt.in, tt.max)
			if !tt.valid {
				if err == nil {
					t.Fatalf("ParseSlug(%q) = %q, want an error", tt.in, got)
				}
				invalidField(t, err, "slug")
				return
			}
			if err != nil {
				t.Fatalf("ParseSlug(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseSlug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStringers(t *testing.T) {
	t.Parallel()
	if got := domain.TenantID("t1").String(); got != "t1" {
		t.Errorf("TenantID.String() = %q", got)
	}
	if got := domain.Email("a@b.c").String(); got != "a@b.c" {
		t.Errorf("Email.String() = %q", got)
	}
	if got := domain.Slug("acme").String(); got != "acme" {
		t.Errorf("Slug.String() = %q", got)
	}
}
