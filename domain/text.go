package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Messages of CheckDisplayText.
const (
	msgInvisibleText = "use visible characters, not only spaces or invisible ones"
	msgBidiControl   = "remove the text-direction control characters"
	msgInvalidUTF8   = "the text contains characters that are not allowed"
)

// CheckDisplayText checks a single line of text that other people are
// shown: a job title, a company, board or person name, a location, a tag.
// It returns a message for the user, or "" when the text may be shown.
//
// It refuses text made only of invisible characters (white space,
// zero-width and other format characters such as U+200B, U+200C, U+200D,
// U+2060, U+FEFF and the soft hyphen, Hangul fillers, the blank Braille
// pattern U+2800), which would show as a blank name; and text holding a
// bidirectional embedding, override or isolate (U+202A to U+202E, U+2066
// to U+2069), which reorders how it and the text after it are shown, so
// that "gpj.exe" can read as "exe.jpg". The marks U+200E, U+200F and
// U+061C, which right-to-left text needs, are allowed among visible
// characters. The empty string passes: whether a field is required is the
// caller's rule.
func CheckDisplayText(s string) string {
	if !utf8.ValidString(s) {
		return msgInvalidUTF8
	}
	if strings.IndexFunc(s, isBidiControl) >= 0 {
		return msgBidiControl
	}
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !isInvisible(r) }) < 0 {
		return msgInvisibleText
	}
	return ""
}

// isBidiControl reports the explicit bidirectional formatting characters
// that embed, override or isolate: LRE, RLE, PDF, LRO, RLO and LRI, RLI,
// FSI, PDI.
func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// isInvisible reports characters that show nothing on their own: white
// space, controls, format characters, variation selectors, the other
// default-ignorable code points (Hangul fillers among them) and the blank
// Braille pattern.
func isInvisible(r rune) bool {
	return unicode.IsSpace(r) || r == '\u2800' ||
		unicode.In(r, unicode.Cc, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}
