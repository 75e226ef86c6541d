package mockgraph

import (
	"fmt"
	"net/http"
)

// apiError is a Graph error answer. body, when set, replaces the standard
// envelope (the scope filter's MissingProvider answer has its own shape).
type apiError struct {
	status  int
	code    string
	message string
	body    any
	header  http.Header
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message)
}

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, "BadRequest", format, args...)
}

func notFound(format string, args ...any) *apiError {
	return errorf(http.StatusNotFound, "ResourceNotFound", format, args...)
}

func methodNotAllowed(allow string, format string, args ...any) *apiError {
	e := errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", format, args...)
	e.header = http.Header{"Allow": {allow}}
	return e
}

// missingProvider is Graph's answer to a list of alerts, configurations or
// definitions without the tenant scope filter. It is not the standard
// envelope.
func missingProvider() *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		code:    "MissingProvider",
		message: "The provider is missing.",
		// The live body, outside Graph's error envelope (rknightion/graph2otel
		// docs/graph-api-gotchas.md).
		body: object{{"errorCode", "MissingProvider"}, {"message", "The provider is missing."}, {"instanceAnnotations", []any{}}},
	}
}
