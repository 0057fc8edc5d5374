package domain

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
)

// TenantID identifies a board. Every tenant-owned row carries one.
type TenantID string

// String returns the id as text.
func (t TenantID) String() string { return string(t) }

// Email is a normalised (trimmed, lower-cased) e-mail address.
type Email string

// String returns the address.
func (e Email) String() string { return string(e) }

// MaxEmailLength is the longest address accepted (RFC 5321 path limit).
const MaxEmailLength = 254

// ParseEmail normalises and checks an address. field names the input for the
// error it returns (KindInvalid).
func ParseEmail(field, s string) (Email, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return "", Invalid(field, "enter an e-mail address")
	case len(s) > MaxEmailLength:
		return "", Invalid(field, "the e-mail address is too long")
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") && !strings.HasSuffix(s, "@localhost") {
		return "", Invalid(field, "enter a valid e-mail address, like name@example.com")
	}
	return Email(s), nil
}

// Slug is a lower-case URL segment: letters, digits and single hyphens.
type Slug string

// String returns the slug.
func (s Slug) String() string { return string(s) }

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ParseSlug checks a slug of at most max characters. field names the input
// for the error it returns (KindInvalid).
func ParseSlug(field, s string, max int) (Slug, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", Invalid(field, "enter a slug")
	case len(s) > max:
		return "", Invalid(field, "use at most "+strconv.Itoa(max)+" characters")
	case !slugPattern.MatchString(s):
		return "", Invalid(field, "use lower-case letters, digits and single hyphens only")
	}
	return Slug(s), nil
}
