// Package account holds the sign-up, sign-in and token use cases for board
// users and platform admins.
package account

import (
	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain/account"
	"github.com/jobboard/jobboard/domain/board"
)

// Deps are the ports the account use cases need.
type Deps struct {
	Users    account.Users
	Roles    account.Roles
	Tokens   account.Tokens
	Admins   account.Admins
	Hasher   app.PasswordHasher
	Tx       app.TxRunner
	Clock    app.Clock
	IDs      app.IDs
	Throttle app.Throttle
	Authz    app.Authorizer
	// OneTime keeps the links mailed for password resets and address
	// confirmations.
	OneTime account.OneTimeTokens
	// Sessions ends the other sessions and tokens of an account whose
	// password changes.
	Sessions account.Sessions
	// Outbox and Mailer carry account mails, which leave once the change
	// they tell of commits.
	Outbox app.Outbox
	Mailer app.Mailer
	Boards board.Repository
	// BoardURL returns a board's public address (scheme and host), for
	// the links in mails.
	BoardURL func(b *board.Board) string
	// TwoFactors, Sealer and OTP keep and check second factors.
	TwoFactors account.TwoFactors
	Sealer     app.Sealer
	OTP        app.OneTimePasswords
	// OpenID, Identities and OpenIDClient sign readers in with the
	// publisher's own accounts.
	OpenID       account.OpenIDProviders
	Identities   account.Identities
	OpenIDClient app.OpenIDClient
	// AdminResets and PlatformURL (the platform site's address) serve
	// platform admins' password resets.
	AdminResets account.AdminResets
	PlatformURL string
	// AdminTwoFactors keeps platform admins' second factors.
	AdminTwoFactors account.TwoFactors
}

// Service runs the account use cases.
type Service struct {
	deps Deps
	// dummyHash is verified against when the e-mail is unknown, so that an
	// unknown address costs as much time as a wrong password.
	dummyHash string
}

// NewService returns the account service.
func NewService(d Deps) (*Service, error) {
	h, err := d.Hasher.Hash("not a real password, only for timing")
	if err != nil {
		return nil, err
	}
	return &Service{deps: d, dummyHash: h}, nil
}
