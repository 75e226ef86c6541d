package provider

import (
	"context"

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

// What the provider serves, as constructors that take the catalogue. List
// resources (Terraform 1.14+, terraform query) are named as the resource
// they list, actions (Terraform 1.14+) as the resource whose operation
// they run.
var (
	resourceTypes = []func(alerttypes.Catalogue) resource.Resource{
		resources.NewAlert, resources.NewAlertConfiguration, resources.NewAlertIncidentRemediation, resources.NewAlertRefresh,
	}
	dataSourceTypes = []func(alerttypes.Catalogue) datasource.DataSource{
		datasources.NewAlert, datasources.NewAlertConfigurations, datasources.NewAlertDefinition,
		datasources.NewAlertDefinitions, datasources.NewAlertIncidents, datasources.NewAlerts,
	}
	listResourceTypes = []func(alerttypes.Catalogue) list.ListResource{resources.NewAlertList, resources.NewAlertConfigurationList}
	actionTypes       = []func(alerttypes.Catalogue) action.Action{resources.NewAlertIncidentRemediationAction, resources.NewAlertRefreshAction}
	functionTypes     = []func(alerttypes.Catalogue) function.Function{functions.NewAlertID}
)

func (p *entrapimProvider) Resources(context.Context) []func() resource.Resource {
	return bind(p.catalogue, resourceTypes)
}

func (p *entrapimProvider) DataSources(context.Context) []func() datasource.DataSource {
	return bind(p.catalogue, dataSourceTypes)
}

func (p *entrapimProvider) ListResources(context.Context) []func() list.ListResource {
	return bind(p.catalogue, listResourceTypes)
}

func (p *entrapimProvider) Actions(context.Context) []func() action.Action {
	return bind(p.catalogue, actionTypes)
}

func (p *entrapimProvider) Functions(context.Context) []func() function.Function {
	return bind(p.catalogue, functionTypes)
}

// bind turns constructors that take the catalogue into the framework's
// factories.
func bind[T any](cat alerttypes.Catalogue, constructors []func(alerttypes.Catalogue) T) []func() T {
	out := make([]func() T, len(constructors))
	for i, c := range constructors {
		out[i] = func() T { return c(cat) }
	}
	return out
}
