package examples_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// TestAccRightTenant_identitySwap: a configuration managed through
// provider alias a (tenant A) is pointed at alias b (tenant B), as a
// changed `provider =` or a pipeline with another tenant's ARM_* would do.
// Refresh, plan and destroy (also without refresh, with
// restore_on_destroy) fail naming both tenants, and nothing is written to
// either; pointed back at A, destroy restores A's own settings. The name
// makes it run with every CLI make test runs: the oldest and newest
// supported Terraform and OpenTofu.
func TestAccRightTenant_identitySwap(t *testing.T) {
	requireAcc(t)
	t.Parallel()
	seedA, err := mockgraph.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	seedA.TenantID = "a1a1a1a1-0000-4000-8000-00000000000a"
	seedA.Configurations = map[string]map[string]any{alerttypes.StaleSignIn: {"duration": "P14D"}}
	seedB, err := mockgraph.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	seedB.TenantID = "b2b2b2b2-0000-4000-8000-00000000000b"
	seedB.Configurations = map[string]map[string]any{alerttypes.StaleSignIn: {"duration": "P21D"}}
	a, b := mockgraph.New(t, mockgraph.WithSeed(seedA)), mockgraph.New(t, mockgraph.WithSeed(seedB))

	dir := t.TempDir()
	tf := newCLI(t, dir, a, b)
	write := func(alias string) {
		t.Helper()
		main := versionsTF + providerFor("a", a) + providerFor("b", b) + fmt.Sprintf(`
resource "entrapim_alert_configuration" "stale" {
  provider           = entrapim.%[1]s
  alert_type         = "StaleSignInAlert"
  restore_on_destroy = true
  stale_sign_in = {
    duration = "P30D"
  }
}

resource "entrapim_alert" "ga" {
  provider   = entrapim.%[1]s
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  active     = true
}
`, alias)
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a")
	tf.Must(0, nil, "apply", "-auto-approve", "-input=false")
	if err := checkConfiguration(a, alerttypes.StaleSignIn, map[string]any{"duration": "P30D"}); err != nil {
		t.Fatal(err)
	}
	writesA := len(a.WriteRequests())

	write("b")
	for _, args := range [][]string{
		{"plan", "-input=false"},
		{"apply", "-auto-approve", "-input=false"},
		{"destroy", "-auto-approve", "-input=false"},
		{"destroy", "-auto-approve", "-input=false", "-refresh=false"},
	} {
		out := tf.Must(1, nil, args...)
		if !strings.Contains(out, "The state belongs to another tenant") || !strings.Contains(out, a.TenantID()) || !strings.Contains(out, b.TenantID()) {
			t.Errorf("terraform %s does not fail naming both tenants:\n%s", strings.Join(args, " "), out)
		}
	}
	if w := writes(b); len(w) != 0 {
		t.Errorf("tenant B received writes: %v", w)
	}
	if n := len(a.WriteRequests()); n != writesA {
		t.Errorf("tenant A received %d more writes", n-writesA)
	}
	if err := checkConfiguration(b, alerttypes.StaleSignIn, map[string]any{"duration": "P21D"}); err != nil {
		t.Error(err)
	}

	write("a")
	tf.Must(0, nil, "destroy", "-auto-approve", "-input=false")
	if err := checkConfiguration(a, alerttypes.StaleSignIn, map[string]any{"duration": "P14D"}); err != nil {
		t.Errorf("A's own settings were not restored: %v", err)
	}
}

// providerFor is a provider block of alias for srv's tenant with its
// read-write app.
func providerFor(alias string, srv *mockgraph.Server) string {
	id, secret := srv.ReadWriteClient()
	return fmt.Sprintf(`
provider "entrapim" {
  alias          = %q
  tenant_id      = %q
  client_id      = %q
  client_secret  = %q
  graph_endpoint = %q
  authority_host = %q
  use_cli        = false
}
`, alias, srv.TenantID(), id, secret, srv.GraphEndpoint(), srv.AuthorityHost())
}
