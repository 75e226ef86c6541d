package datasources

import (
	"context"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
)

var _ datasource.DataSourceWithConfigure = (*alertConfigurationsDataSource)(nil)

// NewAlertConfigurations returns the entrapim_alert_configurations data source.
func NewAlertConfigurations() datasource.DataSource { return &alertConfigurationsDataSource{} }

type alertConfigurationsDataSource struct {
	providerdata.Base
}

type alertConfigurationsModel struct {
	Configurations types.List `tfsdk:"configurations"`
}

func (d *alertConfigurationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alert_configurations"
}

func (d *alertConfigurationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	var blocks []string
	for _, at := range alerttypes.Configurable() {
		blocks = append(blocks, "`"+at.Block+"`")
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the tenant's configuration of every PIM alert for Entra roles: whether it is scanned and " +
			"its thresholds (" + strings.Join(blocks, ", ") + "), in the same nested objects as the " +
			"`entrapim_alert_configuration` resource, so values can be copied into a baseline. One Graph request.",
		Attributes: map[string]schema.Attribute{
			"configurations": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The alert configurations, sorted by `alert_type`.",
				NestedObject:        configurationObject(),
			},
		},
	}
}

func (d *alertConfigurationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (d *alertConfigurationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alertConfigurationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.Client(&resp.Diagnostics)
	if client == nil {
		return
	}

	cfgs, err := client.ListConfigurations(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error reading alert configurations", diagnostics.GraphErrorDetail(allAlertTypes, err))
		return
	}
	list, diags := configurationsFromGraph(ctx, cfgs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Configurations = list
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// configurationsFromGraph returns the configurations list sorted by alert type.
func configurationsFromGraph(ctx context.Context, cfgs []graph.Configuration) (types.List, diag.Diagnostics) {
	out := make([]configurationModel, 0, len(cfgs))
	for _, c := range cfgs {
		out = append(out, configurationFromGraph(c))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AlertType.ValueString() < out[j].AlertType.ValueString() })
	return listOf(ctx, configurationObject(), out)
}
