package billing

import (
	"context"
	"log/slog"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
)

// Event types the service acts on.
const (
	EventCompleted      = "checkout.session.completed"
	EventAsyncSucceeded = "checkout.session.async_payment_succeeded"
	EventAsyncFailed    = "checkout.session.async_payment_failed"
	EventExpired        = "checkout.session.expired"
	EventRefunded       = "charge.refunded"
	EventDisputed       = "charge.dispute.created"
	EventDisputeClosed  = "charge.dispute.closed"
)

// HandleWebhook verifies and applies a gateway notification. The event id
// is recorded in the same transaction as its effect, so a crash before the
// commit leaves nothing recorded and the redelivery applies it once. A bad
// signature is KindInvalid; events for orders this platform does not know
// are acknowledged and ignored.
func (s *Service) HandleWebhook(ctx context.Context, payload []byte, signature string) error {
	ev, err := s.deps.Gateway.ParseEvent(payload, signature)
	if err != nil {
		return err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		fresh, err := s.deps.Events.RecordEvent(ctx, ev.ID, ev.Type, s.now())
		if err != nil || !fresh {
			return err
		}
		err = s.applyEvent(ctx, ev)
		if domain.KindOf(err) == domain.KindNotFound {
			slog.WarnContext(ctx, "payment event for an unknown order ignored", "event", ev.ID, "type", ev.Type)
			return nil
		}
		return err
	})
	if err == nil && ev.Session != nil {
		s.sendReceiptsNow(ctx, ev.Session.TenantID)
	}
	return err
}

func (s *Service) applyEvent(ctx context.Context, ev app.PaymentEvent) error {
	switch ev.Type {
	case EventCompleted, EventAsyncSucceeded:
		if ev.Session == nil || !ev.Session.Paid {
			return nil // paid later by an asynchronous method
		}
		return s.fulfilSession(ctx, *ev.Session, eventSource(ev))
	case EventAsyncFailed, EventExpired:
		if ev.Session == nil {
			return nil
		}
		o, err := s.sessionOrder(ctx, *ev.Session)
		if err != nil {
			return err
		}
		status := billing.StatusFailed
		if ev.Type == EventExpired {
			status = billing.StatusExpired
		}
		if o.Close(status) {
			return s.deps.Orders.Update(ctx, o)
		}
		return nil
	case EventRefunded:
		if ev.Refund == nil || !ev.Refund.FullyRefunded {
			return nil
		}
		return s.refund(ctx, ev.Refund.TenantID, ev.Refund.OrderID, eventSource(ev))
	case EventDisputed, EventDisputeClosed:
		if ev.Dispute == nil || ev.Dispute.PaymentIntent == "" {
			return nil
		}
		return s.disputed(ctx, ev.Type == EventDisputeClosed, *ev.Dispute, eventSource(ev))
	}
	return nil
}

// sessionOrder finds the order a session belongs to: the tenant and order
// from its metadata, and the session id must be the order's, so an event
// can only ever touch the order it was made for.
func (s *Service) sessionOrder(ctx context.Context, st app.SessionState) (*billing.Order, error) {
	o, err := s.deps.Orders.LockByID(ctx, st.TenantID, st.OrderID)
	if err != nil {
		return nil, err
	}
	if o.SessionID != "" && st.ID != "" && o.SessionID != st.ID {
		return nil, domain.NotFound("order")
	}
	return o, nil
}

// eventSource names a gateway event in the audit log.
func eventSource(ev app.PaymentEvent) string { return "payment event " + ev.ID + " (" + ev.Type + ")" }

func (s *Service) fulfilSession(ctx context.Context, st app.SessionState, source string) error {
	if _, err := s.sessionOrder(ctx, st); err != nil {
		return err
	}
	err := s.fulfil(ctx, st.TenantID, st.OrderID, payment{Intent: st.PaymentIntent, ReceiptURL: st.ReceiptURL, Amount: st.Amount, Currency: st.Currency, Source: source})
	if err == errAmountMismatch {
		// Logged by fulfil; retrying the same notice cannot help, so it is
		// acknowledged and the order stays pending for a person to look at.
		return nil
	}
	return err
}

// Confirm is the return page's check: when the order is still pending it
// asks the gateway about the session and, if paid, runs the same
// fulfilment as the webhook; when it was paid without a receipt link (the
// webhook names the payment only), it fetches the link. It returns the
// order's current state.
func (s *Service) Confirm(ctx context.Context, tenant domain.TenantID, actor app.Actor, orderID string) (*billing.Order, error) {
	o, err := s.viewOrder(ctx, tenant, actor.UserID, orderID)
	if err != nil {
		return nil, err
	}
	if o.Status == billing.StatusPending && o.SessionID != "" {
		if err := s.settle(ctx, *o, "the checkout return page"); err != nil {
			if domain.KindOf(err) == domain.KindNotFound {
				// The gateway does not know the session (the test gateway
				// forgets them on restart): show the order as it stands.
				return o, nil
			}
			return nil, err
		}
		if o, err = s.deps.Orders.ByID(ctx, tenant, orderID); err != nil {
			return nil, err
		}
	}
	return s.withReceipt(ctx, o), nil
}

// settle asks the gateway about a pending order's session and fulfils or
// expires it; source says who asked, for the audit log.
func (s *Service) settle(ctx context.Context, o billing.Order, source string) error {
	st, err := s.deps.Gateway.Session(ctx, o.SessionID)
	if err != nil {
		return err
	}
	// The session's own metadata may be missing (stripe-mock, old
	// sessions); the order is the authority on where it belongs.
	st.TenantID, st.OrderID = o.Tenant, o.ID
	defer s.sendReceiptsNow(ctx, o.Tenant)
	return s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		switch {
		case st.Paid:
			return s.fulfilSession(ctx, st, source)
		case st.Expired:
			locked, err := s.deps.Orders.LockByID(ctx, o.Tenant, o.ID)
			if err != nil {
				return err
			}
			if locked.Close(billing.StatusExpired) {
				return s.deps.Orders.Update(ctx, locked)
			}
		}
		return nil
	})
}

// ReconcileResult counts what a reconciliation run did.
type ReconcileResult struct {
	Checked int
	Paid    int
	Expired int
	Unknown int // sessions the gateway does not know
	Failed  int
	// Receipts counts paid orders whose missing receipt link was fetched.
	Receipts int
}

// Reconcile settles every pending order created after since with the
// gateway, through the same fulfilment path as webhooks.
func (s *Service) Reconcile(ctx context.Context, since time.Time) (ReconcileResult, error) {
	var res ReconcileResult
	pending, err := s.deps.Orders.Pending(ctx, since)
	if err != nil {
		return res, err
	}
	for _, o := range pending {
		res.Checked++
		if err := s.settle(ctx, o, "reconciliation with the payment gateway"); err != nil {
			if domain.KindOf(err) == domain.KindNotFound {
				// The gateway does not know the session (the test gateway
				// forgets its sessions when the process ends).
				res.Unknown++
				continue
			}
			res.Failed++
			slog.WarnContext(ctx, "reconcile: order not settled", "tenant", o.Tenant, "order", o.ID, "err", err)
			continue
		}
		after, err := s.deps.Orders.ByID(ctx, o.Tenant, o.ID)
		if err != nil {
			continue
		}
		switch after.Status {
		case billing.StatusPaid:
			res.Paid++
		case billing.StatusExpired:
			res.Expired++
		}
	}
	missing, err := s.deps.Orders.WithoutReceipt(ctx, since)
	if err != nil {
		return res, err
	}
	for i := range missing {
		o, err := s.fetchReceipt(ctx, &missing[i], 0)
		if err != nil {
			// The order is paid and fulfilled; only its link is missing,
			// and the next run or page view tries again.
			slog.WarnContext(ctx, "reconcile: receipt link not fetched", "tenant", missing[i].Tenant, "order", missing[i].ID, "err", err)
			continue
		}
		if o.ReceiptURL != "" {
			res.Receipts++
		}
	}
	return res, nil
}
