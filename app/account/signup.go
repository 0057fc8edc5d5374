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
	// Next is the local page to return to once the address is confirmed
	// and the person signed in; the confirmation link carries it.
	Next string `json:"-" form:"next" validate:"max=2000"`
}

// Signup creates an unconfirmed user on the board with the candidate role
// and mails a link to confirm the address. An address that has an account
// already answers the same, after the same work: its owner gets a mail
// saying someone tried, with links to sign in or reset the password. So
// the answer never tells whether an address is registered. Invalid input
// is KindInvalid; too many sign-ups for one address or from one client
// are KindTooMany.
func (s *Service) Signup(ctx context.Context, tenant domain.TenantID, in SignupInput, clientIP string) error {
	email, name, err := checkNewAccount(in.Email, in.Name, in.Password)
	if err = mergeErrors(app.Validate(in), err); err != nil {
		return err
	}
	if err := s.requirePasswordAllowed(ctx, tenant, ""); err != nil {
		return err
	}
	if err := s.allowMailRequest(ctx, "signup", tenant, email, clientIP); err != nil {
		return err
	}
	u, err := s.newUser(tenant, email, name, in.Password)
	if err != nil {
		return err
	}
	taken := func(ctx context.Context) error {
		return s.queue(ctx, tenant, "signup-taken", accountMail{to: email, subject: "Someone tried to sign up with your address",
			body: "Someone, perhaps you, tried to create an account with this address, which has one already. Nothing was changed.\n\n" +
				"Sign in: " + s.link(ctx, tenant, PathLogin, "") + "\n" +
				"Forgot your password? Set a new one: " + s.link(ctx, tenant, PathForgot, "")})
	}
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		// Looked up first: a refused insert ends a PostgreSQL transaction.
		_, err := s.deps.Users.ByEmail(ctx, tenant, email)
		if err == nil {
			return taken(ctx)
		}
		if domain.KindOf(err) != domain.KindNotFound {
			return err
		}
		if err := s.deps.Users.Create(ctx, tenant, u); err != nil {
			return err
		}
		if err := s.deps.Roles.Grant(ctx, tenant, u.ID(), account.RoleCandidate); err != nil {
			return err
		}
		return s.queueVerification(ctx, tenant, u, u.Email(), in.Next, "Welcome, "+u.Name()+".\n\nConfirm your address to finish creating your account")
	})
	if domain.CodeOf(err) == "email_taken" {
		// Someone else signed up with the address since it was looked up.
		err = s.deps.Tx.RunInTx(ctx, taken)
	}
	if err != nil {
		return err
	}
	// Both answers reload the roles, so that their timing is alike too.
	app.RefreshRoles(ctx, s.deps.Authz)
	s.send(ctx, tenant)
	return nil
}

// Register creates a user whose address is confirmed, with the candidate
// role, for trusted callers (the demo seed, the command line): no mail is
// sent, and a taken address is KindConflict (code email_taken).
func (s *Service) Register(ctx context.Context, tenant domain.TenantID, in SignupInput) (*account.User, error) {
	email, name, err := checkNewAccount(in.Email, in.Name, in.Password)
	if err = mergeErrors(app.Validate(in), err); err != nil {
		return nil, err
	}
	u, err := s.newUser(tenant, email, name, in.Password)
	if err != nil {
		return nil, err
	}
	u.MarkVerified(u.CreatedAt())
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

// newUser hashes the password of a checked sign-up and makes the user.
func (s *Service) newUser(tenant domain.TenantID, email domain.Email, name, password string) (*account.User, error) {
	hash, err := s.deps.Hasher.Hash(password)
	if err != nil {
		return nil, err
	}
	return account.NewUser(s.deps.IDs.New(), tenant, email, name, hash, s.deps.Clock.Now())
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
