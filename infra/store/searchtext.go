package store

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/norwegian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/jobboard/jobboard/domain"
)

// The store indexes a job's words itself, the same way on both databases:
// each word is lower-cased, stemmed in the board's language (Snowball, as
// PostgreSQL's own configurations do), stripped of accents and written as
// a token that starts with the board's code, so that a term's list of jobs
// in the index holds only that board's jobs and a search costs what the
// board holds, not what every board holds. PostgreSQL keeps the tokens in
// jobs.search (a tsvector over them), SQLite in the FTS5 table job_search.
//
// Every word of the title, the keywords (company, category, seniority,
// tags, locations) and the description gives an "a" token (anywhere);
// every word of the title also a "t" token, which ranks title matches
// first. The category, workplace and employment type each give an "f"
// token, so that a search with filters is answered by the index alone
// instead of reading every job the words match to check its filters.

// searchVersion is the tokenisation written with each job; rows of an older
// version are indexed again at migration. 2: filter tokens; 3: board codes
// from a hash of the whole id.
const searchVersion = 3

// maxWordLen bounds an indexed word; longer ones are cut.
const maxWordLen = 40

// stemmers are the Snowball stemmers of the boards' search languages
// (domain/board SearchLanguages).
var stemmers = map[string]func(*snowballstem.Env) bool{
	"danish": danish.Stem, "dutch": dutch.Stem, "english": english.Stem, "finnish": finnish.Stem, "french": french.Stem,
	"german": german.Stem, "italian": italian.Stem, "norwegian": norwegian.Stem, "portuguese": portuguese.Stem,
	"spanish": spanish.Stem, "swedish": swedish.Stem,
}

// stopWords are English words too common to search for; documents and
// queries of English boards both drop them.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("a an and are as at be but by for from has have in into is it its of on or that the their this to was were will with") {
		m[w] = true
	}
	return m
}()

// analyzer turns a board's text into index tokens.
type analyzer struct {
	code string // the board's code: 8 hex digits of a hash of its id
	lang string
	stem func(*snowballstem.Env) bool
}

// newAnalyzer returns the analyzer of a board searched in lang (English
// when lang is unknown).
func newAnalyzer(tenant domain.TenantID, lang string) analyzer {
	stem, ok := stemmers[lang]
	if !ok {
		lang, stem = "english", english.Stem
	}
	// A hash of the whole id, not its first digits: ids are UUIDv7, whose
	// first digits are the time of creation, the same for boards created
	// together.
	h := fnv.New32a()
	_, _ = h.Write([]byte(tenant.String()))
	return analyzer{code: fmt.Sprintf("%08x", h.Sum32()), lang: lang, stem: stem}
}

// words splits text into lower-cased words of letters and digits, English
// stop words left out on English boards.
func (a analyzer) words(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if a.lang == "english" && stopWords[w] {
			continue
		}
		if utf8.RuneCountInString(w) > maxWordLen {
			w = string([]rune(w)[:maxWordLen])
		}
		out = append(out, w)
	}
	return out
}

// stemOf is a word's stem without accents.
func (a analyzer) stemOf(word string) string {
	env := snowballstem.NewEnv(word)
	a.stem(env)
	return fold(env.Current())
}

// anywhere and inTitle are a stem's tokens.
func (a analyzer) anywhere(stem string) string { return "a" + a.code + stem }
func (a analyzer) inTitle(stem string) string  { return "t" + a.code + stem }

// searchDoc is what a job's tokens are made of.
type searchDoc struct {
	Title, Keywords, Description        string
	Category, Workplace, EmploymentType string
}

// filterTokens are the tokens of the filter values given (empty ones are
// none): what a job carries, and what a filtered search asks for.
func (a analyzer) filterTokens(category, workplace, employmentType string) []string {
	var out []string
	for _, f := range [][2]string{{"c", category}, {"w", workplace}, {"e", employmentType}} {
		if f[1] != "" {
			out = append(out, a.filterToken(f[0], f[1]))
		}
	}
	return out
}

// filterToken is the token of a filter's value: kind is c (category), w
// (workplace) or e (employment type).
func (a analyzer) filterToken(kind, value string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(fold(value)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return "f" + a.code + kind + b.String()
}

// document is a job's tokens, space-separated: its words in order as "a"
// tokens (so phrases match by position), then its title's as "t" tokens,
// then its filters' "f" tokens.
func (a analyzer) document(d searchDoc) string {
	var b strings.Builder
	add := func(tok string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
	}
	var titleStems []string
	for _, w := range a.words(d.Title) {
		titleStems = append(titleStems, a.stemOf(w))
	}
	for _, st := range titleStems {
		add(a.anywhere(st))
	}
	for _, w := range append(a.words(d.Keywords), a.words(d.Description)...) {
		add(a.anywhere(a.stemOf(w)))
	}
	for _, st := range titleStems {
		add(a.inTitle(st))
	}
	for _, tok := range a.filterTokens(d.Category, d.Workplace, d.EmploymentType) {
		add(tok)
	}
	return b.String()
}

// vocabulary is what a typo is corrected to: the accent-free words of a
// job's title and keywords, at least 3 letters and not numbers.
func (a analyzer) vocabulary(title, keywords string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range append(a.words(title), a.words(keywords)...) {
		w = fold(w)
		if utf8.RuneCountInString(w) < 3 || seen[w] || strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// accents returns a transformer that strips combining marks after
// canonical decomposition: a new one each time, as a chain keeps state
// and is not safe for concurrent use.
func accents() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// fold removes accents: "médecin" is "medecin".
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			out, _, err := transform.String(accents(), s)
			if err != nil {
				return s
			}
			return out
		}
	}
	return s
}

// deletionKeys are a word and each way of deleting one letter from it:
// two words one edit apart share a key, which is how the vocabulary finds
// a typo's word without comparing it with every word of the board.
func deletionKeys(word string) []string {
	r := []rune(word)
	keys := []string{word}
	if len(r) < 4 {
		return keys
	}
	seen := map[string]bool{word: true}
	for i := range r {
		k := string(r[:i]) + string(r[i+1:])
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// oneEdit reports whether a and b differ by one insertion, deletion,
// substitution or swap of neighbouring letters.
func oneEdit(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	switch len(y) - len(x) {
	case 0:
		var diff []int
		for i := range x {
			if x[i] != y[i] {
				diff = append(diff, i)
			}
		}
		switch len(diff) {
		case 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && x[i] == y[j] && x[j] == y[i]
		}
		return false
	case 1:
		i := 0
		for i < len(x) && x[i] == y[i] {
			i++
		}
		return string(x[i:]) == string(y[i+1:])
	}
	return false
}
