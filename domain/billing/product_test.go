package billing

import (
	"errors"
	"testing"

	"github.com/jobboard/jobboard/domain"
)

func TestParsePriceAllowsFreeOrWhatStripeCanCharge(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		currency string
		amount   int64
		ok       bool
	}{
		{"EUR", 0, true},
		{"EUR", 1, false},
		{"EUR", 49, false},
		{"EUR", 50, true},
		{"USD", 9900, true},
		{"SEK", 299, false},
		{"SEK", 300, true},
		{"DKK", 249, false},
		{"PLN", 200, true},
		{"EUR", -1, false},
		{"EUR", MaxAmount + 1, false},
	} {
		_, err := ParsePrice(ProductFeatured, tc.currency, tc.amount, 14)
		if tc.ok {
			if err != nil {
				t.Errorf("%s %d: %v", tc.currency, tc.amount, err)
			}
			continue
		}
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Fields["amount"] == "" {
			t.Errorf("%s %d: %v, want a validation error naming amount", tc.currency, tc.amount, err)
		}
	}
}
