package resources_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// The live-capable resource tests (TestAccLive_*) reach the tenant only
// through Graph: they read it with the provider's client, change it only
// through Terraform (or, for drift, through Graph as an administrator
// would), and the write tests (RequireWrite) put back every configuration
// and alert state they found, also when they fail halfway. None
// remediates.

func builtinType(name string) alerttypes.AlertType {
	at, _ := alerttypes.Builtin().Lookup(name)
	return at
}

// liveConfiguration reads a configuration through Graph.
func liveConfiguration(t *testing.T, c *graph.Client, name string) *graph.Configuration {
	return must[*graph.Configuration](t, "reading the "+name+" configuration")(c.GetConfiguration(context.Background(), builtinType(name)))
}

// liveAlert reads an alert through Graph.
func liveAlert(t *testing.T, c *graph.Client, name string) *graph.Alert {
	return must[*graph.Alert](t, "reading the "+name+" alert")(c.GetAlert(context.Background(), builtinType(name)))
}

// must returns a function that returns v, or fails t with what and err.
func must[T any](t *testing.T, what string) func(v T, err error) T {
	t.Helper()
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// importPlansNothing is an import block step of the resource at addr that
// must plan no change.
func importPlansNothing(config, addr, id string) resource.TestStep {
	return resource.TestStep{Config: config, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: id}
}

// liveImport imports the resource at addr by alert type or by Graph id with
// an import block: config says what the tenant has (config(tenant, c)), so
// the plan must change nothing.
func liveImport(t *testing.T, addr, alertType string, byID bool, config func(c *graph.Client) string) {
	tn := acctest.NewLiveCapable(t)
	c := tn.Graph(t)
	id := alertType
	if byID {
		id = builtinType(alertType).ID(tn.TenantID(t))
	}
	tn.Test(t, []resource.TestStep{importPlansNothing(config(c), addr, id)})
}

// configurationAsItIs configures the stale sign-in configuration as the
// tenant has it: thresholds left out follow the tenant; enabled says what
// it is.
func configurationAsItIs(t *testing.T) func(c *graph.Client) string {
	return func(c *graph.Client) string {
		return fmt.Sprintf("resource \"entrapim_alert_configuration\" \"stale\" {\n  alert_type = %q\n  enabled    = %t\n}\n",
			alerttypes.StaleSignIn, liveConfiguration(t, c, alerttypes.StaleSignIn).Enabled)
	}
}

// alertAsItIs configures the too-many-Global-Administrators alert as the
// tenant has it.
func alertAsItIs(t *testing.T) func(c *graph.Client) string {
	return func(c *graph.Client) string {
		return fmt.Sprintf("resource \"entrapim_alert\" \"ga\" {\n  alert_type = %q\n  active     = %t\n}\n",
			alerttypes.TooManyGlobalAdmins, liveAlert(t, c, alerttypes.TooManyGlobalAdmins).IsActive)
	}
}

func TestAccLive_alertConfigurationImportByType(t *testing.T) {
	liveImport(t, "entrapim_alert_configuration.stale", alerttypes.StaleSignIn, false, configurationAsItIs(t))
}

func TestAccLive_alertConfigurationImportByID(t *testing.T) {
	liveImport(t, "entrapim_alert_configuration.stale", alerttypes.StaleSignIn, true, configurationAsItIs(t))
}

func TestAccLive_alertImportByType(t *testing.T) {
	liveImport(t, "entrapim_alert.ga", alerttypes.TooManyGlobalAdmins, false, alertAsItIs(t))
}

func TestAccLive_alertImportByID(t *testing.T) {
	liveImport(t, "entrapim_alert.ga", alerttypes.TooManyGlobalAdmins, true, alertAsItIs(t))
}

// shift moves a duration by a day inside [1 day, 365 days].
func shift(d time.Duration, by int) time.Duration {
	const day = 24 * time.Hour
	out := d + time.Duration(by)*day
	if out < day || out > 365*day {
		out = d - time.Duration(by)*day
	}
	return out.Truncate(day)
}

// TestAccLive_alertConfiguration changes the stale sign-in thresholds and
// enabled, reads them back through Graph, and destroys with
// restore_on_destroy = true: the adopted settings are back.
func TestAccLive_alertConfiguration(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tn.RequireWrite(t)
	c := tn.Graph(t)
	adopted := liveConfiguration(t, c, alerttypes.StaleSignIn)
	d0 := adopted.Thresholds[alerttypes.FieldDuration].Duration
	d1, d2 := shift(d0, 1), shift(d0, 2)
	config := func(enabled bool, d time.Duration) string {
		return fmt.Sprintf(`
resource "entrapim_alert_configuration" "stale" {
  alert_type         = %q
  enabled            = %t
  restore_on_destroy = true
  stale_sign_in = {
    duration = "P%dD"
  }
}
`, alerttypes.StaleSignIn, enabled, d/(24*time.Hour))
	}
	inGraph := func(enabled bool, d time.Duration) resource.TestCheckFunc {
		return func(*terraform.State) error {
			got := liveConfiguration(t, c, alerttypes.StaleSignIn)
			if got.Enabled != enabled || got.Thresholds[alerttypes.FieldDuration].Duration != d {
				return fmt.Errorf("Graph has enabled %v, duration %v; want %v, %v", got.Enabled, got.Thresholds[alerttypes.FieldDuration].Duration, enabled, d)
			}
			return nil
		}
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{Config: config(true, d1), Check: inGraph(true, d1)},
			{Config: config(false, d2), Check: inGraph(false, d2)},
		},
		CheckDestroy: func(*terraform.State) error { return inGraph(adopted.Enabled, d0)(nil) },
	})
}

// TestAccLive_alertConfigurationDrift: an administrator changes a threshold
// (through Graph, as the portal does); the plan shows exactly that, and
// applying repairs it.
func TestAccLive_alertConfigurationDrift(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tn.RequireWrite(t)
	c := tn.Graph(t)
	d0 := liveConfiguration(t, c, alerttypes.RedundantAssignment).Thresholds[alerttypes.FieldDuration].Duration
	want := shift(d0, 1)
	config := fmt.Sprintf(`
resource "entrapim_alert_configuration" "redundant" {
  alert_type = %q
  redundant_assignment = {
    duration = "P%dD"
  }
}
`, alerttypes.RedundantAssignment, want/(24*time.Hour))
	addr := "entrapim_alert_configuration.redundant"
	tn.Test(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() {
				u := graph.ConfigurationUpdate{Thresholds: alerttypes.Values{alerttypes.FieldDuration: alerttypes.DurationValue(shift(want, 2))}}
				if err := c.UpdateConfiguration(context.Background(), builtinType(alerttypes.RedundantAssignment), u); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.ExpectChangedAttributes(addr, "redundant_assignment.duration"),
			}},
		},
		{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	})
}

// TestAccLive_alert dismisses an active alert and puts it back.
func TestAccLive_alert(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tn.RequireWrite(t)
	c := tn.Graph(t)
	alerts, err := c.ListAlerts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var active string
	for _, a := range alerts {
		if a.IsActive && active == "" {
			active = a.Type.Suffix
		}
	}
	if active == "" {
		t.Skip("the tenant has no active alert to dismiss")
	}
	config := func(on bool) string {
		return fmt.Sprintf("resource \"entrapim_alert\" \"test\" {\n  alert_type = %q\n  active     = %t\n}\n", active, on)
	}
	inGraph := func(want bool) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := liveAlert(t, c, active).IsActive; got != want {
				return fmt.Errorf("%s: Graph says isActive %v, want %v", active, got, want)
			}
			return nil
		}
	}
	tn.Test(t, []resource.TestStep{
		{Config: config(false), Check: inGraph(false)},
		{Config: config(true), Check: inGraph(true)},
	})
}

// TestAccLive_alertRefresh: a refresh of one alert type completes.
func TestAccLive_alertRefresh(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tn.RequireWrite(t)
	addr := "entrapim_alert_refresh.stale"
	tn.Test(t, []resource.TestStep{{
		Config: fmt.Sprintf("resource \"entrapim_alert_refresh\" \"stale\" {\n  alert_type = %q\n}\n", alerttypes.StaleSignIn),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("operation_id"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("completed_at"), knownvalue.NotNull()),
		},
	}})
}

// TestAccLive_invalidConfiguration: bad input fails at plan time, so
// nothing reaches the tenant (each step is plan-only and must error).
func TestAccLive_invalidConfiguration(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	var steps []resource.TestStep
	for config, want := range map[string]string{
		configTooManyGA(1, 10): `global_admin_count_threshold.*between 2 and 100`,
		fmt.Sprintf("resource \"entrapim_alert_configuration\" \"x\" {\n  alert_type = %q\n  stale_sign_in = {\n    duration = \"P1W\"\n  }\n}\n", alerttypes.StaleSignIn):    `P7D`,
		"resource \"entrapim_alert_configuration\" \"x\" {\n  alert_type = \"NoSuchAlert\"\n}\n":                                                                              `Unknown alert type`,
		"resource \"entrapim_alert\" \"x\" {\n  alert_type = \"TooManyGlobalAdminsAssignedToTenantAlert\"\n  active = false\n  timeouts = {\n    create = \"soon\"\n  }\n}\n": `Invalid Attribute Value Time Duration`,
	} {
		steps = append(steps, resource.TestStep{Config: config, PlanOnly: true, ExpectError: acctest.ExpectError(want)})
	}
	tn.Test(t, steps)
}

// TestAccLive_remediationRefusedAtPlan: a remediation of an alert type PIM
// cannot remediate fails at plan time. No live test remediates.
func TestAccLive_remediationRefusedAtPlan(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tn.Test(t, []resource.TestStep{{
		Config: fmt.Sprintf(`
resource "entrapim_alert_incident_remediation" "x" {
  alert_type  = %q
  incident_id = "00000000-0000-0000-0000-000000000000"
}
`, alerttypes.SequentialActivation),
		PlanOnly:    true,
		ExpectError: acctest.ExpectError(`Alert type is not remediatable`),
	}})
}
