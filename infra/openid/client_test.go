package openid_test

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/infra/openid"
)

type idClaims struct {
	Nonce         string `json:"nonce,omitempty"`
	Email         string `json:"email,omitempty"`
	EmailVerified bool   `json:"email_verified,omitempty"`
	jwt.RegisteredClaims
}

// TestVerifyRefusesTokensNotMadeForThisClient: an ID token signed by the
// provider is accepted only for this client, unexpired, from this issuer,
// with the nonce the sign-in started with; one signed by another key is
// refused too.
func TestVerifyRefusesTokensNotMadeForThisClient(t *testing.T) {
	t.Parallel()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	other, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Shutdown() })

	stranger, err := mockoidc.RandomKeypair(2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c := openid.New(5*time.Second, func() time.Time { return now })
	cfg := app.OpenIDConfig{Issuer: m.Issuer(), ClientID: m.ClientID, ClientSecret: m.ClientSecret}
	token := func(k *mockoidc.Keypair, change func(*idClaims)) string {
		cl := &idClaims{Nonce: "the-nonce", Email: "ann@example.com", EmailVerified: true, RegisteredClaims: jwt.RegisteredClaims{
			Issuer: m.Issuer(), Subject: "sub-1", Audience: jwt.ClaimStrings{m.ClientID},
			IssuedAt: jwt.NewNumericDate(now.Add(-time.Minute)), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
		}}
		if change != nil {
			change(cl)
		}
		raw, err := k.SignJWT(cl)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	ctx := context.Background()
	got, err := c.Verify(ctx, cfg, token(m.Keypair, nil), "the-nonce")
	if err != nil || got.Subject != "sub-1" || got.Email != "ann@example.com" || !got.EmailVerified {
		t.Fatalf("a good token: %+v %v", got, err)
	}
	for name, raw := range map[string]string{
		"for another client":    token(m.Keypair, func(c *idClaims) { c.Audience = jwt.ClaimStrings{"another-client"} }),
		"expired":               token(m.Keypair, func(c *idClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) }),
		"from another issuer":   token(m.Keypair, func(c *idClaims) { c.Issuer = other.Issuer() }),
		"signed by another key": token(stranger, nil),
		"without a nonce":       token(m.Keypair, func(c *idClaims) { c.Nonce = "" }),
		"not a token":           "not.a.token",
	} {
		if _, err := c.Verify(ctx, cfg, raw, "the-nonce"); domain.KindOf(err) != domain.KindUnauthorized {
			t.Errorf("%s: %v, want unauthorized", name, err)
		}
	}
	if _, err := c.Verify(ctx, cfg, token(m.Keypair, nil), "another-nonce"); domain.KindOf(err) != domain.KindUnauthorized {
		t.Errorf("a wrong nonce: %v", err)
	}
	if err := c.Discover(ctx, "http://127.0.0.1:1/nothing"); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("discovery of nothing: %v", err)
	}
}
