package alert

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
)

// View is an alert as pages show it.
type View struct {
	ID          string
	Description string
	Search      alert.Search
	Frequency   alert.Frequency
	Confirmed   bool
	CreatedAt   time.Time
}

func view(a *alert.Alert) View {
	return View{ID: a.ID, Description: a.Search.Describe(), Search: a.Search, Frequency: a.Frequency, Confirmed: a.Confirmed(), CreatedAt: a.CreatedAt}
}

// Confirmed is what the confirmation page shows.
type Confirmed struct {
	Alert View
	// ManageToken opens the subscriber's manage page.
	ManageToken string
}

// Confirm uses a confirmation token: the alert starts, and its first
// digest covers jobs published from now on. A token works once; an
// unknown or used token is alert.ErrTokenInvalid, an old one
// alert.ErrConfirmExpired.
func (s *Service) Confirm(ctx context.Context, tenant domain.TenantID, token string) (Confirmed, error) {
	if len(token) < 20 || len(token) > 100 {
		return Confirmed{}, alert.ErrTokenInvalid
	}
	var out Confirmed
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		hash := app.HashToken(token)
		found, err := s.deps.Alerts.AlertByConfirmHash(ctx, tenant, hash)
		if domain.KindOf(err) == domain.KindNotFound {
			return alert.ErrTokenInvalid
		}
		if err != nil {
			return err
		}
		// Read again, locked: a subscription racing this click may have
		// confirmed the alert or replaced the link since.
		a, err := s.deps.Alerts.LockAlert(ctx, tenant, found.ID)
		if err != nil {
			return err
		}
		if a.ConfirmHash != hash {
			return alert.ErrTokenInvalid
		}
		if err := a.Confirm(s.now()); err != nil {
			return err
		}
		out = Confirmed{Alert: view(a), ManageToken: s.sign(purposeManage, tenant, a.SubscriberID)}
		return s.deps.Alerts.UpdateAlert(ctx, tenant, a)
	})
	return out, err
}

// UnsubscribeTarget returns the alert an unsubscribe link is for, for the
// page that asks to confirm; gone is set when it was removed already. A
// link that is not valid on this board is alert.ErrTokenInvalid.
func (s *Service) UnsubscribeTarget(ctx context.Context, tenant domain.TenantID, token string) (v View, gone bool, err error) {
	id, err := s.verify(purposeUnsubscribe, tenant, token)
	if err != nil {
		return View{}, false, err
	}
	a, err := s.deps.Alerts.AlertByID(ctx, tenant, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return View{}, true, nil
	}
	if err != nil {
		return View{}, false, err
	}
	return view(a), false, nil
}

// Unsubscribe removes the one alert a link is for, with its unsent
// digests. It needs no account: the signed link is the authority, as RFC
// 8058 one-click unsubscribing requires. Using it again is not an error.
func (s *Service) Unsubscribe(ctx context.Context, tenant domain.TenantID, token string) error {
	id, err := s.verify(purposeUnsubscribe, tenant, token)
	if err != nil {
		return err
	}
	err = s.deps.Alerts.DeleteAlert(ctx, tenant, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return nil
	}
	return err
}

// Subscription is what the manage page shows.
type Subscription struct {
	Email  domain.Email
	Alerts []View
}

// Manage lists the alerts of the subscriber a manage link is for.
func (s *Service) Manage(ctx context.Context, tenant domain.TenantID, token string) (Subscription, error) {
	sub, err := s.subscriber(ctx, tenant, token)
	if err != nil {
		return Subscription{}, err
	}
	as, err := s.deps.Alerts.Alerts(ctx, tenant, sub.ID)
	if err != nil {
		return Subscription{}, err
	}
	out := Subscription{Email: sub.Email, Alerts: make([]View, len(as))}
	for i, a := range as {
		out.Alerts[i] = view(a)
	}
	return out, nil
}

// RemoveAlert removes one of the subscriber's alerts from the manage
// page. Another subscriber's alert is KindNotFound.
func (s *Service) RemoveAlert(ctx context.Context, tenant domain.TenantID, token, alertID string) (View, error) {
	sub, err := s.subscriber(ctx, tenant, token)
	if err != nil {
		return View{}, err
	}
	a, err := s.deps.Alerts.AlertByID(ctx, tenant, alertID)
	if err != nil {
		return View{}, err
	}
	if a.SubscriberID != sub.ID {
		return View{}, domain.NotFound("alert")
	}
	return view(a), s.deps.Alerts.DeleteAlert(ctx, tenant, a.ID)
}

func (s *Service) subscriber(ctx context.Context, tenant domain.TenantID, token string) (alert.Subscriber, error) {
	id, err := s.verify(purposeManage, tenant, token)
	if err != nil {
		return alert.Subscriber{}, err
	}
	sub, err := s.deps.Alerts.SubscriberByID(ctx, tenant, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return alert.Subscriber{}, alert.ErrTokenInvalid
	}
	return sub, err
}

// UnsubscribeToken and ManageToken return the signed links' tokens of an
// alert and a subscriber, for tests and pages that need them.
func (s *Service) UnsubscribeToken(tenant domain.TenantID, alertID string) string {
	return s.sign(purposeUnsubscribe, tenant, alertID)
}

// ManageToken returns the manage link token of a subscriber.
func (s *Service) ManageToken(tenant domain.TenantID, subscriberID string) string {
	return s.sign(purposeManage, tenant, subscriberID)
}

// PendingConfirmation returns the alert a confirmation token is for, for
// the page that asks to confirm (mail scanners that open links must not
// confirm). Errors are those of Confirm.
func (s *Service) PendingConfirmation(ctx context.Context, tenant domain.TenantID, token string) (View, error) {
	if len(token) < 20 || len(token) > 100 {
		return View{}, alert.ErrTokenInvalid
	}
	a, err := s.deps.Alerts.AlertByConfirmHash(ctx, tenant, app.HashToken(token))
	if domain.KindOf(err) == domain.KindNotFound {
		return View{}, alert.ErrTokenInvalid
	}
	if err != nil {
		return View{}, err
	}
	if a.ConfirmExpiresAt != nil && !s.now().Before(*a.ConfirmExpiresAt) {
		return View{}, alert.ErrConfirmExpired
	}
	return view(a), nil
}
