package functions_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

const tenantID = "3f2b9c1e-7a4d-4e8b-9c0a-1b2c3d4e5f60"

var minVersion = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

func configAlertID(tenant, alertType string) string {
	return fmt.Sprintf(`
output "id" {
  value = provider::entrapim::alert_id(%q, %q)
}
`, tenant, alertType)
}

func TestAlertIDFunction_valid(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   minVersion,
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config: configAlertID(tenantID, alerttypes.StaleSignIn),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("id",
						knownvalue.StringExact("DirectoryRole_"+tenantID+"_StaleSignInAlert")),
				},
			},
			{
				// Graph writes tenant ids in lower case.
				Config: configAlertID(strings.ToUpper(tenantID), alerttypes.TooManyGlobalAdmins),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("id",
						knownvalue.StringExact("DirectoryRole_"+tenantID+"_TooManyGlobalAdminsAssignedToTenantAlert")),
				},
			},
		},
	})
}

// TestAlertIDFunction_everyAlertType proves the function accepts the whole
// catalogue and agrees with alerttypes.AlertID.
func TestAlertIDFunction_everyAlertType(t *testing.T) {
	var cfg strings.Builder
	var checks []statecheck.StateCheck
	for _, name := range alerttypes.Builtin().Names() {
		fmt.Fprintf(&cfg, "output %q {\n  value = provider::entrapim::alert_id(%q, %q)\n}\n", name, tenantID, name)
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.StringExact(alerttypes.AlertID(tenantID, name))))
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   minVersion,
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:            cfg.String(),
			ConfigStateChecks: checks,
		}},
	})
}

func TestAlertIDFunction_invalid(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   minVersion,
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      configAlertID("contoso.onmicrosoft.com", alerttypes.StaleSignIn),
				ExpectError: regexp.MustCompile(`(?s)Invalid value for "tenant_id" parameter.*is not a GUID`),
			},
			{
				Config:      configAlertID("3f2b9c1e7a4d4e8b9c0a1b2c3d4e5f60", alerttypes.StaleSignIn),
				ExpectError: regexp.MustCompile(`(?s)Invalid value for "tenant_id" parameter.*is not a GUID`),
			},
			{
				Config:      configAlertID(tenantID, "StaleSignIn"),
				ExpectError: regexp.MustCompile(`(?s)Invalid value for "alert_type" parameter.*Unknown alert type`),
			},
			{
				// Alert types are case-sensitive, as Graph spells them.
				Config:      configAlertID(tenantID, "staleSignInAlert"),
				ExpectError: regexp.MustCompile(`(?s)Invalid value for "alert_type" parameter.*Unknown alert type`),
			},
			{
				Config:      configAlertID(tenantID, ""),
				ExpectError: regexp.MustCompile(`(?s)Invalid value for "alert_type" parameter`),
			},
		},
	})
}

func TestAlertIDFunction_null(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   minVersion,
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: `
output "id" {
  value = provider::entrapim::alert_id(null, "StaleSignInAlert")
}
`,
			ExpectError: regexp.MustCompile(`(?s)Invalid (function argument|value for "tenant_id" parameter)`),
		}},
	})
}

// TestAccLive_alertID: the function gives the id Graph gives the tenant's
// alert.
func TestAccLive_alertID(t *testing.T) {
	tn := acctest.NewLiveCapable(t)
	tenant := tn.TenantID(t)
	acctest.Run(t, resource.TestCase{
		TerraformVersionChecks:   minVersion,
		ProtoV6ProviderFactories: tn.Factories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
data "entrapim_alert" "stale" {
  alert_type = %q
}

output "same" {
  value = provider::entrapim::alert_id(%q, %q) == data.entrapim_alert.stale.id
}
`, alerttypes.StaleSignIn, tenant, alerttypes.StaleSignIn),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("same", knownvalue.Bool(true))},
		}},
	})
}
