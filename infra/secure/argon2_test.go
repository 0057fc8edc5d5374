package secure_test

import (
	"strings"
	"testing"

	"github.com/jobboard/jobboard/infra/secure"
)

func TestArgon2idHashAndVerify(t *testing.T) {
	t.Parallel()
	h := secure.NewArgon2id(secure.OWASPParams, 2)
	enc, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", enc)
	}
	if ok, rehash, err := h.Verify("correct horse battery", enc); !ok || rehash || err != nil {
		t.Fatalf("verify right password: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	if ok, _, err := h.Verify("wrong horse battery", enc); ok || err != nil {
		t.Fatalf("verify wrong password: ok=%v err=%v", ok, err)
	}
	other, _ := h.Hash("correct horse battery")
	if other == enc {
		t.Fatal("two hashes of one password share a salt")
	}
}

func TestArgon2idAsksForRehashOfWeakerHashes(t *testing.T) {
	t.Parallel()
	weak := secure.NewArgon2id(secure.Params{MemoryKiB: 8 * 1024, Iterations: 1, Lanes: 1, SaltLen: 16, KeyLen: 32}, 1)
	enc, _ := weak.Hash("a long passphrase")
	strong := secure.NewArgon2id(secure.OWASPParams, 1)
	ok, rehash, err := strong.Verify("a long passphrase", enc)
	if !ok || !rehash || err != nil {
		t.Fatalf("ok=%v rehash=%v err=%v", ok, rehash, err)
	}
}

func TestArgon2idRefusesMalformedHashes(t *testing.T) {
	t.Parallel()
	h := secure.NewArgon2id(secure.OWASPParams, 1)
	for _, enc := range []string{
		"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=19456,t=2,p=1$!!$a2V5a2V5a2V5a2V5a2V5a2V5",
	} {
		if ok, _, err := h.Verify("x", enc); ok || err == nil {
			t.Errorf("%q: ok=%v err=%v, want a malformed-hash error", enc, ok, err)
		}
	}
}
