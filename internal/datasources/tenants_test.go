package datasources_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// TestAccDataSources_tenantID: a data source with tenant_id reads that
// tenant through the provider's one configuration (the provider's tenant
// without it); an alert id must then name that tenant; a tenant_id that is
// not a GUID is refused at plan time; a tenant that refuses the
// application fails the data source with an error naming it.
func TestAccDataSources_tenantID(t *testing.T) {
	tn := acctest.New(t, mockgraph.WithTenants(3))
	tenants := tn.Server.Tenants()
	other, refusing := tenants[1], tenants[2]
	clientID, _ := tn.Server.ReadWriteClient()
	refusing.RevokeConsent(clientID)
	other.SetAlertActive(alerttypes.StaleSignIn, false)
	read := func(tenant string) string {
		return fmt.Sprintf(`
data "entrapim_alert" "other" {
  tenant_id  = %q
  alert_type = %q
}

data "entrapim_alert" "own" {
  alert_type = %q
}

data "entrapim_alert_incidents" "other" {
  tenant_id  = %q
  alert_type = %q
}
`, tenant, staleType, staleType, tenant, staleType)
	}
	tn.Test(t, []resource.TestStep{
		{
			Config: read(other.TenantID()),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.entrapim_alert.other", tfjsonpath.New("id"), knownvalue.StringExact(other.AlertID(staleType))),
				statecheck.ExpectKnownValue("data.entrapim_alert.other", tfjsonpath.New("active"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.entrapim_alert.other", tfjsonpath.New("tenant_id"), knownvalue.StringExact(other.TenantID())),
				statecheck.ExpectKnownValue("data.entrapim_alert.own", tfjsonpath.New("id"), knownvalue.StringExact(tn.Server.AlertID(staleType))),
				statecheck.ExpectKnownValue("data.entrapim_alert.own", tfjsonpath.New("active"), knownvalue.Bool(true)),
			},
		},
		{
			Config: fmt.Sprintf(`data "entrapim_alert" "test" {
  tenant_id = %q
  id        = %q
}`, other.TenantID(), tn.Server.AlertID(staleType)),
			ExpectError: regexp.MustCompile(`(?s)Alert id names another tenant.*` + tn.Server.TenantID()),
		},
		{
			Config:      `data "entrapim_alerts" "test" { tenant_id = "contoso.onmicrosoft.com" }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid tenant ID.*not a tenant GUID`),
		},
		{
			Config:      fmt.Sprintf(`data "entrapim_alerts" "test" { tenant_id = %q }`, refusing.TenantID()),
			ExpectError: regexp.MustCompile(`(?s)Tenant ` + refusing.TenantID() + ` is not available.*AADSTS700016`),
		},
	})
}
