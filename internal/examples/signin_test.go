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

// TestAccSignInErrors: a credential Entra refuses gives one error per
// provider configuration, not one per resource, saying what to check and
// with Entra's code; with no credential at all, the Azure CLI fallback's
// error says so. Each case plans a 14-resource baseline with the default
// provider and an alias.
func TestAccSignInErrors(t *testing.T) {
	requireAcc(t)
	srv := mockgraph.New(t)
	id, secret := srv.ReadWriteClient()
	for _, c := range []struct {
		name           string
		tenant, client string
		secret         string
		want           []string
		configurations int
	}{
		{"wrong secret", srv.TenantID(), id, "not-the-secret", []string{"as client " + id + " failed", "AADSTS7000215", "the client secret is wrong"}, 2},
		{"unknown tenant", "0badf00d-0000-4000-8000-000000000000", id, secret, []string{"Sign-in to tenant 0badf00d-0000-4000-8000-000000000000", "AADSTS90002", "the tenant was not found"}, 2},
		{"application not in the tenant", srv.TenantID(), "0badf00d-0000-4000-8000-0000000000c1", secret, []string{"AADSTS700016", "must be consented there"}, 2},
		{"no credential", "", "", "", []string{"with the Azure CLI's signed-in account failed", "No other way to authenticate is configured", "ARM_USE_CLI=false"}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			providers := "provider \"entrapim\" {}\n"
			if c.client != "" {
				providers = ""
				for _, alias := range []string{"", "second"} {
					a := ""
					if alias != "" {
						a = fmt.Sprintf("  alias = %q\n", alias)
					}
					providers += fmt.Sprintf("provider \"entrapim\" {\n%s  tenant_id = %q\n  client_id = %q\n  client_secret = %q\n}\n", a, c.tenant, c.client, c.secret)
				}
				providers += `
resource "entrapim_alert" "second" {
  provider   = entrapim.second
  alert_type = "StaleSignInAlert"
  active     = true
}
`
			}
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(versionsTF+providers+baselineTF), 0o600); err != nil {
				t.Fatal(err)
			}
			tf := newCLI(t, dir, srv)
			out := tf.Must(1, simulatorEnv(srv), "plan", "-input=false")
			if n := strings.Count(out, "Error: "); n != c.configurations {
				t.Errorf("%d errors, want %d (one per provider configuration):\n%s", n, c.configurations, out)
			}
			for _, w := range c.want {
				if !strings.Contains(flat(out), w) {
					t.Errorf("the error does not say %q:\n%s", w, out)
				}
			}
			if w := srv.WriteRequests(); len(w) != 0 {
				t.Errorf("writes: %v", w)
			}
		})
	}
}

// baselineTF is a configuration and an alert per built-in alert type, of
// the default provider configuration.
var baselineTF = func() string {
	var b strings.Builder
	for _, name := range alerttypes.Builtin().Names() {
		fmt.Fprintf(&b, "resource \"entrapim_alert_configuration\" %q {\n  alert_type = %q\n}\n", strings.ToLower(name), name)
		fmt.Fprintf(&b, "resource \"entrapim_alert\" %q {\n  alert_type = %q\n  active = true\n}\n", strings.ToLower(name), name)
	}
	return b.String()
}()
