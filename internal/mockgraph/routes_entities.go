package mockgraph

import "github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"

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
	prop func(t *tenant, a *alert, path string) any
	// render renders an item with the expansions and selection of q.
	render func(s *Server, t *tenant, a *alert, q query) object
}

// entitySets are the collections of one server; the configuration type
// depends on its catalogue's thresholds.
type entitySets struct {
	alerts, configurations, definitions *entitySet
}

func newEntitySets(cat alerttypes.Catalogue) entitySets {
	configurations := configurationType
	for _, a := range cat.All() {
		for _, f := range a.Fields {
			if !configurations.hasProp(f.GraphName) {
				configurations.props = append(configurations.props, f.GraphName)
			}
		}
	}
	return entitySets{
		alerts: &entitySet{path: "alerts", what: "alert", typ: alertType, prop: alertProp,
			render: func(s *Server, t *tenant, a *alert, q query) object { return s.renderAlert(t, a, q) }},
		configurations: &entitySet{path: "alertConfigurations", what: "alert configuration", typ: configurations, prop: configurationProp,
			render: func(s *Server, t *tenant, a *alert, q query) object { return s.renderConfiguration(t, a, q) }},
		definitions: &entitySet{path: "alertDefinitions", what: "alert definition", typ: definitionType, prop: definitionProp,
			render: func(_ *Server, t *tenant, a *alert, q query) object {
				return renderDefinition(t, a).project(q.selected, nil)
			}},
	}
}

// list answers a list of set with the mandatory scope filter.
func (s *Server) list(set *entitySet) func(*call) {
	return func(c *call) {
		if e := c.parseQuery(set.typ); e != nil {
			c.fail(e)
			return
		}
		if e := c.requireScope(); e != nil {
			c.fail(e)
			return
		}
		s.lock()
		t := s.tenant
		var items []object
		for _, a := range t.alerts {
			if c.query.filter.Match(func(p string) any { return set.prop(t, a, p) }) {
				items = append(items, set.render(s, t, a, c.query))
			}
		}
		s.mu.Unlock()
		c.collection(s.contextURL(set.path+c.query.projection()), items, set.path, 0)
	}
}

// get answers one item of set whose id is the second path segment, an id
// of from (a navigation such as alerts/{id}/alertDefinition has from
// alerts and set definitions).
func (s *Server) get(set, from *entitySet) func(*call) {
	return func(c *call) {
		if e := c.parseQuery(set.typ); e != nil {
			c.fail(e)
			return
		}
		var o object
		if s.withItem(c, from, func(a *alert) *apiError {
			o = set.render(s, s.tenant, a, c.query)
			return nil
		}) {
			c.entity(s.contextURL(set.path+c.query.projection()+"/$entity"), o)
		}
	}
}

// withItem runs f under s.mu on the alert that names the item of set in
// c.segs[1]. It answers the error of the lookup or of f and reports
// whether there was none.
func (s *Server) withItem(c *call, set *entitySet, f func(a *alert) *apiError) bool {
	s.lock()
	a, e := c.lookup(set)
	if e == nil {
		e = f(a)
	}
	s.mu.Unlock()
	if e != nil {
		c.fail(e)
		return false
	}
	return true
}

// lookup finds the item of set named by c.segs[1]; the caller holds s.mu.
func (c *call) lookup(set *entitySet) (*alert, *apiError) {
	if a := c.s.tenant.alertByID(c.segs[1]); a != nil {
		return a, nil
	}
	return nil, notFound("The %s '%s' was not found in scope '/' of tenant '%s'.", set.what, c.segs[1], c.s.tenant.id)
}

// lookupAlert finds the alert named by c.segs[1]; the caller holds s.mu.
func (c *call) lookupAlert() (*alert, *apiError) { return c.lookup(c.s.sets.alerts) }

// alertProp returns a filterable property of an alert.
func alertProp(t *tenant, a *alert, path string) any {
	switch path {
	case "isActive":
		return a.active
	case "incidentCount":
		return int64(len(a.incidents))
	case "alertConfiguration/isEnabled":
		return a.enabled
	}
	return keyProp(t, a, path)
}

func configurationProp(t *tenant, a *alert, path string) any {
	if path == "isEnabled" {
		return a.enabled
	}
	return keyProp(t, a, path)
}

func definitionProp(t *tenant, a *alert, path string) any {
	switch path {
	case "severityLevel":
		return a.typ.SeverityLevel
	case "isRemediatable":
		return a.typ.Remediatable
	case "isConfigurable":
		return a.typ.Configurable
	}
	return keyProp(t, a, path)
}

// keyProp returns the id and scope properties every item has.
func keyProp(t *tenant, a *alert, path string) any {
	switch path {
	case "id", "alertDefinitionId":
		return t.alertID(a.typ.Suffix)
	case "scopeId":
		return scopeTenant
	case "scopeType":
		return scopeTypeDirectoryRole
	}
	return nil
}
