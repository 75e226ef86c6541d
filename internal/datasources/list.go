package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// listDataSource is a data source without arguments that lists one object
// per alert type from one Graph list (Graph type G), as elements of model
// M in one list attribute, sorted by alert type.
type listDataSource[G any, M element] struct {
	framework.DataSourceBase
	list listSpec[G, M]
}

// listSpec is what a listDataSource lists and how.
type listSpec[G any, M element] struct {
	// what names the objects ("definition": the list attribute is
	// definitions, its elements "alert definitions"); description
	// documents the data source.
	what, description string
	// attributes are those of an element besides alert_type and id.
	attributes func(alerttypes.Catalogue) map[string]schema.Attribute
	// read lists the objects; convert maps one to an element.
	read    func(*graph.Client, context.Context) ([]G, error)
	convert func(alerttypes.Catalogue, G) M
}

// attribute is the name of the list.
func (s listSpec[G, M]) attribute() string { return s.what + "s" }

// element is the nested object of an element.
func (s listSpec[G, M]) element(cat alerttypes.Catalogue) schema.NestedAttributeObject {
	return nested(s.attributes(cat), elementKey(cat, s.what))
}

func newListDataSource[G any, M element](cat alerttypes.Catalogue, name string, spec listSpec[G, M]) datasource.DataSource {
	return &listDataSource[G, M]{DataSourceBase: framework.NewDataSourceBase(cat, name), list: spec}
}

func (d *listDataSource[G, M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: d.list.description,
		Attributes: attributes(tenantArgument(), map[string]schema.Attribute{
			d.list.attribute(): schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The alert " + d.list.attribute() + ", sorted by `alert_type`.",
				NestedObject:        d.list.element(d.Catalogue),
			},
		}),
	}
}

func (d *listDataSource[G, M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	client := clientOf(ctx, &d.DataSourceBase, req.Config, &resp.Diagnostics)
	if client == nil {
		return
	}
	objs, err := d.list.read(client, ctx)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error reading alert "+d.list.attribute(), allAlertTypes, err)
		return
	}
	out := make([]M, 0, len(objs))
	for _, o := range objs {
		out = append(out, d.list.convert(d.Catalogue, o))
	}
	resp.Diagnostics.Append(setList(ctx, d.Catalogue, &resp.State, d.list.attribute(), d.list.element(d.Catalogue), out)...)
}
