package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
	"github.com/entrapim/terraform-provider-entrapim/internal/resources"
)

const gaType = alerttypes.TooManyGlobalAdmins

func configTooManyGA(count, pct int) string {
	return fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  enabled    = true
  too_many_global_admins = {
    global_admin_count_threshold                       = %d
    percentage_of_global_admins_out_of_roles_threshold = %d
  }
}
`, gaType, count, pct)
}

// simInt reads an integer property of a configuration in the simulator.
func simInt(srv *mockgraph.Server, alertType, prop string) int64 {
	v := srv.Configuration(alertType)[prop]
	switch n := v.(type) {
	case int:
		return int64(n)
	case int32:
		return int64(n)
	case int64:
		return n
	case float64:
		return int64(n)
	case json.Number:
		i, _ := n.Int64()
		return i
	}
	return -1
}

func TestAccAlertConfiguration_basic(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	before := srv.Configuration(gaType)
	addr := "entrapim_alert_configuration.test"

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: tn.Factories,
		Steps: append([]resource.TestStep{
			{
				Config: configTooManyGA(4, 20),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(srv.AlertID(gaType))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("scope_id"), knownvalue.StringExact("/")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("scope_type"), knownvalue.StringExact("DirectoryRole")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("too_many_global_admins").AtMapKey("global_admin_count_threshold"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("too_many_global_admins").AtMapKey("percentage_of_global_admins_out_of_roles_threshold"), knownvalue.Int64Exact(20)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("stale_sign_in"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if got := simInt(srv, gaType, "globalAdminCountThreshold"); got != 4 {
						return fmt.Errorf("simulator globalAdminCountThreshold = %d, want 4", got)
					}
					if got := simInt(srv, gaType, "percentageOfGlobalAdminsOutOfRolesThreshold"); got != 20 {
						return fmt.Errorf("simulator percentage = %d, want 20", got)
					}
					return nil
				},
			},
		}, importSteps(srv, addr, gaType)...),
		// Destroy (restore_on_destroy defaults to false) stops managing the
		// configuration and leaves the tenant's settings as they are.
		CheckDestroy: func(*terraform.State) error {
			after := srv.Configuration(gaType)
			if before["globalAdminCountThreshold"] == 4 {
				return fmt.Errorf("the seed already has the test's threshold; the check proves nothing")
			}
			for k, want := range map[string]any{"isEnabled": true, "globalAdminCountThreshold": 4, "percentageOfGlobalAdminsOutOfRolesThreshold": 20} {
				if fmt.Sprint(after[k]) != fmt.Sprint(want) {
					return fmt.Errorf("after destroy %s = %v, want the applied %v left as it was", k, after[k], want)
				}
			}
			return nil
		},
	})
}

func TestAccAlertConfiguration_update(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "entrapim_alert_configuration.test"
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				Config: configTooManyGA(4, 20),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
				},
			},
			{
				PreConfig:        srv.ResetRequests,
				Config:           configTooManyGA(6, 20),
				ConfigPlanChecks: acctest.ExpectUpdate(addr, "too_many_global_admins.global_admin_count_threshold"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("too_many_global_admins").AtMapKey("global_admin_count_threshold"), knownvalue.Int64Exact(6)),
				},
				Check: func(*terraform.State) error {
					if got := simInt(srv, gaType, "globalAdminCountThreshold"); got != 6 {
						return fmt.Errorf("simulator globalAdminCountThreshold = %d, want 6", got)
					}
					// Update PATCHes only what changed.
					writes := srv.WriteRequests()
					if len(writes) != 1 {
						return fmt.Errorf("got %d write requests, want 1 PATCH", len(writes))
					}
					var body map[string]any
					if err := json.Unmarshal(writes[0].Body, &body); err != nil {
						return err
					}
					if _, ok := body["percentageOfGlobalAdminsOutOfRolesThreshold"]; ok {
						return fmt.Errorf("PATCH sent the unchanged percentage: %s", writes[0].Body)
					}
					if body["@odata.type"] != "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration" {
						return fmt.Errorf("PATCH without the derived @odata.type: %s", writes[0].Body)
					}
					return nil
				},
			},
			{
				// Disable the scan in place.
				Config: fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  enabled    = false
}
`, gaType),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						acctest.ExpectChangedAttributes(addr, "enabled"),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					// Omitted thresholds stay as they are, never reset.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("too_many_global_admins").AtMapKey("global_admin_count_threshold"), knownvalue.Int64Exact(6)),
				},
				Check: func(*terraform.State) error {
					if srv.Configuration(gaType)["isEnabled"] != false {
						return fmt.Errorf("simulator isEnabled = %v, want false", srv.Configuration(gaType)["isEnabled"])
					}
					return nil
				},
			},
		},
	})
}

func TestAccAlertConfiguration_drift(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "entrapim_alert_configuration.test"

	tn.Test(t, []resource.TestStep{
		{Config: configTooManyGA(4, 20)},
		{
			// Someone raises the count threshold in the portal.
			PreConfig: func() {
				if err := srv.SetConfiguration(gaType, map[string]any{"globalAdminCountThreshold": 9}); err != nil {
					t.Fatal(err)
				}
			},
			Config: configTooManyGA(4, 20),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					acctest.ExpectChangedAttributes(addr, "too_many_global_admins.global_admin_count_threshold"),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("too_many_global_admins").AtMapKey("global_admin_count_threshold"), knownvalue.Int64Exact(4)),
				},
			},
			Check: func(*terraform.State) error {
				if got := simInt(srv, gaType, "globalAdminCountThreshold"); got != 4 {
					return fmt.Errorf("after apply the simulator has %d, want 4", got)
				}
				return nil
			},
		},
		{
			Config: configTooManyGA(4, 20),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
	})
}

// TestAccAlertConfiguration_enabledDrift: enabled defaults to true, so
// someone disabling the alert in the portal shows as drift even where the
// configuration omits enabled (issue 17), and applying turns it back on.
func TestAccAlertConfiguration_enabledDrift(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "entrapim_alert_configuration.test"
	config := fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type = %q
}
`, alerttypes.StaleSignIn)
	tn.Test(t, []resource.TestStep{
		{
			// Adopting a disabled alert with enabled omitted turns it on.
			PreConfig: func() {
				if err := srv.SetConfiguration(alerttypes.StaleSignIn, map[string]any{"isEnabled": false}); err != nil {
					t.Fatal(err)
				}
			},
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("enabled"), knownvalue.Bool(true))},
			Check:             simCheckEnabled(srv, true),
		},
		{
			PreConfig: func() {
				if err := srv.SetConfiguration(alerttypes.StaleSignIn, map[string]any{"isEnabled": false}); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				acctest.ExpectChangedAttributes(addr, "enabled"),
			}},
			Check: simCheckEnabled(srv, true),
		},
		{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	})
}

func simCheckEnabled(srv *mockgraph.Server, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := srv.Configuration(alerttypes.StaleSignIn)["isEnabled"]; got != want {
			return fmt.Errorf("isEnabled = %v in the tenant, want %v", got, want)
		}
		return nil
	}
}

func TestAccAlertConfiguration_durations(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "entrapim_alert_configuration.test"
	cfg := func(d string) string {
		return fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  stale_sign_in = {
    duration = %q
  }
}
`, alerttypes.StaleSignIn, d)
	}
	tn.Test(t, []resource.TestStep{
		{
			Config: cfg("PT1080H"), // 45 days, written in hours
			Check: func(*terraform.State) error {
				if got := srv.Configuration(alerttypes.StaleSignIn)["duration"]; got != "P45D" {
					return fmt.Errorf("simulator duration = %v, want P45D", got)
				}
				return nil
			},
		},
		{
			// Graph answers P45D; the configuration says PT1080H: no diff.
			Config: cfg("PT1080H"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
		{
			Config: cfg("P60D"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{acctest.ExpectChangedAttributes(addr, "stale_sign_in.duration")},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("stale_sign_in").AtMapKey("duration"), knownvalue.StringExact("P60D")),
			},
		},
	})
}

// TestAccAlertConfiguration_destroy: by default destroy leaves the
// tenant's settings as they are; restore_on_destroy = true restores the
// settings adopted on create.
func TestAccAlertConfiguration_destroy(t *testing.T) {
	for _, c := range []struct {
		name, setting, want string
	}{
		{"default keeps", "", "P14D"},
		{"false keeps", "restore_on_destroy = false", "P14D"},
		{"true restores", "restore_on_destroy = true", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tn := acctest.New(t)
			srv := tn.Server
			adopted := srv.Configuration(alerttypes.RedundantAssignment)["duration"]
			want := c.want
			if want == "" {
				want = fmt.Sprint(adopted)
			}
			if adopted == "P14D" {
				t.Fatal("the seed already has the test's duration; the check proves nothing")
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: tn.Factories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  %s
  redundant_assignment = {
    duration = "P14D"
  }
}
`, alerttypes.RedundantAssignment, c.setting),
				}},
				CheckDestroy: func(*terraform.State) error {
					if got := srv.Configuration(alerttypes.RedundantAssignment)["duration"]; got != want {
						return fmt.Errorf("%s: after destroy duration = %v, want %v", c.setting, got, want)
					}
					return nil
				},
			})
		})
	}
}

// TestAccAlertConfiguration_createFails: the settings found are recorded
// before the PATCH. A PATCH that fails, although it may have reached Graph
// (emulated by changing the setting out of band, as Graph would have),
// leaves the resource tainted with that record, so destroying it restores
// the settings Terraform found, not its own. (Replacing a tainted resource
// cannot: Terraform plans it without the tainted object's private state.)
func TestAccAlertConfiguration_createFails(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	const at = alerttypes.RedundantAssignment
	adopted := srv.Configuration(at)["duration"]
	if adopted == "P14D" {
		t.Fatal("the seed already has the test's duration; the check proves nothing")
	}
	config := fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type         = %q
  restore_on_destroy = true
  redundant_assignment = {
    duration = "P14D"
  }
}
`, at)
	tn.Test(t, []resource.TestStep{
		{
			PreConfig: func() {
				srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Route: "configurations.patch", AlertType: at,
					Status: http.StatusInternalServerError, Code: "InternalServerError", Message: "try again", Count: 1})
			},
			Config:      config,
			ExpectError: acctest.ExpectError(`Error creating alert configuration.*HTTP status: 500`),
		},
		{
			PreConfig: func() {
				if err := srv.SetConfiguration(at, map[string]any{"duration": "P14D"}); err != nil {
					t.Fatal(err)
				}
			},
			// The resource removed from the configuration: destroyed.
			Config: `data "entrapim_alerts" "after" {}`,
			Check: func(*terraform.State) error {
				if got := srv.Configuration(at)["duration"]; got != adopted {
					return fmt.Errorf("after destroy duration = %v, want the %v found before the failed create", got, adopted)
				}
				return nil
			},
		},
	})
}

// TestAccAlertConfiguration_invalid checks every validator at plan time and
// that none of the invalid configurations sends a write request.
func TestAccAlertConfiguration_invalid(t *testing.T) {
	tn := acctest.New(t)
	cases := []struct {
		name, config string
		want         *regexp.Regexp
	}{
		{"count too low", configTooManyGA(1, 10), acctest.ExpectError(`global_admin_count_threshold.*between 2 and 100`)},
		{"count too high", configTooManyGA(101, 10), acctest.ExpectError(`global_admin_count_threshold.*between 2 and 100`)},
		{"percentage too high", configTooManyGA(4, 101), acctest.ExpectError(`percentage_of_global_admins_out_of_roles_threshold.*between 0 and 100`)},
		{"unknown alert type", `resource "entrapim_alert_configuration" "test" { alert_type = "TooManyGlobalAdmins" }`, acctest.ExpectError(`Unknown alert type`)},
		{"zero duration", staleConfig("P0D"), acctest.ExpectError(`zero duration`)},
		{"duration too long", staleConfig("P366D"), acctest.ExpectError(`Duration out of range`)},
		{"months", staleConfig("P1M"), acctest.ExpectError(`Invalid ISO-8601 duration`)},
		// An OData Edm.Duration has no weeks: the error names what to write.
		{"weeks", staleConfig("P1W"), acctest.ExpectError(`Invalid ISO-8601 duration.*Edm.Duration.*write "P7D"`)},
		{"malformed duration", staleConfig("30 days"), acctest.ExpectError(`Invalid ISO-8601 duration`)},
		{"redundant too long", fmt.Sprintf(`resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  redundant_assignment = { duration = "P101D" }
}`, alerttypes.RedundantAssignment), acctest.ExpectError(`Duration out of range`)},
		{"renewals too low", fmt.Sprintf(`resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  sequential_activation_renewals = { sequential_activation_counter_threshold = 1 }
}`, alerttypes.SequentialActivation), acctest.ExpectError(`between 2 and 100`)},
		{"wrong block", fmt.Sprintf(`resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  too_many_global_admins = { global_admin_count_threshold = 4 }
}`, alerttypes.StaleSignIn), acctest.ExpectError(`Thresholds do not match the alert type.*Use stale_sign_in`)},
		{"thresholds on a non-configurable type", fmt.Sprintf(`resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  stale_sign_in = { duration = "P30D" }
}`, alerttypes.NoMfaOnRoleActivation), acctest.ExpectError(`has no configurable thresholds`)},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, ExpectError: c.want, PlanOnly: true})
	}
	steps = append(steps,
		resource.TestStep{
			Config:        configTooManyGA(4, 10),
			ResourceName:  "entrapim_alert_configuration.test",
			ImportState:   true,
			ImportStateId: "NotAnAlert",
			ExpectError:   acctest.ExpectError(`expected an alert type`),
		},
		resource.TestStep{
			Config:        configTooManyGA(4, 10),
			ResourceName:  "entrapim_alert_configuration.test",
			ImportState:   true,
			ImportStateId: "DirectoryRole_not-a-guid_StaleSignInAlert",
			ExpectError:   acctest.ExpectError(`not a GUID`),
		},
	)
	tn.Test(t, steps)
	if tn.Server != nil {
		if w := tn.Server.WriteRequests(); len(w) != 0 {
			t.Errorf("invalid configurations sent %d write requests, want 0: first %s %s", len(w), w[0].Method, w[0].Path)
		}
	}
}

func staleConfig(d string) string {
	return fmt.Sprintf(`resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  stale_sign_in = { duration = %q }
}`, alerttypes.StaleSignIn, d)
}

// newAlertType is an alert type Microsoft might add: one integer and one
// duration threshold. It exists only in this test, as one catalogue row.
var newAlertType = alerttypes.AlertType{
	Suffix:                 "TooManyRoleOwnersAlert",
	ConfigurationODataType: "#microsoft.graph.tooManyRoleOwnersAlertConfiguration",
	IncidentODataType:      "#microsoft.graph.tooManyRoleOwnersAlertIncident",
	Block:                  "too_many_role_owners",
	Configurable:           true,
	DisplayName:            "There are too many role owners",
	SeverityLevel:          "low",
	Summary:                "Too many accounts own privileged roles.",
	Fields: []alerttypes.Field{
		{
			GraphName: "ownerCountThreshold", Attribute: "owner_count_threshold", Kind: alerttypes.Int,
			Min: 1, Max: 50, Default: alerttypes.IntValue(5),
			Description: "How many owners raise the alert (1–50).",
		},
		{
			GraphName: "lookBackPeriod", Attribute: "look_back_period", Kind: alerttypes.Duration,
			MinDuration: 24 * time.Hour, MaxDuration: 90 * 24 * time.Hour, Default: alerttypes.DurationValue(14 * 24 * time.Hour),
			Description: "How far back to look, between `P1D` and `P90D`.",
		},
	},
}

func configNewAlertType(count int, period string, extra ...string) string {
	return fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  %s
  too_many_role_owners = {
    owner_count_threshold = %d
    look_back_period      = %q
  }
}
`, newAlertType.Suffix, strings.Join(extra, "\n"), count, period)
}

// TestNewAlertTypeSchema: the row alone gives the resource its nested
// object with typed, documented attributes.
func TestNewAlertTypeSchema(t *testing.T) {
	t.Parallel()
	r := resources.NewAlertConfiguration(alerttypes.Builtin().With(newAlertType))
	var resp fwresource.SchemaResponse
	r.Schema(context.Background(), fwresource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("invalid schema: %v", diags)
	}
	block, ok := resp.Schema.Attributes["too_many_role_owners"].(schema.SingleNestedAttribute)
	if !ok {
		t.Fatalf("no too_many_role_owners object; attributes: %v", resp.Schema.Attributes)
	}
	if _, ok := block.Attributes["owner_count_threshold"].(schema.Int64Attribute); !ok {
		t.Errorf("owner_count_threshold is %T, want an Int64Attribute", block.Attributes["owner_count_threshold"])
	}
	period, ok := block.Attributes["look_back_period"].(schema.StringAttribute)
	if !ok || period.CustomType == nil {
		t.Errorf("look_back_period is %T (%+v), want a duration string", block.Attributes["look_back_period"], period)
	}
	for name, a := range block.Attributes {
		if a.GetMarkdownDescription() == "" || !a.IsOptional() || !a.IsComputed() {
			t.Errorf("%s: not an optional, computed, documented threshold", name)
		}
	}
}

// TestAccAlertConfiguration_newAlertType: with no code but the row, the
// new type's thresholds are range-checked at plan time, PATCHed with the
// catalogue's Graph property names and read back into state (drift
// included).
func TestAccAlertConfiguration_newAlertType(t *testing.T) {
	cat := alerttypes.Builtin().With(newAlertType)
	tn := acctest.New(t, mockgraph.WithCatalogue(cat))
	srv := tn.Server
	addr := "entrapim_alert_configuration.test"
	owners := tfjsonpath.New("too_many_role_owners")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(tn.Env(), provider.WithCatalogue(cat)),
		Steps: append([]resource.TestStep{
			{Config: configNewAlertType(51, "P21D"), PlanOnly: true, ExpectError: acctest.ExpectError(`owner_count_threshold.*between 1 and 50`)},
			{Config: configNewAlertType(7, "P91D"), PlanOnly: true, ExpectError: acctest.ExpectError(`Duration out of range.*between P1D and P90D`)},
			{
				PreConfig: func() {
					if w := srv.WriteRequests(); len(w) != 0 {
						t.Fatalf("invalid thresholds sent %d writes", len(w))
					}
				},
				Config: configNewAlertType(7, "P21D"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(srv.AlertID(newAlertType.Suffix))),
					statecheck.ExpectKnownValue(addr, owners.AtMapKey("owner_count_threshold"), knownvalue.Int64Exact(7)),
					statecheck.ExpectKnownValue(addr, owners.AtMapKey("look_back_period"), knownvalue.StringExact("P21D")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("too_many_global_admins"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					return expectPatch(srv, map[string]any{
						"@odata.type":         "#microsoft.graph.tooManyRoleOwnersAlertConfiguration",
						"ownerCountThreshold": float64(7),
						"lookBackPeriod":      "P21D",
						"isEnabled":           true, // enabled defaults to true
					})
				},
			},
			{
				// Someone shortens the look-back period in the portal: the
				// value read back from Graph shows as drift.
				PreConfig: func() {
					if err := srv.SetConfiguration(newAlertType.Suffix, map[string]any{"lookBackPeriod": "P3D"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: configNewAlertType(7, "P21D"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{acctest.ExpectChangedAttributes(addr, "too_many_role_owners.look_back_period")},
				},
			},
		}, importSteps(srv, addr, newAlertType.Suffix)...),
		CheckDestroy: func(*terraform.State) error {
			// Destroy leaves the tenant as it is.
			got := srv.Configuration(newAlertType.Suffix)
			if got["ownerCountThreshold"] != 7 || got["lookBackPeriod"] != "P21D" {
				return fmt.Errorf("after destroy the configuration is %v, want the applied 7 and P21D", got)
			}
			return nil
		},
	})
}

// TestAccAlertConfiguration_newAlertTypeRestore: the new type's adopted
// settings are recorded and restored with restore_on_destroy = true.
func TestAccAlertConfiguration_newAlertTypeRestore(t *testing.T) {
	cat := alerttypes.Builtin().With(newAlertType)
	tn := acctest.New(t, mockgraph.WithCatalogue(cat))
	srv := tn.Server
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(tn.Env(), provider.WithCatalogue(cat)),
		Steps:                    []resource.TestStep{{Config: configNewAlertType(7, "P21D", "restore_on_destroy = true")}},
		CheckDestroy: func(*terraform.State) error {
			got := srv.Configuration(newAlertType.Suffix)
			if got["ownerCountThreshold"] != 5 || got["lookBackPeriod"] != "P14D" {
				return fmt.Errorf("after destroy the configuration is %v, want the row's defaults 5 and P14D", got)
			}
			return nil
		},
	})
}

// expectPatch fails unless the last configuration PATCH sent exactly want.
func expectPatch(srv *mockgraph.Server, want map[string]any) error {
	var last *mockgraph.Request
	for _, r := range srv.WriteRequests() {
		if r.Route == "configurations.patch" {
			last = &r
		}
	}
	if last == nil {
		return fmt.Errorf("no configuration PATCH was sent")
	}
	var got map[string]any
	if err := json.Unmarshal(last.Body, &got); err != nil {
		return fmt.Errorf("PATCH body %s: %w", last.Body, err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("PATCH body %s, want %v", last.Body, want)
	}
	return nil
}
