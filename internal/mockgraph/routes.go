package mockgraph

import (
	"net/http"
	"slices"
	"strings"
)

// resolve maps a request to its route. It sets c.segs to the segments its
// handler reads: those below the Graph container, /_simulator/oidc or
// /_simulator, or the tenant of the token and OpenID configuration paths.
func (s *Server) resolve(method string, segs []string, c *call) route {
	n := len(segs)
	switch {
	case n >= 3 && segs[0] == "beta" && strings.EqualFold(segs[1], "identityGovernance") && strings.EqualFold(segs[2], "roleManagementAlerts"):
		c.segs = segs[3:]
		return s.graphRoute(method, c.segs)
	case n >= 3 && (segs[0] == "beta" || segs[0] == "v1.0") && strings.EqualFold(segs[1], "roleManagement") && strings.EqualFold(segs[2], "directory"):
		c.segs = segs[3:]
		return s.rolesRoute(segs[0], method, c.segs)
	case n >= 4 && (segs[0] == "beta" || segs[0] == "v1.0") && segs[1] == "groups":
		c.segs = segs[2:]
		return s.groupsRoute(segs[0], method, c.segs)
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
		if (segs[0] == "beta" || segs[0] == "v1.0") && n > 1 {
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

// graphPath is one documented path below the container: its segments,
// where "{id}" stands for any one segment, what it is (for 405 answers)
// and the handler of each method it allows.
type graphPath struct {
	segs     []string
	what     string
	handlers handlers
}

// newGraphPaths returns the documented paths in the order they are
// matched (a literal segment such as "refresh" before "{id}").
func (s *Server) newGraphPaths() []graphPath {
	var out []graphPath
	add := func(pattern, what string, hs handlers) {
		out = append(out, graphPath{segs: strings.Split(pattern, "/"), what: what, handlers: hs})
	}
	alerts, configurations, definitions := s.sets.alerts, s.sets.configurations, s.sets.definitions

	add("alerts", "the alerts collection (alerts are predefined and cannot be created)", handlers{
		http.MethodGet: {"alerts.list", s.list(alerts)}})
	add("alerts/refresh", "the refresh action", handlers{
		http.MethodPost: {"alerts.refreshAll", s.refreshAll}})
	add("alerts/{id}", "an alert (alerts are predefined and cannot be deleted; only isActive can be updated)", handlers{
		http.MethodGet:   {"alerts.get", s.get(alerts, alerts)},
		http.MethodPatch: {"alerts.patch", s.patchAlert}})
	add("alerts/{id}/refresh", "the refresh action", handlers{
		http.MethodPost: {"alerts.refresh", s.refreshAlert}})
	add("alerts/{id}/alertDefinition", "an alert's definition (read-only)", handlers{
		http.MethodGet: {"alerts.definition", s.get(definitions, alerts)}})
	add("alerts/{id}/alertConfiguration", "an alert's configuration navigation (update the configuration through alertConfigurations/{id})", handlers{
		http.MethodGet: {"alerts.configuration", s.get(configurations, alerts)}})
	add("alerts/{id}/alertIncidents", "the incidents collection (incidents are found by scans and cannot be created)", handlers{
		http.MethodGet: {"incidents.list", s.listIncidents}})
	add("alerts/{id}/alertIncidents/{id}", "an incident (incidents are read-only; remediate them instead)", handlers{
		http.MethodGet: {"incidents.get", s.getIncident}})
	add("alerts/{id}/alertIncidents/{id}/remediate", "the remediate action", handlers{
		http.MethodPost: {"incidents.remediate", s.remediateIncident}})

	add("alertConfigurations", "the alertConfigurations collection (configurations are predefined and cannot be created)", handlers{
		http.MethodGet: {"configurations.list", s.list(configurations)}})
	add("alertConfigurations/{id}", "an alert configuration (configurations are predefined and cannot be deleted)", handlers{
		http.MethodGet:   {"configurations.get", s.get(configurations, configurations)},
		http.MethodPatch: {"configurations.patch", s.patchConfiguration}})
	add("alertConfigurations/{id}/alertDefinition", "a configuration's definition (read-only)", handlers{
		http.MethodGet: {"configurations.definition", s.get(definitions, configurations)}})

	add("alertDefinitions", "the alertDefinitions collection (definitions are predefined and read-only)", handlers{
		http.MethodGet: {"definitions.list", s.list(definitions)}})
	add("alertDefinitions/{id}", "an alert definition (definitions are predefined and read-only)", handlers{
		http.MethodGet: {"definitions.get", s.get(definitions, definitions)}})

	add("operations", "the operations collection (operations are started by the refresh action)", handlers{
		http.MethodGet: {"operations.list", s.listOperations}})
	add("operations/{id}", "an operation (operations are read-only)", handlers{
		http.MethodGet: {"operations.get", s.getOperation}})
	return out
}

// matches reports whether segs is this path.
func (p graphPath) matches(segs []string) bool {
	if len(segs) != len(p.segs) {
		return false
	}
	for i, want := range p.segs {
		if want != "{id}" && segs[i] != want {
			return false
		}
	}
	return true
}

// graphRoute resolves a path below /beta/identityGovernance/roleManagementAlerts.
func (s *Server) graphRoute(method string, segs []string) route {
	if len(segs) == 0 {
		return unsupported(methodNotAllowed("", "The roleManagementAlerts container cannot be read or changed directly; use its alerts, alertConfigurations, alertDefinitions and operations."))
	}
	for _, p := range s.graphPaths {
		if p.matches(segs) {
			return dispatch(method, p.what, p.handlers)
		}
	}
	return unsupported(badRequest("Resource not found for the segment '%s'.", segs[len(segs)-1]))
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

// collection writes a collection response with paging; path is the
// collection's below the roleManagementAlerts container.
func (c *call) collection(context string, items []object, path string, pageSize int) {
	c.collectionAt(context, items, graphPrefix+"/"+path, pageSize)
}

// collectionAt writes a collection response with paging; path is the
// collection's absolute path ("/beta/…").
func (c *call) collectionAt(context string, items []object, path string, pageSize int) {
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
