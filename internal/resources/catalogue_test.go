package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
	"github.com/entrapim/terraform-provider-entrapim/internal/resources"
)

// newAlertType is an alert type Microsoft might add: one integer and one
// duration threshold. It exists only in this test, as one catalogue row.
var newAlertType = alerttypes.AlertType{
	Suffix:                 "TooManyRoleOwnersAlert",
	ConfigurationODataType: "#microsoft.graph.tooManyRoleOwnersAlertConfiguration",
	IncidentODataType:      "#microsoft.graph.tooManyRoleOwnersAlertIncident",
	Block:                  "too_many_role_owners",
	Configurable:           true,
	DisplayName:            "There are too many role owners",
	SeverityLevel:          "low",
	Summary:                "Too many accounts own privileged roles.",
	Fields: []alerttypes.Field{
		{
			GraphName: "ownerCountThreshold", Attribute: "owner_count_threshold", Kind: alerttypes.Int,
			Min: 1, Max: 50, Default: alerttypes.IntValue(5),
			Description: "How many owners raise the alert (1–50).",
		},
		{
			GraphName: "lookBackPeriod", Attribute: "look_back_period", Kind: alerttypes.Duration,
			MinDuration: 24 * time.Hour, MaxDuration: 90 * 24 * time.Hour, Default: alerttypes.DurationValue(14 * 24 * time.Hour),
			Description: "How far back to look, between `P1D` and `P90D`.",
		},
	},
}

func configNewAlertType(count int, period string) string {
	return fmt.Sprintf(`
resource "entrapim_alert_configuration" "test" {
  alert_type = %q
  too_many_role_owners = {
    owner_count_threshold = %d
    look_back_period      = %q
  }
}
`, newAlertType.Suffix, count, period)
}

// TestNewAlertTypeSchema: the row alone gives the resource its nested
// object with typed, documented attributes.
func TestNewAlertTypeSchema(t *testing.T) {
	t.Parallel()
	r := resources.NewAlertConfiguration(alerttypes.Builtin().With(newAlertType))
	var resp resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("invalid schema: %v", diags)
	}
	block, ok := resp.Schema.Attributes["too_many_role_owners"].(schema.SingleNestedAttribute)
	if !ok {
		t.Fatalf("no too_many_role_owners object; attributes: %v", resp.Schema.Attributes)
	}
	if _, ok := block.Attributes["owner_count_threshold"].(schema.Int64Attribute); !ok {
		t.Errorf("owner_count_threshold is %T, want an Int64Attribute", block.Attributes["owner_count_threshold"])
	}
	period, ok := block.Attributes["look_back_period"].(schema.StringAttribute)
	if !ok || period.CustomType == nil {
		t.Errorf("look_back_period is %T (%+v), want a duration string", block.Attributes["look_back_period"], period)
	}
	for name, a := range block.Attributes {
		if a.GetMarkdownDescription() == "" || !a.IsOptional() || !a.IsComputed() {
			t.Errorf("%s: not an optional, computed, documented threshold", name)
		}
	}
}

// TestAccAlertConfiguration_newAlertType: with no code but the row, the
// new type's thresholds are range-checked at plan time, PATCHed with the
// catalogue's Graph property names and read back into state (drift
// included).
func TestAccAlertConfiguration_newAlertType(t *testing.T) {
	cat := alerttypes.Builtin().With(newAlertType)
	tn := acctest.New(t, mockgraph.WithCatalogue(cat))
	srv := tn.Server
	addr := "entrapim_alert_configuration.test"
	owners := tfjsonpath.New("too_many_role_owners")

	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(tn.Env(), provider.WithCatalogue(cat)),
		Steps: []tfresource.TestStep{
			{Config: configNewAlertType(51, "P21D"), PlanOnly: true, ExpectError: acctest.ExpectError(`owner_count_threshold.*between 1 and 50`)},
			{Config: configNewAlertType(7, "P91D"), PlanOnly: true, ExpectError: acctest.ExpectError(`Duration out of range.*between P1D and P90D`)},
			{
				PreConfig: func() {
					if w := srv.WriteRequests(); len(w) != 0 {
						t.Fatalf("invalid thresholds sent %d writes", len(w))
					}
				},
				Config: configNewAlertType(7, "P21D"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(srv.AlertID(newAlertType.Suffix))),
					statecheck.ExpectKnownValue(addr, owners.AtMapKey("owner_count_threshold"), knownvalue.Int64Exact(7)),
					statecheck.ExpectKnownValue(addr, owners.AtMapKey("look_back_period"), knownvalue.StringExact("P21D")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("too_many_global_admins"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					return expectPatch(srv, map[string]any{
						"@odata.type":         "#microsoft.graph.tooManyRoleOwnersAlertConfiguration",
						"ownerCountThreshold": float64(7),
						"lookBackPeriod":      "P21D",
					})
				},
			},
			{
				// Someone shortens the look-back period in the portal: the
				// value read back from Graph shows as drift.
				PreConfig: func() {
					if err := srv.SetConfiguration(newAlertType.Suffix, map[string]any{"lookBackPeriod": "P3D"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: configNewAlertType(7, "P21D"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{acctest.ExpectChangedAttributes(addr, "too_many_role_owners.look_back_period")},
				},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           newAlertType.Suffix,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			// Destroy restores what the tenant had: the row's defaults.
			got := srv.Configuration(newAlertType.Suffix)
			if got["ownerCountThreshold"] != 5 || got["lookBackPeriod"] != "P14D" {
				return fmt.Errorf("after destroy the configuration is %v, want the defaults 5 and P14D", got)
			}
			return nil
		},
	})
}

// expectPatch fails unless the last configuration PATCH sent exactly want.
func expectPatch(srv *mockgraph.Server, want map[string]any) error {
	var last *mockgraph.Request
	for _, r := range srv.WriteRequests() {
		if r.Route == "configurations.patch" {
			last = &r
		}
	}
	if last == nil {
		return fmt.Errorf("no configuration PATCH was sent")
	}
	var got map[string]any
	if err := json.Unmarshal(last.Body, &got); err != nil {
		return fmt.Errorf("PATCH body %s: %w", last.Body, err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("PATCH body %s, want %v", last.Body, want)
	}
	return nil
}
