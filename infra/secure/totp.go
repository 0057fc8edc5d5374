package secure

import (
	"bytes"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP makes and checks time-based one-time passwords (RFC 6238: SHA-1,
// six digits, 30-second steps, the form every authenticator app reads).
type TOTP struct{}

// totpPeriod is the length of one step.
const totpPeriod = 30

// NewKey returns the otpauth:// address of a new secret for account at
// issuer.
func (TOTP) NewKey(issuer, account string) (string, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", err
	}
	return k.URL(), nil
}

// Describe returns the base32 secret of an otpauth:// address and the
// address as a PNG QR code.
func (TOTP) Describe(url string) (string, []byte, error) {
	k, err := otp.NewKeyFromURL(url)
	if err != nil {
		return "", nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return "", nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", nil, err
	}
	return k.Secret(), buf.Bytes(), nil
}

// Check reports whether code is the password of secret at the step of at
// or the one before or after it (clocks drift), and returns that step, so
// that the caller can refuse a step already used.
func (TOTP) Check(secret, code string, at time.Time) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0, false
	}
	for _, skew := range []int64{0, -1, 1} {
		t := at.Add(time.Duration(skew*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && want == code {
			return t.Unix() / totpPeriod, true
		}
	}
	return 0, false
}

// Code returns the password of secret at t, for tests that act as an
// authenticator app.
func (TOTP) Code(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}
