// Package openid signs people in with OpenID Connect providers (the
// authorization code flow with PKCE), with coreos/go-oidc and x/oauth2.
package openid

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

// providerTTL is how long a provider's discovery document is kept.
const providerTTL = time.Hour

// Client implements app.OpenIDClient.
type Client struct {
	http *http.Client
	now  func() time.Time

	mu        sync.Mutex
	providers map[string]cachedProvider
}

type cachedProvider struct {
	p  *oidc.Provider
	at time.Time
}

// New returns a client whose calls to providers time out after timeout;
// now is the clock ID tokens are checked against (nil: the real one).
func New(timeout time.Duration, now func() time.Time) *Client {
	if now == nil {
		now = time.Now
	}
	return &Client{http: &http.Client{Timeout: timeout}, now: now, providers: map[string]cachedProvider{}}
}

var _ app.OpenIDClient = (*Client)(nil)

// provider returns the issuer's provider, discovered at most once an hour.
func (c *Client) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	c.mu.Lock()
	cp, ok := c.providers[issuer]
	c.mu.Unlock()
	if ok && time.Since(cp.at) < providerTTL {
		return cp.p, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, c.http), issuer)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.providers[issuer] = cachedProvider{p: p, at: time.Now()}
	c.mu.Unlock()
	return p, nil
}

// Discover checks the issuer's discovery document.
func (c *Client) Discover(ctx context.Context, issuer string) error {
	if _, err := c.provider(ctx, issuer); err != nil {
		return domain.Invalid("issuer", "no OpenID Connect provider answers at this address: "+shortError(err))
	}
	return nil
}

func (c *Client) config(p *oidc.Provider, cfg app.OpenIDConfig, redirectURL string) *oauth2.Config {
	return &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(), RedirectURL: redirectURL,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// AuthURL returns the provider's sign-in address.
func (c *Client) AuthURL(ctx context.Context, cfg app.OpenIDConfig, redirectURL, state, nonce, verifier string) (string, error) {
	p, err := c.provider(ctx, cfg.Issuer)
	if err != nil {
		return "", domain.Unavailable(err)
	}
	return c.config(p, cfg, redirectURL).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// errRefused is any ID token or code the provider's answer does not
// prove.
var errRefused = domain.Unauthorized("the sign-in with the provider did not check out; try again")

// Exchange trades the code and checks the ID token.
func (c *Client) Exchange(ctx context.Context, cfg app.OpenIDConfig, redirectURL, code, verifier, nonce string) (app.OpenIDClaims, error) {
	p, err := c.provider(ctx, cfg.Issuer)
	if err != nil {
		return app.OpenIDClaims{}, domain.Unavailable(err)
	}
	tok, err := c.config(p, cfg, redirectURL).Exchange(oidc.ClientContext(ctx, c.http), code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return app.OpenIDClaims{}, errRefused
		}
		return app.OpenIDClaims{}, domain.Unavailable(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return app.OpenIDClaims{}, errRefused
	}
	return c.Verify(ctx, cfg, raw, nonce)
}

// Verify checks an ID token of the provider for this client: signature,
// issuer, audience, expiry and nonce.
func (c *Client) Verify(ctx context.Context, cfg app.OpenIDConfig, raw, nonce string) (app.OpenIDClaims, error) {
	p, err := c.provider(ctx, cfg.Issuer)
	if err != nil {
		return app.OpenIDClaims{}, domain.Unavailable(err)
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: c.now}).Verify(oidc.ClientContext(ctx, c.http), raw)
	if err != nil {
		return app.OpenIDClaims{}, errRefused
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return app.OpenIDClaims{}, errRefused
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified any    `json:"email_verified"`
		Name          string `json:"name"`
	}
	if err := idt.Claims(&claims); err != nil {
		return app.OpenIDClaims{}, errRefused
	}
	return app.OpenIDClaims{Subject: idt.Subject, Email: strings.ToLower(strings.TrimSpace(claims.Email)),
		EmailVerified: claims.EmailVerified == true || claims.EmailVerified == "true", Name: claims.Name}, nil
}

// shortError keeps the first line of an error, for a form message.
func shortError(err error) string {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if len(msg) > 160 {
		msg = msg[:160] + "…"
	}
	return msg
}
