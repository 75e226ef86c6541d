package graphapi

import (
	"fmt"
	"net/http"
)

// Error is a Graph error answer. body, when set, replaces the standard
// envelope (the scope filter's MissingProvider answer has its own shape).
type Error struct {
	status  int
	code    string
	message string
	body    any
	header  http.Header
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message)
}

// Errorf is a Graph error answer with status, code and a formatted message.
func Errorf(status int, code, format string, args ...any) *Error {
	return &Error{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// BadRequest is Graph's 400 with code BadRequest.
func BadRequest(format string, args ...any) *Error {
	return Errorf(http.StatusBadRequest, "BadRequest", format, args...)
}

func notFound(format string, args ...any) *Error {
	return Errorf(http.StatusNotFound, "ResourceNotFound", format, args...)
}

func methodNotAllowed(allow string, format string, args ...any) *Error {
	e := Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", format, args...)
	e.header = http.Header{"Allow": {allow}}
	return e
}

// missingProvider is Graph's answer to a list of alerts, configurations or
// definitions without the tenant scope filter. It is not the standard
// envelope.
func missingProvider() *Error {
	return &Error{
		status:  http.StatusBadRequest,
		code:    "MissingProvider",
		message: "The provider is missing.",
		// The live body, outside Graph's error envelope (rknightion/graph2otel
		// docs/graph-api-gotchas.md).
		body: object{{"errorCode", "MissingProvider"}, {"message", "The provider is missing."}, {"instanceAnnotations", []any{}}},
	}
}

// WithHeader adds a response header to the answer.
func (e *Error) WithHeader(key, value string) *Error {
	if e.header == nil {
		e.header = http.Header{}
	}
	e.header.Set(key, value)
	return e
}
