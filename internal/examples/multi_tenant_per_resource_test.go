package examples_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// perResourceExample copies examples/multi-tenant-per-resource (with
// examples/baseline-module beside it) and points it at a simulator of three
// tenants, whose one multi-tenant application signs in to each: the first
// tenant keeps the baseline, the second keeps stale sign-ins for 90 days,
// the third disables the licence alert. It returns the CLI, the tenants
// and what each must have after an apply.
func perResourceExample(t *testing.T) (*cli, []*mockgraph.Server, []baselineInputs) {
	t.Helper()
	srv := mockgraph.New(t, mockgraph.WithTenants(3))
	tenants := srv.Tenants()
	root := copyExamples(t, "multi-tenant-per-resource", "baseline-module")
	tf := newCLI(t, root+"/multi-tenant-per-resource", srv)
	clientID, secret := srv.ReadWriteClient()
	tf.WriteVars("simulated.auto.tfvars.json", map[string]any{
		"home_tenant_id":          srv.TenantID(),
		"client_id":               clientID,
		"client_secret":           secret,
		"graph_endpoint":          srv.GraphEndpoint(),
		"authority_host":          srv.AuthorityHost(),
		"break_glass_account_ids": []string{acctest.BreakGlassID(t, srv)},
		"tenants": map[string]any{
			tenants[0].TenantID(): map[string]any{},
			tenants[1].TenantID(): map[string]any{"stale_sign_in_duration": "P90D"},
			tenants[2].TenantID(): map[string]any{"disabled_alert_types": []string{alerttypes.InvalidLicense}},
		},
	})
	base := baselineInputs{gaCount: 3, gaPercent: 10, seqCount: 3, seqInterval: "PT1H", stale: "P30D", redundant: "P30D"}
	want := []baselineInputs{base, base, base}
	want[1].stale = "P90D"
	want[2].disabled = []string{alerttypes.InvalidLicense}
	// Only the module: with dev_overrides there is no provider to install.
	tf.Must(0, nil, "get")
	return tf, tenants, want
}

// tenantWrites returns the write requests of the simulator's shared
// request log that address tenant's objects.
func tenantWrites(tenant *mockgraph.Server) []string {
	var out []string
	for _, w := range writes(tenant) {
		if strings.Contains(w, "DirectoryRole_"+tenant.TenantID()) {
			out = append(out, w)
		}
	}
	return out
}

// TestAccExampleMultiTenantPerResource applies
// examples/multi-tenant-per-resource: one provider configuration, the
// baseline module once per tenant with tenant_id = each.key. Each tenant
// gets the baseline with its own departures, the outputs name each
// tenant's ids, and the next plan is clean.
func TestAccExampleMultiTenantPerResource(t *testing.T) {
	requireAcc(t)
	t.Parallel()
	tf, tenants, want := perResourceExample(t)
	tf.Must(0, nil, "apply", "-auto-approve", "-input=false")
	ids := map[string]any{}
	for i, s := range tenants {
		if err := checkBaseline(s, want[i]); err != nil {
			t.Errorf("tenant %d: %v", i, err)
		}
		ids[s.TenantID()] = configurationIDs(s)
	}
	if got := tf.Outputs(nil)["configuration_ids"]; !reflect.DeepEqual(got, ids) {
		t.Errorf("configuration_ids = %v, want %v", got, ids)
	}
	// The plan reads each tenant once for all its resources (its own read
	// snapshot); the data sources read on their own.
	tenants[0].ResetRequests()
	if out, code := tf.Run(nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after apply is not clean (exit %d):\n%s", code, out)
	}
	snapshots := 0
	for _, r := range tenants[0].GraphRequests() { // the simulator's one request log
		if r.Route == "alerts.list" && strings.Contains(r.Query, "alertIncidents") {
			snapshots++
		}
	}
	if snapshots != len(tenants) {
		t.Errorf("the plan read %d snapshots, want one per tenant (%d)", snapshots, len(tenants))
	}
}

// TestAccExampleMultiTenantPerResource_refusedTenant: one tenant withdraws
// its consent to the application (AADSTS700016) between plan and apply.
// The apply fails that tenant's resources only, every error names that
// tenant and what to do, and the two other tenants get their baseline;
// the refusing tenant receives no write. (A data source of a tenant that
// refuses at plan time fails the plan, as any data source that cannot be
// read does.)
func TestAccExampleMultiTenantPerResource_refusedTenant(t *testing.T) {
	requireAcc(t)
	t.Parallel()
	tf, tenants, want := perResourceExample(t)
	refusing := tenants[2]
	tf.Must(0, nil, "plan", "-input=false", "-out=tenants.tfplan")
	clientID, _ := tenants[0].ReadWriteClient()
	if !refusing.RevokeConsent(clientID) {
		t.Fatal("the tenant had no service principal of the app")
	}
	out := tf.Must(1, nil, "apply", "-input=false", "tenants.tfplan")
	errors := strings.Count(out, "Error: ")
	about := strings.Count(out, "Error: Tenant "+refusing.TenantID()+" is not available")
	if errors == 0 || about != errors || !strings.Contains(out, "AADSTS700016") || !strings.Contains(out, "consented") {
		t.Errorf("%d errors, %d about the refusing tenant, want all of them, naming AADSTS700016 and consent:\n%s", errors, about, out)
	}
	t.Logf("the refusing tenant's resources reported %d errors", errors)
	for i, s := range tenants[:2] {
		if err := checkBaseline(s, want[i]); err != nil {
			t.Errorf("tenant %d: %v", i, err)
		}
	}
	if w := tenantWrites(refusing); len(w) != 0 {
		t.Errorf("the refusing tenant received writes: %v", w)
	}
}

// TestAccExampleMultiTenantPerResource_query: after an apply, an import
// block with the identity of another tenant's alert than the provider's
// imports it into that tenant (Terraform 1.12+) with nothing to change, and terraform query
// (Terraform 1.14) lists each tenant's alerts through the one provider
// configuration, by the list block's tenant_id.
func TestAccExampleMultiTenantPerResource_query(t *testing.T) {
	requireCLI(t, "Terraform", "1.14.0", "import by identity, terraform query")
	t.Parallel()
	tf, tenants, _ := perResourceExample(t)
	tf.Must(0, nil, "apply", "-auto-approve", "-input=false")

	second := tenants[1].TenantID()
	importTF := `
resource "entrapim_alert" "imported" {
  tenant_id  = "` + second + `"
  alert_type = "` + alerttypes.StaleSignIn + `"
  active     = true
}

import {
  to = entrapim_alert.imported
  identity = {
    alert_type = "` + alerttypes.StaleSignIn + `"
    tenant_id  = "` + second + `"
  }
}

output "imported_id" {
  value = entrapim_alert.imported.id
}
`
	if err := os.WriteFile(filepath.Join(tf.Dir, "import.tf"), []byte(importTF), 0o600); err != nil {
		t.Fatal(err)
	}
	out := tf.Must(0, nil, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "1 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the import by identity did not import with no changes:\n%s", out)
	}
	if got := tf.Outputs(nil)["imported_id"]; got != tenants[1].AlertID(alerttypes.StaleSignIn) {
		t.Errorf("the imported alert is %v, not the second tenant's", got)
	}

	var query strings.Builder
	for i, s := range tenants {
		query.WriteString(`
list "entrapim_alert" "t` + string(rune('0'+i)) + `" {
  provider = entrapim
  config {
    tenant_id = "` + s.TenantID() + `"
  }
}
`)
	}
	if err := os.WriteFile(filepath.Join(tf.Dir, "tenants.tfquery.hcl"), []byte(query.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out = tf.Must(0, nil, "query")
	for i, s := range tenants {
		var lines []string
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "list.entrapim_alert.t"+string(rune('0'+i))) {
				lines = append(lines, line)
			}
		}
		listed := strings.Join(lines, "\n")
		for _, at := range alerttypes.Builtin().Names() {
			if !strings.Contains(listed, at) || !strings.Contains(listed, s.TenantID()) {
				t.Errorf("terraform query does not list %s of tenant %s:\n%s", at, s.TenantID(), out)
			}
		}
	}
}
