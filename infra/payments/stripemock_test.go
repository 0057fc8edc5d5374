package payments_test

import (
	"testing"

	"github.com/jobboard/jobboard/infra/payments/stripemocktest"
)

// stripeMockURL returns the base URL of a stripe-mock private to the test.
// Tests skip when stripe-mock is not installed and fail when it is
// installed but does not start.
func stripeMockURL(t *testing.T) string {
	t.Helper()
	return stripemocktest.Start(t)
}
