package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
)

var _ datasource.DataSourceWithConfigValidators = (*alertDefinitionDataSource)(nil)

// NewAlertDefinition returns the entrapim_alert_definition data source for
// the alert types of cat.
func NewAlertDefinition(cat alerttypes.Catalogue) datasource.DataSource {
	return &alertDefinitionDataSource{singleDataSource{framework.NewDataSourceBase(cat, "alert_definition")}}
}

type alertDefinitionDataSource struct{ singleDataSource }

func (d *alertDefinitionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the definition of one PIM alert for Entra roles, chosen by `alert_type` or Graph `id`: " +
			"what the alert means, how severe it is and whether it can be configured and remediated. One Graph request.",
		Attributes: attributes(targetArguments(d.Catalogue, "alert definition"), definitionAttributes(d.Catalogue)),
	}
}

func (d *alertDefinitionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m struct {
		definitionModel
		TenantID types.String `tfsdk:"tenant_id"`
	}
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client, at, ok := d.target(ctx, req.Config, m.AlertType, m.ID, &resp.Diagnostics)
	if !ok {
		return
	}
	def, err := client.GetDefinition(ctx, at)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error reading alert definition", at.Suffix, err)
		return
	}
	m.fromGraph(def)
	m.AlertType = types.StringValue(def.Type.Suffix)
	if m.ID.IsNull() {
		// A configured id keeps its spelling (the tenant was compared case-insensitively).
		m.ID = types.StringValue(def.ID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
