package alert

import (
	"context"
	"errors"
	"maps"
	"strings"
	"time"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/alert"
)

// SubscribeInput asks for e-mails about a search, from the jobs page's
// form or the API.
type SubscribeInput struct {
	Email          string `json:"email" form:"email"`
	Query          string `json:"query" form:"query"`
	Category       string `json:"category" form:"category"`
	Location       string `json:"location" form:"location"`
	Workplace      string `json:"workplace" form:"workplace"`
	EmploymentType string `json:"employment_type" form:"employment_type"`
	Company        string `json:"company" form:"company"`
	MinSalary      int64  `json:"min_salary" form:"min_salary"`
	Frequency      string `json:"frequency" form:"frequency"`
}

// SubscribeResult says what happened, for logs and tests; callers answer
// every outcome alike so that nobody learns whether an address subscribes.
type SubscribeResult struct {
	// Mailed is set when a confirmation mail went out.
	Mailed bool
	// Active is set when the address has this alert confirmed already.
	Active bool
}

// parse checks the input and names every wrong field at once.
func (in SubscribeInput) parse() (domain.Email, alert.Search, alert.Frequency, error) {
	fields := map[string]string{}
	if err := app.Validate(in); err != nil {
		if f := fieldsOf(err); f != nil {
			maps.Copy(fields, f)
		} else {
			return "", alert.Search{}, "", err
		}
	}
	email, err := domain.ParseEmail("email", in.Email)
	domain.CollectFields(fields, err)
	freq, err := alert.ParseFrequency("frequency", in.Frequency)
	domain.CollectFields(fields, err)
	search, err := alert.NewSearch(alert.Search{Query: in.Query, Category: in.Category, Location: in.Location, Workplace: in.Workplace,
		EmploymentType: in.EmploymentType, Company: in.Company, MinSalary: in.MinSalary})
	domain.CollectFields(fields, err)
	if len(fields) > 0 {
		return "", alert.Search{}, "", domain.InvalidFields(fields)
	}
	return email, search, freq, nil
}

// throttleWindow is the window of MaxConfirmMailsPerHour.
const throttleWindow = time.Hour

func fieldsOf(err error) map[string]string {
	var de *domain.Error
	if err != nil && errors.As(err, &de) && de.Kind == domain.KindInvalid {
		return de.Fields
	}
	return nil
}

// Subscribe saves a search for an address and mails a one-time
// confirmation link; nothing else is mailed until it is used. Subscribing
// the same address to the same search again keeps one alert: an
// unconfirmed one gets a fresh link (and the latest frequency), a confirmed
// one stays as it is.
// Requests are limited per client address and per e-mail address before
// anything is written, so a refused request leaves the links already
// mailed working.
func (s *Service) Subscribe(ctx context.Context, tenant domain.TenantID, clientIP string, in SubscribeInput) (SubscribeResult, error) {
	email, search, freq, err := in.parse()
	if err != nil {
		return SubscribeResult{}, err
	}
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return SubscribeResult{}, err
	}
	now := s.now()
	if err := s.limit(ctx, "alert-subscribe:"+tenant.String()+":"+clientIP, MaxSubscribesPerClientHour, now,
		"you have asked for many alerts; try again later"); err != nil {
		return SubscribeResult{}, err
	}
	if err := s.limit(ctx, "alert-confirm:"+tenant.String()+":"+email.String(), MaxConfirmMailsPerHour, now,
		"we have sent several confirmation e-mails to this address; check your inbox or try again later"); err != nil {
		return SubscribeResult{}, err
	}
	token := app.NewToken()

	var res SubscribeResult
	var a *alert.Alert
	// Two requests for a new address can race to create its subscriber or
	// alert; the loser tries again and finds the winner's rows.
	for attempt := 0; ; attempt++ {
		res, a = SubscribeResult{}, nil
		err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
			sub, err := s.deps.Alerts.SubscriberByEmail(ctx, tenant, email)
			if domain.KindOf(err) == domain.KindNotFound {
				sub = alert.Subscriber{ID: s.deps.IDs.New(), Email: email, CreatedAt: now}
				err = s.deps.Alerts.CreateSubscriber(ctx, tenant, sub)
			}
			if err != nil {
				return err
			}
			existing, err := s.deps.Alerts.AlertBySearch(ctx, tenant, sub.ID, search.Key())
			if err == nil {
				// Read again, locked: a confirmation racing this request
				// must not be undone by it.
				existing, err = s.deps.Alerts.LockAlert(ctx, tenant, existing.ID)
			}
			switch {
			case err == nil && existing.Confirmed():
				res.Active = true
				return nil
			case err == nil:
				a = existing
				a.RequestConfirmation(app.HashToken(token), freq, now)
				return s.deps.Alerts.UpdateAlert(ctx, tenant, a)
			case domain.KindOf(err) != domain.KindNotFound:
				return err
			}
			n, err := s.deps.Alerts.CountAlerts(ctx, tenant, sub.ID)
			if err != nil {
				return err
			}
			if n >= MaxAlertsPerSubscriber {
				return &domain.Error{Kind: domain.KindUnprocessable, Code: "too_many_alerts",
					Message: "this address has the most alerts a board allows; remove some from the manage page first"}
			}
			a = &alert.Alert{ID: s.deps.IDs.New(), SubscriberID: sub.ID, Email: email, Search: search, Frequency: freq, CreatedAt: now}
			a.RequestConfirmation(app.HashToken(token), freq, now)
			return s.deps.Alerts.CreateAlert(ctx, tenant, a)
		})
		if attempt == 0 && domain.KindOf(err) == domain.KindConflict {
			continue
		}
		break
	}
	if err != nil || res.Active {
		return res, err
	}
	l := s.links(b)
	msg := app.Message{To: email.String(), FromName: b.Name(), Subject: "Confirm your job alert on " + b.Name(),
		Text: "Please confirm that you want e-mails about " + search.Describe() + " on " + b.Name() + " (" + strings.ToLower(freq.Label()) + ").\n\n" +
			"Confirm: " + l.confirm(token) + "\n\n" +
			"The link works once and expires in 7 days. If you did not ask for this, ignore this e-mail: nothing will be sent.\n"}
	if err := s.deps.Mailer.Send(ctx, msg); err != nil {
		s.deps.Logger.WarnContext(ctx, "alert confirmation e-mail not sent", "tenant", tenant.String(), "alert", a.ID, "err", err)
		return res, nil
	}
	res.Mailed = true
	return res, nil
}

// limit counts one request under key and refuses it past max an hour.
func (s *Service) limit(ctx context.Context, key string, max int, now time.Time, msg string) error {
	n, end, err := s.deps.Throttle.Hit(ctx, key, now, throttleWindow)
	if err != nil {
		return err
	}
	if n > max {
		return domain.TooMany(msg, int(end.Sub(now).Seconds())+1)
	}
	return nil
}
