package datasources_test

import (
	"fmt"
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
	srv := tn.Server
	addr := "data.entrapim_alert_definitions.test"
	tn.Test(t, []resource.TestStep{{
		PreConfig: srv.ResetRequests,
		Config:    `data "entrapim_alert_definitions" "test" {}`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("definitions"), everyAlertType(srv, definitionChecks)),
		},
		Check: expectRequests(srv, "definitions.list", 1),
	}})
}

func definitionStateChecks(addr, id, alertType string) []statecheck.StateCheck {
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("alert_type"), knownvalue.StringExact(alertType)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
	}
	for attr, c := range definitionChecks(alertType) {
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), c))
	}
	return checks
}

func TestAccAlertDefinitionDataSource_basic(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	const seq = alerttypes.SequentialActivation

	tn.Test(t, []resource.TestStep{{
		PreConfig: srv.ResetRequests,
		Config: fmt.Sprintf(`
data "entrapim_alert_definition" "by_type" {
  alert_type = %q
}

data "entrapim_alert_definition" "by_id" {
  id = %q
}
`, seq, srv.AlertID(staleType)),
		ConfigStateChecks: append(
			definitionStateChecks("data.entrapim_alert_definition.by_type", srv.AlertID(seq), seq),
			definitionStateChecks("data.entrapim_alert_definition.by_id", srv.AlertID(staleType), staleType)...),
		Check: expectRequests(srv, "definitions.get", 2),
	}})
}

func TestAccAlertDefinitionDataSource_invalid(t *testing.T) {
	tn := acctest.New(t)
	tn.Test(t, invalidTargetSteps(tn, "entrapim_alert_definition"))
}
