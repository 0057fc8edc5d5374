package account_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/account"
)

// wantInvalid asserts that err is a validation error naming field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *domain.Error", err)
	}
	if de.Kind != domain.KindInvalid || de.Fields[field] == "" {
		t.Errorf("got kind %v fields %v, want invalid naming %q", de.Kind, de.Fields, field)
	}
}

func TestCheckPassword(t *testing.T) {
	t.Parallel()
	const email = domain.Email("jonathan.smith@example.com")
	tests := []struct {
		name     string
		password string
		email    domain.Email
		ok       bool
	}{
		{"7 characters", "Tr7$kqz", email, false},
		{"8 characters", "Tr7$kqzW", email, true},
		{"128 characters", strings.Repeat("Tr7$kqzW", 16), email, true},
		{"129 characters", strings.Repeat("Tr7$kqzW", 16) + "x", email, false},
		{"8 multibyte characters (16 bytes)", "ñáéíóúüç", email, true},
		{"7 multibyte characters (14 bytes)", "ñáéíóúü", email, false},
		{"4-byte runes count once", "😀🎉🚀🌍🔥💡🎈🍀", email, true},
		{"128 multibyte characters", strings.Repeat("ñá", 64), email, true},
		{"129 multibyte characters", strings.Repeat("ñá", 64) + "é", email, false},
		{"passphrase with spaces", "correct horse battery staple", email, true},

		{"common password", "password123", email, false},
		{"common password mixed case", "Password123", email, false},
		{"common password upper case", "PASSWORD", email, false},
		{"common digits", "12345678", email, false},
		{"common keyboard walk", "Qwertyuiop", email, false},

		{"the e-mail address", "jonathan.smith@example.com", email, false},
		{"the e-mail address in upper case", "Jonathan.Smith@Example.com", email, false},
		{"the local part", "jonathan.smith", email, false},
		{"the local part in upper case", "JONATHAN.SMITH", email, false},
		{"local part with a suffix is fine", "jonathan.smith!x", email, true},
		{"no e-mail to compare with", "jonathan.smith", "", true},

		{"all the same character", "aaaaaaaaaa", email, false},
		{"all the same character, mixed case", "aAaAaAaAaA", email, false},
		{"all the same multibyte character", "éééééééé", email, false},
		{"all the same symbol", "!!!!!!!!!!!!", email, false},

		{"invalid UTF-8", "abc\xffdefgh", email, false},
		{"truncated multibyte sequence", "abcdefg\xc3", email, false},
		{"empty", "", email, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := account.CheckPassword(tt.password, tt.email)
			if tt.ok {
				if err != nil {
					t.Errorf("CheckPassword(%q) = %v, want nil", tt.password, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckPassword(%q) = nil, want an error", tt.password)
			}
			wantInvalid(t, err, "password")
		})
	}
}

func TestParseName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
		ok   bool
	}{
		{"plain", "Ana Pérez", "Ana Pérez", true},
		{"trimmed", "  Ana  ", "Ana", true},
		{"100 multibyte characters", strings.Repeat("é", 100), strings.Repeat("é", 100), true},
		{"apostrophe and hyphen", "Zoë O'Brien-Smith", "Zoë O'Brien-Smith", true},

		{"empty", "", "", false},
		{"blank", " \t ", "", false},
		{"101 characters", strings.Repeat("a", 101), "", false},
		{"angle bracket", "<script>", "", false},
		{"greater than", "Ana > Bob", "", false},
		{"NUL", "Ana\x00", "", false},
		{"inner newline", "Ana\nBob", "", false},
		{"inner carriage return", "Ana\rBob", "", false},
		{"invalid UTF-8", "Ana\xff", "", false},
		{"zero-width space only", "\u200b", "", false},
		{"word joiner and byte order mark", "\u2060\ufeff", "", false},
		{"Hangul filler", "\u3164", "", false},
		{"right-to-left override", "Ana\u202eBob", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := account.ParseName(tt.in)
			if !tt.ok {
				if err == nil {
					t.Fatalf("ParseName(%q) = %q, want an error", tt.in, got)
				}
				wantInvalid(t, err, "name")
				return
			}
			if err != nil {
				t.Fatalf("ParseName(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want account.Role
		ok   bool
	}{
		{"owner", account.RoleOwner, true},
		{"moderator", account.RoleModerator, true},
		{"employer", account.RoleEmployer, true},
		{"candidate", account.RoleCandidate, true},
		{"Owner", "", false},
		{" owner", "", false},
		{"admin", "", false},
		{"recruiter", "", false},
		{"*", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := account.ParseRole(tt.in)
			if !tt.ok {
				if err == nil {
					t.Fatalf("ParseRole(%q) = %q, want an error", tt.in, got)
				}
				wantInvalid(t, err, "role")
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseRole(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestBoardRolesOrder(t *testing.T) {
	t.Parallel()
	want := []account.Role{account.RoleOwner, account.RoleModerator, account.RoleEmployer, account.RoleCandidate}
	if len(account.BoardRoles) != len(want) {
		t.Fatalf("BoardRoles = %v", account.BoardRoles)
	}
	for i := range want {
		if account.BoardRoles[i] != want[i] {
			t.Errorf("BoardRoles[%d] = %q, want %q", i, account.BoardRoles[i], want[i])
		}
	}
}

func TestNewUser(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		userName string
		wantName string
		ok       bool
	}{
		{"valid", "Ana Pérez", "Ana Pérez", true},
		{"name trimmed", "  Ana  ", "Ana", true},
		{"blank name", "  ", "", false},
		{"name with markup", "<b>Ana</b>", "", false},
		{"name too long", strings.Repeat("x", 101), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := account.NewUser("u1", "t1", "ana@example.com", tt.userName, "hash", now)
			if !tt.ok {
				if err == nil || u != nil {
					t.Fatalf("NewUser(name %q) = %v, %v; want nil and an error", tt.userName, u, err)
				}
				wantInvalid(t, err, "name")
				return
			}
			if err != nil {
				t.Fatalf("NewUser: %v", err)
			}
			if u.ID() != "u1" || u.Tenant() != "t1" || u.Email() != "ana@example.com" || u.Name() != tt.wantName ||
				u.PasswordHash() != "hash" || !u.CreatedAt().Equal(now) {
				t.Errorf("NewUser fields = %q %q %q %q %q %v", u.ID(), u.Tenant(), u.Email(), u.Name(), u.PasswordHash(), u.CreatedAt())
			}
		})
	}
}

func TestUserSetPasswordHash(t *testing.T) {
	t.Parallel()
	u := account.RehydrateUser("u1", "t1", "ana@example.com", "Ana", "old", time.Unix(0, 0), nil)
	if u.Verified() {
		t.Error("a user read without a confirmation time is confirmed")
	}
	u.MarkVerified(time.Unix(5, 0))
	u.MarkVerified(time.Unix(9, 0))
	if at := u.VerifiedAt(); at == nil || !at.Equal(time.Unix(5, 0)) {
		t.Errorf("VerifiedAt() = %v, want the first confirmation", at)
	}
	u.SetPasswordHash("new")
	if u.PasswordHash() != "new" {
		t.Errorf("PasswordHash() = %q, want new", u.PasswordHash())
	}
	if u.Email() != "ana@example.com" || u.Name() != "Ana" {
		t.Errorf("rehydrated user %q %q", u.Email(), u.Name())
	}
}
