package graph

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
)

// Retry defaults; Config fields override them.
const (
	defaultRetryBase = time.Second
	defaultRetryCap  = 30 * time.Second
)

// retryHandler is the client's retry policy, in place of Kiota's:
//
//   - 429, 503 and 504 answers and dropped connections are retried, up to
//     MaxRetries times;
//   - a Retry-After header is honoured up to MaxRetryAfter (a longer one ends
//     retrying and the answer is returned); otherwise the wait grows
//     exponentially from 1s with full jitter, at most 30s;
//   - every wait ends with the request's context, so Terraform's operation
//     timeouts bound the whole thing;
//   - reads, PATCH (idempotent here) and refresh (a second scan is harmless)
//     are retried on all of the above; remediate is retried only when Graph
//     cannot have acted on it: a 429, or a connection that failed before the
//     request was sent;
//   - each retry asks the credential for its token again, since a wait can
//     outlast the token;
//   - every retry is logged with its reason and Graph's request id.
type retryHandler struct {
	maxRetries    int
	maxRetryAfter time.Duration
	base, cap     time.Duration
	// authorize, when set, gives the token of a retried request that
	// carries one: the first one may have expired during the wait.
	authorize func(ctx context.Context) (string, error)
}

func newRetryHandler(cfg Config) retryHandler {
	h := retryHandler{maxRetries: cfg.MaxRetries, maxRetryAfter: cfg.MaxRetryAfter, base: defaultRetryBase, cap: defaultRetryCap,
		authorize: cfg.authorize}
	switch {
	case h.maxRetries == 0:
		h.maxRetries = defaultMaxRetries
	case h.maxRetries < 0:
		h.maxRetries = 0
	case h.maxRetries > MaxRetriesLimit:
		h.maxRetries = MaxRetriesLimit
	}
	if h.maxRetryAfter <= 0 {
		h.maxRetryAfter = defaultMaxRetryAfter
	}
	if cfg.retryBase > 0 {
		h.base = cfg.retryBase
	}
	return h
}

// Intercept implements khttp.Middleware.
func (h retryHandler) Intercept(pipeline khttp.Pipeline, index int, req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("reading the request body: %w", err)
		}
		body = b
	}
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
			req.ContentLength = int64(len(body))
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		}
		if attempt > 0 {
			req.Header.Set("Retry-Attempt", strconv.Itoa(attempt))
			if h.authorize != nil && req.Header.Get("Authorization") != "" {
				tok, err := h.authorize(ctx)
				if err != nil {
					return nil, fmt.Errorf("getting an access token to retry the request: %w", err)
				}
				req.Header.Set("Authorization", "Bearer "+tok)
			}
		}
		resp, err := pipeline.Next(req, index)
		reason, retryable := h.classify(req, resp, err)
		if !retryable || attempt >= h.maxRetries {
			return resp, err
		}
		wait := h.backoff(attempt)
		fields := map[string]any{"reason": reason, "attempt": attempt + 1, "max_retries": h.maxRetries, "method": req.Method, "url": req.URL.String()}
		if resp != nil {
			fields["status"] = resp.StatusCode
			fields["request_id"] = resp.Header.Get("request-id")
			if ra, ok := retryAfter(resp); ok {
				if ra > h.maxRetryAfter {
					fields["retry_after"] = ra.String()
					fields["max_retry_after"] = h.maxRetryAfter.String()
					logWarn(ctx, "Graph asked to wait longer than max_retry_after; not retrying", fields)
					return resp, err
				}
				wait = max(ra, 0)
			}
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			_ = resp.Body.Close()
		}
		fields["wait"] = wait.String()
		logWarn(ctx, "retrying Graph request", fields)
		if werr := Sleep(ctx, wait); werr != nil {
			if err == nil {
				err = fmt.Errorf("%s; gave up retrying: %w", reason, werr)
			}
			return nil, err
		}
	}
}

// classify says whether the outcome of one attempt may be retried and why.
func (h retryHandler) classify(req *http.Request, resp *http.Response, err error) (string, bool) {
	remediate := req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/remediate")
	if err != nil {
		if req.Context().Err() != nil || untrusted(err) {
			// An untrusted certificate stays untrusted: retrying only delays
			// the error.
			return "", false
		}
		if notSent(err) {
			return "connection failed before the request was sent: " + err.Error(), true
		}
		if remediate {
			// The request may have reached Graph: remediating twice could
			// act on a tenant that changed meanwhile, so let the caller see it.
			return "", false
		}
		return "connection dropped: " + err.Error(), true
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return "throttled (429)", true
	case http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if remediate {
			return "", false
		}
		return fmt.Sprintf("service unavailable (%d)", resp.StatusCode), true
	}
	return "", false
}

// backoff is the wait before retry attempt+1 when Graph gives no Retry-After:
// exponential from base, capped, with full jitter in [d/2, d].
func (h retryHandler) backoff(attempt int) time.Duration {
	d := h.base << min(attempt, 16)
	if d > h.cap || d <= 0 {
		d = h.cap
	}
	half := d / 2
	return half + rand.N(half+1)
}

// notSent reports whether err happened before any byte of the request could
// reach the server: the dial failed (refused, unreachable, DNS).
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// untrusted reports whether err is a TLS certificate verification failure
// (unknown authority, wrong host name, expired or otherwise invalid). A
// token request's failure reaches the client as azidentity's error, which
// keeps only the text of the transport error, so that is matched too.
func untrusted(err error) bool {
	var verification *tls.CertificateVerificationError
	var authority x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	if errors.As(err, &verification) || errors.As(err, &authority) || errors.As(err, &host) || errors.As(err, &invalid) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "tls: failed to verify certificate") || strings.Contains(msg, "x509: certificate")
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

// Sleep waits for d or until ctx ends, and then returns ctx's error.
// Every wait of the client (a retry's backoff, an operation's poll) ends
// with the request's context, so Terraform's operation timeouts bound it.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
