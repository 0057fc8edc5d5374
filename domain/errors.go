// Package domain holds the error type and the value types shared by every
// bounded context. It depends on the standard library only.
package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind classifies an error so that adapters can map it to a transport status
// without knowing the use case that produced it.
type Kind int

// The error kinds. The zero value is KindInternal so that an unclassified
// error is never mistaken for a client error.
const (
	KindInternal      Kind = iota // a bug or an unexpected failure
	KindInvalid                   // the input is malformed or fails validation
	KindUnauthorized              // no valid credentials were presented
	KindForbidden                 // the caller may not do this
	KindNotFound                  // the thing does not exist for this tenant
	KindConflict                  // the state does not allow the change
	KindGone                      // the thing existed but is no longer available
	KindTooLarge                  // the payload exceeds a limit
	KindUnsupported               // the media type is not accepted
	KindTooMany                   // a rate limit was hit
	KindUnavailable               // a dependency is down; retry later
	KindUnprocessable             // well-formed input that the rules refuse
)

// String names the kind for logs.
func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindUnauthorized:
		return "unauthorized"
	case KindForbidden:
		return "forbidden"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindGone:
		return "gone"
	case KindTooLarge:
		return "too_large"
	case KindUnsupported:
		return "unsupported"
	case KindTooMany:
		return "too_many"
	case KindUnavailable:
		return "unavailable"
	case KindUnprocessable:
		return "unprocessable"
	default:
		return "internal"
	}
}

// Error is the error type every layer returns for expected failures. Code is
// stable and machine-readable; Message is safe to show to the user; Fields
// names the input fields that are wrong, each with its own message.
type Error struct {
	Kind       Kind
	Code       string
	Message    string
	Fields     map[string]string
	RetryAfter int // seconds, for KindTooMany and KindUnavailable
	Err        error
}

// Error returns the code, the message and, when present, the fields.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " [%s: %s]", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, domain.ErrNotFound) works on any not_found error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.Code == e.Code
}

// Sentinel errors for errors.Is checks; wrap them with New* for detail.
var (
	ErrNotFound     = &Error{Kind: KindNotFound, Code: "not_found", Message: "not found"}
	ErrUnauthorized = &Error{Kind: KindUnauthorized, Code: "unauthorized", Message: "sign in required"}
	ErrForbidden    = &Error{Kind: KindForbidden, Code: "forbidden", Message: "you are not allowed to do that"}
	ErrUnavailable  = &Error{Kind: KindUnavailable, Code: "unavailable", Message: "the service is temporarily unavailable; try again shortly", RetryAfter: 5}
)

// NotFound returns a not_found error naming what was missing.
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Code: "not_found", Message: what + " not found"}
}

// Forbidden returns a forbidden error with a message for the user.
func Forbidden(msg string) *Error {
	return &Error{Kind: KindForbidden, Code: "forbidden", Message: msg}
}

// Unauthorized returns an unauthorized error with a message for the user.
func Unauthorized(msg string) *Error {
	return &Error{Kind: KindUnauthorized, Code: "unauthorized", Message: msg}
}

// Conflict returns a conflict error with its own code.
func Conflict(code, msg string) *Error {
	return &Error{Kind: KindConflict, Code: code, Message: msg}
}

// Invalid returns a validation_failed error for a single field.
func Invalid(field, msg string) *Error {
	return &Error{Kind: KindInvalid, Code: "validation_failed", Message: "the input is not valid", Fields: map[string]string{field: msg}}
}

// InvalidFields returns a validation_failed error for several fields.
func InvalidFields(fields map[string]string) *Error {
	return &Error{Kind: KindInvalid, Code: "validation_failed", Message: "the input is not valid", Fields: fields}
}

// TooMany returns a rate_limited error that tells the client when to retry.
func TooMany(msg string, retryAfter int) *Error {
	return &Error{Kind: KindTooMany, Code: "rate_limited", Message: msg, RetryAfter: retryAfter}
}

// Unavailable wraps a dependency failure as a retryable unavailable error.
func Unavailable(cause error) *Error {
	return &Error{Kind: KindUnavailable, Code: "unavailable", Message: ErrUnavailable.Message, RetryAfter: 5, Err: cause}
}

// KindOf returns the kind of the first *Error in err's chain, or
// KindInternal when there is none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// CodeOf returns the code of the first *Error in err's chain, or "".
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// CollectFields adds the field messages of err, if it is an *Error that
// names fields, to fields; a field already named keeps its message. Use
// it to report every wrong field of a form at once.
func CollectFields(fields map[string]string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		return
	}
	for k, v := range e.Fields {
		if _, seen := fields[k]; !seen {
			fields[k] = v
		}
	}
}
