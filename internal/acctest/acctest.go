// Package acctest wires acceptance tests to a tenant: by default a fresh
// simulated tenant per test (its own internal/mockgraph server and provider
// factories whose provider authenticates to it through the real
// client-secret flow); with ENTRAPIM_ACC_LIVE=1, for the live-capable tests
// (NewLiveCapable), the real tenant of the ARM_* environment. Only tests
// import this package.
package acctest

import (
	"os"
	"sync"
	"testing"
	"time"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

// ProviderName is the provider's type name in test configurations.
const ProviderName = "entrapim"

// Live reports whether acceptance tests run against a real tenant
// (ENTRAPIM_ACC_LIVE=1 with ARM_* credentials in the environment).
func Live() bool { return os.Getenv("ENTRAPIM_ACC_LIVE") == "1" }

// Tenant is one test's simulated tenant and the provider factories that
// reach it. In live mode Server is nil and the factories use the real
// environment.
type Tenant struct {
	Server    *mockgraph.Server
	Factories map[string]func() (tfprotov6.ProviderServer, error)
	env       map[string]string

	clientOnce sync.Once
	client     *graph.Client
	clientErr  error
}

// New starts a fresh simulated tenant for t (closed with t.Cleanup) and
// returns it with factories for resource.TestCase.ProtoV6ProviderFactories.
func New(t *testing.T, opts ...mockgraph.Option) *Tenant {
	t.Helper()
	if Live() {
		t.Skip("simulator only: reads or changes the tenant out of band through the simulated tenant's " +
			"in-process state or control API, which a real tenant cannot offer (ENTRAPIM_ACC_LIVE=1 runs the live-capable tests)")
	}
	return simulated(t, opts...)
}

// simulated starts a fresh simulated tenant for t.
func simulated(t *testing.T, opts ...mockgraph.Option) *Tenant {
	t.Helper()
	srv := mockgraph.New(t, opts...)
	id, secret := srv.ReadWriteClient()
	env := map[string]string{
		"ARM_TENANT_ID":           srv.TenantID(),
		"ARM_CLIENT_ID":           id,
		"ARM_CLIENT_SECRET":       secret,
		"ENTRAPIM_GRAPH_ENDPOINT": srv.GraphEndpoint(),
		"ENTRAPIM_AUTHORITY_HOST": srv.AuthorityHost(),
		// The Global Administrator guard's lock and record of the test.
		remediation.GuardDirEnv: t.TempDir(),
	}
	tn := &Tenant{Server: srv, env: env}
	tn.Factories = tn.FactoriesWithEnv(env)
	return tn
}

// Env returns a copy of the environment the provider sees.
func (tn *Tenant) Env() map[string]string {
	out := make(map[string]string, len(tn.env))
	for k, v := range tn.env {
		out[k] = v
	}
	return out
}

// FactoriesWithEnv returns factories whose provider sees exactly env as its
// environment (nothing of the process environment) and trusts the tenant's CA.
func (tn *Tenant) FactoriesWithEnv(env map[string]string, opts ...provider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	getenv := func(k string) string { return env[k] }
	all := append([]provider.Option{
		provider.WithGetenv(getenv),
		provider.WithTransport(tn.Server.HTTPClient().Transport),
		// The simulator shows a removal at once; a lost answer it never
		// acted on need not be re-read for long.
		provider.WithGuardOptions(remediation.WithWaits(2*time.Second, 2*time.Second)),
	}, opts...)
	return map[string]func() (tfprotov6.ProviderServer, error){
		ProviderName: serve(provider.New("test", all...)),
	}
}

// serve is the factory of the provider's server, as the provider binary
// serves it (provider.NewServer).
func serve(p func() fwprovider.Provider) func() (tfprotov6.ProviderServer, error) {
	srv := provider.NewServer(p, nil)
	return func() (tfprotov6.ProviderServer, error) { return srv(), nil }
}

// Factories returns factories for the real environment (live tests).
func Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		ProviderName: serve(provider.New("test")),
	}
}

// PreCheck fails a live test early when credentials are missing.
func PreCheck(t *testing.T) {
	t.Helper()
	if Live() && os.Getenv("ARM_TENANT_ID") == "" {
		t.Fatal("ENTRAPIM_ACC_LIVE=1 needs ARM_TENANT_ID and credentials in the environment")
	}
}

// ScanVariant is one combination of the scan behaviours Microsoft does not
// pin down: what PIM's daily scan does to a dismissed alert, and which
// dismissed alerts a refresh reactivates.
type ScanVariant struct {
	Daily   mockgraph.DailyScan
	Refresh mockgraph.RefreshReactivation
}

func (v ScanVariant) String() string {
	return "daily-scan=" + v.Daily.String() + ",refresh=" + v.Refresh.String()
}

// Option is the server option of the variant.
func (v ScanVariant) Option() mockgraph.Option {
	return mockgraph.AllOf(mockgraph.WithDailyScan(v.Daily), mockgraph.WithRefreshReactivation(v.Refresh))
}

// EachScanVariant runs test once per ScanVariant, as subtests (which go
// parallel through resource.ParallelTest or t.Parallel): for the tests
// whose outcome involves a dismissed alert and a scan. test gets the
// variant and its server option.
func EachScanVariant(t *testing.T, test func(t *testing.T, v ScanVariant, opt mockgraph.Option)) {
	t.Helper()
	for _, daily := range mockgraph.DailyScans {
		for _, refresh := range mockgraph.RefreshReactivations {
			v := ScanVariant{Daily: daily, Refresh: refresh}
			t.Run(v.String(), func(t *testing.T) { test(t, v, v.Option()) })
		}
	}
}

// BreakGlassID returns the id of srv's break-glass account (the seed's
// breakglass@ user), failing t when there is none.
func BreakGlassID(t testing.TB, srv *mockgraph.Server) string {
	t.Helper()
	u, ok := srv.BreakGlass()
	if !ok {
		t.Fatal("the tenant has no break-glass account")
	}
	return u.ID
}
