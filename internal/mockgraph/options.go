package mockgraph

import (
	"log"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
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
	tenants  int
}

// Option configures a Server.
type Option func(*settings)

// WithSeed loads this tenant model instead of the embedded realistic seed.
func WithSeed(seed *Seed) Option { return func(s *settings) { s.seed = seed } }

// WithCatalogue serves the alert types of cat instead of alerttypes.Builtin()
// (for tests of a type Microsoft might add; a type without a scan in
// tenant/scans.go never has incidents).
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

// WithTenants serves n tenants from one simulator (default 1). Each has
// its own model (the seed's, under its own tenant id), its own app
// registrations and alert ids; a token is issued for one tenant (its tid)
// and sees only that tenant. The seed's apps are multi-tenant applications
// of the first tenant consented in the others: one client id and secret
// (or certificate, or federated credential, registered on the first
// tenant) signs in to each; Server.RevokeConsent makes a tenant refuse one. The first tenant is the seed's; tenant i
// after it has the tenant id TenantIDOf(seed, i). Server.Tenants returns
// a Server for each.
func WithTenants(n int) Option { return func(s *settings) { s.tenants = n } }
