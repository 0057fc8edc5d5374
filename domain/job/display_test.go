package job_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/job"
)

// The posting's one-line display fields must be visible text without
// bidirectional overrides or isolates.
func TestParsePostingRefusesInvisibleAndBidiText(t *testing.T) {
	t.Parallel()
	base := job.PostingInput{Title: "Chemist", Description: "Mix things.", EmploymentType: "FULL_TIME", Workplace: "onsite",
		Locations: []string{"Basel"}, Tags: []string{"lab"}, ApplyMethod: "onsite"}
	tests := []struct {
		name  string
		edit  func(*job.PostingInput)
		field string // "" means valid
	}{
		{"title of a zero-width space", func(in *job.PostingInput) { in.Title = "\u200b" }, "title"},
		{"title of invisibles and spaces", func(in *job.PostingInput) { in.Title = "\u200c \u2060\ufeff \u00ad" }, "title"},
		{"title of Hangul fillers", func(in *job.PostingInput) { in.Title = "\u115f\u1160\u3164" }, "title"},
		{"title with a right-to-left override", func(in *job.PostingInput) { in.Title = "Chemist\u202e" }, "title"},
		{"title with an isolate", func(in *job.PostingInput) { in.Title = "\u2066Chemist\u2069" }, "title"},
		{"location of a blank Braille pattern", func(in *job.PostingInput) { in.Locations = []string{"Basel", "\u2800"} }, "locations"},
		{"location with an embedding", func(in *job.PostingInput) { in.Locations = []string{"\u202bBasel"} }, "locations"},
		{"tag of a zero-width space", func(in *job.PostingInput) { in.Tags = []string{"\u200b"} }, "tags"},
		{"tag with an override", func(in *job.PostingInput) { in.Tags = []string{"lab\u202d"} }, "tags"},
		{"right-to-left title with a mark", func(in *job.PostingInput) { in.Title = "كيميائي\u200f" }, ""},
		{"title with a zero-width joiner between letters", func(in *job.PostingInput) { in.Title = "Chem\u200dist" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := base
			tt.edit(&in)
			_, err := job.ParsePosting(in, nil, time.Now())
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Fields[tt.field] == "" {
				t.Fatalf("error %v, want a validation error naming %q", err, tt.field)
			}
		})
	}
}
