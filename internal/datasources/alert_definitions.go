package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*alertDefinitionsDataSource)(nil)

// NewAlertDefinitions returns the entrapim_alert_definitions data source
// for the alert types of cat.
func NewAlertDefinitions(cat alerttypes.Catalogue) datasource.DataSource {
	return &alertDefinitionsDataSource{framework.NewDataSourceBase(cat, "alert_definitions")}
}

type alertDefinitionsDataSource struct {
	framework.DataSourceBase
}

// definitionModel is an element of definitions, and entrapim_alert_definition.
type definitionModel struct {
	definitionFields
	AlertType types.String `tfsdk:"alert_type"`
	ID        types.String `tfsdk:"id"`
}

func (d *alertDefinitionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the definitions of every PIM alert for Entra roles in the tenant scope: the read-only " +
			"catalogue of what each alert means, how severe it is and whether it can be configured and remediated. " +
			"One Graph request.",
		Attributes: map[string]schema.Attribute{
			"definitions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The alert definitions, sorted by `alert_type`.",
				NestedObject:        d.element(),
			},
		},
	}
}

// element is the nested object of one definition.
func (d *alertDefinitionsDataSource) element() schema.NestedAttributeObject {
	return nested(definitionAttributes(d.Catalogue), elementKey(d.Catalogue, "definition"))
}

func (d *alertDefinitionsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	client := d.Client(&resp.Diagnostics)
	if client == nil {
		return
	}
	defs, err := client.ListDefinitions(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error reading alert definitions", framework.GraphErrorDetail(allAlertTypes, err))
		return
	}
	out := make([]definitionModel, 0, len(defs))
	for _, def := range defs {
		m := definitionModel{AlertType: types.StringValue(def.Type.Suffix), ID: types.StringValue(def.ID)}
		m.fromGraph(&def)
		out = append(out, m)
	}
	resp.Diagnostics.Append(setList(ctx, d.Catalogue, &resp.State, "definitions", d.element(), out,
		func(m *definitionModel) string { return m.AlertType.ValueString() })...)
}
