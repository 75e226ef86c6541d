package examples_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// The documentation snippets under examples/provider, examples/resources,
// examples/data-sources and examples/functions are staged unchanged (plus a
// versions.tf with the provider's source address) and applied against a
// simulated tenant whose GUIDs are the ones the snippets use.

// regexpNonEmpty matches a string with at least one non-space character.
var regexpNonEmpty = regexp.MustCompile(`\S`)

// expectImporting asserts that the plan imports the resource at address.
type expectImporting string

func (e expectImporting) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == string(e) {
			if rc.Change == nil || rc.Change.Importing == nil {
				resp.Error = fmt.Errorf("%s: planned without importing", e)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s: no planned change", e)
}

// TestAccExampleProvider applies examples/provider/provider.tf as written
// (literal tenant and client ids, the secret from its variable) against the
// documentation tenant, with no ARM_* variable in the provider's
// environment: a data source proves the block authenticates, and a
// remediation of the break-glass account's incident proves its
// protected_principal_ids refuses it at plan time.
func TestAccExampleProvider(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	factories := tn.FactoriesWithEnv(simulatorEnv(srv))
	probe := stage(t, "provider", nil, map[string]string{"probe_test.tf": `data "entrapim_alerts" "probe" {}
`})
	protected := stage(t, "provider", nil, map[string]string{"protected_test.tf": fmt.Sprintf(`
data "entrapim_alert_incidents" "outside_pim" {
  alert_type = %[1]q
}

resource "entrapim_alert_incident_remediation" "break_glass" {
  alert_type  = %[1]q
  incident_id = one([for i in data.entrapim_alert_incidents.outside_pim.incidents : i.id if i.assignee_id == %[2]q])
}
`, alerttypes.RolesAssignedOutsidePim, docsBreakGlassID)})
	vars := config.Variables{"client_secret": config.StringVariable(docsClientSecret)}

	resource.ParallelTest(t, resource.TestCase{
		Steps: eachStep(factories, []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory(probe),
				ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.entrapim_alerts.probe", tfjsonpath.New("alerts"), knownvalue.ListSizeExact(len(alerttypes.Builtin().Names()))),
					simCheck(func() error {
						for _, r := range srv.Requests() {
							if r.Route != "token" {
								continue
							}
							form, _ := url.ParseQuery(string(r.Body))
							if form.Get("client_id") != docsClientID || !form.Has("client_secret") || !strings.Contains(r.Path, docsTenantID) {
								return fmt.Errorf("token request %s %v: want tenant %s, client %s and a client secret", r.Path, form, docsTenantID, docsClientID)
							}
							return nil
						}
						return fmt.Errorf("no token request")
					}),
				},
			},
			{
				ConfigDirectory: config.StaticDirectory(protected),
				ConfigVariables: vars,
				ExpectError:     acctest.ExpectError(`Remediation would affect a protected principal.*` + docsBreakGlassID),
			},
		}),
	})
	if got := writes(srv); len(got) != 0 {
		t.Errorf("the provider example wrote to the tenant: %v", got)
	}
}

// TestAccExampleResourceAlertConfiguration applies the resource example and
// checks every value it sets in the tenant, then that destroy leaves them
// (restore_on_destroy defaults to false): the disabled configuration stays
// disabled, as its comment says.
func TestAccExampleResourceAlertConfiguration(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	dir := stage(t, "resources/entrapim_alert_configuration", []string{"resource.tf"}, nil)
	applied := map[string]map[string]any{
		alerttypes.TooManyGlobalAdmins:  {"isEnabled": true, "globalAdminCountThreshold": 4, "percentageOfGlobalAdminsOutOfRolesThreshold": 10},
		alerttypes.StaleSignIn:          {"duration": "P60D"},
		alerttypes.RedundantAssignment:  {"duration": "P30D"},
		alerttypes.SequentialActivation: {"sequentialActivationCounterThreshold": 5, "timeIntervalBetweenActivations": "PT1H"},
		alerttypes.InvalidLicense:       {"isEnabled": false},
	}
	tc := exampleCase(tn, dir, resource.TestStep{
		ConfigStateChecks: []statecheck.StateCheck{simCheck(func() error { return checkConfigurations(srv, applied) })},
	})
	tc.CheckDestroy = func(*terraform.State) error { return checkConfigurations(srv, applied) }
	resource.ParallelTest(t, tc)
}

// TestAccExampleResourceAlertConfiguration_import applies resource.tf with
// import-by-string-id.tf, whose import block adopts the Global
// Administrator configuration by alert type.
func TestAccExampleResourceAlertConfiguration_import(t *testing.T) {
	exampleConfigurationImport(t, "import-by-string-id.tf", nil)
}

// TestAccExampleResourceAlertConfiguration_identity does the same with
// import-by-identity.tf (Terraform 1.12 and later).
func TestAccExampleResourceAlertConfiguration_identity(t *testing.T) {
	exampleConfigurationImport(t, "import-by-identity.tf", atLeast112)
}

var atLeast112 = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

func exampleConfigurationImport(t *testing.T, importFile string, versions []tfversion.TerraformVersionCheck) {
	tn := docsTenant(t)
	srv := tn.Server
	dir := stage(t, "resources/entrapim_alert_configuration", []string{"resource.tf", importFile}, nil)
	addr := "entrapim_alert_configuration.too_many_global_admins"

	tc := exampleCase(tn, dir, resource.TestStep{
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				expectImporting(addr),
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				acctest.ExpectChangedAttributes(addr, "too_many_global_admins.global_admin_count_threshold"),
			},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(srv.AlertID(alerttypes.TooManyGlobalAdmins))),
			simCheck(func() error {
				return checkConfiguration(srv, alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 4})
			}),
		},
	})
	tc.TerraformVersionChecks = versions
	resource.ParallelTest(t, tc)
}

// TestAccExampleResourceAlert dismisses the alert as the resource example
// does and checks its output lists the alert's incidents.
func TestAccExampleResourceAlert(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	if !srv.Alert(alerttypes.RolesAssignedOutsidePim).IsActive {
		t.Fatal("the documentation tenant's RolesAssignedOutsidePimAlert is not active")
	}
	var incidents []knownvalue.Check
	for _, id := range srv.Alert(alerttypes.RolesAssignedOutsidePim).IncidentIDs {
		incidents = append(incidents, knownvalue.StringExact(id))
	}
	dir := stage(t, "resources/entrapim_alert", []string{"resource.tf"}, nil)

	resource.ParallelTest(t, exampleCase(tn, dir, resource.TestStep{
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("outside_pim_incidents", knownvalue.ListExact(incidents)),
			expectDismissed(srv, alerttypes.RolesAssignedOutsidePim),
		},
	}))
}

// TestAccExampleResourceAlert_import applies resource.tf with
// import-by-string-id.tf: the alert is imported by type, then dismissed.
func TestAccExampleResourceAlert_import(t *testing.T) {
	exampleAlertImport(t, "import-by-string-id.tf", nil)
}

// TestAccExampleResourceAlert_identity does the same with
// import-by-identity.tf (Terraform 1.12 and later).
func TestAccExampleResourceAlert_identity(t *testing.T) {
	exampleAlertImport(t, "import-by-identity.tf", atLeast112)
}

func exampleAlertImport(t *testing.T, importFile string, versions []tfversion.TerraformVersionCheck) {
	tn := docsTenant(t)
	srv := tn.Server
	dir := stage(t, "resources/entrapim_alert", []string{"resource.tf", importFile}, nil)
	addr := "entrapim_alert.roles_assigned_outside_pim"

	tc := exampleCase(tn, dir, resource.TestStep{
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				expectImporting(addr),
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(false)),
			},
		},
		ConfigStateChecks: []statecheck.StateCheck{expectDismissed(srv, alerttypes.RolesAssignedOutsidePim)},
	})
	tc.TerraformVersionChecks = versions
	resource.ParallelTest(t, tc)
}

// TestAccExampleResourceAlert_importDismissed: the import example of an
// alert that is already dismissed plans no change to it; when a refresh
// reactivates the alert, the plan dismisses it again with the warning
// that says PIM reactivated it, as for an alert this resource dismissed.
func TestAccExampleResourceAlert_importDismissed(t *testing.T) {
	t.Parallel()
	const at = alerttypes.RolesAssignedOutsidePim
	srv := mockgraph.New(t)
	srv.SetAlertActive(at, false)
	tf := newCLI(t, stage(t, "resources/entrapim_alert", []string{"resource.tf", "import-by-string-id.tf"}, nil), srv)
	env := appEnv(srv)
	if out := tf.Must(0, env, "apply", "-auto-approve", "-input=false"); !strings.Contains(out, "1 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("the import of a dismissed alert changed it:\n%s", out)
	}
	srv.Refresh(at)
	out := tf.Must(2, env, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "PIM reactivated a dismissed alert") {
		t.Errorf("the plan after the refresh does not warn that PIM reactivated the alert:\n%s", out)
	}
}

// TestAccExampleResourceAlertRefresh applies the refresh example: a
// tenant-wide scan after the threshold change and one of StaleSignInAlert.
func TestAccExampleResourceAlertRefresh(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	dir := stage(t, "resources/entrapim_alert_refresh", nil, nil)

	resource.ParallelTest(t, exampleCase(tn, dir, resource.TestStep{
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("entrapim_alert_refresh.after_baseline", tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
			statecheck.ExpectKnownValue("entrapim_alert_refresh.stale", tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
			simCheck(func() error {
				w := writes(srv)
				all := countMatching(w, `^POST /beta/identityGovernance/roleManagementAlerts/alerts/refresh$`)
				one := countMatching(w, `^POST .*/alerts/[^/]*`+alerttypes.StaleSignIn+`/refresh$`)
				if all != 1 || one != 1 {
					return fmt.Errorf("refresh requests %v: want one tenant-wide and one of %s", w, alerttypes.StaleSignIn)
				}
				return checkConfiguration(srv, alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 4})
			}),
		},
	}))
}

// TestAccExampleResourceAlertIncidentRemediation applies the remediation
// example: one reviewed stale-sign-in incident (its id passed to the
// variable, as a reviewer would) and, with for_each over the approved ids,
// the roles assigned outside PIM that a reviewer approved. Exactly those
// assignments disappear. Approving the break-glass account's incident by
// mistake fails the plan with no write. After PIM's next scan drops the
// remediated incidents, the plan is empty: the records stay.
func TestAccExampleResourceAlertIncidentRemediation(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	stale, _ := incidentsBy(srv, alerttypes.StaleSignIn, docsBreakGlassID)
	outside, breakGlass := incidentsBy(srv, alerttypes.RolesAssignedOutsidePim, docsBreakGlassID)
	if len(stale) == 0 || len(outside) == 0 || len(breakGlass) == 0 {
		t.Fatalf("the documentation tenant lacks incidents: stale %v, outside PIM %v, break-glass %v", stale, outside, breakGlass)
	}
	reviewed := stale[0]
	var upn string
	for _, inc := range srv.Incidents(alerttypes.StaleSignIn) {
		if inc["id"] == reviewed {
			upn = fmt.Sprintf("%s loses %s", inc["assigneeUserPrincipalName"], inc["roleDisplayName"])
		}
	}
	// For these alert types the incident id is the role assignment's id.
	before := assignmentIDs(srv)
	want := without(before, append([]string{reviewed}, outside...)...)
	dir := stage(t, "resources/entrapim_alert_incident_remediation", nil, nil)
	vars := func(approved []string) config.Variables {
		return config.Variables{
			"stale_incident_id":                 config.StringVariable(reviewed),
			"break_glass_account_ids":           config.SetVariable(config.StringVariable(docsBreakGlassID)),
			"approved_outside_pim_incident_ids": stringSet(approved),
		}
	}
	single := "entrapim_alert_incident_remediation.stale_account"

	resource.ParallelTest(t, resource.TestCase{
		Steps: eachStep(tn.Factories, []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigVariables: vars(outside),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						// The plan shows who loses which role.
						plancheck.ExpectKnownValue(single, tfjsonpath.New("assignee_user_principal_name"), knownvalue.NotNull()),
						plancheck.ExpectKnownValue(single, tfjsonpath.New("role_display_name"), knownvalue.NotNull()),
						plancheck.ExpectResourceAction(fmt.Sprintf("entrapim_alert_incident_remediation.outside_pim[%q]", outside[0]), plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("stale_account_remediation", knownvalue.StringExact(upn)),
					expectAssignments(srv, want),
					simCheck(func() error { return untouched(srv, breakGlass, len(outside)+1) }),
				},
			},
			{
				// The reviewer approved the break-glass account's incident too.
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigVariables: vars(append(slices.Clone(outside), breakGlass...)),
				ExpectError:     acctest.ExpectError(`Remediation would affect a protected principal`),
			},
			{
				// PIM's next scan drops the remediated incidents; the records stay.
				PreConfig:       func() { srv.Scan() },
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigVariables: vars(outside),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					simCheck(func() error { return untouched(srv, breakGlass, len(outside)+1) }),
				},
			},
			teardown(stageEmpty(t), func() error { return nil }),
		}),
	})
}

// untouched checks that the Graph writes were exactly n remediations and
// that none addressed one of the protected incidents.
func untouched(srv *mockgraph.Server, protected []string, n int) error {
	w := writes(srv)
	if got := countMatching(w, `/remediate$`); got != n || len(w) != n {
		return fmt.Errorf("writes %v: want exactly %d remediations", w, n)
	}
	for _, req := range w {
		for _, id := range protected {
			if strings.Contains(req, id) {
				return fmt.Errorf("%s touched the break-glass account's incident %s", req, id)
			}
		}
	}
	return nil
}

// TestAccExampleDataSourceAlertIncidents applies the incidents example:
// its report lists an account holding two stale roles once, with both,
// and the break-glass account (which, as break-glass accounts do, has not
// signed in for months). Reading sends no write.
func TestAccExampleDataSourceAlertIncidents(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	if !srv.SetUserLastSignIn(docsBreakGlassID, daysAgo(srv, 120)) {
		t.Fatal("no break-glass account")
	}
	// A stale account with two privileged roles.
	var allan mockgraph.User
	for _, u := range srv.Users() {
		if strings.HasPrefix(u.UserPrincipalName, "AllanD@") {
			allan = u
		}
	}
	if allan.ID == "" {
		t.Fatal("the seed has no AllanD")
	}
	srv.AddAssignment(mockgraph.Assignment{PrincipalID: allan.ID, RoleDefinitionID: exchangeAdministrator(t, srv), ViaPIM: true, Created: daysAgo(srv, 200)})
	srv.Scan(alerttypes.StaleSignIn)
	dir := stage(t, "data-sources/entrapim_alert_incidents", nil, nil)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigStateChecks: []statecheck.StateCheck{
					simCheck(func() error { return untouched(srv, nil, 0) }),
					tenantCheck(func(outputs map[string]any) error {
						report, _ := outputs["stale_accounts"].(map[string]any)
						roles, _ := report[allan.UserPrincipalName].([]any)
						if len(roles) != 2 {
							return fmt.Errorf("stale_accounts[%s] = %v, want two roles", allan.UserPrincipalName, report[allan.UserPrincipalName])
						}
						if _, ok := report["breakglass@contoso.onmicrosoft.com"]; !ok {
							return fmt.Errorf("stale_accounts does not report the break-glass account: %v", report)
						}
						return nil
					}),
				},
			},
			teardown(stageEmpty(t), func() error { return nil }),
		},
	})
}

// stringSet is a set(string) variable of ids.
func stringSet(ids []string) config.Variable {
	vs := make([]config.Variable, len(ids))
	for i, id := range ids {
		vs[i] = config.StringVariable(id)
	}
	return config.SetVariable(vs...)
}

// exchangeAdministrator returns the id of a privileged role of the seed.
func exchangeAdministrator(t *testing.T, srv *mockgraph.Server) string {
	t.Helper()
	for _, r := range srv.Roles() {
		if r.DisplayName == "Exchange Administrator" && r.Privileged {
			return r.ID
		}
	}
	t.Fatal("the seed has no Exchange Administrator role")
	return ""
}

// TestAccExampleDataSourceAlert reads one alert by type and one by the
// Graph id the example spells out (the documentation tenant's).
func TestAccExampleDataSourceAlert(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	var admins []knownvalue.Check
	for _, inc := range srv.Incidents(alerttypes.TooManyGlobalAdmins) {
		admins = append(admins, knownvalue.StringExact(fmt.Sprint(inc["assigneeUserPrincipalName"])))
	}
	if len(admins) == 0 {
		t.Fatal("the documentation tenant has no Global Administrator incidents")
	}
	dir := stage(t, "data-sources/entrapim_alert", nil, nil)

	resource.ParallelTest(t, exampleCase(tn, dir, resource.TestStep{
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("global_admins", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"active":    knownvalue.Bool(true),
				"threshold": knownvalue.Int64Exact(3),
				"admins":    knownvalue.ListExact(admins),
			})),
			statecheck.ExpectKnownValue("data.entrapim_alert.stale", tfjsonpath.New("alert_type"), knownvalue.StringExact(alerttypes.StaleSignIn)),
			statecheck.ExpectKnownValue("data.entrapim_alert.stale", tfjsonpath.New("id"), knownvalue.StringExact(srv.AlertID(alerttypes.StaleSignIn))),
		},
	}))
}

// TestAccExampleDataSourceAlertConfigurations reads the configurations and
// adopts the current Global Administrator thresholds: nothing but isEnabled
// may change in the tenant.
func TestAccExampleDataSourceAlertConfigurations(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	if err := srv.SetConfiguration(alerttypes.TooManyGlobalAdmins, map[string]any{"isEnabled": false, "globalAdminCountThreshold": 7}); err != nil {
		t.Fatal(err)
	}
	want := srv.Configuration(alerttypes.TooManyGlobalAdmins)
	want["isEnabled"] = true
	dir := stage(t, "data-sources/entrapim_alert_configurations", nil, nil)

	resource.ParallelTest(t, exampleCase(tn, dir, resource.TestStep{
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("stale_sign_in_duration", knownvalue.StringExact("P30D")),
			simCheck(func() error {
				if got := srv.Configuration(alerttypes.TooManyGlobalAdmins); !reflect.DeepEqual(got, want) {
					return fmt.Errorf("configuration %v, want %v", got, want)
				}
				return nil
			}),
		},
	}))
}

// TestAccExampleDataSourceAlertDefinition reads one definition.
func TestAccExampleDataSourceAlertDefinition(t *testing.T) {
	tn := docsTenant(t)
	dir := stage(t, "data-sources/entrapim_alert_definition", nil, nil)
	resource.ParallelTest(t, exampleCase(tn, dir, resource.TestStep{
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("stale_sign_in_mitigation", knownvalue.StringRegexp(regexpNonEmpty)),
		},
	}))
}

// TestAccExampleDataSourceAlertDefinitions lists the remediatable types.
func TestAccExampleDataSourceAlertDefinitions(t *testing.T) {
	tn := docsTenant(t)
	var remediatable []string
	for _, a := range alerttypes.Builtin().All() {
		if a.Remediatable {
			remediatable = append(remediatable, a.Suffix)
		}
	}
	sort.Strings(remediatable)
	dir := stage(t, "data-sources/entrapim_alert_definitions", nil, nil)
	resource.ParallelTest(t, exampleCase(tn, dir, resource.TestStep{
		ConfigStateChecks: []statecheck.StateCheck{tenantCheck(func(outputs map[string]any) error {
			list, _ := outputs["remediatable_alert_types"].([]any)
			var got []string
			for _, v := range list {
				got = append(got, fmt.Sprint(v))
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, remediatable) {
				return fmt.Errorf("remediatable_alert_types = %v, want %v", got, remediatable)
			}
			return nil
		})},
	}))
}

// TestAccExampleDataSourceAlerts reports active alerts and the ones someone
// disabled in the portal.
func TestAccExampleDataSourceAlerts(t *testing.T) {
	tn := docsTenant(t)
	srv := tn.Server
	if err := srv.SetConfiguration(alerttypes.SequentialActivation, map[string]any{"isEnabled": false}); err != nil {
		t.Fatal(err)
	}
	srv.Scan()
	active := map[string]knownvalue.Check{}
	for _, name := range alerttypes.Builtin().Names() {
		if a := srv.Alert(name); a.IsActive {
			at, _ := alerttypes.Builtin().Lookup(name)
			active[name] = knownvalue.ObjectExact(map[string]knownvalue.Check{
				"severity":  knownvalue.StringExact(at.SeverityLevel),
				"incidents": knownvalue.Int64Exact(int64(a.IncidentCount)),
				"title":     knownvalue.NotNull(),
			})
		}
	}
	if len(active) == 0 {
		t.Fatal("the documentation tenant has no active alert")
	}
	dir := stage(t, "data-sources/entrapim_alerts", nil, nil)
	resource.ParallelTest(t, exampleCase(tn, dir, resource.TestStep{
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("active_alerts", knownvalue.MapExact(active)),
			statecheck.ExpectKnownOutputValue("disabled_alerts", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(alerttypes.SequentialActivation)})),
		},
	}))
}

// TestAccExampleFunctionAlertID evaluates the alert_id function example.
func TestAccExampleFunctionAlertID(t *testing.T) {
	tn := docsTenant(t)
	dir := stage(t, "functions/alert_id", nil, nil)
	a, b := "0f0e0d0c-0b0a-4909-8807-060504030201", "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
	tc := exampleCase(tn, dir, resource.TestStep{
		ConfigVariables: config.Variables{"tenant_ids": config.ListVariable(config.StringVariable(a), config.StringVariable(b))},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("stale_sign_in_alert_id", knownvalue.StringExact(alerttypes.AlertID(docsTenantID, alerttypes.StaleSignIn))),
			statecheck.ExpectKnownOutputValue("global_admin_alert_ids", knownvalue.MapExact(map[string]knownvalue.Check{
				a: knownvalue.StringExact(alerttypes.AlertID(a, alerttypes.TooManyGlobalAdmins)),
				b: knownvalue.StringExact(alerttypes.AlertID(b, alerttypes.TooManyGlobalAdmins)),
			})),
		},
	})
	tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}
	resource.ParallelTest(t, tc)
}

// TestAccExampleDemo applies examples/demo, the configuration make demo
// uses, and repeats the demo's out-of-band change: the plan shows exactly
// the loosened threshold and the reactivated alert.
func TestAccExampleDemo(t *testing.T) {
	acctest.EachScanVariant(t, func(t *testing.T, _ acctest.ScanVariant, opt mockgraph.Option) { demoExample(t, opt) })
}

// demoExample is TestAccExampleDemo against a tenant started with opt.
func demoExample(t *testing.T, opt mockgraph.Option) {
	tn := simTenant(t, opt)
	srv := tn.Server
	dir := stage(t, "demo", nil, nil)
	ga := "entrapim_alert_configuration.too_many_global_admins"
	dismissed := "entrapim_alert.roles_assigned_outside_pim"

	resource.ParallelTest(t, resource.TestCase{
		Steps: eachStep(tn.Factories, []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory(dir),
				ConfigStateChecks: []statecheck.StateCheck{
					simCheck(func() error {
						if err := checkConfigurations(srv, map[string]map[string]any{
							alerttypes.TooManyGlobalAdmins:  {"isEnabled": true, "globalAdminCountThreshold": 4, "percentageOfGlobalAdminsOutOfRolesThreshold": 10},
							alerttypes.StaleSignIn:          {"duration": "P30D"},
							alerttypes.RedundantAssignment:  {"duration": "P60D"},
							alerttypes.SequentialActivation: {"sequentialActivationCounterThreshold": 3, "timeIntervalBetweenActivations": "PT1H"},
						}); err != nil {
							return err
						}
						if srv.Alert(alerttypes.RolesAssignedOutsidePim).IsActive {
							return fmt.Errorf("%s is active after the demo's dismissal", alerttypes.RolesAssignedOutsidePim)
						}
						return nil
					}),
					tenantCheck(func(outputs map[string]any) error {
						active, _ := outputs["active_alerts"].(map[string]any)
						if _, ok := active[alerttypes.RolesAssignedOutsidePim]; ok {
							return fmt.Errorf("active_alerts lists the dismissed alert: %v", active)
						}
						if admins, _ := outputs["global_admin_incidents"].([]any); len(admins) == 0 {
							return fmt.Errorf("global_admin_incidents is empty")
						}
						return nil
					}),
				},
			},
			{
				PreConfig: func() {
					if err := srv.SetConfiguration(alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 10}); err != nil {
						t.Fatal(err)
					}
					// A refresh reactivates the dismissed alert (documented).
					srv.Refresh(alerttypes.RolesAssignedOutsidePim)
				},
				ConfigDirectory:    config.StaticDirectory(dir),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						acctest.ExpectChangedAttributes(ga, "too_many_global_admins.global_admin_count_threshold"),
						plancheck.ExpectResourceAction(dismissed, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("entrapim_alert_refresh.baseline", plancheck.ResourceActionNoop),
					},
				},
			},
		}),
	})
}

// tested lists every example directory and the acceptance tests that apply
// or plan it.
var tested = map[string][]string{
	"baseline-module":                               {"TestAccExampleBaselineModule", "TestAccExampleBaselineModule_validation"},
	"data-sources/entrapim_alert":                   {"TestAccExampleDataSourceAlert"},
	"data-sources/entrapim_alert_configurations":    {"TestAccExampleDataSourceAlertConfigurations"},
	"data-sources/entrapim_alert_definition":        {"TestAccExampleDataSourceAlertDefinition"},
	"data-sources/entrapim_alert_definitions":       {"TestAccExampleDataSourceAlertDefinitions"},
	"data-sources/entrapim_alert_incidents":         {"TestAccExampleDataSourceAlertIncidents"},
	"data-sources/entrapim_alerts":                  {"TestAccExampleDataSourceAlerts"},
	"demo":                                          {"TestAccExampleDemo"},
	"functions/alert_id":                            {"TestAccExampleFunctionAlertID"},
	"github-actions":                                {"TestExampleGitHubActionsWorkflow", "TestAccExampleGitHubActions"},
	"multi-tenant":                                  {"TestAccExampleMultiTenant"},
	"provider":                                      {"TestAccExampleProvider"},
	"resources/entrapim_alert":                      {"TestAccExampleResourceAlert", "TestAccExampleResourceAlert_import", "TestAccExampleResourceAlert_identity"},
	"resources/entrapim_alert_configuration":        {"TestAccExampleResourceAlertConfiguration", "TestAccExampleResourceAlertConfiguration_import", "TestAccExampleResourceAlertConfiguration_identity"},
	"actions/entrapim_alert_refresh":                {"TestAccExampleActions_action"},
	"actions/entrapim_alert_incident_remediation":   {"TestAccExampleActions_action"},
	"list-resources/entrapim_alert":                 {"TestAccExampleListResources_query"},
	"list-resources/entrapim_alert_configuration":   {"TestAccExampleListResources_query"},
	"adopt-existing-tenant":                         {"TestAccExampleAdoptExistingTenant_query"},
	"multi-tenant-opentofu":                         {"TestAccExampleMultiTenantOpenTofu"},
	"multi-tenant-per-resource":                     {"TestAccExampleMultiTenantPerResource", "TestAccExampleMultiTenantPerResource_refusedTenant", "TestAccExampleMultiTenantPerResource_query"},
	"resources/entrapim_alert_incident_remediation": {"TestAccExampleResourceAlertIncidentRemediation"},
	"onboard-tenant":                                {"TestAccExampleOnboardTenant", "TestAccOnboardCreateWarns"},
	"resources/entrapim_alert_refresh":              {"TestAccExampleResourceAlertRefresh"},
}

// TestExamplesTested fails when an example directory (one holding .tf or
// .yml files) has no test in this package, so a new example cannot go
// untested.
func TestExamplesTested(t *testing.T) {
	root := examplesDir(t, ".")
	found := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(p); ext == ".tf" || ext == ".yml" || strings.HasSuffix(p, ".tfquery.hcl") {
			rel, err := filepath.Rel(root, filepath.Dir(p))
			if err != nil {
				return err
			}
			found[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range found {
		if _, ok := tested[dir]; !ok {
			t.Errorf("examples/%s has no test in internal/examples; add one and list it in tested", dir)
		}
	}
	for dir := range tested {
		if !found[dir] {
			t.Errorf("tested lists examples/%s, which no longer exists", dir)
		}
	}
}

// remediationBlock matches an entrapim_alert_incident_remediation resource
// block, in HCL or Markdown, up to its closing brace at the start of a line.
var remediationBlock = regexp.MustCompile(`(?ms)resource\s+"entrapim_alert_incident_remediation"\s+"[^"]*"\s*\{(.*?)^\}`)

// forEachOf returns the for_each expression of a block's body: from
// for_each up to the next argument ("" without one).
func forEachOf(body string) string {
	i := strings.Index(body, "for_each")
	if i < 0 {
		return ""
	}
	expr := body[i+len("for_each"):]
	if loc := nextArgument.FindStringIndex(expr); loc != nil {
		expr = expr[:loc[0]]
	}
	return expr
}

// nextArgument matches the start of a block's next argument line.
var nextArgument = regexp.MustCompile(`(?m)^\s*[a-z_]+\s*=`)

// TestRemediationsKeyedByApprovedIDs fails when an example, a template or
// a generated doc keys remediation resources by what a data source lists
// now: PIM's next scan drops remediated incidents, and a for_each over
// them would plan to destroy the remediations and their records.
func TestRemediationsKeyedByApprovedIDs(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, dir := range []string{"examples", "templates", "docs"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !slices.Contains([]string{".tf", ".md", ".tmpl"}, filepath.Ext(p)) {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range remediationBlock.FindAllStringSubmatch(string(b), -1) {
				checked++
				if strings.Contains(forEachOf(m[1]), "data.") {
					rel, _ := filepath.Rel(root, p)
					t.Errorf("%s keys remediations by a data source:\n%s", rel, m[0])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 3 {
		t.Errorf("found %d remediation blocks; the check looks in the wrong places", checked)
	}
}

// TestRepositoryFiles: the files a public provider repository is expected
// to have are there, and the installation guide is linked from the README
// and the docs index.
func TestRepositoryFiles(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"LICENSE":                       "Mozilla Public License, version 2.0",
		"SECURITY.md":                   "Report a vulnerability",
		"CONTRIBUTING.md":               "make generate",
		"README.md":                     "(docs/guides/installation.md)",
		"docs/index.md":                 "(guides/installation.md)",
		"docs/guides/installation.md":   "gpg --verify",
		".github/workflows/release.yml": "GPG_FINGERPRINT",
		".github/workflows/test.yml":    "TF_ACC_TERRAFORM_PATH",
	} {
		b, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not contain %q", file, want)
		}
	}
}
