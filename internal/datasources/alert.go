package datasources

import (
	"context"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"github.com/entrapim/terraform-provider-entrapim/internal/tfvalues"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
)

var (
	_ datasource.DataSourceWithConfigure        = (*alertDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*alertDataSource)(nil)
)

// NewAlert returns the entrapim_alert data source.
func NewAlert() datasource.DataSource { return &alertDataSource{} }

type alertDataSource struct {
	providerdata.Base
}

type alertModel struct {
	definitionFields
	configurationFields
	Active               types.Bool   `tfsdk:"active"`
	AlertType            types.String `tfsdk:"alert_type"`
	ID                   types.String `tfsdk:"id"`
	IncidentCount        types.Int64  `tfsdk:"incident_count"`
	IncidentIDs          types.List   `tfsdk:"incident_ids"`
	Incidents            types.List   `tfsdk:"incidents"`
	LastModifiedDateTime types.String `tfsdk:"last_modified_date_time"`
	LastScannedDateTime  types.String `tfsdk:"last_scanned_date_time"`
}

func (d *alertDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alert"
}

func (d *alertDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"active": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the alert is active (`isActive`); `false` when it never fired or was dismissed.",
		},
		"alert_type": alertTypeArgument("alert"),
		"id":         idArgument("alert"),
		"incident_count": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "The number of incidents PIM found at its last scan (`incidentCount`).",
		},
		"incident_ids": schema.ListAttribute{
			Computed:            true,
			ElementType:         types.StringType,
			MarkdownDescription: "The ids of the alert's incidents, in the order of `incidents`.",
		},
		"incidents": incidentsAttribute("The alert's incidents (`alertIncidents`), shaped as in `entrapim_alert_incidents`."),
		"last_modified_date_time": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "When the alert last changed (`lastModifiedDateTime`, RFC 3339); null when it never fired.",
		},
		"last_scanned_date_time": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "When PIM last scanned the tenant for this alert (`lastScannedDateTime`, RFC 3339); null when never.",
		},
	}
	maps.Copy(attrs, definitionAttributes())
	maps.Copy(attrs, configurationAttributes())
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one PIM alert for Entra roles, chosen by `alert_type` or Graph `id`, with its definition, " +
			"its configuration's settings and its incidents, in one Graph request " +
			"(`$expand=alertDefinition,alertConfiguration,alertIncidents`).",
		Attributes: attrs,
	}
}

func (d *alertDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return exactlyOneOfTypeAndID()
}

func (d *alertDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (d *alertDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alertModel
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

	alert, err := client.GetAlert(ctx, alertType, graph.ExpandDefinition, graph.ExpandConfiguration, graph.ExpandIncidents)
	if err != nil {
		resp.Diagnostics.AddError("Error reading alert", diagnostics.GraphErrorDetail(alertType, err))
		return
	}
	checkTenant(m.ID, alert.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	configuredID := m.ID
	resp.Diagnostics.Append(m.fromGraph(ctx, alert)...)
	if !configuredID.IsNull() {
		// Keep the configured spelling (checkTenant compared case-insensitively).
		m.ID = configuredID
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// fromGraph sets every attribute from an alert read with all three expansions.
func (m *alertModel) fromGraph(ctx context.Context, a *graph.Alert) diag.Diagnostics {
	m.Active = types.BoolValue(a.IsActive)
	m.AlertType = types.StringValue(a.AlertType)
	m.ID = types.StringValue(a.ID)
	m.IncidentCount = types.Int64Value(int64(a.IncidentCount))
	m.LastModifiedDateTime = tfvalues.Time(a.LastModified)
	m.LastScannedDateTime = tfvalues.Time(a.LastScanned)
	m.definitionFields.fromGraph(a.Definition)
	m.configurationFields.fromGraph(a.AlertType, a.Configuration)

	ids := make([]string, 0, len(a.Incidents))
	for _, i := range a.Incidents {
		ids = append(ids, i.ID)
	}
	m.IncidentIDs = tfvalues.StringList(ids)
	var diags diag.Diagnostics
	m.Incidents, diags = incidentsFromGraph(ctx, a.Incidents)
	return diags
}
