package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptrace"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Subsystem is the tflog subsystem the client logs to. Its level can be set
// apart from the provider's with TF_LOG_PROVIDER_ENTRAPIM_GRAPH.
const Subsystem = "graph"

// bearerPattern matches bearer tokens wherever they might appear in a log
// message or field value.
var bearerPattern = regexp.MustCompile(`(?i)bearer\s+[A-Za-z0-9\-._~+/]+=*`)

// withLogging returns ctx with the "graph" tflog subsystem, masking
// Authorization values and bearer tokens. Every exported method calls it, so
// callers need not set the subsystem up; without a provider root logger in
// ctx (plain unit tests) logging is a no-op.
func withLogging(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, Subsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_ENTRAPIM", Subsystem))
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, Subsystem, "authorization", "Authorization")
	ctx = tflog.SubsystemMaskAllFieldValuesRegexes(ctx, Subsystem, bearerPattern)
	ctx = tflog.SubsystemMaskMessageRegexes(ctx, Subsystem, bearerPattern)
	return ctx
}

func logDebug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, Subsystem, msg, fields)
}

func logWarn(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemWarn(ctx, Subsystem, msg, fields)
}

// loggingTransport logs every HTTP attempt (retries included) with the
// request's context: method, URL, status, request-id, client-request-id,
// duration and, for error answers, Graph's error code. It logs no header
// other than those ids, so the Authorization header never reaches the log.
type loggingTransport struct{ next http.RoundTripper }

// wroteKey is the context key of the *atomic.Bool a write sets once its
// Graph request has been written to the network (see RemediateIncident).
type wroteKey struct{}

// RoundTrip implements http.RoundTripper.
func (t loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	fields := map[string]any{
		"method":            req.Method,
		"url":               req.URL.String(),
		"client_request_id": req.Header.Get("client-request-id"),
	}
	if attempt := req.Header.Get("Retry-Attempt"); attempt != "" {
		fields["retry_attempt"] = attempt
	}
	tflog.SubsystemTrace(ctx, Subsystem, "sending Graph request", fields)
	if wrote, ok := ctx.Value(wroteKey{}).(*atomic.Bool); ok {
		// Only this Graph request marks the write as sent: a token request
		// made with the same context (azidentity's) goes elsewhere.
		req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) }}))
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = err.Error()
		tflog.SubsystemWarn(ctx, Subsystem, "Graph request failed", fields)
		return resp, err
	}
	fields["status"] = resp.StatusCode
	fields["request_id"] = resp.Header.Get("request-id")
	if resp.StatusCode >= 400 {
		if v := resp.Header.Get("Retry-After"); v != "" {
			fields["retry_after"] = v
		}
		if code := peekErrorCode(resp); code != "" {
			fields["error_code"] = code
		}
		tflog.SubsystemWarn(ctx, Subsystem, "Graph error response", fields)
		return resp, nil
	}
	tflog.SubsystemDebug(ctx, Subsystem, "Graph response", fields)
	return resp, nil
}

// peekErrorCode reads Graph's error code from an error body ("error.code" of
// the standard envelope, or "errorCode" of the bare MissingProvider body) and
// puts the bytes back for the SDK.
func peekErrorCode(resp *http.Response) string {
	if resp.Body == nil || resp.Body == http.NoBody {
		return ""
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = readCloser{Reader: io.MultiReader(bytes.NewReader(head), resp.Body), Closer: resp.Body}
	if err != nil {
		return ""
	}
	var body struct {
		Error *struct {
			Code string `json:"code"`
		} `json:"error"`
		ErrorCode string `json:"errorCode"`
	}
	if json.Unmarshal(head, &body) != nil {
		return ""
	}
	if body.Error != nil && body.Error.Code != "" {
		return body.Error.Code
	}
	return body.ErrorCode
}

type readCloser struct {
	io.Reader
	io.Closer
}
