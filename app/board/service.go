// Package board holds the use cases that create and run boards.
package board

import (
	"context"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
	"github.com/jobboard/jobboard/domain/moderation"
)

// Deps are the ports the board use cases need.
type Deps struct {
	Boards board.Repository
	Users  account.Users
	Roles  account.Roles
	Hasher app.PasswordHasher
	Tx     app.TxRunner
	Clock  app.Clock
	IDs    app.IDs
	Authz  app.Authorizer
	// Staff and audit are needed by board administration only.
	StaffStore StaffStore
	AuditLog   moderation.AuditLog
	Mailer     app.Mailer
	Files      app.FileStore
	Images     app.Images
	// StaffTwoFactor makes new boards ask their staff for a second
	// factor (on in production).
	StaffTwoFactor bool
	// CustomRoles keeps the roles owners shape.
	CustomRoles account.CustomRoles
	// TwoFactors lets staff reset a user's lost second factor.
	TwoFactors account.TwoFactors
}

// Service runs the board use cases.
type Service struct{ deps Deps }

// NewService returns the board service.
func NewService(d Deps) *Service { return &Service{deps: d} }

// System is the command line acting: trusted, never built from a request
// (a test in infra/system keeps the web layer from naming it).
func System() app.Actor { return app.SystemActor("command line") }

// CreateInput describes a new board and its first owner.
type CreateInput struct {
	Slug          string `json:"slug" form:"slug" validate:"required,max=40"`
	Name          string `json:"name" form:"name" validate:"required,max=120"`
	OwnerEmail    string `json:"owner_email" form:"owner_email" validate:"required,max=254"`
	OwnerPassword string `json:"owner_password" form:"owner_password" validate:"required,max=1024"`
	OwnerName     string `json:"owner_name" form:"owner_name" validate:"max=100"`
}

// Created is a new board and its owner.
type Created struct {
	Board *board.Board
	Owner *account.User
}

// Create makes a board and its owner account in one transaction. Only the
// command line (System) and platform admins may call it.
func (s *Service) Create(ctx context.Context, actor app.Actor, in CreateInput) (Created, error) {
	if err := s.requirePlatform(ctx, actor); err != nil {
		return Created{}, err
	}
	if err := app.Validate(in); err != nil {
		return Created{}, err
	}
	if strings.TrimSpace(in.OwnerName) == "" {
		in.OwnerName = "Board owner"
	}
	fields := map[string]string{}
	b, err := board.New(domain.TenantID(s.deps.IDs.New()), in.Slug, in.Name, s.deps.Clock.Now())
	merge(fields, err, "")
	if err == nil && s.deps.StaffTwoFactor {
		st := b.Settings()
		st.StaffTwoFactor = true
		merge(fields, b.Configure(b.Name(), b.CustomDomain(), st), "")
	}
	email, err := domain.ParseEmail("owner_email", in.OwnerEmail)
	merge(fields, err, "")
	merge(fields, account.CheckPassword(in.OwnerPassword, email), "owner_")
	name, err := account.ParseName(in.OwnerName)
	merge(fields, err, "owner_")
	if len(fields) > 0 {
		return Created{}, domain.InvalidFields(fields)
	}
	hash, err := s.deps.Hasher.Hash(in.OwnerPassword)
	if err != nil {
		return Created{}, err
	}
	owner, err := account.NewUser(s.deps.IDs.New(), b.ID(), email, name, hash, s.deps.Clock.Now())
	if err != nil {
		return Created{}, err
	}
	// Whoever creates a board (the command line, a platform admin) vouches
	// for its owner's address.
	owner.MarkVerified(owner.CreatedAt())
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		if err := s.deps.Boards.Create(ctx, b); err != nil {
			return err
		}
		if err := s.deps.Users.Create(ctx, b.ID(), owner); err != nil {
			return err
		}
		return s.deps.Roles.Grant(ctx, b.ID(), owner.ID(), account.RoleOwner)
	})
	if err != nil {
		return Created{}, err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return Created{Board: b, Owner: owner}, nil
}

func merge(fields map[string]string, err error, prefix string) {
	if e, ok := err.(*domain.Error); ok {
		for k, v := range e.Fields {
			fields[prefix+k] = v
		}
	}
}

// List returns every board; platform admins only.
func (s *Service) List(ctx context.Context, actor app.Actor) ([]*board.Board, error) {
	if err := s.requirePlatform(ctx, actor); err != nil {
		return nil, err
	}
	return s.deps.Boards.List(ctx)
}

// Suspend stops a board from serving; platform admins only.
func (s *Service) Suspend(ctx context.Context, actor app.Actor, id domain.TenantID) (*board.Board, error) {
	return s.change(ctx, actor, id, (*board.Board).Suspend)
}

// Reopen makes a suspended board serve again; platform admins only.
func (s *Service) Reopen(ctx context.Context, actor app.Actor, id domain.TenantID) (*board.Board, error) {
	return s.change(ctx, actor, id, (*board.Board).Reopen)
}

func (s *Service) change(ctx context.Context, actor app.Actor, id domain.TenantID, fn func(*board.Board) error) (*board.Board, error) {
	if err := s.requirePlatform(ctx, actor); err != nil {
		return nil, err
	}
	var b *board.Board
	err := s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		var err error
		if b, err = s.deps.Boards.LockByID(ctx, id); err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
		return s.deps.Boards.Update(ctx, b)
	})
	return b, err
}

func (s *Service) requirePlatform(ctx context.Context, actor app.Actor) error {
	if actor.IsSystem() {
		return nil
	}
	return app.Require(ctx, s.deps.Authz, "*", actor.Subject(), app.ObjPlatform, app.ActManage)
}
