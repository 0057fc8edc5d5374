package web

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/jobboard/jobboard/domain"
)

// errorBody is the JSON error shape of the contract.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

var kindStatus = map[domain.Kind]int{
	domain.KindInvalid:       fiber.StatusBadRequest,
	domain.KindUnauthorized:  fiber.StatusUnauthorized,
	domain.KindForbidden:     fiber.StatusForbidden,
	domain.KindNotFound:      fiber.StatusNotFound,
	domain.KindConflict:      fiber.StatusConflict,
	domain.KindGone:          fiber.StatusGone,
	domain.KindTooLarge:      fiber.StatusRequestEntityTooLarge,
	domain.KindUnsupported:   fiber.StatusUnsupportedMediaType,
	domain.KindTooMany:       fiber.StatusTooManyRequests,
	domain.KindUnavailable:   fiber.StatusServiceUnavailable,
	domain.KindUnprocessable: fiber.StatusUnprocessableEntity,
}

var statusCode = map[int]string{
	fiber.StatusBadRequest:            "bad_request",
	fiber.StatusUnauthorized:          "unauthorized",
	fiber.StatusForbidden:             "forbidden",
	fiber.StatusNotFound:              "not_found",
	fiber.StatusMethodNotAllowed:      "method_not_allowed",
	fiber.StatusRequestEntityTooLarge: "body_too_large",
	fiber.StatusUnsupportedMediaType:  "unsupported_media_type",
	fiber.StatusTooManyRequests:       "rate_limited",
	fiber.StatusServiceUnavailable:    "unavailable",
	fiber.StatusRequestTimeout:        "timeout",
	// fasthttp refuses a request line or headers over its read buffer.
	fiber.StatusRequestHeaderFieldsTooLarge: "headers_too_large",
}

// classify turns any error into a status and the body the client sees.
// Internal errors get a generic message.
func classify(err error) (int, errorDetail, int) {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind != domain.KindInternal {
		return kindStatus[de.Kind], errorDetail{Code: de.Code, Message: de.Message, Fields: de.Fields}, de.RetryAfter
	}
	var fe *fiber.Error
	if errors.As(err, &fe) && fe.Code < 500 {
		code, ok := statusCode[fe.Code]
		if !ok {
			code = strings.ReplaceAll(strings.ToLower(utils.StatusMessage(fe.Code)), " ", "_")
		}
		msg := fe.Message
		if fe.Code == fiber.StatusNotFound {
			msg = "the page or resource was not found"
		}
		if fe.Code == fiber.StatusRequestEntityTooLarge {
			msg = "the request body is too large"
		}
		if fe.Code == fiber.StatusRequestHeaderFieldsTooLarge {
			msg = "the request line or headers are too large"
		}
		return fe.Code, errorDetail{Code: code, Message: msg}, 0
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The request ran out of time or was given up (the client left,
		// the server is stopping): a moment later it may well succeed.
		return fiber.StatusServiceUnavailable, errorDetail{Code: "unavailable", Message: domain.ErrUnavailable.Message}, 1
	}
	return fiber.StatusInternalServerError, errorDetail{Code: "internal", Message: "something went wrong on our side; it has been logged"}, 0
}

// handleError is the one error handler: JSON for API clients, an HTML page
// for browsers. Internal errors are logged with the request id.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status, detail, retry := classify(err)
	if status == fiber.StatusBadRequest && !headRead(c) {
		// fasthttp's own message quotes the raw head back.
		detail.Message = "the request could not be read"
	}
	if status >= 500 {
		s.deps.Logger.ErrorContext(c.UserContext(), "request failed", "request_id", c.Locals(localRequestID),
			"method", c.Method(), "path", c.Path(), "status", status, "err", err.Error())
	}
	if retry > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retry))
	}
	if status == fiber.StatusUnauthorized && strings.HasPrefix(c.Path(), "/api/") {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="jobboard"`)
	}
	if !wantsHTML(c) {
		return c.Status(status).JSON(errorBody{Error: detail})
	}
	if detail.Code == "email_unverified" && boardOf(c) != nil {
		return s.render(c.Status(status), "check_email", page{Title: "Confirm your e-mail address first", Noindex: true,
			Data: "Posting jobs, paying and applying need a confirmed address.", Form: map[string]string{"email": s.myEmail(c)}})
	}
	return s.render(c.Status(status), "error", page{Title: errorTitle(status), Noindex: true, Data: errorPage{Status: status, Detail: detail}})
}

type errorPage struct {
	Status int
	Detail errorDetail
}

func errorTitle(status int) string {
	switch status {
	case fiber.StatusNotFound:
		return "Page not found"
	case fiber.StatusForbidden:
		return "Not allowed"
	case fiber.StatusUnauthorized:
		return "Sign in required"
	case fiber.StatusServiceUnavailable:
		return "Temporarily unavailable"
	case fiber.StatusTooManyRequests:
		return "Too many requests"
	}
	if status >= 500 {
		return "Something went wrong"
	}
	return "Request not accepted"
}

// wantsHTML reports whether the client is a browser rather than an API
// client.
func wantsHTML(c *fiber.Ctx) bool {
	p := receivedPath(c)
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/webhooks/") || p == "/healthz" || p == "/readyz" {
		return false
	}
	accept := c.Get(fiber.HeaderAccept)
	if strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html") {
		return false
	}
	return true
}
