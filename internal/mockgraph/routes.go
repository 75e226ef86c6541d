package mockgraph

import (
	"net/http"
	"slices"
	"strings"
)

// resolve maps a request to its route. It sets c.segs to the path segments
// below the route's root.
func (s *Server) resolve(method string, segs []string, c *call) route {
	n := len(segs)
	switch {
	case n >= 3 && segs[0] == "beta" && strings.EqualFold(segs[1], "identityGovernance") && strings.EqualFold(segs[2], "roleManagementAlerts"):
		c.segs = segs[3:]
		return s.graphRoute(method, c.segs)
	case n >= 2 && segs[0] == "_simulator" && segs[1] == "oidc":
		c.segs = segs[2:]
		return s.oidcRoute(c.segs)
	case n >= 1 && segs[0] == "_simulator":
		c.segs = segs[1:]
		return route{name: "simulator", kind: kindControl, handle: s.control}
	case n == 3 && segs[0] == "common" && segs[1] == "discovery" && segs[2] == "instance":
		return route{name: "instance-discovery", kind: kindAuth, handle: s.handleInstanceDiscovery}
	case n == 4 && segs[1] == "oauth2" && segs[2] == "v2.0" && segs[3] == "token":
		c.segs = segs[:1]
		return route{name: "token", kind: kindAuth, handle: s.handleToken}
	case n == 4 && segs[1] == "v2.0" && segs[2] == ".well-known" && segs[3] == "openid-configuration":
		c.segs = segs[:1]
		return route{name: "openid-configuration", kind: kindAuth, handle: s.handleOpenIDConfiguration}
	case n == 4 && segs[1] == "discovery" && segs[2] == "v2.0" && segs[3] == "keys":
		return route{name: "jwks", kind: kindAuth, handle: s.handleKeys(s.keys.token)}
	}
	segment := "/"
	if n > 0 {
		segment = segs[0]
		if segs[0] == "beta" && n > 1 {
			segment = segs[1]
		}
	}
	return unsupported(badRequest("Resource not found for the segment '%s'.", segment))
}

// unsupported answers e on a Graph route named "unsupported".
func unsupported(e *apiError) route {
	return route{name: "unsupported", kind: kindGraph, handle: func(c *call) { c.fail(e) }}
}

// handlers maps HTTP methods to handlers of one resource.
type handlers map[string]struct {
	name   string
	handle func(*call)
}

// dispatch picks the handler of method, or answers 405 naming what the
// resource allows.
func dispatch(method, what string, hs handlers) route {
	if h, ok := hs[method]; ok {
		return route{name: h.name, kind: kindGraph, handle: h.handle}
	}
	allowed := make([]string, 0, len(hs))
	for m := range hs {
		allowed = append(allowed, m)
	}
	slices.Sort(allowed)
	allow := strings.Join(allowed, ", ")
	return unsupported(methodNotAllowed(allow, "The HTTP method '%s' is not allowed on %s; allowed: %s.", method, what, allow))
}

// graphRoute resolves a path below /beta/identityGovernance/roleManagementAlerts.
func (s *Server) graphRoute(method string, segs []string) route {
	type h = struct {
		name   string
		handle func(*call)
	}
	n := len(segs)
	if n == 0 {
		return unsupported(methodNotAllowed("", "The roleManagementAlerts container cannot be read or changed directly; use its alerts, alertConfigurations, alertDefinitions and operations."))
	}
	switch segs[0] {
	case "alerts":
		switch {
		case n == 1:
			return dispatch(method, "the alerts collection (alerts are predefined and cannot be created)", handlers{
				http.MethodGet: h{"alerts.list", s.list(s.sets.alerts)}})
		case n == 2 && segs[1] == "refresh":
			return dispatch(method, "the refresh action", handlers{
				http.MethodPost: h{"alerts.refreshAll", s.refreshAll}})
		case n == 2:
			return dispatch(method, "an alert (alerts are predefined and cannot be deleted; only isActive can be updated)", handlers{
				http.MethodGet:   h{"alerts.get", s.get(s.sets.alerts, s.sets.alerts)},
				http.MethodPatch: h{"alerts.patch", s.patchAlert}})
		case n == 3 && segs[2] == "refresh":
			return dispatch(method, "the refresh action", handlers{
				http.MethodPost: h{"alerts.refresh", s.refreshAlert}})
		case n == 3 && segs[2] == "alertDefinition":
			return dispatch(method, "an alert's definition (read-only)", handlers{
				http.MethodGet: h{"alerts.definition", s.get(s.sets.definitions, s.sets.alerts)}})
		case n == 3 && segs[2] == "alertConfiguration":
			return dispatch(method, "an alert's configuration navigation (update the configuration through alertConfigurations/{id})", handlers{
				http.MethodGet: h{"alerts.configuration", s.get(s.sets.configurations, s.sets.alerts)}})
		case n == 3 && segs[2] == "alertIncidents":
			return dispatch(method, "the incidents collection (incidents are found by scans and cannot be created)", handlers{
				http.MethodGet: h{"incidents.list", s.listIncidents}})
		case n == 4 && segs[2] == "alertIncidents":
			return dispatch(method, "an incident (incidents are read-only; remediate them instead)", handlers{
				http.MethodGet: h{"incidents.get", s.getIncident}})
		case n == 5 && segs[2] == "alertIncidents" && segs[4] == "remediate":
			return dispatch(method, "the remediate action", handlers{
				http.MethodPost: h{"incidents.remediate", s.remediateIncident}})
		}
	case "alertConfigurations":
		switch {
		case n == 1:
			return dispatch(method, "the alertConfigurations collection (configurations are predefined and cannot be created)", handlers{
				http.MethodGet: h{"configurations.list", s.list(s.sets.configurations)}})
		case n == 2:
			return dispatch(method, "an alert configuration (configurations are predefined and cannot be deleted)", handlers{
				http.MethodGet:   h{"configurations.get", s.get(s.sets.configurations, s.sets.configurations)},
				http.MethodPatch: h{"configurations.patch", s.patchConfiguration}})
		case n == 3 && segs[2] == "alertDefinition":
			return dispatch(method, "a configuration's definition (read-only)", handlers{
				http.MethodGet: h{"configurations.definition", s.get(s.sets.definitions, s.sets.configurations)}})
		}
	case "alertDefinitions":
		switch n {
		case 1:
			return dispatch(method, "the alertDefinitions collection (definitions are predefined and read-only)", handlers{
				http.MethodGet: h{"definitions.list", s.list(s.sets.definitions)}})
		case 2:
			return dispatch(method, "an alert definition (definitions are predefined and read-only)", handlers{
				http.MethodGet: h{"definitions.get", s.get(s.sets.definitions, s.sets.definitions)}})
		}
	case "operations":
		switch n {
		case 1:
			return dispatch(method, "the operations collection (operations are started by the refresh action)", handlers{
				http.MethodGet: h{"operations.list", s.listOperations}})
		case 2:
			return dispatch(method, "an operation (operations are read-only)", handlers{
				http.MethodGet: h{"operations.get", s.getOperation}})
		}
	}
	return unsupported(badRequest("Resource not found for the segment '%s'.", segs[n-1]))
}

// isWrite reports whether a Graph request changes state.
func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// parseQuery parses and validates the OData query options for t.
func (c *call) parseQuery(t entityType) *apiError {
	q, e := parseQuery(c.r.URL.RawQuery)
	if e != nil {
		return e
	}
	if e := q.validate(t); e != nil {
		return e
	}
	c.query = q
	return nil
}

// collection writes a collection response with paging.
func (c *call) collection(context string, items []object, path string, pageSize int) {
	page, next := c.s.page(items, c.query, path, pageSize)
	o := object{{"@odata.context", context}}
	if c.query.count {
		o = append(o, field{"@odata.count", len(items)})
	}
	if page == nil {
		page = []object{}
	}
	o = append(o, field{"value", page})
	if next != "" {
		o = append(o, field{"@odata.nextLink", next})
	}
	c.json(http.StatusOK, o)
}

// entity writes one entity with its @odata.context.
func (c *call) entity(context string, o object) {
	c.json(http.StatusOK, prepend(o, field{"@odata.context", context}))
}

// requireScope enforces the mandatory tenant scope filter of the alerts,
// alertConfigurations and alertDefinitions lists.
func (c *call) requireScope() *apiError {
	if c.query.filter == nil || !c.query.filter.HasTenantScope() {
		return missingProvider()
	}
	return nil
}
