package graph

import (
	"io"
	"net/http"
	"strconv"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// defaultResponseHeaderTimeout bounds the wait for an answer's headers on the
// default transport.
const defaultResponseHeaderTimeout = 2 * time.Minute

// newHTTPClient builds the HTTP client under the request adapter: Graph's
// default middleware in a fixed order over a logging transport over
// cfg.Transport.
//
// msgraphgocore.GetDefaultClient is not used because khttp.GetDefaultMiddlewares
// builds its list by ranging over a map (kiota-http-go kiota_client_factory.go,
// getDefaultMiddleWare), so the order of the handlers changes from one process
// to the next. The order matters: every handler passes on req.WithContext(ctx),
// a shallow copy, so when the compression handler runs inside the retry
// handler a retried PATCH is sent uncompressed with "Content-Encoding: gzip"
// still set (the header map is shared, the body is not). Here compression runs
// outside retry, so a retry re-sends the compressed bytes.
//
// Retries: Kiota's RetryHandler (429, 503 and 504, Retry-After in seconds or
// as an HTTP date, otherwise exponential backoff from 3s) with MaxRetries and
// MaxRetryAfter from Config. Each attempt is logged by the logging transport.
func newHTTPClient(cfg Config, options *msgraphgocore.GraphClientOptions) *http.Client {
	base := cfg.Transport
	if base == nil {
		if t, ok := http.DefaultTransport.(*http.Transport); ok {
			t = t.Clone()
			// A per-attempt bound, as the client has no overall timeout.
			t.ResponseHeaderTimeout = defaultResponseHeaderTimeout
			base = t
		} else {
			base = http.DefaultTransport
		}
	}
	userAgent := cfg.UserAgent
	if userAgent == "" {
		userAgent = defaultUserAgent
	}
	middleware := []khttp.Middleware{
		// SdkVersion and client-request-id, once per logical request (retries keep the id).
		msgraphgocore.NewGraphTelemetryHandler(options),
		userAgentHandler{value: userAgent},
		khttp.NewUserAgentHandler(), // appends "kiota-go/<version>"
		// Outside retry, so it records only the final response's headers.
		khttp.NewHeadersInspectionHandler(),
		khttp.NewParametersNameDecodingHandler(),
		khttp.NewRedirectHandler(),
		khttp.NewCompressionHandler(),
		newRetryHandler(cfg),
	}
	return &http.Client{
		Transport: khttp.NewCustomTransportWithParentTransport(loggingTransport{next: base}, middleware...),
		// As Kiota's default client: redirects are the redirect handler's business.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		// No client-wide timeout: it would also cut Retry-After waits short.
		// Callers bound requests with their context (Terraform operation
		// timeouts); the adapter adds none when Timeout is zero.
	}
}

// userAgentHandler sets the User-Agent header. Kiota's user agent handler,
// next in the pipeline, appends its own product token.
type userAgentHandler struct{ value string }

// Intercept implements khttp.Middleware.
func (h userAgentHandler) Intercept(pipeline khttp.Pipeline, index int, req *http.Request) (*http.Response, error) {
	req.Header.Set("User-Agent", h.value)
	return pipeline.Next(req, index)
}

// newRetryHandler configures Kiota's retry handler from cfg. The ShouldRetry
// callback runs last, right before the handler sleeps and re-sends, so it also
// drains and closes the discarded response (the handler itself leaks it).
func newRetryHandler(cfg Config) *khttp.RetryHandler {
	maxRetries := cfg.MaxRetries
	if maxRetries == 0 {
		maxRetries = defaultMaxRetries
	}
	maxRetryAfter := cfg.MaxRetryAfter
	if maxRetryAfter <= 0 {
		maxRetryAfter = defaultMaxRetryAfter
	}
	return khttp.NewRetryHandlerWithOptions(khttp.RetryHandlerOptions{
		MaxRetries: max(maxRetries, 1), // Kiota treats < 1 as its default (3)
		ShouldRetry: func(_ time.Duration, attempt int, req *http.Request, resp *http.Response) bool {
			if maxRetries < 0 {
				return false
			}
			wait, ok := retryAfter(resp)
			if ok && wait > maxRetryAfter {
				logDebug(req.Context(), "Retry-After exceeds the limit; not retrying", map[string]any{
					"status": resp.StatusCode, "retry_after": wait.String(), "max_retry_after": maxRetryAfter.String(),
				})
				return false
			}
			fields := map[string]any{"status": resp.StatusCode, "attempt": attempt + 1, "method": req.Method, "url": req.URL.String()}
			if ok {
				fields["retry_after"] = wait.String()
			}
			logDebug(req.Context(), "retrying Graph request", fields)
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			_ = resp.Body.Close()
			return true
		},
	})
}

// retryAfter parses a Retry-After header in seconds or as an HTTP date.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t), true
	}
	return 0, false
}
