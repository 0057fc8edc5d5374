package account

import (
	"context"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// CreateAdminInput is what the CLI passes to create a platform admin.
type CreateAdminInput struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required,max=1024"`
	Name     string `json:"name" validate:"max=100"`
}

// CreateAdmin creates a platform admin. Only the command line calls it.
func (s *Service) CreateAdmin(ctx context.Context, in CreateAdminInput) (*account.Admin, error) {
	if strings.TrimSpace(in.Name) == "" {
		in.Name = "Platform admin"
	}
	email, name, err := checkNewAccount(in.Email, in.Name, in.Password)
	if err = mergeErrors(app.Validate(in), err); err != nil {
		return nil, err
	}
	hash, err := s.deps.Hasher.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	a := &account.Admin{ID: s.deps.IDs.New(), Email: email, Name: name, PasswordHash: hash, CreatedAt: s.deps.Clock.Now()}
	if err := s.deps.Admins.Create(ctx, a); err != nil {
		return nil, err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return a, nil
}

// AdminLogin checks a platform admin's credentials with the same throttling
// and the same single answer as Login.
func (s *Service) AdminLogin(ctx context.Context, in LoginInput, clientIP string) (*account.Admin, error) {
	if err := app.Validate(in); err != nil {
		return nil, err
	}
	email := domain.Email(strings.ToLower(strings.TrimSpace(in.Email)))
	keys := newLoginKeys("platform", email, clientIP)
	if err := s.checkThrottle(ctx, keys); err != nil {
		return nil, err
	}
	a, err := s.deps.Admins.ByEmail(ctx, email)
	hash := s.dummyHash
	switch {
	case err == nil:
		hash = a.PasswordHash
	case domain.KindOf(err) != domain.KindNotFound:
		return nil, err
	}
	ok, _, _ := s.deps.Hasher.Verify(in.Password, hash)
	if a == nil || !ok {
		return nil, s.fail(ctx, keys)
	}
	s.succeed(ctx, keys)
	return a, nil
}

// AdminByID returns a platform admin or KindNotFound.
func (s *Service) AdminByID(ctx context.Context, id string) (*account.Admin, error) {
	return s.deps.Admins.ByID(ctx, id)
}
