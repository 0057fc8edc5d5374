package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/domain"
)

var errNotJSON = &domain.Error{Kind: domain.KindUnsupported, Code: "unsupported_media_type", Message: "send the body as application/json"}

// decodeJSON reads a JSON object body into dst. A missing or wrong content
// type is 415; malformed JSON or a value of the wrong type is 400 naming
// the field.
func decodeJSON(c *fiber.Ctx, dst any) error {
	ct := strings.ToLower(strings.TrimSpace(strings.Split(c.Get(fiber.HeaderContentType), ";")[0]))
	if ct != fiber.MIMEApplicationJSON {
		return errNotJSON
	}
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "the request body is empty; send a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "the body has data after the JSON object"}
	}
	return nil
}

func jsonError(err error) error {
	var (
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
	)
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "send a JSON object"}
		}
		return domain.Invalid(field, fmt.Sprintf("must be a %s", jsonKind(typeErr.Type.Kind().String())))
	case errors.As(err, &syntaxErr):
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: fmt.Sprintf("the body is not valid JSON (at byte %d)", syntaxErr.Offset)}
	default:
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_json", Message: "the body is not valid JSON"}
	}
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "list"
	case "map", "struct":
		return "object"
	default:
		return "number"
	}
}

// decodeForm reads an HTML form body into dst by its `form` tags.
func decodeForm(c *fiber.Ctx, dst any) error {
	if err := c.BodyParser(dst); err != nil {
		return &domain.Error{Kind: domain.KindInvalid, Code: "malformed_form", Message: "the form could not be read; reload the page and try again"}
	}
	return nil
}

// formValues returns the submitted form fields to re-fill a form, leaving
// out secrets.
func formValues(c *fiber.Ctx, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = c.FormValue(n)
	}
	return m
}

// fieldErrors returns the per-field messages of a validation error, or nil
// when err is another kind of error.
func fieldErrors(err error) map[string]string {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind == domain.KindInvalid && len(de.Fields) > 0 {
		return de.Fields
	}
	return nil
}

// allFieldErrors returns the per-field messages of any domain error: a
// refused upload is 413 or 415 and still names its fields.
func allFieldErrors(err error) map[string]string {
	var de *domain.Error
	if errors.As(err, &de) && len(de.Fields) > 0 {
		return de.Fields
	}
	return nil
}

// safeNext keeps a post-login destination only if it is a local path.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return ""
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return ""
	}
	return next
}

// shortHash returns a short, stable hex digest of s, for cache busting.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// fieldMessage returns the message an error of any kind gives for field,
// or "" (a refused upload is 413 or 415 yet still names its field).
func fieldMessage(err error, field string) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Fields[field]
	}
	return ""
}
