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
// in internal/cmd/mockgraph runs the same server standalone. The provider
// binary never links this package.
//
// This package is the façade: Server, its options and its Go API, and the
// request pipeline (log, latency, faults, token check) in front of its
// parts, one folder each:
//
//	tenant    the model: directory, alerts, scans, remediation, seed (no HTTP, no JSON)
//	graphapi  the two Graph APIs: routes, OData options, PATCH rules, rendering
//	entra     Entra ID: tokens, metadata, app registrations, CI identity providers
//	harness   faults, the request log and the /_simulator/ control API
//	tlsca     the CA and certificates
package mockgraph

import (
	"bytes"
	"compress/gzip"
	"crypto/x509"
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
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/entra"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/graphapi"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/harness"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tlsca"
)

// Server is a running simulated tenant: the first (or only) tenant of a
// simulator, or another of its tenants (Tenants). All methods are safe for
// concurrent use: the tenant model, the app registrations, the request
// log and the faults each have their own lock.
type Server struct {
	*host
	tenantID  string // immutable after Start
	tenant    *tenant.Tenant
	graph     *graphapi.API
	directory *entra.Directory
}

// host is what the tenants of one simulator share: the listener and its
// certificate, the signing keys, the request log and the faults.
type host struct {
	cfg      settings
	srv      *httptest.Server
	endpoint string
	certs    *tlsca.Certificates
	keys     *entra.Keys
	log      harness.Log
	faults   *harness.Faults
	tenants  []*Server // immutable after Start
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
	if cfg.tenants == 0 {
		cfg.tenants = 1
	}
	if cfg.tenants < 0 {
		return nil, errors.New("the number of tenants must be positive")
	}
	h := &host{cfg: cfg}
	seed := rand.Uint64()
	if cfg.randSeed != nil {
		seed = *cfg.randSeed
	}
	h.faults = harness.NewFaults(seed)

	var err error
	if h.certs, err = tlsca.NewCertificates(cfg.ca); err != nil {
		return nil, err
	}
	if h.keys, err = entra.NewKeys(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.listenAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.listenAddr, err)
	}
	h.endpoint = "https://" + ln.Addr().String()
	for i := range cfg.tenants {
		t, err := h.newServer(i)
		if err != nil {
			_ = ln.Close()
			return nil, err
		}
		h.tenants = append(h.tenants, t)
	}
	s := h.tenants[0]

	s.srv = httptest.NewUnstartedServer(s)
	_ = s.srv.Listener.Close()
	s.srv.Listener = ln
	s.srv.TLS = s.certs.ServerConfig()
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if cfg.logger != nil {
		s.srv.Config.ErrorLog = cfg.logger
	}
	s.srv.StartTLS()
	return s, nil
}

// newServer builds tenant i of the host: the seed's model under the
// tenant's id, its directory and its Graph API.
func (h *host) newServer(i int) (*Server, error) {
	seed := *h.cfg.seed
	seed.TenantID = TenantIDOf(&seed, i)
	s := &Server{host: h}
	var err error
	if s.tenant, err = newTenant(&seed, h.cfg.catalogue, h.cfg); err != nil {
		return nil, fmt.Errorf("load seed: %w", err)
	}
	s.tenantID = s.tenant.ID()
	s.directory = entra.New(h.endpoint, s.tenantID, seed.Apps, h.keys, h.logf)
	if i > 0 {
		// The seed's apps are multi-tenant applications homed in the
		// first tenant and consented in the others (entra.ConsentTo).
		s.directory.ConsentTo(h.tenants[0].directory)
	}
	s.graph = graphapi.New(s.tenant, graphapi.Config{
		Catalogue:              h.cfg.catalogue,
		Endpoint:               h.endpoint,
		PageSize:               h.cfg.pageSize,
		ExpandedIncidentsPaged: h.cfg.expandedIncidents() == ExpandedIncidentsPaged,
		RangesUnchecked:        h.cfg.ranges() == RangesUnchecked,
		PermissionErrorsPIM:    h.cfg.permissionErrors() == PermissionErrorsPIM,
		FailOperation:          s.failOperation,
	})
	s.tenant.Refresh()
	return s, nil
}

// TenantIDOf is the tenant id of tenant i of a simulator started with
// seed: the seed's own for the first, a GUID derived from it and i for
// the others (WithTenants).
func TenantIDOf(seed *Seed, i int) string {
	if i == 0 {
		return seed.TenantID
	}
	return tenant.GUIDFrom("mockgraph tenant", strings.ToLower(seed.TenantID), strconv.Itoa(i))
}

// Tenants returns a Server for each tenant of the simulator, the first
// being the one Start returned (WithTenants). They share the listener, the
// request log and the faults; Close closes all.
func (s *Server) Tenants() []*Server { return slices.Clone(s.tenants) }

// tenantByID returns the tenant whose id is id (any case), or nil.
func (h *host) tenantByID(id string) *Server {
	for _, t := range h.tenants {
		if strings.EqualFold(t.tenantID, id) {
			return t
		}
	}
	return nil
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
	graph  graphapi.Route // of a Graph route
}

// call is one request being answered: the Graph API's view of it, and
// what the pipeline needs besides.
type call struct {
	graphapi.Call
	// tenant is the tenant of the request's token, once authorized.
	tenant *Server
	w      *statusRecorder
	// recordNow appends the request to the log once; a dropped connection
	// records before closing, so a client never sees the drop first.
	recordNow func()
}

// resolve maps a request to its route: a Graph route, an identity route
// or the control API; anything else is Graph's 400.
func (s *Server) resolve(method string, segs []string, c *call) route {
	if rt, ok := s.graph.Route(method, segs, &c.Call); ok {
		// The route's handler is that of the tenant of the request's token
		// (see authorize), which only then is known.
		return route{name: rt.Name, kind: kindGraph, graph: rt, handle: func(c *call) {
			t := c.tenant
			if t == nil {
				t = s
			}
			rt, _ := t.graph.Route(method, segs, &c.Call)
			rt.Handle(t.graph.NewCall(&c.Call))
		}}
	}
	// An identity path names its tenant first; other tenants' paths (and
	// the tenant-less ones) go to the first tenant's directory, which
	// answers that it does not know the tenant.
	d := s.directory
	if len(segs) > 0 {
		if t := s.tenantByID(segs[0]); t != nil {
			d = t.directory
		}
	}
	if name, h, ok := d.Route(segs); ok {
		return route{name: name, kind: kindAuth, handle: func(c *call) {
			h(&entra.Call{W: c.W, R: c.R, Body: c.Body})
		}}
	}
	if len(segs) >= 1 && segs[0] == "_simulator" {
		c.Segs = segs[1:]
		return route{name: "simulator", kind: kindControl, handle: s.control}
	}
	segment := "/"
	if len(segs) > 0 {
		segment = segs[0]
	}
	rt := graphapi.Unsupported(graphapi.BadRequest("Resource not found for the segment '%s'.", segment))
	return route{name: rt.Name, kind: kindGraph, graph: rt, handle: func(c *call) { rt.Handle(&c.Call) }}
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	c := &call{w: &statusRecorder{ResponseWriter: w}}
	c.W, c.R, c.RequestID = c.w, r, tenant.NewGUID()
	c.ClientRequestID = r.Header.Get("client-request-id")
	if c.ClientRequestID == "" {
		c.ClientRequestID = c.RequestID
	}
	w.Header().Set("request-id", c.RequestID)
	w.Header().Set("client-request-id", c.ClientRequestID)

	segs, err := pathSegments(r.URL)
	rt := s.resolve(r.Method, segs, c)
	c.Route = rt.name
	body, bodyErr := readBody(r)
	c.Body = body
	if rt.kind != kindControl {
		s.log.Arrived(rt.name)
		var once sync.Once
		c.recordNow = func() { once.Do(func() { s.record(c, rt, start) }) }
		defer c.recordNow()
	}
	switch {
	case err != nil:
		c.Fail(graphapi.BadRequest("The request path is malformed: %v.", err))
		return
	case bodyErr != nil:
		c.Fail(bodyErr)
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
		if e := s.authorize(c, rt); e != nil {
			c.Fail(e)
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
	maps.Copy(buf.Header(), client.Header())
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

// authorize verifies the bearer token of a Graph request and checks its
// grants against the route.
//
// The token's tenant (its tid) says whose directory verifies it and whose
// tenant the request sees: a token of tenant A never reads tenant B. A
// token of a tenant the simulator does not serve is verified, and refused,
// by the first tenant's directory.
func (s *Server) authorize(c *call, rt route) *graphapi.Error {
	header := c.R.Header.Get("Authorization")
	t := s.tenantByID(entra.TenantOf(header))
	if t == nil {
		t = s
	}
	tok, err := t.directory.VerifyAccessToken(header)
	if err != nil {
		return graphapi.Unauthorized(err.Error())
	}
	c.tenant = t
	need, e := t.graph.Authorize(&c.Call, rt.graph, graphapi.Token{AppID: tok.AppID, Roles: tok.Roles, Scopes: tok.Scopes})
	if e != nil && len(tok.Scopes) > 0 {
		s.logf("refused %s: no %s scope", tok, strings.Join(need, " or "))
	}
	return e
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
func readBody(r *http.Request) ([]byte, *graphapi.Error) {
	if r.Body == nil {
		return nil, nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, graphapi.BadRequest("Could not read the request body: %v.", err)
	}
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, graphapi.BadRequest("The request body is not valid gzip: %v.", err)
		}
		raw, err = io.ReadAll(io.LimitReader(zr, maxBody+1))
		if err != nil {
			return nil, graphapi.BadRequest("The request body is not valid gzip: %v.", err)
		}
	default:
		return nil, graphapi.Errorf(http.StatusUnsupportedMediaType, "UnsupportedMediaType", "Content-Encoding %q is not supported; use gzip or none.", enc)
	}
	if len(raw) > maxBody {
		return nil, graphapi.Errorf(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request body is larger than %d bytes.", maxBody)
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

// logf logs when a logger is configured.
func (h *host) logf(format string, args ...any) {
	if h.cfg.logger != nil {
		h.cfg.logger.Printf(format, args...)
	}
}
