package examples_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// fabrikamSeed is the default seed as a second tenant: its own tenant id and
// domain.
func fabrikamSeed(t *testing.T) *mockgraph.Seed {
	t.Helper()
	seed, err := mockgraph.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	seed.TenantID = "3c1f6a52-7d0e-4b8a-9f21-5e6d7c8b9a0f"
	for i, u := range seed.Users {
		seed.Users[i].UserPrincipalName = strings.Replace(u.UserPrincipalName, "@contoso.", "@fabrikam.", 1)
	}
	return seed
}

// tenantEntry is one entry of the multi-tenant example's tenants map that
// points at srv, plus policy settings.
func tenantEntry(srv *mockgraph.Server, settings map[string]any) map[string]any {
	clientID, _ := srv.ReadWriteClient()
	return merged(map[string]any{
		"tenant_id":      srv.TenantID(),
		"client_id":      clientID,
		"graph_endpoint": srv.GraphEndpoint(),
		"authority_host": srv.AuthorityHost(),
	}, settings)
}

// onlyOwnTenant checks that srv received Graph requests and that every one
// addressed its own tenant's objects: no provider alias reached the wrong
// tenant.
func onlyOwnTenant(name string, srv *mockgraph.Server) error {
	reqs := srv.GraphRequests()
	if len(reqs) == 0 {
		return fmt.Errorf("%s received no Graph request", name)
	}
	for _, r := range reqs {
		target := r.Path + "?" + r.Query
		if strings.Contains(target, "DirectoryRole_") && !strings.Contains(target, "DirectoryRole_"+srv.TenantID()) {
			return fmt.Errorf("%s received %s %s for another tenant", name, r.Method, target)
		}
	}
	return nil
}

// configurationIDs is the expected configuration_ids output of one tenant.
func configurationIDs(srv *mockgraph.Server) map[string]any {
	m := map[string]any{}
	for _, name := range alerttypes.Builtin().Names() {
		m[name] = srv.AlertID(name)
	}
	return m
}

// TestAccExampleMultiTenant applies examples/multi-tenant (with
// examples/baseline-module beside it, unchanged) to two simulated tenants at
// once, one per provider alias, through the Terraform CLI and the provider
// binary. It checks that each tenant got the shared baseline with its own
// departures, that no request crossed tenants, that drift in one tenant
// shows only on that tenant's module (terraform plan -detailed-exitcode
// exits 2), and that destroy restores both tenants.
func TestAccExampleMultiTenant(t *testing.T) {
	requireAcc(t)
	t.Parallel()
	contoso := mockgraph.New(t)
	fabrikam := mockgraph.New(t, mockgraph.WithSeed(fabrikamSeed(t)))
	if contoso.TenantID() == fabrikam.TenantID() {
		t.Fatal("the two simulated tenants share a tenant id")
	}
	originalContoso, originalFabrikam := configurations(contoso), configurations(fabrikam)

	root := copyExamples(t, "multi-tenant", "baseline-module")
	tf := newCLI(t, root+"/multi-tenant", contoso, fabrikam)
	_, contosoSecret := contoso.ReadWriteClient()
	_, fabrikamSecret := fabrikam.ReadWriteClient()
	tf.WriteVars("simulated.auto.tfvars.json", map[string]any{
		"tenants": map[string]any{
			"contoso": tenantEntry(contoso, map[string]any{
				"break_glass_account_ids":      []string{acctest.BreakGlassID(t, contoso)},
				"global_admin_count_threshold": 5,
				"dismissed_alert_types":        []string{alerttypes.RolesAssignedOutsidePim},
			}),
			"fabrikam": tenantEntry(fabrikam, map[string]any{
				"stale_sign_in_duration": "P90D",
				"disabled_alert_types":   []string{alerttypes.InvalidLicense},
			}),
		},
		"client_secrets": map[string]any{"contoso": contosoSecret, "fabrikam": fabrikamSecret},
	})
	// The defaults of the tenants map are the shared baseline.
	wantContoso := baselineInputs{gaCount: 5, gaPercent: 10, seqCount: 3, seqInterval: "PT1H", stale: "P30D", redundant: "P30D",
		dismissed: []string{alerttypes.RolesAssignedOutsidePim}}
	wantFabrikam := baselineInputs{gaCount: 4, gaPercent: 10, seqCount: 3, seqInterval: "PT1H", stale: "P90D", redundant: "P30D",
		disabled: []string{alerttypes.InvalidLicense}}

	// Only the modules: with dev_overrides there is no provider to install
	// (and terraform init would ask the registry about it).
	tf.Must(0, nil, "get")

	// example.tfvars passes the variable validations and departs from the
	// baseline where its comments say.
	for expr, want := range map[string]string{
		"var.tenants.fabrikam.stale_sign_in_duration":        `"P90D"`,
		"var.tenants.contoso.stale_sign_in_duration":         `"P30D"`,
		"var.tenants.contoso.global_admin_count_threshold":   `4`,
		"sort(var.tenants.contoso.dismissed_alert_types)[0]": `"RolesAssignedOutsidePimAlert"`,
	} {
		out, code := tf.RunInput(expr+"\n", nil, "console", "-var-file=example.tfvars")
		if code != 0 || strings.TrimSpace(out) != want {
			t.Errorf("with example.tfvars, %s = %s (exit %d), want %s", expr, strings.TrimSpace(out), code, want)
		}
	}
	tf.Must(0, nil, "apply", "-auto-approve", "-input=false")
	for _, err := range []error{
		checkBaseline(contoso, wantContoso),
		checkBaseline(fabrikam, wantFabrikam),
		onlyOwnTenant("contoso", contoso),
		onlyOwnTenant("fabrikam", fabrikam),
	} {
		if err != nil {
			t.Error(err)
		}
	}
	if !fabrikam.Alert(alerttypes.RolesAssignedOutsidePim).IsActive {
		t.Errorf("fabrikam's %s was dismissed; only contoso dismisses it", alerttypes.RolesAssignedOutsidePim)
	}
	wantIDs := map[string]any{"contoso": configurationIDs(contoso), "fabrikam": configurationIDs(fabrikam)}
	if got := tf.Outputs(nil)["configuration_ids"]; !reflect.DeepEqual(got, wantIDs) {
		t.Errorf("configuration_ids = %v, want %v", got, wantIDs)
	}
	if t.Failed() {
		t.FailNow()
	}

	// Nothing to do right after the apply.
	tf.Must(0, nil, "plan", "-input=false", "-detailed-exitcode")

	// Someone shortens fabrikam's stale sign-in period in the portal: the
	// plan exits 2 and shows that one change, in fabrikam's module only.
	if err := fabrikam.SetConfiguration(alerttypes.StaleSignIn, map[string]any{"duration": "P7D"}); err != nil {
		t.Fatal(err)
	}
	tf.Must(2, nil, "plan", "-input=false", "-detailed-exitcode", "-out=drift.tfplan")
	wantChanges := map[string][]string{
		fmt.Sprintf("module.fabrikam.entrapim_alert_configuration.this[%q]", alerttypes.StaleSignIn): {"update"},
	}
	if got := tf.PlanChanges(nil, "drift.tfplan"); !reflect.DeepEqual(got, wantChanges) {
		t.Fatalf("planned changes %v, want %v", got, wantChanges)
	}
	contosoWrites := len(contoso.WriteRequests())
	tf.Must(0, nil, "apply", "-input=false", "drift.tfplan")
	if err := checkBaseline(fabrikam, wantFabrikam); err != nil {
		t.Error(err)
	}
	if n := len(contoso.WriteRequests()); n != contosoWrites {
		t.Errorf("repairing fabrikam's drift wrote %d times to contoso", n-contosoWrites)
	}

	// Offboarding: destroy stops managing both tenants and leaves their
	// settings as the baseline made them (restore_on_destroy defaults to
	// false).
	tf.Must(0, nil, "destroy", "-auto-approve", "-input=false")
	for name, c := range map[string]struct {
		srv      *mockgraph.Server
		original map[string]map[string]any
		want     baselineInputs
	}{"contoso": {contoso, originalContoso, wantContoso}, "fabrikam": {fabrikam, originalFabrikam, wantFabrikam}} {
		if err := sameConfigurations(configurations(c.srv), c.original); err == nil {
			t.Errorf("%s after destroy: the original settings are back, restore_on_destroy is false", name)
		}
		if err := checkBaseline(c.srv, c.want); err != nil {
			t.Errorf("%s after destroy: %v", name, err)
		}
	}
}

// TestAccExampleMultiTenantOpenTofu applies examples/multi-tenant-opentofu
// (one provider block with for_each, the baseline module once per tenant)
// to three simulated tenants with OpenTofu: each gets the baseline with its
// own departures, no request crosses tenants, and the next plan is clean.
func TestAccExampleMultiTenantOpenTofu(t *testing.T) {
	requireCLI(t, "OpenTofu", "1.9.0", "for_each on provider blocks")
	t.Parallel()
	names := []string{"contoso", "fabrikam", "northwind"}
	servers := map[string]*mockgraph.Server{}
	var all []*mockgraph.Server
	for i, name := range names {
		seed := fabrikamSeed(t)
		seed.TenantID = fmt.Sprintf("3c1f6a52-7d0e-4b8a-9f21-5e6d7c8b9a0%d", i)
		servers[name] = mockgraph.New(t, mockgraph.WithSeed(seed))
		all = append(all, servers[name])
	}
	root := copyExamples(t, "multi-tenant-opentofu", "baseline-module")
	tf := newCLI(t, root+"/multi-tenant-opentofu", all...)
	tenants, secrets := map[string]any{}, map[string]any{}
	for _, name := range names {
		srv := servers[name]
		settings := map[string]any{}
		if name == "fabrikam" {
			settings = map[string]any{"stale_sign_in_duration": "P90D", "disabled_alert_types": []string{alerttypes.InvalidLicense}}
		}
		tenants[name] = tenantEntry(srv, settings)
		_, secrets[name] = srv.ReadWriteClient()
	}
	tf.WriteVars("simulated.auto.tfvars.json", map[string]any{"tenants": tenants, "client_secrets": secrets})

	tf.Must(0, nil, "get")
	tf.Must(0, nil, "apply", "-auto-approve", "-input=false")
	base := baselineInputs{gaCount: 4, gaPercent: 10, seqCount: 3, seqInterval: "PT1H", stale: "P30D", redundant: "P30D"}
	for _, name := range names {
		want := base
		if name == "fabrikam" {
			want.stale, want.disabled = "P90D", []string{alerttypes.InvalidLicense}
		}
		if err := checkBaseline(servers[name], want); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := onlyOwnTenant(name, servers[name]); err != nil {
			t.Error(err)
		}
	}
	ids := map[string]any{}
	for _, name := range names {
		ids[name] = configurationIDs(servers[name])
	}
	if got := tf.Outputs(nil)["configuration_ids"]; !reflect.DeepEqual(got, ids) {
		t.Errorf("configuration_ids = %v, want %v", got, ids)
	}
	if out, code := tf.Run(nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after apply is not clean (exit %d):\n%s", code, out)
	}
}
