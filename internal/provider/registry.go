package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/entrapim/terraform-provider-entrapim/internal/datasources"
	"github.com/entrapim/terraform-provider-entrapim/internal/functions"
	"github.com/entrapim/terraform-provider-entrapim/internal/resources"
)

// resourceList is every resource of the provider.
func resourceList() []func() resource.Resource {
	return []func() resource.Resource{
		resources.NewAlert,
		resources.NewAlertConfiguration,
		resources.NewAlertIncidentRemediation,
		resources.NewAlertRefresh,
	}
}

// dataSourceList is every data source of the provider.
func dataSourceList() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		datasources.NewAlert,
		datasources.NewAlertConfigurations,
		datasources.NewAlertDefinition,
		datasources.NewAlertDefinitions,
		datasources.NewAlertIncidents,
		datasources.NewAlerts,
	}
}

// functionList is every provider function.
func functionList() []func() function.Function {
	return []func() function.Function{
		functions.NewAlertID,
	}
}
