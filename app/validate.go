package app

import (
	"errors"
	"reflect"
	"strings"

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
	err := validate.Struct(in)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return &domain.Error{Kind: domain.KindInternal, Code: "internal", Message: "validation could not run", Err: err}
	}
	fields := make(map[string]string, len(verrs))
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
