package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	abs "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"
)

// Error is a failed Graph call: every non-2xx answer, and transport failures
// (StatusCode 0). Match it with errors.As, IsNotFound and IsThrottled, never
// by its text.
type Error struct {
	// Operation names the call, for example "update alert configuration".
	Operation string
	// StatusCode is the HTTP status; 0 when no answer was received.
	StatusCode int
	// Code and Message are Graph's error code and message, from the standard
	// error envelope or from the bare {"errorCode","message"} body Graph sends
	// for a list without the scope filter.
	Code, Message string
	// RequestID and ClientRequestID identify the request for Microsoft support.
	RequestID, ClientRequestID string
	// Permission is, on a 403, the application permission the request
	// needs; Hint says what to do about it (Config.ForbiddenHint).
	Permission, Hint string
	// Err is the underlying SDK or transport error.
	Err error
}

// Error renders "update alert configuration: 404 NotFound: <message> (request-id …)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Operation)
	b.WriteString(": ")
	if e.StatusCode == 0 {
		switch {
		case e.Message != "":
			b.WriteString(e.Message)
		case e.Err != nil:
			b.WriteString(e.Err.Error())
		default:
			b.WriteString("request failed")
		}
		if e.Hint != "" {
			b.WriteString("; ")
			b.WriteString(e.Hint)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "%d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	} else if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" ")
		b.WriteString(text)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request-id %s)", e.RequestID)
	}
	if e.Permission != "" {
		fmt.Fprintf(&b, "; the credential needs the %s permission", e.Permission)
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// IsNotFound reports whether err is a Graph 404 of the object asked for:
// a 404 of another request made on the way (the read snapshot's list, the
// tenant lookup) does not say that the object is gone.
func IsNotFound(err error) bool {
	return !marked[otherRequest](err) && statusOf(err) == http.StatusNotFound
}

// markedError is err with a mark M that errors.As finds however err is
// wrapped later.
type markedError[M any] struct{ err error }

func (e *markedError[M]) Error() string { return e.err.Error() }
func (e *markedError[M]) Unwrap() error { return e.err }

// mark marks err (nil stays nil) with M.
func mark[M any](err error) error {
	if err == nil {
		return nil
	}
	return &markedError[M]{err: err}
}

// marked reports whether err carries the mark M.
func marked[M any](err error) bool {
	var m *markedError[M]
	return errors.As(err, &m)
}

// The marks.
type (
	// otherRequest: the error of a request other than an object's own
	// read, which a read of that object passes on.
	otherRequest struct{}
	// notSentWrite: a write that never reached the network: it was refused
	// before the request was built, or no token or connection could be had.
	notSentWrite struct{}
)

// ofOtherRequest marks err as the error of another request.
func ofOtherRequest(err error) error { return mark[otherRequest](err) }

// markNotSent marks err as that of a write that was not sent.
func markNotSent(err error) error { return mark[notSentWrite](err) }

// IsForbidden reports whether err is a Graph 403: the credential lacks a
// permission the request needs.
func IsForbidden(err error) bool {
	return statusOf(err) == http.StatusForbidden
}

// Rejected reports whether Graph answered err with a 4xx other than 408 and
// 429: it refused the request, so a write did not happen. Any other error
// (no answer, a timeout, 5xx) leaves a write's outcome unknown.
func Rejected(err error) bool {
	s := statusOf(err)
	return s >= 400 && s < 500 && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
}

// NotDone reports whether err says a write never took effect: the request
// was not sent, or Graph answered 429 (it throttles a request instead of
// acting on it).
func NotDone(err error) bool {
	return marked[notSentWrite](err) || statusOf(err) == http.StatusTooManyRequests
}

// IsThrottled reports whether err is a Graph 429, 503 or 504 answer (after the
// client's own retries).
func IsThrottled(err error) bool {
	switch statusOf(err) {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// transient reports whether err is worth trying again later: throttling,
// an unavailable service, or a connection that failed. Not: a token that
// cannot be had, an untrusted certificate or an answer that cannot be
// read, which stay as they are.
func transient(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	if IsThrottled(err) {
		return true
	}
	if e.StatusCode != 0 || e.Err == nil || untrusted(e.Err) {
		return false
	}
	var ne net.Error
	return errors.As(e.Err, &ne) || errors.Is(e.Err, io.EOF) || errors.Is(e.Err, io.ErrUnexpectedEOF) ||
		errors.Is(e.Err, syscall.ECONNRESET) || errors.Is(e.Err, syscall.ECONNREFUSED)
}

func statusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// OperationFailedError is returned by WaitOperation when the long-running
// operation ends with status "failed".
type OperationFailedError struct {
	Operation *Operation
}

// Error implements error.
func (e *OperationFailedError) Error() string {
	if e.Operation == nil {
		return "long-running operation failed"
	}
	msg := fmt.Sprintf("long-running operation %q failed", e.Operation.ID)
	if e.Operation.StatusDetail != "" {
		msg += ": " + e.Operation.StatusDetail
	}
	return msg
}

// ErrMissingLocation is wrapped by the *Error a refresh returns when Graph
// accepted it without a Location header naming the operation.
var ErrMissingLocation = errors.New("the response has no Location header naming the long-running operation")

// failed prefixes a validation error (raised before any request) with op;
// an *Error passes through unchanged.
func failed(op string, err error) error {
	var ge *Error
	if errors.As(err, &ge) {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// wrapError is wrapError with what the client knows about a 403: the
// permission op needs and the configured hint.
func (c *Client) wrapError(op operation, err error) error {
	err = wrapError(op.name, err)
	var e *Error
	if errors.As(err, &e) && e.StatusCode == http.StatusForbidden {
		e.Permission = op.permission
		e.Hint = c.forbiddenHint
	}
	return err
}

// wrapError turns any error of an SDK call into an *Error for op. It never
// calls the SDK error's Error method: (*odataerrors.ODataError).Error
// dereferences error.message unchecked and panics on bodies outside the
// standard envelope.
func wrapError(op string, err error) error {
	if err == nil {
		return nil
	}
	var ge *Error
	var wt *WrongTenantError
	if errors.As(err, &ge) {
		return err
	}
	if errors.As(err, &wt) {
		return wt
	}
	e := &Error{Operation: op, Err: err}
	var oe *odataerrors.ODataError
	var ae *abs.ApiError
	var apiErr abs.ApiErrorable
	switch {
	case errors.As(err, &oe):
		e.StatusCode = oe.ResponseStatusCode
		fromHeaders(e, oe.ResponseHeaders)
		fromODataError(e, oe)
	case errors.As(err, &ae):
		e.StatusCode = ae.ResponseStatusCode
		e.Message = ae.Message
		fromHeaders(e, ae.ResponseHeaders)
	case errors.As(err, &apiErr):
		e.StatusCode = apiErr.GetStatusCode()
		fromHeaders(e, apiErr.GetResponseHeaders())
		e.Message = "error status code received from the API"
	default:
		e.Message = err.Error()
		if untrusted(err) {
			e.Hint = "a TLS certificate on the way to Graph or Microsoft Entra ID is not trusted. Behind a TLS-inspecting proxy, add the " +
				"proxy's CA to the system's trust store, or on Linux point SSL_CERT_FILE at a PEM bundle that holds it " +
				"and the other roots you need (see the provider's troubleshooting guide)"
		}
	}
	return e
}

// unnestMessage unpacks the error document that PIM's APIs send as the
// message of an UnknownError, {"errorCode":"PermissionScopeNotGranted",
// "message":"Authorization failed due to missing permission scope …"}
// (captured by Azure CLI users, Azure/azure-cli issues 33778 and 28854).
func unnestMessage(e *Error) {
	if !strings.HasPrefix(strings.TrimSpace(e.Message), "{") {
		return
	}
	var inner struct {
		ErrorCode string `json:"errorCode"`
		Message   string `json:"message"`
	}
	if json.Unmarshal([]byte(e.Message), &inner) != nil || inner.ErrorCode == "" {
		return
	}
	e.Code, e.Message = inner.ErrorCode, inner.Message
}

// fromODataError copies code, message and ids out of an ODataError, from the
// envelope or, when Graph sent a bare body, from the additional data. It then
// completes the ODataError so that its own Error method cannot panic should
// anyone unwrap and print it.
func fromODataError(e *Error, oe *odataerrors.ODataError) {
	defer func() {
		// The generated getters panic on backing-store type mismatches;
		// a broken error body must not take the provider down.
		if r := recover(); r != nil && e.Message == "" {
			e.Message = fmt.Sprintf("unreadable error body (%v)", r)
		}
	}()
	main := oe.GetErrorEscaped()
	if main != nil {
		e.Code = deref(main.GetCode())
		e.Message = deref(main.GetMessage())
		if inner := main.GetInnerError(); inner != nil {
			if id := deref(inner.GetRequestId()); id != "" {
				e.RequestID = id
			}
			if id := deref(inner.GetClientRequestId()); id != "" {
				e.ClientRequestID = id
			}
		}
		unnestMessage(e)
	} else {
		data := oe.GetAdditionalData()
		e.Code = firstString(data, "errorCode", "code", "ErrorCode", "Code")
		e.Message = firstString(data, "message", "Message", "error_description")
		main = odataerrors.NewMainError()
		main.SetCode(ptr(e.Code))
		oe.SetErrorEscaped(main)
	}
	if main.GetMessage() == nil {
		msg := e.Message
		if msg == "" {
			msg = fmt.Sprintf("Graph answered %d", e.StatusCode)
		}
		main.SetMessage(ptr(msg))
	}
}

// fromHeaders fills the request ids from the response headers (Graph sends
// request-id and echoes client-request-id).
func fromHeaders(e *Error, h *abs.ResponseHeaders) {
	if h == nil {
		return
	}
	if v := h.Get("request-id"); len(v) > 0 {
		e.RequestID = v[0]
	}
	if v := h.Get("client-request-id"); len(v) > 0 {
		e.ClientRequestID = v[0]
	}
}

// firstString returns the first of keys whose value is a non-empty string.
// The JSON parse node stores additional data strings as *string.
func firstString(data map[string]any, keys ...string) string {
	for _, k := range keys {
		switch v := data[k].(type) {
		case string:
			if v != "" {
				return v
			}
		case *string:
			if v != nil && *v != "" {
				return *v
			}
		}
	}
	return ""
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
