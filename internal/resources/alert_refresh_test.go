package resources_test

import (
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
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

func TestAccAlertRefresh_basic(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "entrapim_alert_refresh.test"
	cfg := func(trigger string) string {
		return fmt.Sprintf(`
resource "entrapim_alert" "ga" {
  alert_type = %[1]q
  active     = false
}

resource "entrapim_alert_refresh" "test" {
  alert_type = %[1]q
  triggers   = { run = %[2]q }
  depends_on = [entrapim_alert.ga]
}
`, gaType, trigger)
	}
	tn.Test(t, []resource.TestStep{
		{
			Config: cfg("1"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("operation_id"), knownvalue.StringExact("refresh:"+srv.AlertID(gaType))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("completed_at"), knownvalue.NotNull()),
			},
			// The refresh ran after the dismissal and found incidents, so
			// PIM reactivated the alert.
			Check: func(*terraform.State) error {
				if !srv.Alert(gaType).IsActive {
					return fmt.Errorf("the refresh did not reactivate %s", gaType)
				}
				return nil
			},
			ExpectNonEmptyPlan: true,
		},
		{
			// The reactivation shows as drift on entrapim_alert only; the
			// apply dismisses the alert again and the refresh does not rerun.
			Config: cfg("1"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					acctest.ExpectChangedAttributes("entrapim_alert.ga", "active"),
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				},
			},
		},
		{
			Config: cfg("2"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
				},
			},
			ExpectNonEmptyPlan: true,
		},
	})
}

func TestAccAlertRefresh_all(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	tn.Test(t, []resource.TestStep{{
		PreConfig: srv.ResetRequests,
		Config:    `resource "entrapim_alert_refresh" "all" {}`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("entrapim_alert_refresh.all", tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
		},
		Check: func(*terraform.State) error {
			for _, r := range srv.WriteRequests() {
				if r.Route == "alerts.refreshAll" {
					return nil
				}
			}
			return fmt.Errorf("no refresh-all request was sent")
		},
	}})
}

// TestAccAlertRefresh_failed: an operation that ends failed fails the apply
// with its status detail and writes no state.
func TestAccAlertRefresh_failed(t *testing.T) {
	tn := acctest.New(t)
	tn.Server.AddFault(mockgraph.Fault{Kind: mockgraph.FaultFailOperation, StatusDetail: "scan backend unavailable"})
	tn.Test(t, []resource.TestStep{
		{
			Config:      fmt.Sprintf(`resource "entrapim_alert_refresh" "test" { alert_type = %q }`, gaType),
			ExpectError: acctest.ExpectError(`ended with status "failed".*scan backend unavailable`),
		},
		{
			// Nothing was recorded: the same configuration plans a create.
			PreConfig: tn.Server.ClearFaults,
			Config:    fmt.Sprintf(`resource "entrapim_alert_refresh" "test" { alert_type = %q }`, gaType),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("entrapim_alert_refresh.test", plancheck.ResourceActionCreate),
				},
			},
		},
	})
}

func TestAccAlertRefresh_timeout(t *testing.T) {
	tn := acctest.New(t, mockgraph.WithScanDuration(time.Hour))
	tn.Test(t, []resource.TestStep{{
		Config: fmt.Sprintf(`
resource "entrapim_alert_refresh" "test" {
  alert_type = %q
  timeouts = {
    create = "3s"
  }
}`, gaType),
		ExpectError: acctest.ExpectError(`did not finish within 3s`),
	}})
}

func TestAccAlertRefresh_invalid(t *testing.T) {
	tn := acctest.New(t)
	tn.Test(t, []resource.TestStep{
		{Config: `resource "entrapim_alert_refresh" "test" { alert_type = "Everything" }`, PlanOnly: true, ExpectError: acctest.ExpectError(`Unknown alert type`)},
		{Config: `resource "entrapim_alert_refresh" "test" {
  timeouts = { create = "soon" }
}`, PlanOnly: true, ExpectError: acctest.ExpectError(`(?i)duration`)},
	})
	if tn.Server != nil && len(tn.Server.WriteRequests()) != 0 {
		t.Errorf("invalid configurations sent write requests")
	}
}
