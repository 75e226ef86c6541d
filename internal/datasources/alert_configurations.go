package datasources

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// NewAlertConfigurations returns the entrapim_alert_configurations data
// source for the alert types of cat.
func NewAlertConfigurations(cat alerttypes.Catalogue) datasource.DataSource {
	var objects []string
	for _, at := range cat.Configurable() {
		objects = append(objects, "`"+at.Block+"`")
	}
	return newListDataSource(cat, "alert_configurations", listSpec[graph.Configuration, configurationModel]{
		description: "Lists the tenant's configuration of every PIM alert for Entra roles: whether it is scanned and " +
			"its thresholds (" + strings.Join(objects, ", ") + "), in the same nested objects as the " +
			"`entrapim_alert_configuration` resource, so values can be copied into a baseline. One Graph request.",
		what:       "configuration",
		attributes: configurationAttributes,
		read:       (*graph.Client).ListConfigurations,
		convert: func(cat alerttypes.Catalogue, c graph.Configuration) configurationModel {
			m := configurationModel{AlertType: types.StringValue(c.Type.Suffix), ID: types.StringValue(c.ID)}
			m.fromGraph(cat, c.Type, &c)
			return m
		},
	})
}

// configurationModel is an element of configurations.
type configurationModel struct {
	configurationFields
	AlertType types.String `tfsdk:"alert_type"`
	ID        types.String `tfsdk:"id"`
}
