package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// NewAlerts returns the entrapim_alerts data source for the alert types of cat.
func NewAlerts(cat alerttypes.Catalogue) datasource.DataSource {
	return &alertsDataSource{framework.NewDataSourceBase(cat, "alerts")}
}

type alertsDataSource struct{ framework.DataSourceBase }

// alertSummaryModel is an element of alerts: the alert with its definition
// and its configuration's settings.
type alertSummaryModel struct {
	alertFields
	definitionFields
	configurationFields
}

// fromGraph sets the model from an alert read with its definition and
// configuration expanded.
func (m *alertSummaryModel) fromGraph(cat alerttypes.Catalogue, a *graph.Alert) {
	m.alertFields.fromGraph(a)
	m.definitionFields.fromGraph(a.Definition)
	m.configurationFields.fromGraph(cat, a.Type, a.Configuration)
}

func (d *alertsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every PIM alert for Entra roles in the tenant scope with its definition and its " +
			"configuration's settings, for drift review and reporting. One Graph request reads everything " +
			"(`$expand=alertDefinition,alertConfiguration`); incidents are not included (see `entrapim_alert_incidents`).",
		Attributes: attributes(tenantArgument(), map[string]schema.Attribute{
			"active_only": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "When `true`, list only the alerts whose `isActive` is `true`. Defaults to `false`.",
			},
			"alerts": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The alerts, sorted by `alert_type`.",
				NestedObject:        d.element(),
			},
		}),
	}
}

// element is the nested object of one element of alerts.
func (d *alertsDataSource) element() schema.NestedAttributeObject {
	return nested(alertAttributes(), elementKey(d.Catalogue, "alert (equal to the ids of its definition and configuration)"),
		definitionAttributes(d.Catalogue), configurationAttributes(d.Catalogue))
}

func (d *alertsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var activeOnly types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("active_only"), &activeOnly)...)
	client := clientOf(ctx, &d.DataSourceBase, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	alerts, err := client.ListAlerts(ctx, graph.ExpandDefinition, graph.ExpandConfiguration)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error reading alerts", allAlertTypes, err)
		return
	}
	out := make([]alertSummaryModel, 0, len(alerts))
	for i := range alerts {
		a := &alerts[i]
		if activeOnly.ValueBool() && !a.IsActive {
			continue
		}
		var m alertSummaryModel
		m.fromGraph(d.Catalogue, a)
		out = append(out, m)
	}
	resp.Diagnostics.Append(setList(ctx, d.Catalogue, &resp.State, "alerts", d.element(), out)...)
}
