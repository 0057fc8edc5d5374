package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
)

func TestParseFlagsAndRequiredAnswerUsageErrors(t *testing.T) {
	newFS := func() *flag.FlagSet {
		fs := flag.NewFlagSet("board create", flag.ContinueOnError)
		fs.String("slug", "", "")
		return fs
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"unknown flag", ParseFlags(newFS(), []string{"--nope"}), "board create: flag provided but not defined"},
		{"left-over argument", ParseFlags(newFS(), []string{"--slug", "a", "extra", "words"}), `unexpected argument "extra words"`},
		{"empty required flag", Required("board create", map[string]string{"slug": " ", "name": "N"}, "name", "slug"), "--slug is required"},
	}
	for _, tc := range tests {
		if !IsUsage(tc.err) || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want a usage error saying %q", tc.name, tc.err, tc.want)
		}
	}
	if err := ParseFlags(newFS(), []string{"--slug", "acme"}); err != nil {
		t.Errorf("valid flags: %v", err)
	}
	if err := Required("x", map[string]string{"slug": "acme"}, "slug"); err != nil {
		t.Errorf("flag given: %v", err)
	}
	if !IsUsage(fmt.Errorf("seed: %w", BadUsage("no %s", "boards"))) || IsUsage(errors.New("disk full")) {
		t.Error("IsUsage does not tell wrapped usage errors from others")
	}
}
