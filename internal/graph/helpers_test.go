package graph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

const testUserAgent = "terraform-provider-entrapim/test"

// credential returns a client-secret credential against the simulator's
// token endpoint: the provider's real azidentity code path.
func credential(t *testing.T, srv *mockgraph.Server, clientID, secret string) azcore.TokenCredential {
	t.Helper()
	cred, err := azidentity.NewClientSecretCredential(srv.TenantID(), clientID, secret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions: azcore.ClientOptions{
			Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: srv.AuthorityHost()},
			Transport: srv.HTTPClient(),
		},
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

// newClient returns a client of the simulator's read-write app with the
// tenant id configured; mutate adjusts the configuration.
func newClient(t *testing.T, srv *mockgraph.Server, mutate ...func(*graph.Config)) *graph.Client {
	t.Helper()
	id, secret := srv.ReadWriteClient()
	cfg := graph.Config{
		Endpoint:   srv.GraphEndpoint(),
		Credential: credential(t, srv, id, secret),
		TenantID:   srv.TenantID(),
		Transport:  srv.HTTPClient().Transport,
		UserAgent:  testUserAgent,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := graph.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.SetPollIntervals(10*time.Millisecond, 50*time.Millisecond)
	return c
}

// simulated starts a simulator with the default seed and returns it with a
// newClient of it; mutate adjusts the client's configuration.
func simulated(t *testing.T, mutate ...func(*graph.Config)) (*mockgraph.Server, *graph.Client) {
	t.Helper()
	srv := mockgraph.New(t)
	return srv, newClient(t, srv, mutate...)
}

// getAlert reads the alert of type name with c, failing the test on an
// error.
func getAlert(t *testing.T, c *graph.Client, name string, expand ...graph.Expand) *graph.Alert {
	t.Helper()
	return must[*graph.Alert](t, "GetAlert "+name)(c.GetAlert(t.Context(), builtin(name), expand...))
}

// getConfiguration reads the configuration of alert type name with c,
// failing the test on an error.
func getConfiguration(t *testing.T, c *graph.Client, name string) *graph.Configuration {
	t.Helper()
	return must[*graph.Configuration](t, "GetConfiguration "+name)(c.GetConfiguration(t.Context(), builtin(name)))
}

// must returns a function that fails the test, naming what, on an error
// and returns the value otherwise.
func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// readOnly switches the configuration to the simulator's read-only app.
func readOnly(t *testing.T, srv *mockgraph.Server) func(*graph.Config) {
	return func(cfg *graph.Config) {
		id, secret := srv.ReadOnlyClient()
		cfg.Credential = credential(t, srv, id, secret)
	}
}

// routes returns the route names of the simulator's Graph requests.
func routes(srv *mockgraph.Server) []string {
	var out []string
	for _, r := range srv.GraphRequests() {
		out = append(out, r.Route)
	}
	return out
}

// expectScopedList fails unless the simulator's only Graph request is one
// list of route carrying the scope filter.
func expectScopedList(t *testing.T, srv *mockgraph.Server, route string) {
	t.Helper()
	reqs := srv.GraphRequests()
	if len(reqs) != 1 || reqs[0].Route != route {
		t.Fatalf("requests = %v, want one %s", routes(srv), route)
	}
	q, err := url.ParseQuery(reqs[0].Query)
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Get("$filter"); got != scopeFilter {
		t.Errorf("$filter = %q, want %q", got, scopeFilter)
	}
}

// checkList calls list and fails unless it answers one item per catalogue
// alert type with one scoped list request of route; check inspects each
// item.
func checkList[T any](t *testing.T, srv *mockgraph.Server, route string, list func(context.Context) ([]T, error), check func(T)) {
	t.Helper()
	items, err := list(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(catalogue.Names()) {
		t.Fatalf("%d items listed, want one per alert type", len(items))
	}
	for _, item := range items {
		check(item)
	}
	expectScopedList(t, srv, route)
}

// checkGetEach calls get for every catalogue alert type, failing on an
// error; check inspects each answer.
func checkGetEach[T any](t *testing.T, get func(context.Context, alerttypes.AlertType) (*T, error), check func(name string, got *T)) {
	t.Helper()
	for _, name := range catalogue.Names() {
		got, err := get(t.Context(), builtin(name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		check(name, got)
	}
}

// countRoute returns how many of the simulator's Graph requests went to
// route.
func countRoute(srv *mockgraph.Server, route string) int {
	n := 0
	for _, r := range srv.GraphRequests() {
		if r.Route == route {
			n++
		}
	}
	return n
}

// asError fails the test unless err is a *graph.Error.
func asError(t *testing.T, err error) *graph.Error {
	t.Helper()
	ge, ok := err.(*graph.Error)
	if !ok {
		t.Fatalf("error %v (%T) is not a *graph.Error", err, err)
	}
	return ge
}

// jsonBody decodes a request body logged by the simulator.
func jsonBody(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return m
}

// headerRecorder is a base transport that records the request headers the
// client sends over the wire.
type headerRecorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen []http.Header
}

func (h *headerRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.seen = append(h.seen, req.Header.Clone())
	h.mu.Unlock()
	return h.next.RoundTrip(req)
}

func (h *headerRecorder) headers() []http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]http.Header(nil), h.seen...)
}

func ptr[T any](v T) *T { return &v }

// catalogue is the catalogue the clients of these tests use.
var catalogue = alerttypes.Builtin()

// knownType returns the catalogue's entry for the alert type of an object
// the client read (what, id), failing the test when it has none.
func knownType(t *testing.T, what, id string, at alerttypes.AlertType) (alerttypes.AlertType, bool) {
	t.Helper()
	known, ok := catalogue.Lookup(at.Suffix)
	if !ok {
		t.Errorf("%s %s: unknown alert type %q", what, id, at.Suffix)
	}
	return known, ok
}

// builtin returns the built-in alert type of suffix.
func builtin(suffix string) alerttypes.AlertType {
	a, ok := catalogue.Lookup(suffix)
	if !ok {
		panic("no alert type " + suffix)
	}
	return a
}
