package domain_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jobboard/jobboard/domain"
)

func TestErrorError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *domain.Error
		want string
	}{
		{"code only", &domain.Error{Code: "internal"}, "internal"},
		{"code and message", domain.NotFound("job"), "not_found: job not found"},
		{
			"fields sorted by name",
			domain.InvalidFields(map[string]string{"title": "too long", "email": "missing"}),
			"validation_failed: the input is not valid [email: missing] [title: too long]",
		},
		{"with cause", domain.Unavailable(io.ErrUnexpectedEOF), "unavailable: " + domain.ErrUnavailable.Message + ": unexpected EOF"},
		{
			"fields and cause",
			&domain.Error{Code: "c", Message: "m", Fields: map[string]string{"f": "bad"}, Err: io.EOF},
			"c: m [f: bad]: EOF",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorIsMatchesCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"NotFound is ErrNotFound", domain.NotFound("x"), domain.ErrNotFound, true},
		{"wrapped NotFound is ErrNotFound", fmt.Errorf("load: %w", domain.NotFound("company")), domain.ErrNotFound, true},
		{"twice wrapped", fmt.Errorf("a: %w", fmt.Errorf("b: %w", domain.NotFound("x"))), domain.ErrNotFound, true},
		{"Forbidden is ErrForbidden", domain.Forbidden("no"), domain.ErrForbidden, true},
		{"Unauthorized is ErrUnauthorized", domain.Unauthorized("sign in"), domain.ErrUnauthorized, true},
		{"Unavailable is ErrUnavailable", domain.Unavailable(io.EOF), domain.ErrUnavailable, true},
		{"conflict codes compared", domain.Conflict("slug_taken", "taken"), domain.Conflict("slug_taken", "other text"), true},
		{"different conflict codes", domain.Conflict("slug_taken", "taken"), domain.Conflict("email_taken", "taken"), false},
		{"NotFound is not ErrForbidden", domain.NotFound("x"), domain.ErrForbidden, false},
		{"plain error is not ErrNotFound", errors.New("not_found"), domain.ErrNotFound, false},
		{"cause reachable through Unwrap", domain.Unavailable(io.ErrUnexpectedEOF), io.ErrUnexpectedEOF, true},
		{"nil is not ErrNotFound", nil, domain.ErrNotFound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := errors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("errors.Is(%v, %v) = %v, want %v", tt.err, tt.target, got, tt.want)
			}
		})
	}
}

func TestErrorIsRefusesOtherTypes(t *testing.T) {
	t.Parallel()
	e := domain.NotFound("x")
	if e.Is(io.EOF) {
		t.Error("a *domain.Error claims to be io.EOF")
	}
}

func TestErrorIsTypedNilTarget(t *testing.T) {
	t.Parallel()
	var target *domain.Error
	if errors.Is(domain.NotFound("x"), target) {
		t.Error("matched a nil target")
	}
}

func TestErrorUnwrap(t *testing.T) {
	t.Parallel()
	if got := domain.NotFound("x").Unwrap(); got != nil {
		t.Errorf("Unwrap of an error without cause = %v, want nil", got)
	}
	if got := domain.Unavailable(io.EOF).Unwrap(); got != io.EOF {
		t.Errorf("Unwrap = %v, want io.EOF", got)
	}
}

func TestErrorsAsThroughWrapping(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("submit: %w", domain.Invalid("title", "enter a title"))
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatal("errors.As found no *domain.Error")
	}
	if de.Code != "validation_failed" || de.Fields["title"] != "enter a title" {
		t.Errorf("got code %q fields %v", de.Code, de.Fields)
	}
}

func TestKindOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want domain.Kind
	}{
		{"nil", nil, domain.KindInternal},
		{"plain error", errors.New("boom"), domain.KindInternal},
		{"invalid", domain.Invalid("f", "m"), domain.KindInvalid},
		{"invalid fields", domain.InvalidFields(map[string]string{"a": "b"}), domain.KindInvalid},
		{"unauthorized", domain.Unauthorized("m"), domain.KindUnauthorized},
		{"forbidden", domain.Forbidden("m"), domain.KindForbidden},
		{"not found", domain.NotFound("x"), domain.KindNotFound},
		{"conflict", domain.Conflict("c", "m"), domain.KindConflict},
		{"too many", domain.TooMany("slow down", 30), domain.KindTooMany},
		{"unavailable", domain.Unavailable(io.EOF), domain.KindUnavailable},
		{"wrapped once", fmt.Errorf("x: %w", domain.NotFound("x")), domain.KindNotFound},
		{"wrapped twice", fmt.Errorf("y: %w", fmt.Errorf("x: %w", domain.Conflict("c", "m"))), domain.KindConflict},
		{"joined", errors.Join(errors.New("a"), domain.Forbidden("m")), domain.KindForbidden},
		{"outermost domain error wins", &domain.Error{Kind: domain.KindUnavailable, Code: "u", Err: domain.NotFound("x")}, domain.KindUnavailable},
		{"wrapped with %v loses the kind", fmt.Errorf("x: %v", domain.NotFound("x")), domain.KindInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := domain.KindOf(tt.err); got != tt.want {
				t.Errorf("KindOf = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind domain.Kind
		want string
	}{
		{domain.KindInternal, "internal"},
		{domain.KindInvalid, "invalid"},
		{domain.KindUnauthorized, "unauthorized"},
		{domain.KindForbidden, "forbidden"},
		{domain.KindNotFound, "not_found"},
		{domain.KindConflict, "conflict"},
		{domain.KindGone, "gone"},
		{domain.KindTooLarge, "too_large"},
		{domain.KindUnsupported, "unsupported"},
		{domain.KindTooMany, "too_many"},
		{domain.KindUnavailable, "unavailable"},
		{domain.KindUnprocessable, "unprocessable"},
		{domain.Kind(999), "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.kind.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConstructors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		err        *domain.Error
		kind       domain.Kind
		code       string
		message    string
		retryAfter int
	}{
		{"NotFound", domain.NotFound("company"), domain.KindNotFound, "not_found", "company not found", 0},
		{"Forbidden", domain.Forbidden("owners only"), domain.KindForbidden, "forbidden", "owners only", 0},
		{"Unauthorized", domain.Unauthorized("sign in"), domain.KindUnauthorized, "unauthorized", "sign in", 0},
		{"Conflict", domain.Conflict("slug_taken", "taken"), domain.KindConflict, "slug_taken", "taken", 0},
		{"Invalid", domain.Invalid("f", "bad"), domain.KindInvalid, "validation_failed", "the input is not valid", 0},
		{"TooMany", domain.TooMany("slow down", 42), domain.KindTooMany, "rate_limited", "slow down", 42},
		{"Unavailable", domain.Unavailable(io.EOF), domain.KindUnavailable, "unavailable", domain.ErrUnavailable.Message, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := tt.err
			if e.Kind != tt.kind || e.Code != tt.code || e.Message != tt.message || e.RetryAfter != tt.retryAfter {
				t.Errorf("got {%v %q %q %d}, want {%v %q %q %d}", e.Kind, e.Code, e.Message, e.RetryAfter, tt.kind, tt.code, tt.message, tt.retryAfter)
			}
		})
	}
}

func TestNotFoundReturnsFreshErrors(t *testing.T) {
	t.Parallel()
	a, b := domain.NotFound("a"), domain.NotFound("b")
	if a == b || a == domain.ErrNotFound {
		t.Fatal("NotFound returned a shared value; callers could mutate the sentinel")
	}
	if domain.ErrNotFound.Message != "not found" {
		t.Errorf("sentinel message changed to %q", domain.ErrNotFound.Message)
	}
}
