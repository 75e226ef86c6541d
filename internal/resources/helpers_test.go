package resources_test

import (
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// importSteps are the import steps of a resource keyed by alert type: by
// alert type and by full Graph id (both verified against the state), and
// through an import {} block.
func importSteps(srv *mockgraph.Server, addr, alertType string) []resource.TestStep {
	verify := func(id string) resource.TestStep {
		return resource.TestStep{
			ResourceName:      addr,
			ImportState:       true,
			ImportStateId:     id,
			ImportStateVerify: true,
			// restore_on_destroy is a setting of the configuration, not
			// of the tenant: an import records its default.
			ImportStateVerifyIgnore: []string{"timeouts", "restore_on_destroy"},
		}
	}
	return []resource.TestStep{
		verify(alertType),
		verify(srv.AlertID(alertType)),
		{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: alertType},
	}
}
