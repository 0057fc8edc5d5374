package app

import (
	"errors"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"github.com/jobboard/jobboard/domain"
)

var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			return f.Name
		}
		return name
	})
	return v
}()

// Validate checks a use-case input against its `validate` tags and returns a
// validation_failed error naming every wrong field by its JSON name.
func Validate(in any) error {
	bad := badText(in)
	err := validate.Struct(in)
	if err == nil {
		if len(bad) > 0 {
			return domain.InvalidFields(bad)
		}
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return &domain.Error{Kind: domain.KindInternal, Code: "internal", Message: "validation could not run", Err: err}
	}
	fields := bad
	if fields == nil {
		fields = make(map[string]string, len(verrs))
	}
	for _, fe := range verrs {
		if _, seen := fields[fe.Field()]; !seen {
			fields[fe.Field()] = message(fe)
		}
	}
	return domain.InvalidFields(fields)
}

func message(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "this field is required"
	case "email":
		return "enter a valid e-mail address"
	case "max":
		if fe.Kind() == reflect.String {
			return "use at most " + fe.Param() + " characters"
		}
		return "must be at most " + fe.Param()
	case "min":
		if fe.Kind() == reflect.String {
			return "use at least " + fe.Param() + " characters"
		}
		return "must be at least " + fe.Param()
	case "oneof":
		return "choose one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "url", "http_url":
		return "enter a full web address starting with http:// or https://"
	default:
		return "this value is not valid"
	}
}

// badText names the string fields (and string map values) that hold NUL
// bytes or invalid UTF-8: no input may carry them into storage or pages.
func badText(in any) map[string]string {
	v := reflect.Indirect(reflect.ValueOf(in))
	if v.Kind() != reflect.Struct {
		return nil
	}
	var bad map[string]string
	flag := func(name string) {
		if bad == nil {
			bad = map[string]string{}
		}
		bad[name] = "this value contains characters that are not allowed"
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			name = f.Name
		}
		switch fv := v.Field(i); fv.Kind() {
		case reflect.String:
			if !cleanText(fv.String()) {
				flag(name)
			}
		case reflect.Map:
			if fv.Type().Elem().Kind() != reflect.String || fv.Type().Key().Kind() != reflect.String {
				continue
			}
			for _, k := range fv.MapKeys() {
				if !cleanText(k.String()) || !cleanText(fv.MapIndex(k).String()) {
					flag(name + "." + k.String())
				}
			}
		}
	}
	return bad
}

func cleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
