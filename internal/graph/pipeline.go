package graph

import (
	"net/http"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// defaultResponseHeaderTimeout bounds the wait for an answer's headers on the
// default transport.
const defaultResponseHeaderTimeout = 2 * time.Minute

// maxIdleConnsPerHost is how many idle connections NewTransport keeps to
// Graph's host: Terraform's default -parallelism (10) with room to spare, so
// that the clients of many tenants sharing one transport reuse their
// connections instead of each opening its own (net/http keeps 2 by
// default).
const maxIdleConnsPerHost = 16

// NewTransport returns the transport a Client uses when Config.Transport is
// nil: a clone of http.DefaultTransport (proxy settings from the
// environment) with a bound on the wait for an answer's headers. The
// clients of a provider's tenants share one, so that a run over hundreds of
// tenants keeps a handful of connections to Graph, not one or more per
// tenant: a connection carries no tenant (each request has its own token).
func NewTransport() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t = t.Clone()
	// A per-attempt bound, as the client has no overall timeout.
	t.ResponseHeaderTimeout = defaultResponseHeaderTimeout
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	return t
}

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
// Retries: the client's own retryHandler (retry.go), innermost so that each
// attempt re-sends the compressed bytes. Each attempt is logged by the
// logging transport.
func newHTTPClient(cfg Config, options *msgraphgocore.GraphClientOptions) *http.Client {
	base := cfg.Transport
	if base == nil {
		base = NewTransport()
	}
	userAgent := cfg.UserAgent
	if userAgent == "" {
		userAgent = defaultUserAgent
	}
	middleware := []khttp.Middleware{
		// First, so that a request waiting for its turn holds nothing.
		newConcurrencyHandler(cfg.MaxConcurrentRequests),
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

// concurrencyHandler lets at most cap(turns) requests of the client through
// at once (Config.MaxConcurrentRequests); the others wait for a turn or
// for their context to end. A request keeps its turn through its retries.
type concurrencyHandler struct{ turns chan struct{} }

func newConcurrencyHandler(limit int) concurrencyHandler {
	if limit <= 0 {
		limit = DefaultMaxConcurrentRequests
	}
	return concurrencyHandler{turns: make(chan struct{}, min(limit, MaxConcurrentRequestsLimit))}
}

// Intercept implements khttp.Middleware.
func (h concurrencyHandler) Intercept(pipeline khttp.Pipeline, index int, req *http.Request) (*http.Response, error) {
	select {
	case h.turns <- struct{}{}:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	defer func() { <-h.turns }()
	return pipeline.Next(req, index)
}
