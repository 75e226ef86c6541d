// Package mockgraph is a simulated Microsoft Graph tenant for the PIM
// security alerts API (/beta/identityGovernance/roleManagementAlerts).
//
// It is a stateful server, not canned data: a tenant model (users,
// privileged roles, assignments made in and outside PIM, sign-ins,
// activations, licence) from which each alert type's scan computes
// incidents under the alert's configuration. It serves every documented
// operation with Graph's status codes, bodies and quirks, issues tokens
// through an OAuth2 endpoint with OpenID metadata so azidentity's real code
// path runs, and offers fault injection and a request log.
//
// Tests call New for a fresh tenant on an httptest TLS server; the command
// in internal/cmd/mockgraph runs the same server standalone. The provider binary
// never links this package.
package mockgraph

import (
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/harness"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"

	"bytes"
	"compress/gzip"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tlsca"
)

type settings struct {
	catalogue    alerttypes.Catalogue
	seed         *Seed
	listenAddr   string
	latency      time.Duration
	pageSize     int
	scanDuration time.Duration
	// variants holds the value of each undocumented behaviour (variants.go).
	variants [variantCount]int
	ca       *CA
	now      func() time.Time
	randSeed *uint64
	logger   *log.Logger
}

// Option configures a Server.
type Option func(*settings)

// WithSeed loads this tenant model instead of the embedded realistic seed.
func WithSeed(seed *Seed) Option { return func(s *settings) { s.seed = seed } }

// WithCatalogue serves the alert types of cat instead of alerttypes.Builtin()
// (for tests of a type Microsoft might add; a type without a scan in
// scans.go never has incidents).
func WithCatalogue(cat alerttypes.Catalogue) Option { return func(s *settings) { s.catalogue = cat } }

// WithCA signs the server certificate with ca instead of a CA of the
// server's own, so that many simulators need one trusted certificate.
func WithCA(ca *CA) Option { return func(s *settings) { s.ca = ca } }

// WithListenAddr sets the listen address (default "127.0.0.1:0").
func WithListenAddr(addr string) Option { return func(s *settings) { s.listenAddr = addr } }

// WithLatency adds d to every Graph request.
func WithLatency(d time.Duration) Option { return func(s *settings) { s.latency = d } }

// WithPageSize sets the server-driven page size of incident lists (default 100).
func WithPageSize(n int) Option { return func(s *settings) { s.pageSize = n } }

// WithScanDuration sets how long a refresh operation runs before PIM
// completes it on its own, polled or not (default one second; zero
// completes it at once).
func WithScanDuration(d time.Duration) Option { return func(s *settings) { s.scanDuration = d } }

// WithClock sets the tenant's clock (default time.Now). It drives the seed's
// relative dates, scans and timestamps; tokens always use real time.
func WithClock(now func() time.Time) Option { return func(s *settings) { s.now = now } }

// WithRandSeed makes fault rates reproducible: the per-server random source
// is seeded with seed instead of a random value.
func WithRandSeed(seed uint64) Option { return func(s *settings) { s.randSeed = &seed } }

// WithLogger logs one line per request (and fault) to l.
func WithLogger(l *log.Logger) Option { return func(s *settings) { s.logger = l } }

// Server is a running simulated tenant. All methods are safe for
// concurrent use.
type Server struct {
	cfg      settings
	srv      *httptest.Server
	endpoint string
	certs    *tlsca.Certificates
	keys     *signingKeys
	tenantID string // immutable after Start
	sets     entitySets
	// graphPaths are the Graph routes, in the order they are matched.
	graphPaths []graphPath

	tenant *tenant.Tenant
	apps   apps

	log    harness.Log
	faults *harness.Faults
}

// New starts a fresh simulated tenant on an httptest TLS server for one
// test and registers Close with t.Cleanup.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("mockgraph: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start is New without testing.TB (for the standalone command); the caller
// must Close the server.
func Start(opts ...Option) (*Server, error) {
	cfg := settings{catalogue: alerttypes.Builtin(), listenAddr: "127.0.0.1:0", pageSize: 100, scanDuration: time.Second, now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.seed == nil {
		seed, err := DefaultSeed()
		if err != nil {
			return nil, err
		}
		cfg.seed = seed
	}
	if cfg.pageSize < 0 || cfg.scanDuration < 0 {
		return nil, errors.New("page size and scan duration must not be negative")
	}
	s := &Server{cfg: cfg, sets: newEntitySets(cfg.catalogue)}
	s.graphPaths = s.newGraphPaths()
	var seed uint64
	if cfg.randSeed != nil {
		seed = *cfg.randSeed
	} else {
		seed = rand.Uint64()
	}
	s.faults = harness.NewFaults(seed)

	var err error
	if s.certs, err = tlsca.NewCertificates(cfg.ca); err != nil {
		return nil, err
	}
	if s.keys, err = newSigningKeys(); err != nil {
		return nil, err
	}
	if s.tenant, err = newTenant(cfg.seed, cfg.catalogue, cfg); err != nil {
		return nil, fmt.Errorf("load seed: %w", err)
	}
	s.tenantID = s.tenant.ID()
	s.apps.load(cfg.seed.Apps)

	ln, err := net.Listen("tcp", cfg.listenAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.listenAddr, err)
	}
	s.srv = httptest.NewUnstartedServer(s)
	_ = s.srv.Listener.Close()
	s.srv.Listener = ln
	s.srv.TLS = s.certs.ServerConfig()
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if cfg.logger != nil {
		s.srv.Config.ErrorLog = cfg.logger
	}
	s.endpoint = "https://" + ln.Addr().String()
	s.srv.StartTLS()

	s.registerBuiltinFederation()
	s.tenant.Refresh()
	return s, nil
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// GraphEndpoint returns "https://127.0.0.1:PORT"; Graph routes live under /beta.
func (s *Server) GraphEndpoint() string { return s.endpoint }

// AuthorityHost returns "https://127.0.0.1:PORT/"; the token endpoint is
// /{tenant}/oauth2/v2.0/token below it.
func (s *Server) AuthorityHost() string { return s.endpoint + "/" }

// TenantID returns the tenant's GUID.
func (s *Server) TenantID() string { return s.tenantID }

// AlertID returns "DirectoryRole_{tenant}_{alertType}".
func (s *Server) AlertID(alertType string) string { return alerttypes.AlertID(s.tenantID, alertType) }

// CACertPEM returns the PEM of the CA that signed the TLS certificate.
func (s *Server) CACertPEM() []byte { return bytes.Clone(s.certs.CAPEM) }

// CertPool returns a pool containing only that CA.
func (s *Server) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(s.certs.CA)
	return p
}

// routeKind says which pipeline a request goes through.
type routeKind int

const (
	kindGraph   routeKind = iota // latency, faults, bearer token, then the handler
	kindAuth                     // token endpoint, identity metadata and simulated CI identity providers: faults only
	kindControl                  // the /_simulator/ control API: not logged, no faults
)

// route is a resolved request.
type route struct {
	name   string
	kind   routeKind
	handle func(*call)
	// permissions are the app roles of which a token needs one; nil for
	// the alerts API (RoleManagementAlert.Read or ReadWrite, by method).
	permissions []string
}

// call is one request being answered.
type call struct {
	s               *Server
	w               *statusRecorder
	r               *http.Request
	body            []byte
	requestID       string
	clientRequestID string
	route           string   // route name
	segs            []string // decoded path segments the handler reads (see resolve)
	query           query
	// grants are the application permissions (roles) and delegated scopes
	// of the request's token, once authenticated.
	grants []string
	// recordNow appends the request to the log once; a dropped connection
	// records before closing, so a client never sees the drop first.
	recordNow func()
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	c := &call{s: s, r: r, w: &statusRecorder{ResponseWriter: w}, requestID: tenant.NewGUID()}
	c.clientRequestID = r.Header.Get("client-request-id")
	if c.clientRequestID == "" {
		c.clientRequestID = c.requestID
	}
	w.Header().Set("request-id", c.requestID)
	w.Header().Set("client-request-id", c.clientRequestID)

	segs, err := pathSegments(r.URL)
	rt := s.resolve(r.Method, segs, c)
	c.route = rt.name
	body, bodyErr := readBody(r)
	c.body = body
	if rt.kind != kindControl {
		s.log.Arrived(rt.name)
		var once sync.Once
		c.recordNow = func() { once.Do(func() { s.record(c, rt, start) }) }
		defer c.recordNow()
	}
	switch {
	case err != nil:
		c.fail(badRequest("The request path is malformed: %v.", err))
		return
	case bodyErr != nil:
		c.fail(bodyErr)
		return
	}
	if rt.kind == kindControl {
		rt.handle(c)
		return
	}
	if rt.kind == kindGraph && s.cfg.latency > 0 && !sleep(r, s.cfg.latency) {
		return
	}
	if s.injectFaults(c, rt, false) {
		return
	}
	if rt.kind == kindGraph {
		if e := s.authenticate(c, rt); e != nil {
			c.fail(e)
			return
		}
	}
	if !s.faults.HasAfter() {
		rt.handle(c)
		return
	}
	// Handle into a buffer, so that a fault firing after the request took
	// effect can delay, lose or replace the answer.
	client := c.w.ResponseWriter
	buf := httptest.NewRecorder()
	c.w.ResponseWriter = buf
	rt.handle(c)
	c.w.ResponseWriter, c.w.status = client, 0
	if s.injectFaults(c, rt, true) {
		return
	}
	maps.Copy(c.w.Header(), buf.Header())
	c.w.WriteHeader(buf.Code)
	_, _ = c.w.Write(buf.Body.Bytes())
}

// pathSegments splits the escaped path and decodes each segment, so an
// encoded "/" stays inside its segment and "%3A" becomes ":".
func pathSegments(u *url.URL) ([]string, error) {
	raw := strings.Trim(u.EscapedPath(), "/")
	if raw == "" {
		return nil, nil
	}
	parts := strings.Split(raw, "/")
	for i, p := range parts {
		d, err := url.PathUnescape(p)
		if err != nil {
			return nil, fmt.Errorf("segment %q: %w", p, err)
		}
		parts[i] = d
	}
	return parts, nil
}

// maxBody bounds request bodies (after decompression).
const maxBody = 1 << 20

// readBody reads the request body, gunzipping it when the client says so
// (the Graph SDK compresses every body it sends).
func readBody(r *http.Request) ([]byte, *apiError) {
	if r.Body == nil {
		return nil, nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, badRequest("Could not read the request body: %v.", err)
	}
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, badRequest("The request body is not valid gzip: %v.", err)
		}
		raw, err = io.ReadAll(io.LimitReader(zr, maxBody+1))
		if err != nil {
			return nil, badRequest("The request body is not valid gzip: %v.", err)
		}
	default:
		return nil, errorf(http.StatusUnsupportedMediaType, "UnsupportedMediaType", "Content-Encoding %q is not supported; use gzip or none.", enc)
	}
	if len(raw) > maxBody {
		return nil, errorf(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request body is larger than %d bytes.", maxBody)
	}
	if len(raw) == 0 {
		return nil, nil
	}
	return raw, nil
}

// sleep waits d or until the client goes away; it reports whether the
// request should still be answered.
func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// statusRecorder remembers the status written.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// jsonContentType is the Content-Type of Graph's JSON answers.
const jsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// json writes v as the JSON body.
func (c *call) json(status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = fmt.Appendf(nil, `{"error":{"code":"InternalServerError","message":%q}}`, err.Error())
	}
	if c.w.Header().Get("Content-Type") == "" {
		c.w.Header().Set("Content-Type", jsonContentType)
	}
	c.w.WriteHeader(status)
	_, _ = c.w.Write(b)
}

// empty answers status without a body.
func (c *call) empty(status int) { c.w.WriteHeader(status) }

// fail writes e in Graph's standard error envelope (or e.body).
func (c *call) fail(e *apiError) {
	for k, v := range e.header {
		c.w.Header()[k] = v
	}
	if e.body != nil {
		c.json(e.status, e.body)
		return
	}
	c.json(e.status, object{{"error", object{
		{"code", e.code},
		{"message", e.message},
		{"innerError", object{
			{"date", time.Now().UTC().Format("2006-01-02T15:04:05")},
			{"request-id", c.requestID},
			{"client-request-id", c.clientRequestID},
		}},
	}}})
}

// logf logs when a logger is configured.
func (s *Server) logf(format string, args ...any) {
	if s.cfg.logger != nil {
		s.cfg.logger.Printf(format, args...)
	}
}
