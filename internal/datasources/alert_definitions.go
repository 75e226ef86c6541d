package datasources

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// NewAlertDefinitions returns the entrapim_alert_definitions data source
// for the alert types of cat.
func NewAlertDefinitions(cat alerttypes.Catalogue) datasource.DataSource {
	return newListDataSource(cat, "alert_definitions", listSpec[graph.Definition, definitionModel]{
		description: "Lists the definitions of every PIM alert for Entra roles in the tenant scope: the read-only " +
			"catalogue of what each alert means, how severe it is and whether it can be configured and remediated. " +
			"One Graph request.",
		what:       "definition",
		attributes: definitionAttributes,
		read:       (*graph.Client).ListDefinitions,
		convert: func(_ alerttypes.Catalogue, d graph.Definition) definitionModel {
			m := definitionModel{AlertType: types.StringValue(d.Type.Suffix), ID: types.StringValue(d.ID)}
			m.fromGraph(&d)
			return m
		},
	})
}

// definitionModel is an element of definitions, and entrapim_alert_definition.
type definitionModel struct {
	definitionFields
	AlertType types.String `tfsdk:"alert_type"`
	ID        types.String `tfsdk:"id"`
}
