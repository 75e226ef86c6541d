package datasources_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/datasources"
)

// TestSchemas checks every data source schema without Terraform: it is
// valid and every attribute, nested ones included, is documented.
func TestSchemas(t *testing.T) {
	ctx := context.Background()
	for _, newDS := range []func(alerttypes.Catalogue) datasource.DataSource{
		datasources.NewAlert,
		datasources.NewAlertConfigurations,
		datasources.NewAlertDefinition,
		datasources.NewAlertDefinitions,
		datasources.NewAlertIncidents,
		datasources.NewAlerts,
	} {
		ds := newDS(alerttypes.Builtin())
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "entrapim"}, &meta)
		t.Run(meta.TypeName, func(t *testing.T) {
			var resp datasource.SchemaResponse
			ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("schema: %v", resp.Diagnostics)
			}
			if diags := resp.Schema.ValidateImplementation(ctx); diags.HasError() {
				t.Fatalf("invalid schema: %v", diags)
			}
			if resp.Schema.MarkdownDescription == "" {
				t.Error("no MarkdownDescription")
			}
			checkDocumented(t, "", resp.Schema.Attributes)
		})
	}
}

func checkDocumented(t *testing.T, prefix string, attrs map[string]schema.Attribute) {
	t.Helper()
	for name, a := range attrs {
		p := prefix + name
		if a.GetMarkdownDescription() == "" {
			t.Errorf("%s has no MarkdownDescription", p)
		}
		switch n := a.(type) {
		case schema.ListNestedAttribute:
			checkDocumented(t, p+"[].", n.NestedObject.Attributes)
		case schema.SingleNestedAttribute:
			checkDocumented(t, p+".", n.Attributes)
		}
	}
}
