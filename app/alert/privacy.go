package alert

import (
	"context"
	"time"

	"github.com/jobboard/jobboard/domain"
)

// exportedAlert is one subscription in a person's data export.
type exportedAlert struct {
	Search      string     `json:"search"`
	Query       string     `json:"query,omitempty"`
	Category    string     `json:"category,omitempty"`
	Location    string     `json:"location,omitempty"`
	Workplace   string     `json:"workplace,omitempty"`
	Employment  string     `json:"employment_type,omitempty"`
	Company     string     `json:"company,omitempty"`
	MinSalary   int64      `json:"min_salary,omitempty"`
	Frequency   string     `json:"frequency"`
	ConfirmedAt *time.Time `json:"confirmed_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

// ForEmail returns the job alerts of an address on the board, for the
// owner's data export; none when the address subscribed to nothing.
func (s *Service) ForEmail(ctx context.Context, tenant domain.TenantID, email domain.Email) ([]any, error) {
	sub, err := s.deps.Alerts.SubscriberByEmail(ctx, tenant, email)
	if domain.KindOf(err) == domain.KindNotFound {
		return []any{}, nil
	}
	if err != nil {
		return nil, err
	}
	alerts, err := s.deps.Alerts.Alerts(ctx, tenant, sub.ID)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(alerts))
	for i, a := range alerts {
		q := a.Search
		out[i] = exportedAlert{Search: q.Describe(), Query: q.Query, Category: q.Category, Location: q.Location, Workplace: q.Workplace,
			Employment: q.EmploymentType, Company: q.Company, MinSalary: q.MinSalary, Frequency: string(a.Frequency),
			ConfirmedAt: a.ConfirmedAt, CreatedAt: a.CreatedAt}
	}
	return out, nil
}

// DeleteForEmail removes an address and every alert of it from the board,
// when its owner deletes their account; an address with none is no error.
func (s *Service) DeleteForEmail(ctx context.Context, tenant domain.TenantID, email domain.Email) error {
	sub, err := s.deps.Alerts.SubscriberByEmail(ctx, tenant, email)
	if domain.KindOf(err) == domain.KindNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return s.deps.Alerts.DeleteSubscriber(ctx, tenant, sub.ID)
}
