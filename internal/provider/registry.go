package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/datasources"
	"github.com/entrapim/terraform-provider-entrapim/internal/functions"
	"github.com/entrapim/terraform-provider-entrapim/internal/resources"
)

// resourceList is every resource of the provider.
func resourceList(cat alerttypes.Catalogue) []func() resource.Resource {
	return bind(cat,
		resources.NewAlert,
		resources.NewAlertConfiguration,
		resources.NewAlertIncidentRemediation,
		resources.NewAlertRefresh,
	)
}

// dataSourceList is every data source of the provider.
func dataSourceList(cat alerttypes.Catalogue) []func() datasource.DataSource {
	return bind(cat,
		datasources.NewAlert,
		datasources.NewAlertConfigurations,
		datasources.NewAlertDefinition,
		datasources.NewAlertDefinitions,
		datasources.NewAlertIncidents,
		datasources.NewAlerts,
	)
}

// listResourceList is every list resource (Terraform 1.14+, terraform
// query), named as the resource it lists.
func listResourceList(cat alerttypes.Catalogue) []func() list.ListResource {
	return bind(cat,
		resources.NewAlertList,
		resources.NewAlertConfigurationList,
	)
}

// actionList is every action (Terraform 1.14+), named as the resource
// whose operation it runs.
func actionList(cat alerttypes.Catalogue) []func() action.Action {
	return bind(cat,
		resources.NewAlertIncidentRemediationAction,
		resources.NewAlertRefreshAction,
	)
}

// functionList is every provider function.
func functionList(cat alerttypes.Catalogue) []func() function.Function {
	return bind(cat, functions.NewAlertID)
}

// bind turns constructors that take the catalogue into the framework's
// factories.
func bind[T any](cat alerttypes.Catalogue, constructors ...func(alerttypes.Catalogue) T) []func() T {
	out := make([]func() T, len(constructors))
	for i, c := range constructors {
		out[i] = func() T { return c(cat) }
	}
	return out
}
