package account

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net"
	"net/url"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// OpenIDInput is a board owner's OpenID Connect provider.
type OpenIDInput struct {
	Issuer   string `json:"issuer" form:"issuer" validate:"max=500"`
	ClientID string `json:"client_id" form:"client_id" validate:"max=300"`
	// ClientSecret left empty keeps the stored one.
	ClientSecret string `json:"client_secret" form:"client_secret" validate:"max=1000"`
	Label        string `json:"label" form:"label" validate:"max=60"`
	Exclusive    bool   `json:"exclusive" form:"exclusive"`
}

// OpenIDSettings is the board's provider as its owner sees it: never the
// secret.
type OpenIDSettings struct {
	Configured bool
	Issuer     string
	ClientID   string
	Label      string
	Exclusive  bool
}

// OpenIDProvider returns the board's provider for its owner.
func (s *Service) OpenIDProvider(ctx context.Context, tenant domain.TenantID, actor app.Actor) (OpenIDSettings, error) {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjBoard, app.ActManage); err != nil {
		return OpenIDSettings{}, err
	}
	return s.openIDSettings(ctx, tenant)
}

// OpenIDButton returns the board's provider for its sign-in page (without
// the secret); Configured is false when it has none.
func (s *Service) OpenIDButton(ctx context.Context, tenant domain.TenantID) (OpenIDSettings, error) {
	return s.openIDSettings(ctx, tenant)
}

func (s *Service) openIDSettings(ctx context.Context, tenant domain.TenantID) (OpenIDSettings, error) {
	p, err := s.deps.OpenID.Get(ctx, tenant)
	if domain.KindOf(err) == domain.KindNotFound {
		return OpenIDSettings{}, nil
	}
	if err != nil {
		return OpenIDSettings{}, err
	}
	return OpenIDSettings{Configured: true, Issuer: p.Issuer, ClientID: p.ClientID, Label: p.Label, Exclusive: p.Exclusive}, nil
}

// SetOpenIDProvider sets or, with an empty issuer, removes the board's
// provider; owners only. The issuer must serve OpenID Connect discovery.
func (s *Service) SetOpenIDProvider(ctx context.Context, tenant domain.TenantID, actor app.Actor, in OpenIDInput) error {
	if err := app.Require(ctx, s.deps.Authz, tenant, actor.Subject(), app.ObjBoard, app.ActManage); err != nil {
		return err
	}
	if err := app.Validate(in); err != nil {
		return err
	}
	in.Issuer = strings.TrimRight(strings.TrimSpace(in.Issuer), "/")
	if in.Issuer == "" {
		return s.deps.OpenID.Delete(ctx, tenant)
	}
	fields := map[string]string{}
	if !issuerAllowed(in.Issuer) {
		fields["issuer"] = "enter the provider's https:// address, such as https://login.example.com"
	}
	if strings.TrimSpace(in.ClientID) == "" {
		fields["client_id"] = "enter the client id the provider gave this board"
	}
	if strings.TrimSpace(in.Label) == "" {
		fields["label"] = "enter the name readers know the accounts by, such as PharmaTimes"
	}
	cur, err := s.deps.OpenID.Get(ctx, tenant)
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		return err
	}
	secret := cur.ClientSecret
	if in.ClientSecret != "" {
		secret = s.deps.Sealer.Seal(in.ClientSecret)
	}
	if secret == "" {
		fields["client_secret"] = "enter the client secret the provider gave this board"
	}
	if len(fields) > 0 {
		return domain.InvalidFields(fields)
	}
	if err := s.deps.OpenIDClient.Discover(ctx, in.Issuer); err != nil {
		return err
	}
	return s.deps.OpenID.Put(ctx, tenant, account.OpenIDProvider{Issuer: in.Issuer, ClientID: strings.TrimSpace(in.ClientID), ClientSecret: secret,
		Label: strings.TrimSpace(in.Label), Exclusive: in.Exclusive, UpdatedAt: s.deps.Clock.Now()})
}

// issuerAllowed takes https addresses, and http ones on this machine
// (a provider run for development or tests).
func issuerAllowed(issuer string) bool {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return u.Scheme == "http" && (host == "localhost" || ip != nil && ip.IsLoopback())
}

// OpenIDStart is a sign-in in progress: what the browser keeps (sealed)
// until the provider sends it back.
type OpenIDStart struct {
	URL      string `json:"-"`
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x,omitempty"`
}

// SealStart turns a sign-in in progress into text for a cookie, which
// only this server can read.
func (s *Service) SealStart(st OpenIDStart) string {
	raw, _ := json.Marshal(st)
	return s.deps.Sealer.Seal(string(raw))
}

// OpenStart reads what SealStart made; anything else is ErrOpenIDState.
func (s *Service) OpenStart(sealed string) (OpenIDStart, error) {
	var st OpenIDStart
	raw, err := s.deps.Sealer.Open(sealed)
	if sealed == "" || err != nil || json.Unmarshal([]byte(raw), &st) != nil {
		return OpenIDStart{}, ErrOpenIDState
	}
	return st, nil
}

// errNoProvider answers sign-in with a provider on a board without one.
var errNoProvider = domain.NotFound("sign-in provider")

// StartOpenID begins a sign-in with the board's provider: fresh state,
// nonce and PKCE verifier, and the provider's address to send the browser
// to, which returns to redirectURL.
func (s *Service) StartOpenID(ctx context.Context, tenant domain.TenantID, redirectURL, next string) (OpenIDStart, error) {
	p, err := s.deps.OpenID.Get(ctx, tenant)
	if domain.KindOf(err) == domain.KindNotFound {
		return OpenIDStart{}, errNoProvider
	}
	if err != nil {
		return OpenIDStart{}, err
	}
	st := OpenIDStart{State: app.NewToken(), Nonce: app.NewToken(), Verifier: app.NewToken(), Next: next}
	cfg, err := s.openIDConfig(p)
	if err != nil {
		return OpenIDStart{}, err
	}
	st.URL, err = s.deps.OpenIDClient.AuthURL(ctx, cfg, redirectURL, st.State, st.Nonce, st.Verifier)
	return st, err
}

func (s *Service) openIDConfig(p account.OpenIDProvider) (app.OpenIDConfig, error) {
	secret, err := s.deps.Sealer.Open(p.ClientSecret)
	if err != nil {
		return app.OpenIDConfig{}, domain.Unavailable(err)
	}
	return app.OpenIDConfig{Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: secret}, nil
}

// ErrOpenIDState is a return from the provider that this browser did not
// start (a forged or replayed state).
var ErrOpenIDState = domain.Unauthorized("this sign-in was not started here or has expired; start again")

// ErrNoVerifiedEmail refuses a provider account without a verified
// address: accounts are created or linked by verified address only.
var ErrNoVerifiedEmail = domain.Unauthorized("your account at the provider has no verified e-mail address; verify it there, then sign in again")

// FinishOpenID completes a sign-in the browser started (st) with the code
// and state the provider sent back. The provider account signs in its
// linked user; otherwise the board user with its verified address, which
// it is then linked to; otherwise a new, confirmed candidate account.
func (s *Service) FinishOpenID(ctx context.Context, tenant domain.TenantID, st OpenIDStart, redirectURL, code, state string) (*account.User, error) {
	if st.State == "" || subtle.ConstantTimeCompare([]byte(st.State), []byte(state)) != 1 {
		return nil, ErrOpenIDState
	}
	p, err := s.deps.OpenID.Get(ctx, tenant)
	if domain.KindOf(err) == domain.KindNotFound {
		return nil, errNoProvider
	}
	if err != nil {
		return nil, err
	}
	cfg, err := s.openIDConfig(p)
	if err != nil {
		return nil, err
	}
	claims, err := s.deps.OpenIDClient.Exchange(ctx, cfg, redirectURL, code, st.Verifier, st.Nonce)
	if err != nil {
		return nil, err
	}
	var u *account.User
	err = s.deps.Tx.RunInTx(ctx, func(ctx context.Context) error {
		u, err = s.openIDUser(ctx, tenant, p.Issuer, claims)
		return err
	})
	if err != nil {
		return nil, err
	}
	app.RefreshRoles(ctx, s.deps.Authz)
	return u, nil
}

// openIDUser finds, links or creates the user of a provider account.
func (s *Service) openIDUser(ctx context.Context, tenant domain.TenantID, issuer string, c app.OpenIDClaims) (*account.User, error) {
	now := s.deps.Clock.Now()
	id, err := s.deps.Identities.UserFor(ctx, tenant, issuer, c.Subject)
	if err == nil {
		return s.deps.Users.ByID(ctx, tenant, id)
	}
	if domain.KindOf(err) != domain.KindNotFound {
		return nil, err
	}
	if !c.EmailVerified {
		return nil, ErrNoVerifiedEmail
	}
	email, err := domain.ParseEmail("email", c.Email)
	if err != nil {
		return nil, ErrNoVerifiedEmail
	}
	u, err := s.deps.Users.ByEmail(ctx, tenant, email)
	switch {
	case err == nil:
		if !u.Verified() {
			if err := s.deps.Users.ConfirmEmail(ctx, tenant, u.ID(), email, now); err != nil {
				return nil, err
			}
		}
	case domain.KindOf(err) == domain.KindNotFound:
		name, nerr := account.ParseName(c.Name)
		if nerr != nil {
			name = strings.Split(email.String(), "@")[0]
		}
		// No password: this account signs in through the provider, or sets
		// one with a reset link.
		hash, herr := s.deps.Hasher.Hash(app.NewToken())
		if herr != nil {
			return nil, herr
		}
		if u, err = account.NewUser(s.deps.IDs.New(), tenant, email, name, hash, now); err != nil {
			return nil, err
		}
		u.MarkVerified(now)
		if err := s.deps.Users.Create(ctx, tenant, u); err != nil {
			return nil, err
		}
		if err := s.deps.Roles.Grant(ctx, tenant, u.ID(), account.RoleCandidate); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	if err := s.deps.Identities.Link(ctx, tenant, issuer, c.Subject, u.ID(), now); err != nil {
		return nil, err
	}
	return s.deps.Users.ByID(ctx, tenant, u.ID())
}

// ErrUseProvider refuses password sign-up and sign-in to candidates on a
// board whose provider is the only way in.
var ErrUseProvider = &domain.Error{Kind: domain.KindForbidden, Code: "use_provider",
	Message: "this board signs readers in with their publisher account: use the button above"}

// requirePasswordAllowed refuses a password to a candidate (a user without
// a staff or employer role, or a new account) when the board's provider is
// exclusive.
func (s *Service) requirePasswordAllowed(ctx context.Context, tenant domain.TenantID, userID string) error {
	p, err := s.deps.OpenID.Get(ctx, tenant)
	if domain.KindOf(err) == domain.KindNotFound || err == nil && !p.Exclusive {
		return nil
	}
	if err != nil {
		return err
	}
	if userID == "" {
		return ErrUseProvider
	}
	roles, err := s.deps.Roles.Of(ctx, tenant, userID)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if r != account.RoleCandidate {
			return nil
		}
	}
	return ErrUseProvider
}
