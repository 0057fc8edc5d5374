package billing

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
)

// devPayments is the development gateway's extra: paying a session from
// its local test-payment page.
type devPayments interface {
	MarkPaid(sessionID string) (app.SessionState, error)
}

var errNotDev = domain.NotFound("test payment page")

// DevCheckout returns the order shown on the development gateway's
// test-payment page. It exists only when no real gateway is configured.
func (s *Service) DevCheckout(ctx context.Context, tenant domain.TenantID, actor app.Actor, orderID string) (*billing.Order, error) {
	if _, ok := s.deps.Gateway.(devPayments); !ok {
		return nil, errNotDev
	}
	return s.viewOrder(ctx, tenant, actor.UserID, orderID)
}

// DevPay pays an order on the test-payment page and fulfils it through the
// same path as a real payment.
func (s *Service) DevPay(ctx context.Context, tenant domain.TenantID, actor app.Actor, orderID string) (*billing.Order, error) {
	dev, ok := s.deps.Gateway.(devPayments)
	if !ok {
		return nil, errNotDev
	}
	o, err := s.viewOrder(ctx, tenant, actor.UserID, orderID)
	if err != nil {
		return nil, err
	}
	if o.Status != billing.StatusPending {
		return o, nil
	}
	st, err := dev.MarkPaid(o.SessionID)
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		return nil, err
	}
	// The test gateway forgets its sessions on restart; the button press is
	// the payment either way, applied through the same fulfilment.
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		intent := st.PaymentIntent
		if intent == "" {
			intent = "test_" + o.ID
		}
		return s.fulfil(ctx, tenant, o.ID, payment{Intent: intent, Source: "the test payment page"})
	})
	if err != nil {
		return nil, err
	}
	s.sendReceiptsNow(ctx, tenant)
	return s.deps.Orders.ByID(ctx, tenant, orderID)
}

// Cancel ends a pending order the buyer walked away from.
func (s *Service) Cancel(ctx context.Context, tenant domain.TenantID, actor app.Actor, orderID string) (*billing.Order, error) {
	if _, err := s.viewOrder(ctx, tenant, actor.UserID, orderID); err != nil {
		return nil, err
	}
	var out *billing.Order
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		o, err := s.deps.Orders.LockByID(ctx, tenant, orderID)
		if err != nil {
			return err
		}
		out = o
		if o.Close(billing.StatusCanceled) {
			return s.deps.Orders.Update(ctx, o)
		}
		return nil
	})
	return out, err
}
