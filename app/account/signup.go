package account

import (
	"context"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// SignupInput is what a person submits to create an account on a board.
type SignupInput struct {
	Email    string `json:"email" form:"email" validate:"required,max=254"`
	Password string `json:"password" form:"password" validate:"required,max=1024"`
	Name     string `json:"name" form:"name" validate:"required,max=100"`
}

// Signup creates a user on the board with the candidate role, in one
// transaction. A taken e-mail is KindConflict (code email_taken).
func (s *Service) Signup(ctx context.Context, tenant domain.TenantID, in SignupInput) (*account.User, error) {
	email, name, err := checkNewAccount(in.Email, in.Name, in.Password)
	if err = mergeErrors(app.Validate(in), err); err != nil {
		return nil, err
	}
	hash, err := s.deps.Hasher.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	u, err := account.NewUser(s.deps.IDs.New(), tenant, email, name, hash, s.deps.Clock.Now())
	if err != nil {
		return nil, err
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if err := s.deps.Users.Create(ctx, tenant, u); err != nil {
			return err
		}
		return s.deps.Roles.Grant(ctx, tenant, u.ID(), account.RoleCandidate)
	})
	if err != nil {
		return nil, err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return u, nil
}

// checkNewAccount validates e-mail, name and password together so that the
// person sees every problem at once.
func checkNewAccount(rawEmail, rawName, password string) (domain.Email, string, error) {
	fields := map[string]string{}
	email, err := domain.ParseEmail("email", rawEmail)
	domain.CollectFields(fields, err)
	name, err := account.ParseName(rawName)
	domain.CollectFields(fields, err)
	domain.CollectFields(fields, account.CheckPassword(password, email))
	if len(fields) > 0 {
		return "", "", domain.InvalidFields(fields)
	}
	return email, name, nil
}

// mergeErrors joins the field messages of two validation errors, the first
// winning for a field both name; any other error is returned as it is.
func mergeErrors(first, second error) error {
	if first == nil {
		return second
	}
	if second == nil {
		return first
	}
	a, okA := first.(*domain.Error)
	b, okB := second.(*domain.Error)
	if !okA || !okB || a.Kind != domain.KindInvalid || b.Kind != domain.KindInvalid {
		return first
	}
	fields := map[string]string{}
	for k, v := range b.Fields {
		fields[k] = v
	}
	for k, v := range a.Fields {
		fields[k] = v
	}
	return domain.InvalidFields(fields)
}
