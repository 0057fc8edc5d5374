// Package payments implements app.PaymentGateway twice: Stripe, which talks
// to Stripe Checkout (or to stripe-mock in tests), and Dev, which completes
// payments locally on machines without Stripe keys and labels them clearly
// as test payments. Both verify webhooks with Stripe's signature scheme, so
// the same signed-event path is exercised in development and in tests.
package payments
