package datasources

import (
	"context"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"github.com/entrapim/terraform-provider-entrapim/internal/tfvalues"
	"maps"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
)

var _ datasource.DataSourceWithConfigure = (*alertsDataSource)(nil)

// NewAlerts returns the entrapim_alerts data source.
func NewAlerts() datasource.DataSource { return &alertsDataSource{} }

type alertsDataSource struct {
	providerdata.Base
}

type alertsModel struct {
	ActiveOnly types.Bool `tfsdk:"active_only"`
	Alerts     types.List `tfsdk:"alerts"`
}

// alertSummaryModel is an element of alerts: the alert with its definition
// and its configuration's settings.
type alertSummaryModel struct {
	definitionFields
	configurationFields
	Active               types.Bool   `tfsdk:"active"`
	AlertType            types.String `tfsdk:"alert_type"`
	ID                   types.String `tfsdk:"id"`
	IncidentCount        types.Int64  `tfsdk:"incident_count"`
	LastModifiedDateTime types.String `tfsdk:"last_modified_date_time"`
	LastScannedDateTime  types.String `tfsdk:"last_scanned_date_time"`
}

func (d *alertsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alerts"
}

func (d *alertsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every PIM alert for Entra roles in the tenant scope with its definition and its " +
			"configuration's settings, for drift review and reporting. One Graph request reads everything " +
			"(`$expand=alertDefinition,alertConfiguration`); incidents are not included (see `entrapim_alert_incidents`).",
		Attributes: map[string]schema.Attribute{
			"active_only": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "When `true`, list only active alerts (those whose last scan found incidents and that were not dismissed). Defaults to `false`.",
			},
			"alerts": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The alerts, sorted by `alert_type`.",
				NestedObject:        alertSummaryObject(),
			},
		},
	}
}

func (d *alertsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (d *alertsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alertsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.Client(&resp.Diagnostics)
	if client == nil {
		return
	}

	alerts, err := client.ListAlerts(ctx, graph.ExpandDefinition, graph.ExpandConfiguration)
	if err != nil {
		resp.Diagnostics.AddError("Error reading alerts", diagnostics.GraphErrorDetail(allAlertTypes, err))
		return
	}
	list, diags := alertSummariesFromGraph(ctx, alerts, m.ActiveOnly.ValueBool())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Alerts = list
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// alertSummariesFromGraph returns the alerts list sorted by alert type,
// without inactive alerts when activeOnly.
func alertSummariesFromGraph(ctx context.Context, alerts []graph.Alert, activeOnly bool) (types.List, diag.Diagnostics) {
	out := make([]alertSummaryModel, 0, len(alerts))
	for i := range alerts {
		a := &alerts[i]
		if activeOnly && !a.IsActive {
			continue
		}
		m := alertSummaryModel{
			Active:               types.BoolValue(a.IsActive),
			AlertType:            types.StringValue(a.AlertType),
			ID:                   types.StringValue(a.ID),
			IncidentCount:        types.Int64Value(int64(a.IncidentCount)),
			LastModifiedDateTime: tfvalues.Time(a.LastModified),
			LastScannedDateTime:  tfvalues.Time(a.LastScanned),
		}
		m.definitionFields.fromGraph(a.Definition)
		m.configurationFields.fromGraph(a.AlertType, a.Configuration)
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AlertType.ValueString() < out[j].AlertType.ValueString() })
	return listOf(ctx, alertSummaryObject(), out)
}

// alertSummaryObject is the nested object of one element of alerts.
func alertSummaryObject() schema.NestedAttributeObject {
	attrs := map[string]schema.Attribute{
		"active": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the alert is active (`isActive`); `false` when it never fired or was dismissed.",
		},
		"alert_type": computedAlertType(),
		"id":         computedID("alert (equal to the ids of its definition and configuration)"),
		"incident_count": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "The number of incidents PIM found at its last scan (`incidentCount`).",
		},
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
	return schema.NestedAttributeObject{Attributes: attrs}
}
