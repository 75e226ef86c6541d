package datasources

import (
	"context"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
)

var _ datasource.DataSourceWithConfigure = (*alertDefinitionsDataSource)(nil)

// NewAlertDefinitions returns the entrapim_alert_definitions data source.
func NewAlertDefinitions() datasource.DataSource { return &alertDefinitionsDataSource{} }

type alertDefinitionsDataSource struct {
	providerdata.Base
}

type alertDefinitionsModel struct {
	Definitions types.List `tfsdk:"definitions"`
}

func (d *alertDefinitionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alert_definitions"
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
				NestedObject:        definitionObject(),
			},
		},
	}
}

func (d *alertDefinitionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (d *alertDefinitionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alertDefinitionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.Client(&resp.Diagnostics)
	if client == nil {
		return
	}

	defs, err := client.ListDefinitions(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error reading alert definitions", diagnostics.GraphErrorDetail(allAlertTypes, err))
		return
	}
	list, diags := definitionsFromGraph(ctx, defs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Definitions = list
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// definitionsFromGraph returns the definitions list sorted by alert type.
func definitionsFromGraph(ctx context.Context, defs []graph.Definition) (types.List, diag.Diagnostics) {
	out := make([]definitionModel, 0, len(defs))
	for _, d := range defs {
		out = append(out, definitionFromGraph(d))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AlertType.ValueString() < out[j].AlertType.ValueString() })
	return listOf(ctx, definitionObject(), out)
}
