package datasources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

func TestAccAlertDefinitionsDataSource_basic(t *testing.T) {
	tn := acctest.New(t)
	tn.RequireSimulator(t)
	srv := tn.Server
	addr := "data.entrapim_alert_definitions.test"
	var defs []knownvalue.Check
	for _, name := range alerttypes.Builtin().Names() {
		defs = append(defs, knownvalue.ObjectExact(merged(definitionChecks(name), map[string]knownvalue.Check{
			"alert_type": knownvalue.StringExact(name),
			"id":         knownvalue.StringExact(srv.AlertID(name)),
		})))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetRequests,
			Config:    `data "entrapim_alert_definitions" "test" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("definitions"), knownvalue.ListExact(defs)),
			},
			Check: expectRequests(srv, "definitions.list", 1),
		}},
	})
}
