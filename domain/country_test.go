package domain_test

import (
	"testing"

	"github.com/jobboard/jobboard/domain"
)

func TestIsCountryCode(t *testing.T) {
	for _, c := range []string{"DE", "GB", "US", "CH", "AX", "SS", "CW", "ZW"} {
		if !domain.IsCountryCode(c) {
			t.Errorf("%s refused", c)
		}
	}
	for _, c := range []string{"ZZ", "UK", "EU", "XK", "AA", "QZ", "de", "D", "DEU", "", " DE"} {
		if domain.IsCountryCode(c) {
			t.Errorf("%q accepted", c)
		}
	}
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if domain.IsCountryCode(string([]rune{a, b})) {
				n++
			}
		}
	}
	if n != 249 {
		t.Errorf("%d codes, want the 249 assigned ones", n)
	}
}
