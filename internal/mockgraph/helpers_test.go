package mockgraph_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

const (
	prefix     = "/beta/identityGovernance/roleManagementAlerts"
	scopeQuery = "$filter=scopeId%20eq%20'/'%20and%20scopeType%20eq%20'DirectoryRole'"
)

// raw is a plain HTTP client for the simulator with a bearer token, for
// tests that look at the wire format.
type raw struct {
	t     testing.TB
	s     *mockgraph.Server
	http  *http.Client
	token string
}

// newTenant starts a fresh tenant with opts and returns it with a raw
// client authenticated as its read-write app.
func newTenant(t testing.TB, opts ...mockgraph.Option) (*mockgraph.Server, *raw) {
	t.Helper()
	// Refreshes end at once unless a test says otherwise, so that tests
	// with a stopped clock see them end.
	s := mockgraph.New(t, append([]mockgraph.Option{mockgraph.WithScanDuration(0)}, opts...)...)
	return s, newRaw(t, s)
}

// newRaw returns a raw client authenticated as the read-write app.
func newRaw(t testing.TB, s *mockgraph.Server) *raw {
	id, secret := s.ReadWriteClient()
	return newRawAs(t, s, id, secret)
}

func newRawAs(t testing.TB, s *mockgraph.Server, clientID, secret string) *raw {
	t.Helper()
	r := &raw{t: t, s: s, http: s.HTTPClient()}
	status, body := r.requestToken(clientID, secret, s.GraphEndpoint()+"/.default")
	if status != http.StatusOK {
		t.Fatalf("token: %d %s", status, body)
	}
	r.token = body["access_token"].(string)
	return r
}

// requestToken posts a client-credentials request and returns the status and JSON body.
func (r *raw) requestToken(clientID, secret, scope string) (int, map[string]any) {
	r.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret}, "scope": {scope}}
	resp, err := r.http.PostForm(r.s.AuthorityHost()+r.s.TenantID()+"/oauth2/v2.0/token", form)
	if err != nil {
		r.t.Fatalf("token request: %v", err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		r.t.Fatalf("token response: %v", err)
	}
	return resp.StatusCode, m
}

// response is a raw answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a map.
func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decode %d %q: %v", r.status, r.body, err)
	}
	return m
}

// do sends a request to path (relative to the Graph endpoint) with an
// optional JSON body, gzip-compressed like the SDK does.
func (r *raw) do(method, path string, body any) response {
	r.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			r.t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(b)
		_ = zw.Close()
		rd = &buf
	}
	u := path
	if !strings.HasPrefix(u, "https://") {
		u = r.s.GraphEndpoint() + path
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		r.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	resp, err := r.http.Do(req)
	if err != nil {
		r.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// get GETs path and requires status.
func (r *raw) get(path string, status int) map[string]any {
	r.t.Helper()
	resp := r.do(http.MethodGet, path, nil)
	if resp.status != status {
		r.t.Fatalf("GET %s: %d %s, want %d", path, resp.status, resp.body, status)
	}
	return resp.json(r.t)
}

// alertPath returns the path of an alert (plus suffix).
func (r *raw) alertPath(alertType string, suffix ...string) string {
	return prefix + "/alerts/" + r.s.AlertID(alertType) + strings.Join(suffix, "")
}

// refresh POSTs a refresh of one alert (or all when alertType is "") and
// polls the operation from Location until it is terminal; it returns the
// final operation.
func (r *raw) refresh(alertType string) map[string]any {
	r.t.Helper()
	var resp response
	if alertType == "" {
		resp = r.do(http.MethodPost, prefix+"/alerts/refresh", map[string]string{"scopeId": "/", "scopeType": "DirectoryRole"})
	} else {
		resp = r.do(http.MethodPost, r.alertPath(alertType, "/refresh"), nil)
	}
	if resp.status != http.StatusAccepted {
		r.t.Fatalf("refresh %s: %d %s", alertType, resp.status, resp.body)
	}
	loc := resp.header.Get("Location")
	for range 20 {
		op := r.get(loc, http.StatusOK)
		if st := op["status"]; st == "succeeded" || st == "failed" {
			return op
		}
	}
	r.t.Fatalf("operation %s never completed", loc)
	return nil
}

// errorCode returns error.code of a standard error envelope.
func errorCode(t testing.TB, resp response) string {
	t.Helper()
	e, ok := resp.json(t)["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error envelope in %d %s", resp.status, resp.body)
	}
	return e["code"].(string)
}

// clock is a settable tenant clock, safe for concurrent use.
type clock struct{ nanos atomic.Int64 }

var clockStart = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func newClock() *clock {
	c := &clock{}
	c.nanos.Store(clockStart.UnixNano())
	return c
}

func (c *clock) Now() time.Time          { return time.Unix(0, c.nanos.Load()).UTC() }
func (c *clock) Advance(d time.Duration) { c.nanos.Add(int64(d)) }

// dismiss PATCHes isActive=false on an alert, as a dismissal in the
// portal does.
func (r *raw) dismiss(alertType string) {
	r.t.Helper()
	if resp := r.do(http.MethodPatch, r.alertPath(alertType), map[string]any{"isActive": false}); resp.status != http.StatusNoContent {
		r.t.Fatalf("dismiss %s: %d %s", alertType, resp.status, resp.body)
	}
}
