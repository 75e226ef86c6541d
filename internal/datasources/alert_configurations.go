package datasources

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*alertConfigurationsDataSource)(nil)

// NewAlertConfigurations returns the entrapim_alert_configurations data
// source for the alert types of cat.
func NewAlertConfigurations(cat alerttypes.Catalogue) datasource.DataSource {
	return &alertConfigurationsDataSource{framework.NewDataSourceBase(cat, "alert_configurations")}
}

type alertConfigurationsDataSource struct {
	framework.DataSourceBase
}

// configurationModel is an element of configurations.
type configurationModel struct {
	configurationFields
	AlertType types.String `tfsdk:"alert_type"`
	ID        types.String `tfsdk:"id"`
}

func (d *alertConfigurationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	var blocks []string
	for _, at := range d.Catalogue.Configurable() {
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
				NestedObject:        d.element(),
			},
		},
	}
}

// element is the nested object of one configuration.
func (d *alertConfigurationsDataSource) element() schema.NestedAttributeObject {
	return nested(configurationAttributes(d.Catalogue), elementKey(d.Catalogue, "configuration"))
}

func (d *alertConfigurationsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	client := d.Client(&resp.Diagnostics)
	if client == nil {
		return
	}
	cfgs, err := client.ListConfigurations(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error reading alert configurations", framework.GraphErrorDetail(allAlertTypes, err))
		return
	}
	out := make([]configurationModel, 0, len(cfgs))
	for _, c := range cfgs {
		m := configurationModel{AlertType: types.StringValue(c.Type.Suffix), ID: types.StringValue(c.ID)}
		m.fromGraph(d.Catalogue, c.Type, &c)
		out = append(out, m)
	}
	resp.Diagnostics.Append(setList(ctx, d.Catalogue, &resp.State, "configurations", d.element(), out,
		func(m *configurationModel) string { return m.AlertType.ValueString() })...)
}
