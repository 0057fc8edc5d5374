// Package secure holds the password hasher and token helpers.
package secure

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters.
type Params struct {
	MemoryKiB  uint32
	Iterations uint32
	Lanes      uint8
	SaltLen    int
	KeyLen     uint32
}

// OWASPParams are the OWASP minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
var OWASPParams = Params{MemoryKiB: 19 * 1024, Iterations: 2, Lanes: 1, SaltLen: 16, KeyLen: 32}

// Argon2id hashes passwords with argon2id in the PHC string format.
type Argon2id struct {
	p    Params
	slot chan struct{}
}

// NewArgon2id returns a hasher with the given parameters that runs at most
// concurrency hashes at once, bounding memory under a login flood.
func NewArgon2id(p Params, concurrency int) *Argon2id {
	if concurrency < 1 {
		concurrency = 1
	}
	return &Argon2id{p: p, slot: make(chan struct{}, concurrency)}
}

// ErrMalformedHash is returned for a stored hash that cannot be parsed.
var ErrMalformedHash = errors.New("secure: malformed password hash")

// Hash returns $argon2id$v=19$m=...,t=...,p=...$salt$key.
func (a *Argon2id) Hash(password string) (string, error) {
	salt := make([]byte, a.p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("secure: salt: %w", err)
	}
	key := a.derive([]byte(password), salt, a.p)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, a.p.MemoryKiB, a.p.Iterations, a.p.Lanes,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Verify checks password against an encoded hash in constant time and says
// whether the hash used weaker parameters than the hasher's and should be
// replaced.
func (a *Argon2id) Verify(password, encoded string) (ok, rehash bool, err error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	got := a.derive([]byte(password), salt, p)
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false, nil
	}
	weaker := p.MemoryKiB < a.p.MemoryKiB || p.Iterations < a.p.Iterations || p.Lanes < a.p.Lanes || uint32(len(key)) < a.p.KeyLen
	return true, weaker, nil
}

func (a *Argon2id) derive(password, salt []byte, p Params) []byte {
	a.slot <- struct{}{}
	defer func() { <-a.slot }()
	return argon2.IDKey(password, salt, p.Iterations, p.MemoryKiB, p.Lanes, p.KeyLen)
}

func decode(encoded string) (Params, []byte, []byte, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, ErrMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return Params{}, nil, nil, ErrMalformedHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &p.Lanes); err != nil {
		return Params{}, nil, nil, ErrMalformedHash
	}
	// Refuse absurd parameters so that a tampered row cannot exhaust memory.
	if p.MemoryKiB == 0 || p.MemoryKiB > 1<<20 || p.Iterations == 0 || p.Iterations > 16 || p.Lanes == 0 || p.Lanes > 16 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	p.SaltLen, p.KeyLen = len(salt), uint32(len(key))
	return p, salt, key, nil
}
