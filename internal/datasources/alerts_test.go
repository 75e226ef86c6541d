package datasources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
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
	tn.RequireSimulator(t)
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

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetRequests,
			Config:    `data "entrapim_alerts" "test" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("active_only"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("alerts"), knownvalue.ListExact(all)),
			},
			// One alerts.list request per read, carrying both expansions:
			// no alerts.get, alerts.definition or configurations.get per alert.
			Check: expectRequests(srv, "alerts.list", 1, withExpand("alertDefinition", "alertConfiguration")),
		}},
	})
}

func TestAccAlertsDataSource_activeOnly(t *testing.T) {
	tn := acctest.New(t)
	tn.RequireSimulator(t)
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

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{
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
