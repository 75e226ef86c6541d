package datasources

import (
	"context"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
)

var _ datasource.DataSourceWithConfigure = (*alertIncidentsDataSource)(nil)

// NewAlertIncidents returns the entrapim_alert_incidents data source.
func NewAlertIncidents() datasource.DataSource { return &alertIncidentsDataSource{} }

type alertIncidentsDataSource struct {
	providerdata.Base
}

type alertIncidentsModel struct {
	AlertType types.String `tfsdk:"alert_type"`
	Incidents types.List   `tfsdk:"incidents"`
}

func (d *alertIncidentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alert_incidents"
}

func (d *alertIncidentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the incidents PIM found at its last scan for one alert type, with typed fields " +
			"(assignee, role, dates, activation count, licence status); every page Graph returns is read. Use it with " +
			"`for_each` to drive `entrapim_alert_incident_remediation`, filtering out accounts that must keep their roles.",
		Attributes: map[string]schema.Attribute{
			"alert_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: alertTypeDescription("alert whose incidents to list"),
				Validators:          []validator.String{validators.AlertType(false)},
			},
			"incidents": incidentsAttribute("The incidents (`alertIncidents`), in the order Graph returns them; empty when the alert has none."),
		},
	}
}

func (d *alertIncidentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (d *alertIncidentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alertIncidentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.Client(&resp.Diagnostics)
	if client == nil {
		return
	}

	alertType := m.AlertType.ValueString()
	incidents, err := client.ListIncidents(ctx, alertType)
	if err != nil {
		resp.Diagnostics.AddError("Error reading alert incidents", diagnostics.GraphErrorDetail(alertType, err))
		return
	}
	list, diags := incidentsFromGraph(ctx, incidents)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Incidents = list
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
