package domain

import (
	_ "embed"
	"strings"
)

// iso3166 lists the 249 officially assigned ISO 3166-1 alpha-2 codes.
// Reserved, transitional and user-assigned codes (UK, EU, XK, ZZ …) are
// left out: a job board must not accept a country that no address has.
//
//go:embed iso3166-1-alpha2.txt
var iso3166 string

var countryCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(iso3166) {
		m[c] = true
	}
	return m
}()

// IsCountryCode reports whether code is an officially assigned ISO 3166-1
// alpha-2 country code, in upper case (DE, GB).
func IsCountryCode(code string) bool { return countryCodes[code] }
