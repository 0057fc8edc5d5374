package domain_test

import (
	"testing"

	"github.com/jobboard/jobboard/domain"
)

func TestCheckDisplayText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"plain", "Senior Engineer", true},
		{"empty is the caller's rule", "", true},
		{"accents and CJK", "Ingénieure 工程师", true},
		{"right-to-left with marks", "مهندس\u200f (m/w/d)", true},
		{"zero-width joiner inside an emoji", "Dev 👩\u200d💻", true},
		{"soft hyphen inside a word", "Soft\u00adware", true},
		{"Hangul with a filler among letters", "\u3164한국", true},

		{"spaces only", "   ", false},
		{"no-break and ideographic spaces", "\u00a0\u3000", false},
		{"zero-width space", "\u200b", false},
		{"zero-width non-joiner and joiner", "\u200c\u200d", false},
		{"word joiner", "\u2060", false},
		{"byte order mark", "\ufeff", false},
		{"soft hyphen", "\u00ad\u00ad", false},
		{"Hangul filler", "\u3164", false},
		{"Hangul choseong and jungseong fillers", "\u115f\u1160", false},
		{"halfwidth Hangul filler", "\uffa0", false},
		{"blank Braille pattern", "\u2800\u2800", false},
		{"variation selector", "\ufe0f", false},
		{"tag characters", "\U000e0041\U000e0042", false},
		{"left-to-right and right-to-left marks alone", "\u200e\u200f", false},
		{"a mix of invisibles", " \u200b\u2060\ufeff\u3164\u2800 ", false},
		{"controls", "\x00\x1b", false},

		{"right-to-left override", "Acme\u202e gpj.exe", false},
		{"each embedding and override", "a\u202ab\u202bc\u202cd\u202de", false},
		{"left-to-right isolate", "\u2066Acme\u2069", false},
		{"first strong isolate", "\u2068x", false},
		{"right-to-left isolate", "x\u2067y", false},
		{"invalid UTF-8", "Acme\xff", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			msg := domain.CheckDisplayText(tt.in)
			if (msg == "") != tt.ok {
				t.Errorf("CheckDisplayText(%+q) = %q, want ok %v", tt.in, msg, tt.ok)
			}
		})
	}
}

// The message says which of the two faults it is.
func TestCheckDisplayTextMessages(t *testing.T) {
	t.Parallel()
	blank, bidi := domain.CheckDisplayText("\u200b"), domain.CheckDisplayText("a\u202eb")
	if blank == "" || bidi == "" || blank == bidi {
		t.Errorf("blank %q, bidi %q: want two different messages", blank, bidi)
	}
}
