package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alertschema"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/thresholds"
)

var _ datasource.DataSourceWithConfigValidators = (*alertDataSource)(nil)

// NewAlert returns the entrapim_alert data source for the alert types of cat.
func NewAlert(cat alerttypes.Catalogue) datasource.DataSource {
	return &alertDataSource{singleDataSource{framework.NewDataSourceBase(cat, "alert")}}
}

type alertDataSource struct{ singleDataSource }

// alertModel is an element of entrapim_alerts with the alert's incidents.
type alertModel struct {
	alertSummaryModel
	IncidentIDs types.List   `tfsdk:"incident_ids"`
	Incidents   types.List   `tfsdk:"incidents"`
	TenantID    types.String `tfsdk:"tenant_id"`
}

func (d *alertDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := attributes(alertAttributes(), targetArguments(d.Catalogue, "alert"), definitionAttributes(d.Catalogue), configurationAttributes(d.Catalogue),
		map[string]schema.Attribute{
			"incident_ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The ids of the alert's incidents, in the order of `incidents`.",
			},
			"incidents": incidentsAttribute("The alert's incidents (`alertIncidents`), shaped as in `entrapim_alert_incidents`."),
		})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one PIM alert for Entra roles, chosen by `alert_type` or Graph `id`, with its definition, " +
			"its configuration's settings and its incidents, in one Graph request " +
			"(`$expand=alertDefinition,alertConfiguration,alertIncidents`).",
		Attributes: attrs,
	}
}

func (d *alertDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alertModel
	_, diags := thresholds.Read(ctx, d.Catalogue, req.Config, &m)
	resp.Diagnostics.Append(diags...)
	client, at, ok := d.target(ctx, req.Config, m.AlertType, m.ID, &resp.Diagnostics)
	if !ok {
		return
	}
	alert, err := client.GetAlert(ctx, at, graph.ExpandDefinition, graph.ExpandConfiguration, graph.ExpandIncidents)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error reading alert", at.Suffix, err)
		return
	}
	configuredID := m.ID
	m.fromGraph(d.Catalogue, alert)
	if !configuredID.IsNull() {
		// Keep the configured spelling (the tenant was compared case-insensitively).
		m.ID = configuredID
	}
	var incidents types.List
	incidents, diags = incidentsFromGraph(ctx, alert.Incidents)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	m.Incidents = incidents
	resp.Diagnostics.Append(setState(ctx, d.Catalogue, &resp.State, &m)...)
}

// fromGraph sets every attribute but incidents from an alert read with all
// three expansions.
func (m *alertModel) fromGraph(cat alerttypes.Catalogue, a *graph.Alert) {
	m.alertSummaryModel.fromGraph(cat, a)
	m.IncidentIDs = alertschema.IncidentIDs(a)
}
