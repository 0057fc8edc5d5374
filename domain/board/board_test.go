package board_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/board"
)

var now = time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)

func TestNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		slug       string
		boardName  string
		wantSlug   domain.Slug
		wantName   string
		wantFields []string // nil: valid
	}{
		{"valid", "pharma-jobs", "Pharma Jobs", "pharma-jobs", "Pharma Jobs", nil},
		{"upper-case slug folded", "Pharma-Jobs", "Pharma Jobs", "pharma-jobs", "Pharma Jobs", nil},
		{"slug and name trimmed", "  demo ", "  Demo board  ", "demo", "Demo board", nil},
		{"40-character slug", strings.Repeat("a", 40), "X", domain.Slug(strings.Repeat("a", 40)), "X", nil},
		{"120-character name", "demo", strings.Repeat("n", 120), "demo", strings.Repeat("n", 120), nil},

		{"41-character slug", strings.Repeat("a", 41), "X", "", "", []string{"slug"}},
		{"empty slug", "", "Demo", "", "", []string{"slug"}},
		{"slug with a dot", "demo.board", "Demo", "", "", []string{"slug"}},
		{"slug with an underscore", "demo_board", "Demo", "", "", []string{"slug"}},
		{"slug with a leading hyphen", "-demo", "Demo", "", "", []string{"slug"}},
		{"slug star", "*", "Demo", "", "", []string{"slug"}},
		{"reserved www", "www", "Demo", "", "", []string{"slug"}},
		{"reserved admin", "admin", "Demo", "", "", []string{"slug"}},
		{"reserved api", "api", "Demo", "", "", []string{"slug"}},
		{"reserved static", "static", "Demo", "", "", []string{"slug"}},
		{"reserved platform", "platform", "Demo", "", "", []string{"slug"}},
		{"reserved in upper case", "WWW", "Demo", "", "", []string{"slug"}},
		{"empty name", "demo", "", "", "", []string{"name"}},
		{"blank name", "demo", "   ", "", "", []string{"name"}},
		{"121-character name", "demo", strings.Repeat("n", 121), "", "", []string{"name"}},
		{"both wrong at once", "admin", "", "", "", []string{"slug", "name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := board.New("t1", tt.slug, tt.boardName, now)
			if tt.wantFields != nil {
				if err == nil {
					t.Fatalf("New(%q, %q) succeeded, want an error", tt.slug, tt.boardName)
				}
				var de *domain.Error
				if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
					t.Fatalf("error %v is not a validation error", err)
				}
				for _, f := range tt.wantFields {
					if de.Fields[f] == "" {
						t.Errorf("fields %v do not name %q", de.Fields, f)
					}
				}
				if len(de.Fields) != len(tt.wantFields) {
					t.Errorf("fields %v, want exactly %v", de.Fields, tt.wantFields)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%q, %q): %v", tt.slug, tt.boardName, err)
			}
			if b.ID() != "t1" || b.Slug() != tt.wantSlug || b.Name() != tt.wantName {
				t.Errorf("got id %q slug %q name %q", b.ID(), b.Slug(), b.Name())
			}
			if b.Status() != board.StatusActive || !b.Active() {
				t.Errorf("a new board is %q, want active", b.Status())
			}
			if !b.CreatedAt().Equal(now) || b.CustomDomain() != "" {
				t.Errorf("created %v domain %q", b.CreatedAt(), b.CustomDomain())
			}
			if s := b.Settings(); s.PostingDurationDays != board.DefaultSettings().PostingDurationDays || !s.ReviewJobs {
				t.Errorf("a new board does not start with the default settings: %+v", s)
			}
		})
	}
}

func TestNewNameCountsCharacters(t *testing.T) {
	t.Parallel()
	name := strings.Repeat("é", 120)
	if _, err := board.New("t1", "demo", name, now); err != nil {
		t.Errorf("a 120-character name of two-byte letters was refused: %v", err)
	}
}

func TestParseSlugReserved(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"www", "api", "admin", "app", "static", "mail", "status", "platform", "help", "docs"} {
		t.Run(s, func(t *testing.T) {
			t.Parallel()
			if _, err := board.ParseSlug(s); err == nil {
				t.Errorf("ParseSlug(%q) accepted a reserved slug", s)
			}
			if _, err := board.ParseSlug(s + "-jobs"); err != nil {
				t.Errorf("ParseSlug(%q): %v; only the exact reserved word is refused", s+"-jobs", err)
			}
		})
	}
}

func TestSuspendReopen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from     board.Status
		action   func(*board.Board) error
		wantCode string // "" means success
		want     board.Status
	}{
		{"suspend an active board", board.StatusActive, (*board.Board).Suspend, "", board.StatusSuspended},
		{"suspend a suspended board", board.StatusSuspended, (*board.Board).Suspend, "already_suspended", board.StatusSuspended},
		{"reopen a suspended board", board.StatusSuspended, (*board.Board).Reopen, "", board.StatusActive},
		{"reopen an active board", board.StatusActive, (*board.Board).Reopen, "already_active", board.StatusActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := board.Rehydrate("t1", "demo", "Demo", tt.from, "", board.DefaultSettings(), now)
			err := tt.action(b)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
			} else {
				var de *domain.Error
				if !errors.As(err, &de) || de.Kind != domain.KindConflict || de.Code != tt.wantCode {
					t.Fatalf("error %v, want conflict %q", err, tt.wantCode)
				}
			}
			if b.Status() != tt.want {
				t.Errorf("status %q, want %q", b.Status(), tt.want)
			}
			if b.Active() != (tt.want == board.StatusActive) {
				t.Errorf("Active() = %v with status %q", b.Active(), b.Status())
			}
		})
	}
}

func TestSuspendReopenRoundTrip(t *testing.T) {
	t.Parallel()
	b, err := board.New("t1", "demo", "Demo", now)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := b.Suspend(); err != nil {
			t.Fatalf("suspend %d: %v", i, err)
		}
		if err := b.Reopen(); err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
	}
	if !b.Active() {
		t.Error("board not active after suspend and reopen")
	}
}

func TestDefaultSettings(t *testing.T) {
	t.Parallel()
	s := board.DefaultSettings()
	if !s.ReviewJobs || !s.ReviewProfiles {
		t.Errorf("review is off by default: jobs %v profiles %v", s.ReviewJobs, s.ReviewProfiles)
	}
	if s.PostingDurationDays != 30 {
		t.Errorf("posting duration %d days, want 30", s.PostingDurationDays)
	}
	if s.FeaturedSlots <= 0 {
		t.Errorf("featured slots %d, want positive", s.FeaturedSlots)
	}
	if len(s.PrimaryColor) != 7 || s.PrimaryColor[0] != '#' {
		t.Errorf("primary colour %q is not #rrggbb", s.PrimaryColor)
	}
	for name, list := range map[string][]string{"categories": s.Categories, "sectors": s.Sectors} {
		if len(list) == 0 {
			t.Errorf("no default %s", name)
		}
		seen := map[string]bool{}
		for _, v := range list {
			if strings.TrimSpace(v) == "" || seen[v] {
				t.Errorf("%s has a blank or duplicate entry %q", name, v)
			}
			seen[v] = true
		}
	}
}

func TestDefaultSettingsIndependentCopies(t *testing.T) {
	t.Parallel()
	a := board.DefaultSettings()
	a.Sectors[0] = "changed"
	a.Categories[0] = "changed"
	b := board.DefaultSettings()
	if b.Sectors[0] == "changed" || b.Categories[0] == "changed" {
		t.Error("DefaultSettings shares its slices between calls")
	}
}

func TestSetSettings(t *testing.T) {
	t.Parallel()
	b, err := board.New("t1", "demo", "Demo", now)
	if err != nil {
		t.Fatal(err)
	}
	s := board.DefaultSettings()
	s.ReviewJobs = false
	s.PostingDurationDays = 60
	b.SetSettings(s)
	if got := b.Settings(); got.ReviewJobs || got.PostingDurationDays != 60 {
		t.Errorf("settings not replaced: %+v", got)
	}
}

func TestNewNameIsOneLine(t *testing.T) {
	t.Parallel()
	if _, err := board.New("t1", "demo", "Demo\nBoard", now); err == nil {
		t.Error(`name "Demo\nBoard" accepted`)
	}
}

// The board's name and its taxonomies are shown to every visitor: they
// must be visible text without bidirectional overrides or isolates.
func TestNameAndTaxonomiesAreDisplayText(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"\u200b", "\u3164", "Demo\u202e"} {
		if _, err := board.New("t1", "demo", name, now); err == nil {
			t.Errorf("New accepted the name %+q", name)
		}
	}
	b, err := board.New("t1", "demo", "Demo", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Configure("\u2800", "", b.Settings()); err == nil {
		t.Error("Configure accepted a name of a blank Braille pattern")
	}
	s := b.Settings()
	s.Categories = []string{"Clinical", "\u200b\u2060"}
	if err := b.Configure("Demo", "", s); err == nil {
		t.Error("Configure accepted an invisible category")
	}
	s = b.Settings()
	s.Sectors = []string{"Pharma\u2067"}
	if err := b.Configure("Demo", "", s); err == nil {
		t.Error("Configure accepted a sector with an isolate")
	}
	// Blocked words are never shown; an invisible one may be worth
	// flagging.
	s = b.Settings()
	s.BlockedWords = []string{"\u200b"}
	if err := b.Configure("Demo", "", s); err != nil {
		t.Errorf("Configure refused an invisible blocked word: %v", err)
	}
}
