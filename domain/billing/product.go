// Package billing holds what employers buy from a board: the board's price
// list and the Order aggregate, paid through a payment gateway and
// fulfilled exactly once.
package billing

import (
	"fmt"
	"strings"

	"github.com/jobboard/jobboard/domain"
)

// Product is something a board sells.
type Product string

// The products. A job posting publishes a job for its duration; a featured
// upgrade features a published job; a premium profile puts a company first
// in the directory.
const (
	ProductJobPosting     Product = "job_posting"
	ProductFeatured       Product = "featured"
	ProductPremiumProfile Product = "premium_profile"
)

// Products lists every product in the order pages show them.
var Products = []Product{ProductJobPosting, ProductFeatured, ProductPremiumProfile}

// ParseProduct checks a product name.
func ParseProduct(s string) (Product, error) {
	for _, p := range Products {
		if string(p) == s {
			return p, nil
		}
	}
	return "", domain.Invalid("product", "choose job_posting, featured or premium_profile")
}

// Label names a product for people.
func (p Product) Label() string {
	switch p {
	case ProductJobPosting:
		return "Job posting"
	case ProductFeatured:
		return "Featured job upgrade"
	case ProductPremiumProfile:
		return "Premium company profile"
	}
	return string(p)
}

// ForJob reports whether the product is bought for a job (else for a
// company).
func (p Product) ForJob() bool { return p != ProductPremiumProfile }

// Currencies a board can charge in (ISO 4217, two-decimal currencies).
var Currencies = []string{"EUR", "GBP", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD"}

// MinPaidAmount is the smallest charge, in minor units, Stripe takes in
// currency (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts);
// a price is free (0) or at least this.
func MinPaidAmount(currency string) int64 {
	switch currency {
	case "SEK", "NOK":
		return 300
	case "DKK":
		return 250
	case "PLN":
		return 200
	}
	return 50
}

// Limits on prices.
const (
	MaxAmount   = 100_000_00 // 100,000.00 in minor units
	MaxDuration = 366
)

// Price is what a product costs on a board, in minor units of Currency,
// and how many days it lasts. An Amount of 0 makes the product free.
type Price struct {
	Product      Product
	Currency     string
	Amount       int64
	DurationDays int
}

// Free reports whether buying needs no payment.
func (p Price) Free() bool { return p.Amount == 0 }

// ParsePrice validates a price a board owner sets.
func ParsePrice(product Product, currency string, amount int64, days int) (Price, error) {
	f := map[string]string{}
	currency = strings.ToUpper(strings.TrimSpace(currency))
	ok := false
	for _, c := range Currencies {
		ok = ok || c == currency
	}
	if !ok {
		f["currency"] = "use one of: " + strings.Join(Currencies, ", ")
	}
	switch {
	case amount < 0 || amount > MaxAmount:
		f["amount"] = "enter an amount from 0 (free) to 100000.00"
	case amount > 0 && amount < MinPaidAmount(currency):
		// Stripe refuses smaller charges.
		min := MinPaidAmount(currency)
		f["amount"] = fmt.Sprintf("enter 0 (free) or at least %d.%02d", min/100, min%100)
	}
	if days < 1 || days > MaxDuration {
		f["duration_days"] = "enter a duration from 1 to 366 days"
	}
	if len(f) > 0 {
		return Price{}, domain.InvalidFields(f)
	}
	return Price{Product: product, Currency: currency, Amount: amount, DurationDays: days}, nil
}

// DefaultPrices are a new board's price list.
func DefaultPrices() []Price {
	return []Price{
		{Product: ProductJobPosting, Currency: "EUR", Amount: 0, DurationDays: 30},
		{Product: ProductFeatured, Currency: "EUR", Amount: 9900, DurationDays: 14},
		{Product: ProductPremiumProfile, Currency: "EUR", Amount: 49900, DurationDays: 365},
	}
}
