package graphapi

import (
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// entitySet is one of the three collections of the container whose items
// are the tenant's alerts seen one way: the alerts themselves, their
// configurations or their definitions (all three share the alert's id).
// One list handler and one get handler serve every such collection and the
// navigations between them.
type entitySet struct {
	// path is the collection's segment, also used in @odata.context.
	path string
	// what names an item in 404 messages: "alert", "alert configuration".
	what string
	typ  entityType
	// prop returns a filterable property of an item.
	prop func(m *tenant.Model, a *tenant.Alert, path string) any
	// render renders an item with the expansions and selection of q.
	render func(api *API, m *tenant.Model, a *tenant.Alert, q query) object
}

// entitySets are the collections of one server; the configuration type
// depends on its catalogue's thresholds.
type entitySets struct {
	alerts, configurations, definitions *entitySet
	// incidents is the incident type with the derived types of the
	// catalogue.
	incidents entityType
}

func newEntitySets(cat alerttypes.Catalogue) entitySets {
	configurations, incidents := configurationType, incidentType
	configurations.derived, incidents.derived = map[string][]string{}, map[string][]string{}
	for _, a := range cat.All() {
		var thresholds []string
		for _, f := range a.Fields {
			thresholds = append(thresholds, f.GraphName)
		}
		configurations.derived[strings.TrimPrefix(a.ConfigurationODataType, "#")] = thresholds
		incidents.derived[strings.TrimPrefix(a.IncidentODataType, "#")] = incidentProperties[a.Suffix]
	}
	return entitySets{
		incidents: incidents,
		alerts: &entitySet{path: "alerts", what: "alert", typ: alertType, prop: alertProp,
			render: func(api *API, m *tenant.Model, a *tenant.Alert, q query) object { return api.renderAlert(m, a, q) }},
		configurations: &entitySet{path: "alertConfigurations", what: "alert configuration", typ: configurations, prop: configurationProp,
			render: func(api *API, m *tenant.Model, a *tenant.Alert, q query) object {
				return api.renderConfiguration(m, a, q)
			}},
		definitions: &entitySet{path: "alertDefinitions", what: "alert definition", typ: definitionType, prop: definitionProp,
			render: func(_ *API, m *tenant.Model, a *tenant.Alert, q query) object {
				return renderDefinition(m, a).project(q.selected, nil)
			}},
	}
}

// list answers a list of set with the mandatory scope filter.
func (api *API) list(set *entitySet) func(*Call) {
	return func(c *Call) {
		if e := c.parseQuery(set.typ); e != nil {
			c.Fail(e)
			return
		}
		if e := c.requireScope(); e != nil {
			c.Fail(e)
			return
		}
		var items []object
		api.tenant.Do(func(m *tenant.Model) {
			for _, a := range m.Alerts {
				if c.query.filter.Match(func(p string) any { return set.prop(m, a, p) }) {
					items = append(items, set.render(api, m, a, c.query))
				}
			}
		})
		c.collection(api.contextURL(set.path+c.query.projection()), items, set.path, 0)
	}
}

// get answers one item of set whose id is the second path segment, an id
// of from (a navigation such as alerts/{id}/alertDefinition has from
// alerts and set definitions).
func (api *API) get(set, from *entitySet) func(*Call) {
	return func(c *Call) {
		if e := c.parseQuery(set.typ); e != nil {
			c.Fail(e)
			return
		}
		var o object
		if api.withItem(c, from, func(m *tenant.Model, a *tenant.Alert) *Error {
			o = set.render(api, m, a, c.query)
			return nil
		}) {
			c.entity(api.contextURL(set.path+c.query.projection()+"/$entity"), o)
		}
	}
}

// withItem runs f under the tenant's lock on the alert that names the
// item of set in c.Segs[1]. It answers the error of the lookup or of f and
// reports whether there was none.
func (api *API) withItem(c *Call, set *entitySet, f func(m *tenant.Model, a *tenant.Alert) *Error) bool {
	var e *Error
	api.tenant.Do(func(m *tenant.Model) {
		var a *tenant.Alert
		if a, e = lookup(m, set, c.Segs[1]); e == nil {
			e = f(m, a)
		}
	})
	if e != nil {
		c.Fail(e)
		return false
	}
	return true
}

// lookup finds the item of set named id.
func lookup(m *tenant.Model, set *entitySet, id string) (*tenant.Alert, *Error) {
	if a := m.AlertByID(id); a != nil {
		return a, nil
	}
	return nil, notFound("The %s '%s' was not found in scope '/' of tenant '%s'.", set.what, id, m.ID)
}

// alertProp returns a filterable property of an alert.
func alertProp(m *tenant.Model, a *tenant.Alert, path string) any {
	switch path {
	case "isActive":
		return a.Active
	case "incidentCount":
		return int64(len(a.Incidents))
	case "alertConfiguration/isEnabled":
		return a.Enabled
	}
	return keyProp(m, a, path)
}

func configurationProp(m *tenant.Model, a *tenant.Alert, path string) any {
	if path == "isEnabled" {
		return a.Enabled
	}
	return keyProp(m, a, path)
}

func definitionProp(m *tenant.Model, a *tenant.Alert, path string) any {
	switch path {
	case "severityLevel":
		return a.Type.SeverityLevel
	case "isRemediatable":
		return a.Type.Remediatable
	case "isConfigurable":
		return a.Type.Configurable
	}
	return keyProp(m, a, path)
}

// keyProp returns the id and scope properties every item has.
func keyProp(m *tenant.Model, a *tenant.Alert, path string) any {
	switch path {
	case "id", "alertDefinitionId":
		return m.AlertID(a.Type.Suffix)
	case "scopeId":
		return tenant.ScopeTenant
	case "scopeType":
		return tenant.ScopeTypeDirectoryRole
	}
	return nil
}
