package acctest

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
)

// The live-capable tests reach the tenant only through Graph, as a user's
// Terraform would: every check reads Graph, every change is put back through
// Graph (KeepState), and nothing needs the simulator's control API or
// in-process state. They run against a fresh simulated tenant by default
// and against the real tenant of the ARM_* environment with
// ENTRAPIM_ACC_LIVE=1 (make testacc-live). Remediation never runs live: it
// cannot be undone.

// NewLiveCapable returns the tenant of a live-capable test: the real tenant
// in live mode (Server is nil; the provider reads the process environment),
// otherwise a fresh simulated tenant started with opts.
func NewLiveCapable(t *testing.T, opts ...mockgraph.Option) *Tenant {
	t.Helper()
	if !Live() {
		return simulated(t, opts...)
	}
	PreCheck(t)
	return &Tenant{Factories: Factories()}
}

// Graph returns a Graph client of the tenant, built as the provider builds
// it: from the ARM_*/ENTRAPIM_* environment (the process's in live mode,
// the simulated tenant's otherwise).
func (tn *Tenant) Graph(t *testing.T) *graph.Client {
	t.Helper()
	tn.clientOnce.Do(func() {
		getenv := os.Getenv
		var opts []provider.Option
		if tn.Server != nil {
			env := tn.Env()
			getenv = func(k string) string { return env[k] }
			opts = append(opts, provider.WithTransport(tn.Server.HTTPClient().Transport))
		}
		// The checks read what Graph has now, never a snapshot of the run.
		opts = append(opts, provider.WithGetenv(func(k string) string {
			if k == "ENTRAPIM_READ_SNAPSHOT" {
				return "false"
			}
			return getenv(k)
		}))
		tn.client, tn.clientErr = provider.NewGraphClient(context.Background(), opts...)
	})
	if tn.clientErr != nil {
		t.Fatalf("a Graph client of the tenant: %v", tn.clientErr)
	}
	return tn.client
}

// TenantID returns the tenant's GUID, as Graph's alert ids give it.
func (tn *Tenant) TenantID(t *testing.T) string {
	t.Helper()
	id, err := tn.Graph(t).TenantID(context.Background())
	if err != nil {
		t.Fatalf("the tenant id: %v", err)
	}
	return id
}

// writePermission is the permission of every write of the provider.
const writePermission = "RoleManagementAlert.ReadWrite.Directory"

// RequireWrite skips a test that changes the tenant when the credential
// cannot write (for example the read-only identity of a drift pipeline),
// and otherwise records the tenant's state and restores it when the test
// ends, however it ends.
func (tn *Tenant) RequireWrite(t *testing.T) {
	t.Helper()
	c := tn.Graph(t)
	perms, err := c.Permissions(context.Background())
	if err != nil {
		t.Fatalf("reading the credential's permissions: %v", err)
	}
	if !slices.Contains(perms, writePermission) {
		t.Skipf("changes the tenant, which needs %s; the credential has %s", writePermission, strings.Join(perms, ", "))
	}
	KeepState(t, c)
}

// NeverLive skips a test in live mode with the reason it must not run
// against a real tenant.
func NeverLive(t *testing.T, reason string) {
	t.Helper()
	if Live() {
		t.Skip("never runs against a real tenant: " + reason)
	}
}

// Test runs steps with the provider factories of tn, as Run runs a test
// case.
func (tn *Tenant) Test(t *testing.T, steps []resource.TestStep) {
	t.Helper()
	Run(t, resource.TestCase{ProtoV6ProviderFactories: tn.Factories, Steps: steps})
}

// Run runs a test case: in parallel with other tests against its own
// simulated tenant, one at a time against a real tenant (live tests share
// it).
func Run(t *testing.T, tc resource.TestCase) {
	t.Helper()
	if Live() {
		resource.Test(t, tc)
		return
	}
	resource.ParallelTest(t, tc)
}
