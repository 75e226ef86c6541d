package datasources

import (
	"context"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
)

var (
	_ datasource.DataSourceWithConfigure        = (*alertDefinitionDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*alertDefinitionDataSource)(nil)
)

// NewAlertDefinition returns the entrapim_alert_definition data source.
func NewAlertDefinition() datasource.DataSource { return &alertDefinitionDataSource{} }

type alertDefinitionDataSource struct {
	providerdata.Base
}

type alertDefinitionModel struct {
	definitionFields
	AlertType types.String `tfsdk:"alert_type"`
	ID        types.String `tfsdk:"id"`
}

func (d *alertDefinitionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alert_definition"
}

func (d *alertDefinitionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"alert_type": alertTypeArgument("alert definition"),
		"id":         idArgument("alert definition"),
	}
	maps.Copy(attrs, definitionAttributes())
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the definition of one PIM alert for Entra roles, chosen by `alert_type` or Graph `id`: " +
			"what the alert means, how severe it is and whether it can be configured and remediated. One Graph request.",
		Attributes: attrs,
	}
}

func (d *alertDefinitionDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return exactlyOneOfTypeAndID()
}

func (d *alertDefinitionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (d *alertDefinitionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alertDefinitionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	alertType, err := lookupAlertType(m.AlertType, m.ID)
	if err != nil {
		resp.Diagnostics.AddAttributeError(idPath, "Invalid alert id", err.Error())
		return
	}
	client := d.Client(&resp.Diagnostics)
	if client == nil {
		return
	}

	def, err := client.GetDefinition(ctx, alertType)
	if err != nil {
		resp.Diagnostics.AddError("Error reading alert definition", diagnostics.GraphErrorDetail(alertType, err))
		return
	}
	checkTenant(m.ID, def.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m.fromGraph(def)
	m.AlertType = types.StringValue(def.AlertType)
	if m.ID.IsNull() {
		// A configured id keeps its spelling (checkTenant compared case-insensitively).
		m.ID = types.StringValue(def.ID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
