package moderation_test

import (
	"slices"
	"testing"

	"github.com/jobboard/jobboard/domain/moderation"
)

func TestSimilarTitles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b string
		want bool
	}{
		{"Senior Lab Scientist", "senior lab scientist", true},
		{"Senior Lab Scientist", "Lab Scientist, Senior", true},
		{"Senior Lab Scientist (Basel)", "Senior Lab Scientist Basel", true},
		{"Clinical Research Associate II", "Clinical Research Associate", false}, // 3 of 4 words: below 80%
		{"Lab Scientist", "Data Engineer", false},
		{"", "Lab Scientist", false},
		{"!!!", "???", false},
	}
	for _, c := range cases {
		if got := moderation.SimilarTitles(c.a, c.b); got != c.want {
			t.Errorf("SimilarTitles(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestBlockedWordsMatchWholeWords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text    string
		blocked []string
		want    []string
	}{
		{"Earn CASH fast from home", []string{"cash", "crypto"}, []string{"cash"}},
		{"Cashier wanted", []string{"cash"}, nil},
		{"Work from home, easy money!", []string{"easy money", "from"}, []string{"easy money", "from"}},
		{"Nothing to see", []string{"", "  "}, nil},
	}
	for _, c := range cases {
		if got := moderation.BlockedWords(c.text, c.blocked); !slices.Equal(got, c.want) {
			t.Errorf("BlockedWords(%q, %v) = %v, want %v", c.text, c.blocked, got, c.want)
		}
	}
}

func TestBlockedDomainsIncludeSubdomains(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text    string
		urls    []string
		blocked []string
		want    []string
	}{
		{"Apply at https://jobs.scam.example/apply now", nil, []string{"scam.example"}, []string{"scam.example"}},
		{"See http://notscam.example", nil, []string{"scam.example"}, nil},
		{"", []string{"https://SCAM.example/x"}, []string{".scam.example"}, []string{"scam.example"}},
		{"https://a.scam.example and https://b.scam.example", nil, []string{"scam.example"}, []string{"scam.example"}},
		{"no links here", []string{"not a url"}, []string{"scam.example"}, nil},
	}
	for _, c := range cases {
		if got := moderation.BlockedDomains(c.text, c.urls, c.blocked); !slices.Equal(got, c.want) {
			t.Errorf("BlockedDomains(%q, %v, %v) = %v, want %v", c.text, c.urls, c.blocked, got, c.want)
		}
	}
}
