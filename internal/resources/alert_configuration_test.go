package resources_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

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
		Steps: []resource.TestStep{
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
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           gaType,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           srv.AlertID(gaType),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   gaType,
			},
		},
		// Destroy restores the settings found when the resource was created.
		CheckDestroy: func(*terraform.State) error {
			after := srv.Configuration(gaType)
			for _, k := range []string{"isEnabled", "globalAdminCountThreshold", "percentageOfGlobalAdminsOutOfRolesThreshold"} {
				if fmt.Sprint(after[k]) != fmt.Sprint(before[k]) {
					return fmt.Errorf("after destroy %s = %v, want the adopted %v", k, after[k], before[k])
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
				PreConfig: srv.ResetRequests,
				Config:    configTooManyGA(6, 20),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						acctest.ExpectChangedAttributes(addr, "too_many_global_admins.global_admin_count_threshold"),
					},
				},
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
	tn.RequireSimulator(t)
	srv := tn.Server
	addr := "entrapim_alert_configuration.test"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
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
		},
	})
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
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
		},
	})
}

func TestAccAlertConfiguration_keepOnDestroy(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type         = %q
  restore_on_destroy = false
  redundant_assignment = {
    duration = "P14D"
  }
}
`, alerttypes.RedundantAssignment),
		}},
		CheckDestroy: func(*terraform.State) error {
			if got := srv.Configuration(alerttypes.RedundantAssignment)["duration"]; got != "P14D" {
				return fmt.Errorf("restore_on_destroy = false, yet destroy changed duration to %v", got)
			}
			return nil
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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps:                    steps,
	})
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
