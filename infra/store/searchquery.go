package store

import (
	"strings"
	"unicode/utf8"
)

// searchTerm is one word of a search as typed, or a quoted phrase.
type searchTerm struct {
	words  []string // lower-cased, stop words dropped
	negate bool     // -word: jobs with it are left out
	or     bool     // OR word: either this or the term before
	prefix bool     // the last word, still being typed: matches as a prefix too
}

// parse reads web-style search text: words ("chemist london"), quoted
// phrases ("\"clinical trial\""), exclusions ("nurse -night") and
// alternatives ("qa OR quality"). No user text is ever read as query
// syntax: the terms become tokens of letters and digits only.
func (a analyzer) parse(text string) []searchTerm {
	var out []searchTerm
	orNext := false
	endsInWord := text != "" && !strings.ContainsAny(text[len(text)-1:], " \t\r\n\"")
	for len(text) > 0 {
		text = strings.TrimLeft(text, " \t\r\n")
		if text == "" {
			break
		}
		negate := false
		if text[0] == '-' {
			negate, text = true, text[1:]
		}
		var raw string
		if strings.HasPrefix(text, `"`) {
			end := strings.Index(text[1:], `"`)
			if end < 0 {
				raw, text = text[1:], ""
			} else {
				raw, text = text[1:end+1], text[end+2:]
			}
		} else {
			raw = text
			if i := strings.IndexAny(text, " \t\r\n"); i >= 0 {
				raw, text = text[:i], text[i:]
			} else {
				text = ""
			}
			if raw == "OR" && !negate {
				orNext = true
				continue
			}
		}
		words := a.words(raw)
		if len(words) == 0 {
			continue
		}
		out = append(out, searchTerm{words: words, negate: negate, or: orNext && !negate})
		orNext = false
	}
	// Still typing the last word: it matches as a prefix too, from three
	// letters ("r" would match nearly every job).
	if n := len(out); n > 0 && endsInWord && len(out[n-1].words) == 1 && !out[n-1].negate && utf8.RuneCountInString(out[n-1].words[0]) >= 3 {
		out[n-1].prefix = true
	}
	return out
}

// searchAlt is one way a term can match: a phrase of stems (one stem for a
// word), or a word's beginning.
type searchAlt struct {
	stems  []string
	prefix bool
}

// searchExpr is a parsed search ready to be written for either database:
// every group must match (one of its alternatives), no exclusion may.
type searchExpr struct {
	groups   [][]searchAlt
	excluded []searchAlt
	// filters are tokens every match must have too (filterToken): the
	// index then answers the filters with the words.
	filters []string
}

// empty reports whether nothing can match: a search of exclusions only, or
// of stop words only, finds nothing.
func (e searchExpr) empty() bool { return len(e.groups) == 0 }

// expr builds the search of terms; fixes maps a mistyped word to the word
// of the board it stands for.
func (a analyzer) expr(terms []searchTerm, fixes map[string]string) searchExpr {
	var e searchExpr
	for _, t := range terms {
		var alts []searchAlt
		if len(t.words) == 1 {
			w := t.words[0]
			alts = append(alts, searchAlt{stems: []string{a.stemOf(w)}})
			if bare := fold(w); bare != w {
				// An accent where the job has none stems differently.
				alts = append(alts, searchAlt{stems: []string{a.stemOf(bare)}})
			}
			if t.prefix {
				alts = append(alts, searchAlt{stems: []string{fold(w)}, prefix: true})
			}
			if fix := fixes[fold(w)]; fix != "" {
				alts = append(alts, searchAlt{stems: []string{a.stemOf(fix)}})
			}
		} else {
			stems := make([]string, len(t.words))
			for i, w := range t.words {
				stems[i] = a.stemOf(w)
			}
			alts = append(alts, searchAlt{stems: stems})
		}
		switch {
		case t.negate:
			e.excluded = append(e.excluded, alts...)
		case t.or && len(e.groups) > 0:
			e.groups[len(e.groups)-1] = append(e.groups[len(e.groups)-1], alts...)
		default:
			e.groups = append(e.groups, alts)
		}
	}
	return e
}

// typos are the words of terms worth correcting: single words of at least
// four letters, searched for (not excluded).
func typos(terms []searchTerm) []string {
	var out []string
	for _, t := range terms {
		if len(t.words) == 1 && !t.negate && utf8.RuneCountInString(t.words[0]) >= 4 {
			out = append(out, fold(t.words[0]))
		}
	}
	return out
}

// tsquery writes the search as a PostgreSQL tsquery literal over the
// tokens tok makes of its stems; exclusions always match anywhere.
func (e searchExpr) tsquery(a analyzer, tok func(string) string) string {
	alt := func(x searchAlt, tok func(string) string) string {
		if len(x.stems) == 1 {
			s := "'" + tok(x.stems[0]) + "'"
			if x.prefix {
				s += ":*"
			}
			return s
		}
		parts := make([]string, len(x.stems))
		for i, st := range x.stems {
			parts[i] = "'" + tok(st) + "'"
		}
		return "(" + strings.Join(parts, " <-> ") + ")"
	}
	var and []string
	for _, g := range e.groups {
		ors := make([]string, len(g))
		for i, x := range g {
			ors[i] = alt(x, tok)
		}
		and = append(and, "("+strings.Join(ors, " | ")+")")
	}
	for _, f := range e.filters {
		and = append(and, "'"+f+"'")
	}
	for _, x := range e.excluded {
		and = append(and, "!"+alt(x, a.anywhere))
	}
	return strings.Join(and, " & ")
}

// fts5 writes the search as an SQLite FTS5 expression over the tokens tok
// makes of its stems; exclusions always match anywhere.
func (e searchExpr) fts5(a analyzer, tok func(string) string) string {
	alt := func(x searchAlt, tok func(string) string) string {
		parts := make([]string, len(x.stems))
		for i, st := range x.stems {
			parts[i] = tok(st)
		}
		s := `"` + strings.Join(parts, " ") + `"`
		if x.prefix {
			s += "*"
		}
		return s
	}
	var and []string
	for _, g := range e.groups {
		ors := make([]string, len(g))
		for i, x := range g {
			ors[i] = alt(x, tok)
		}
		and = append(and, "("+strings.Join(ors, " OR ")+")")
	}
	for _, f := range e.filters {
		and = append(and, `"`+f+`"`)
	}
	out := strings.Join(and, " AND ")
	if len(e.excluded) > 0 {
		nots := make([]string, len(e.excluded))
		for i, x := range e.excluded {
			nots[i] = alt(x, a.anywhere)
		}
		out += " NOT (" + strings.Join(nots, " OR ") + ")"
	}
	return out
}
