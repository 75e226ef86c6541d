package datasources_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// alertSummaryCheck expects one element of entrapim_alerts.alerts.
func alertSummaryCheck(srv *mockgraph.Server, alertType string) knownvalue.Check {
	return knownvalue.ObjectExact(merged(
		alertChecks(srv, alertType),
		definitionChecks(alertType),
		configurationChecks(srv, alertType),
	))
}

func TestAccAlertsDataSource_basic(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "data.entrapim_alerts.test"

	// Make the tenant's answer distinguishable from the seed's defaults.
	if err := srv.SetConfiguration(staleType, map[string]any{"duration": "P45D"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetConfiguration(alerttypes.InvalidLicense, map[string]any{"isEnabled": false}); err != nil {
		t.Fatal(err)
	}
	var all []knownvalue.Check
	for _, name := range alerttypes.Builtin().Names() {
		all = append(all, alertSummaryCheck(srv, name))
	}

	tn.Test(t, []resource.TestStep{{
		PreConfig: srv.ResetRequests,
		Config:    `data "entrapim_alerts" "test" {}`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("active_only"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("alerts"), knownvalue.ListExact(all)),
		},
		// One alerts.list request per read, carrying both expansions:
		// no alerts.get, alerts.definition or configurations.get per alert.
		Check: expectRequests(srv, "alerts.list", 1, withExpand("alertDefinition", "alertConfiguration")),
	}})
}

func TestAccAlertsDataSource_activeOnly(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "data.entrapim_alerts.test"

	// Dismiss one active alert so the filter has something to drop.
	if !srv.Alert(gaType).IsActive {
		t.Fatalf("the seed should have %s active", gaType)
	}
	srv.SetAlertActive(gaType, false)
	var active []knownvalue.Check
	for _, name := range alerttypes.Builtin().Names() {
		if srv.Alert(name).IsActive {
			active = append(active, alertSummaryCheck(srv, name))
		}
	}
	if len(active) == 0 || len(active) == len(alerttypes.Builtin().Names()) {
		t.Fatalf("want some but not all alerts active, have %d", len(active))
	}

	tn.Test(t, []resource.TestStep{
		{
			PreConfig: srv.ResetRequests,
			Config: `
data "entrapim_alerts" "test" {
  active_only = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("active_only"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("alerts"), knownvalue.ListExact(active)),
			},
			Check: expectRequests(srv, "alerts.list", 1, withExpand("alertDefinition", "alertConfiguration")),
		},
		{
			Config: `
data "entrapim_alerts" "test" {
  active_only = false
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("alerts"), knownvalue.ListSizeExact(len(alerttypes.Builtin().Names()))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("alerts").AtSliceIndex(indexOf(gaType)),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"alert_type": knownvalue.StringExact(gaType),
						"active":     knownvalue.Bool(false),
					})),
			},
		},
	})
}

// indexOf is the position of alertType in a list sorted by alert type.
func indexOf(alertType string) int {
	for i, n := range alerttypes.Builtin().Names() {
		if n == alertType {
			return i
		}
	}
	panic("unknown alert type " + alertType)
}

// otherTenant is a tenant id the simulated tenant never has.
const otherTenant = "00000000-0000-4000-8000-000000000001"

// alertStateChecks expects every attribute of data source addr to describe
// alertType as the simulator has it.
func alertStateChecks(srv *mockgraph.Server, addr, alertType string) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for attr, c := range merged(alertChecks(srv, alertType), definitionChecks(alertType), configurationChecks(srv, alertType)) {
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), c))
	}
	var ids []knownvalue.Check
	for _, id := range srv.Alert(alertType).IncidentIDs {
		ids = append(ids, knownvalue.StringExact(id))
	}
	return append(checks,
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("incident_ids"), knownvalue.ListExact(ids)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("incidents"), incidentsCheck(srv, alertType)),
	)
}

// readAlertBy reads the alert of alertType with the entrapim_alert data
// source chosen by argument (alert_type or id, with that value), checks
// every attribute against the simulator and that the read was one
// alerts.get with all three expansions, nothing else.
func readAlertBy(t *testing.T, alertType, argument string, value func(*mockgraph.Server) string) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "data.entrapim_alert.test"
	tn.Test(t, []resource.TestStep{{
		PreConfig: srv.ResetRequests,
		Config: fmt.Sprintf(`
data "entrapim_alert" "test" {
  %s = %q
}
`, argument, value(srv)),
		ConfigStateChecks: alertStateChecks(srv, addr, alertType),
		Check: expectRequests(srv, "alerts.get", 1,
			withPath("/alerts/"+srv.AlertID(alertType)),
			withExpand("alertDefinition", "alertConfiguration", "alertIncidents")),
	}})
}

func TestAccAlertDataSource_byType(t *testing.T) {
	readAlertBy(t, gaType, "alert_type", func(srv *mockgraph.Server) string {
		if srv.Alert(gaType).IncidentCount == 0 {
			t.Fatalf("the seed should have incidents of %s", gaType)
		}
		return gaType
	})
}

func TestAccAlertDataSource_byID(t *testing.T) {
	readAlertBy(t, staleType, "id", func(srv *mockgraph.Server) string { return srv.AlertID(staleType) })
}

// TestAccAlertDataSource_pagedIncidents: when Graph pages an alert's
// expanded incidents (a simulator option; undocumented), the data source
// follows the incident collection to its last page and has every incident.
func TestAccAlertDataSource_pagedIncidents(t *testing.T) {
	const typ = alerttypes.RedundantAssignment
	tn := acctest.New(t, mockgraph.WithExpandedIncidents(mockgraph.ExpandedIncidentsPaged), mockgraph.WithPageSize(3))
	srv := tn.Server
	if n := srv.Alert(typ).IncidentCount; n <= 3 {
		t.Fatalf("the seed's %s has %d incidents; the test needs more than a page", typ, n)
	}
	tn.Test(t, []resource.TestStep{{
		PreConfig:         srv.ResetRequests,
		Config:            fmt.Sprintf("data \"entrapim_alert\" \"test\" {\n  alert_type = %q\n}\n", typ),
		ConfigStateChecks: alertStateChecks(srv, "data.entrapim_alert.test", typ),
		Check: func(*terraform.State) error {
			routes := map[string]int{}
			for _, r := range srv.GraphRequests() {
				routes[r.Route]++
			}
			if pages := (srv.Alert(typ).IncidentCount + 2) / 3; routes["alerts.get"] != 1 || routes["incidents.list"] != pages || len(routes) != 2 {
				return fmt.Errorf("requests %v; want one alerts.get and the %d pages of incidents.list", routes, pages)
			}
			return nil
		},
	}})
}

// TestAccAlertDataSource_neverFired reads an alert with no incidents whose
// dates are Graph's never-fired sentinel: they must be null, not strings.
func TestAccAlertDataSource_neverFired(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "data.entrapim_alert.test"
	const never = "InvalidLicenseAlert"
	if !srv.Alert(never).LastModified.IsZero() {
		t.Skipf("the seed has %s fired; this test needs a never-fired alert", never)
	}

	tn.Test(t, []resource.TestStep{{
		Config: fmt.Sprintf(`
data "entrapim_alert" "test" {
  alert_type = %q
}
`, never),
		ConfigStateChecks: append(alertStateChecks(srv, addr, never),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_modified_date_time"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("incident_ids"), knownvalue.ListSizeExact(0)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("incidents"), knownvalue.ListSizeExact(0)),
		),
	}})
}

func TestAccAlertDataSource_invalid(t *testing.T) {
	tn := acctest.New(t)
	tn.Test(t, invalidTargetSteps(tn, "entrapim_alert"))
}

// TestAccAlertDataSource_otherTenant rejects a well-formed id of a tenant
// the provider is not signed in to instead of reading its own tenant's alert.
func TestAccAlertDataSource_otherTenant(t *testing.T) {
	tn := acctest.New(t)
	tn.Test(t, []resource.TestStep{{
		Config:      fmt.Sprintf(`data "entrapim_alert" "test" { id = "DirectoryRole_%s_%s" }`, otherTenant, staleType),
		ExpectError: regexp.MustCompile(`(?s)Alert id names another tenant.*` + otherTenant),
	}})
}
