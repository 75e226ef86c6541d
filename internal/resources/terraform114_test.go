package resources_test

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// Resource identity (Terraform 1.12+), list resources for terraform query
// and actions (Terraform 1.14+). The tests are named *_identity, *_query
// and *_action*: make test runs them a second time with a Terraform 1.14
// built from the Go module proxy; below their version they skip.

var (
	atLeast112 = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	atLeast114 = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
)

// identityOf is the expected identity of an alert type in the tenant.
func identityOf(srv *mockgraph.Server, alertType string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"alert_type": knownvalue.StringExact(alertType),
		"tenant_id":  knownvalue.StringExact(srv.TenantID()),
	}
}

// TestAccAlertConfiguration_identity: the state records the identity, and
// an import block with identity = { alert_type } imports it with no
// changes.
func TestAccAlertConfiguration_identity(t *testing.T) {
	tn := acctest.New(t)
	addr := "entrapim_alert_configuration.test"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   atLeast112,
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				Config:            configTooManyGA(4, 20),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identityOf(tn.Server, gaType))},
			},
			{
				Config: configTooManyGA(4, 20), ResourceName: addr, ImportState: true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// TestAccAlert_identity: the same for entrapim_alert, and an identity of
// another tenant is refused.
func TestAccAlert_identity(t *testing.T) {
	tn := acctest.New(t)
	addr := "entrapim_alert.test"
	config := fmt.Sprintf("resource \"entrapim_alert\" \"test\" {\n  alert_type = %q\n  active     = true\n}\n", gaType)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   atLeast112,
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identityOf(tn.Server, gaType))},
			},
			{Config: config, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}

// TestAccAlert_identityOtherTenant: an import identity naming another
// tenant than the provider's is refused.
func TestAccAlert_identityOtherTenant(t *testing.T) {
	other := acctest.New(t)
	config := fmt.Sprintf("resource \"entrapim_alert\" \"test\" {\n  alert_type = %q\n  active     = true\n}\n", gaType)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   atLeast112,
		ProtoV6ProviderFactories: other.Factories,
		Steps: []resource.TestStep{{
			Config: config + fmt.Sprintf(`
import {
  to       = entrapim_alert.test
  identity = {
    alert_type = %q
    tenant_id  = "0badc0de-0000-4000-8000-000000000003"
  }
}
`, gaType),
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(`Import id names another tenant`),
		}},
	})
}

// expectEveryType checks a query of one list resource: the seven alert
// types, each with its identity and a display name naming it.
func expectEveryType(srv *mockgraph.Server, listAddr string) []querycheck.QueryResultCheck {
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(listAddr, 7)}
	for _, name := range alerttypes.Builtin().Names() {
		checks = append(checks,
			querycheck.ExpectIdentity(listAddr, identityOf(srv, name)),
			querycheck.ExpectResourceDisplayName(listAddr, queryfilter.ByResourceIdentity(identityOf(srv, name)),
				knownvalue.StringRegexp(regexp.MustCompile(regexp.QuoteMeta("("+name+")")+`$`))))
	}
	return checks
}

// TestAccListResources_query: terraform query lists the seven
// configurations and the seven alerts, one Graph request per list, with
// the full resource when asked.
func TestAccListResources_query(t *testing.T) {
	for _, c := range []struct {
		resourceType, alertType string
		values                  func(srv *mockgraph.Server) map[string]knownvalue.Check
	}{
		{"entrapim_alert_configuration", alerttypes.StaleSignIn, func(srv *mockgraph.Server) map[string]knownvalue.Check {
			return map[string]knownvalue.Check{
				"alert_type": knownvalue.StringExact(alerttypes.StaleSignIn),
				// Defaults are left out of the generated configuration.
				"enabled":            knownvalue.Null(),
				"restore_on_destroy": knownvalue.Null(),
				"stale_sign_in": knownvalue.ObjectExact(map[string]knownvalue.Check{
					"duration": knownvalue.StringExact(fmt.Sprint(srv.Configuration(alerttypes.StaleSignIn)["duration"])),
				}),
			}
		}},
		{"entrapim_alert", gaType, func(*mockgraph.Server) map[string]knownvalue.Check {
			return map[string]knownvalue.Check{"active": knownvalue.Bool(true), "incident_count": knownvalue.Int64Exact(5)}
		}},
	} {
		t.Run(c.resourceType, func(t *testing.T) {
			tn := acctest.New(t)
			srv := tn.Server
			listAddr := c.resourceType + ".all"
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   atLeast114,
				ProtoV6ProviderFactories: tn.Factories,
				Steps: []resource.TestStep{{
					PreConfig: srv.ResetRequests,
					Query:     true,
					Config: fmt.Sprintf(`
provider "entrapim" {}

list %q "all" {
  provider         = entrapim
  include_resource = true
}
`, c.resourceType),
					QueryResultChecks: append(expectEveryType(srv, listAddr),
						querycheck.ExpectResourceKnownValues(listAddr, queryfilter.ByResourceIdentity(identityOf(srv, c.alertType)), mapChecks(c.values(srv)))),
				}},
				CheckDestroy: func(*terraform.State) error {
					listed := 0
					for _, r := range srv.GraphRequests() {
						if r.Route == "alerts.list" {
							listed++
						}
					}
					if listed != 1 {
						return fmt.Errorf("the query listed alerts %d times, want once", listed)
					}
					return nil
				},
			})
		})
	}
}

// mapChecks turns attribute checks into the known-value checks of a query.
func mapChecks(m map[string]knownvalue.Check) []querycheck.KnownValueCheck {
	var out []querycheck.KnownValueCheck
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, querycheck.KnownValueCheck{Path: tfjsonpath.New(k), KnownValue: m[k]})
	}
	return out
}

// TestAccAlertRefresh_action: an action_trigger after creating a
// terraform_data runs the refresh action, which rescans the alert: in the
// provider's tenant, or with tenant_id in that tenant only.
func TestAccAlertRefresh_action(t *testing.T) {
	for _, withTenantID := range []bool{false, true} {
		t.Run(fmt.Sprintf("tenant_id=%v", withTenantID), func(t *testing.T) {
			tn := acctest.New(t, mockgraph.WithScanDuration(0), mockgraph.WithTenants(2))
			target, untouched := tn.Server.Tenants()[0], tn.Server.Tenants()[1]
			tenantArg := ""
			if withTenantID {
				target, untouched = untouched, target
				tenantArg = fmt.Sprintf("tenant_id = %q", target.TenantID())
			}
			before, beforeUntouched := target.Alert(alerttypes.StaleSignIn).LastScanned, untouched.Alert(alerttypes.StaleSignIn).LastScanned
			time.Sleep(10 * time.Millisecond)
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   atLeast114,
				ProtoV6ProviderFactories: tn.Factories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
action "entrapim_alert_refresh" "stale" {
  config {
    alert_type = %q
    %s
  }
}
`, alerttypes.StaleSignIn, tenantArg) + afterCreate("entrapim_alert_refresh.stale"),
					Check: func(*terraform.State) error {
						if after := target.Alert(alerttypes.StaleSignIn).LastScanned; !after.After(before) {
							return fmt.Errorf("lastScanned %v, not after %v: the action did not rescan", after, before)
						}
						if after := untouched.Alert(alerttypes.StaleSignIn).LastScanned; !after.Equal(beforeUntouched) {
							return fmt.Errorf("the action rescanned the other tenant too (%v, before %v)", after, beforeUntouched)
						}
						return nil
					},
				}},
			})
		})
	}
}

// TestAccAlertIncidentRemediation_action: the remediation action refuses a
// protected principal at plan time and remediates an allowed incident.
func TestAccAlertIncidentRemediation_action(t *testing.T) {
	tn, srv := remediationTenant(t)
	inc := staleIncident(t, srv)
	id, assignee, role := inc.ID, inc.AssigneeID, inc.RoleID
	config := func(provider string) string {
		return provider + fmt.Sprintf(`
action "entrapim_alert_incident_remediation" "stale" {
  config {
    alert_type  = %q
    incident_id = %q
  }
}
`, alerttypes.StaleSignIn, id) + afterCreate("entrapim_alert_incident_remediation.stale")
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   atLeast114,
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
			{
				Config:      config(fmt.Sprintf("provider \"entrapim\" {\n  protected_principal_ids = [%q]\n}\n", assignee)),
				ExpectError: acctest.ExpectError(`Remediation would affect a protected principal`),
			},
			{
				PreConfig: func() {
					if len(srv.WriteRequests()) != 0 {
						t.Fatal("the refused action wrote to the tenant")
					}
				},
				Config: config(""),
				Check: func(*terraform.State) error {
					if assignmentExists(srv, assignee, role) {
						return fmt.Errorf("the action did not remove the assignment of %s", assignee)
					}
					return nil
				},
			},
		},
	})
}

// TestAccAlertRefresh_actionInvalidTimeout: an action's zero invoke
// timeout fails at plan time, naming the attribute.
func TestAccAlertRefresh_actionInvalidTimeout(t *testing.T) {
	tn := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   atLeast114,
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{{
			Config: `
action "entrapim_alert_refresh" "all" {
  config {
    timeouts = { invoke = "0s" }
  }
}
` + afterCreate("entrapim_alert_refresh.all"),
			ExpectError: wrapped(`Invalid timeout .* timeouts\.invoke = "0s"`),
		}},
	})
	if w := tn.Server.WriteRequests(); len(w) != 0 {
		t.Errorf("writes: %v", w)
	}
}

// afterCreate is a terraform_data resource that invokes action (its type
// and name) once, after it is created.
func afterCreate(action string) string {
	return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = "v1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.%s]
    }
  }
}
`, action)
}
