package account

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/jobboard/jobboard/domain"
)

// Password length limits (characters), per NIST SP 800-63B: no composition
// rules, a long maximum, and a block list of known passwords.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 128
)

//go:embed common_passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// CheckPassword applies the password policy to a new password. email is the
// account's address; the password may not be the address or its local part.
func CheckPassword(password string, email domain.Email) error {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return domain.Invalid("password", "the password contains invalid characters")
	case n < MinPasswordLength:
		return domain.Invalid("password", "use at least 8 characters")
	case n > MaxPasswordLength:
		return domain.Invalid("password", "use at most 128 characters")
	}
	lower := strings.ToLower(password)
	if commonPasswords[lower] {
		return domain.Invalid("password", "this password is too common; choose one that is harder to guess")
	}
	local, _, _ := strings.Cut(string(email), "@")
	if email != "" && (lower == string(email) || lower == local) {
		return domain.Invalid("password", "do not use your e-mail address as the password")
	}
	if allSame(lower) {
		return domain.Invalid("password", "this password is too easy to guess")
	}
	return nil
}

func allSame(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}
