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

func TestAccAlertConfigurationsDataSource_basic(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	addr := "data.entrapim_alert_configurations.test"

	// Settings someone changed in the portal, different from the seed's.
	changes := map[string]map[string]any{
		gaType:                           {"globalAdminCountThreshold": 5, "percentageOfGlobalAdminsOutOfRolesThreshold": 40},
		alerttypes.SequentialActivation:  {"sequentialActivationCounterThreshold": 7, "timeIntervalBetweenActivations": "PT2H"},
		staleType:                        {"duration": "P60D"},
		alerttypes.RedundantAssignment:   {"duration": "P14D", "isEnabled": false},
		alerttypes.NoMfaOnRoleActivation: {"isEnabled": false},
	}
	for at, props := range changes {
		if err := srv.SetConfiguration(at, props); err != nil {
			t.Fatalf("%s: %v", at, err)
		}
	}
	tn.Test(t, []resource.TestStep{{
		PreConfig: srv.ResetRequests,
		Config:    `data "entrapim_alert_configurations" "test" {}`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("configurations"),
				everyAlertType(srv, func(name string) map[string]knownvalue.Check { return configurationChecks(srv, name) })),
			// Spot checks that the simulator answered the changed values.
			statecheck.ExpectKnownValue(addr,
				tfjsonpath.New("configurations").AtSliceIndex(indexOf(gaType)).AtMapKey("too_many_global_admins").AtMapKey("global_admin_count_threshold"),
				knownvalue.Int64Exact(5)),
			statecheck.ExpectKnownValue(addr,
				tfjsonpath.New("configurations").AtSliceIndex(indexOf(alerttypes.RedundantAssignment)).AtMapKey("enabled"),
				knownvalue.Bool(false)),
		},
		Check: expectRequests(srv, "configurations.list", 1),
	}})
}
