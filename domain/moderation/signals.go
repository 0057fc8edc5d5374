package moderation

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// Signal is an automatic flag shown next to an item in the queue. Signals
// inform the moderator; they never approve or reject by themselves.
type Signal struct {
	Code    string // duplicate, blocked_word, blocked_domain, new_company_burst
	Message string
}

// words splits text into lower-case words.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// SimilarTitles reports whether two job titles are near duplicates: the
// same words, or at least 80% of the words of the longer title shared.
func SimilarTitles(a, b string) bool {
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	set := map[string]bool{}
	for _, w := range wa {
		set[w] = true
	}
	shared := 0
	seen := map[string]bool{}
	for _, w := range wb {
		if set[w] && !seen[w] {
			shared++
			seen[w] = true
		}
	}
	longer := len(set)
	if n := len(uniq(wb)); n > longer {
		longer = n
	}
	return shared*5 >= longer*4
}

func uniq(ws []string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// BlockedWords returns the board's blocked words or phrases found in text,
// matched as whole words, case-insensitively.
func BlockedWords(text string, blocked []string) []string {
	var found []string
	low := " " + strings.Join(words(text), " ") + " "
	for _, b := range blocked {
		w := strings.Join(words(b), " ")
		if w != "" && strings.Contains(low, " "+w+" ") {
			found = append(found, b)
		}
	}
	return found
}

var linkPattern = regexp.MustCompile(`(?i)\bhttps?://[^\s)<>"']+`)

// BlockedDomains returns the blocked domains that links in text (and the
// extra URLs given) point to, including their subdomains.
func BlockedDomains(text string, urls []string, blocked []string) []string {
	var found []string
	seen := map[string]bool{}
	for _, raw := range append(linkPattern.FindAllString(text, -1), urls...) {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" {
			continue
		}
		host := strings.ToLower(u.Hostname())
		for _, d := range blocked {
			d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "."))
			if d != "" && (host == d || strings.HasSuffix(host, "."+d)) && !seen[d] {
				seen[d] = true
				found = append(found, d)
			}
		}
	}
	return found
}
