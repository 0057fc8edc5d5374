package billing

import (
	"context"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
)

// Stripe's checkout.session.completed names the payment intent by its id
// only, so an order paid by the webhook has no receipt link. The receipt is
// fetched afterwards, off the webhook's path: when the buyer looks at the
// order or the company's orders, and by reconciliation.

// receiptTimeout bounds the gateway call a page view makes for a receipt,
// so that a slow gateway delays the page by that much at most.
const receiptTimeout = 3 * time.Second

// maxReceiptLookups is how many receipts one orders page asks for.
const maxReceiptLookups = 5

// fetchReceipt asks the gateway for the session of a paid order without a
// receipt link and stores the link of the session's latest charge. It
// returns the order as it now stands. timeout bounds the gateway call when
// positive.
func (s *Service) fetchReceipt(ctx context.Context, o *billing.Order, timeout time.Duration) (*billing.Order, error) {
	if !o.NeedsReceipt() {
		return o, nil
	}
	gctx := ctx
	if timeout > 0 {
		var cancel context.CancelFunc
		gctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	st, err := s.deps.Gateway.Session(gctx, o.SessionID)
	if err != nil {
		return o, err
	}
	if st.ReceiptURL == "" {
		return o, nil
	}
	var out *billing.Order
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		locked, err := s.deps.Orders.LockByID(ctx, o.Tenant, o.ID)
		if err != nil {
			return err
		}
		out = locked
		if !locked.SetReceipt(st.PaymentIntent, st.ReceiptURL) {
			return nil
		}
		return s.deps.Orders.Update(ctx, locked)
	})
	if err != nil {
		return o, err
	}
	return out, nil
}

// withReceipt is fetchReceipt for a page view: bounded in time, and a
// failure is only logged, since the page shows the order either way.
func (s *Service) withReceipt(ctx context.Context, o *billing.Order) *billing.Order {
	got, err := s.fetchReceipt(ctx, o, receiptTimeout)
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		slog.WarnContext(ctx, "receipt link not fetched", "tenant", o.Tenant, "order", o.ID, "err", err)
	}
	return got
}
