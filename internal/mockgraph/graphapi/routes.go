package graphapi

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Route is a resolved Graph request: its stable name (Request.Route,
// Fault.Route), its handler and the app roles of which a token needs one
// (nil for the alerts API, whose RoleManagementAlert.Read or ReadWrite
// depends on the method; see Authorize).
type Route struct {
	Name        string
	Handle      func(*Call)
	Permissions []string
}

// Unsupported answers e on a Graph route named "unsupported".
func Unsupported(e *Error) Route {
	return Route{Name: "unsupported", Handle: func(c *Call) { c.Fail(e) }}
}

// Route resolves a Graph path (its decoded segments, "beta" or "v1.0"
// first); ok is false for a path outside the Graph APIs the simulator
// serves. It sets c.Version, and c.Segs to the segments below the
// resource's container. The route table is matched by a net/http
// ServeMux, whose patterns are the documented paths.
func (api *API) Route(method string, segs []string, c *Call) (rt Route, ok bool) {
	if len(segs) == 0 || !isVersion(segs[0]) {
		return Route{}, false
	}
	segs = canonical(segs)
	req := &http.Request{Method: method, URL: &url.URL{Path: "/" + strings.Join(segs, "/"), RawPath: escapedPath(segs)}}
	_, pattern := api.mux.Handler(req)
	p, found := api.paths[pattern]
	switch {
	case !found && len(segs) == 3 && segs[1] == "identityGovernance" && segs[2] == "roleManagementAlerts":
		return Unsupported(methodNotAllowed("", "The roleManagementAlerts container cannot be read or changed directly; use its alerts, alertConfigurations, alertDefinitions and operations.")), true
	case !found:
		return Unsupported(BadRequest("Resource not found for the segment '%s'.", unknownSegment(segs))), true
	}
	c.Version, c.Segs = segs[0], segs[p.container:]
	h, allowed := p.methods[method]
	if !allowed {
		allow := strings.Join(slices.Sorted(maps.Keys(p.methods)), ", ")
		return Unsupported(methodNotAllowed(allow, "The HTTP method '%s' is not allowed on %s; allowed: %s.", method, p.what, allow)), true
	}
	return h, true
}

// isVersion reports whether a segment is a Graph version the simulator serves.
func isVersion(seg string) bool { return seg == "beta" || seg == "v1.0" }

// canonicalSegments are the path segments Graph matches in any case, as
// the route table spells them.
var canonicalSegments = []string{"identityGovernance", "roleManagementAlerts", "roleManagement", "directory",
	"roleAssignments", "roleEligibilityScheduleInstances"}

// canonical respells the segments Graph matches in any case.
func canonical(segs []string) []string {
	out := slices.Clone(segs)
	for i, s := range out {
		for _, c := range canonicalSegments {
			if strings.EqualFold(s, c) {
				out[i] = c
			}
		}
	}
	return out
}

// escapedPath joins decoded segments escaped, so that a "/" inside one
// stays inside it.
func escapedPath(segs []string) string {
	esc := make([]string, len(segs))
	for i, s := range segs {
		esc[i] = url.PathEscape(s)
	}
	return "/" + strings.Join(esc, "/")
}

// unknownSegment names the segment Graph's 400 names: the last one below
// a container the simulator serves, else the one after the version.
func unknownSegment(segs []string) string {
	switch {
	case len(segs) >= 3 && slices.Equal(segs[1:3], []string{"identityGovernance", "roleManagementAlerts"}),
		len(segs) >= 3 && slices.Equal(segs[1:3], []string{"roleManagement", "directory"}),
		len(segs) >= 4 && segs[1] == "groups":
		return segs[len(segs)-1]
	case len(segs) > 1:
		return segs[1]
	}
	return segs[0]
}

// graphPath is one documented path: how many of its segments (from the
// version) are its container, what it is (for 405 answers) and its route
// for each method it allows.
type graphPath struct {
	container int
	what      string
	methods   map[string]Route
}

// graphRoute is one row of the route table.
type graphRoute struct {
	method, path string // path: a ServeMux pattern's path, "{x}" one segment
	name         string
	handle       func(*Call)
	permissions  []string
}

// newMux registers the route table: one pattern for each path, without a
// method, so that the mux finds the path whatever the method; the method
// picks the route from there (or Graph's 405).
func (api *API) newMux(routes []graphRoute, what map[string]string) {
	api.mux, api.paths = http.NewServeMux(), map[string]*graphPath{}
	noop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, r := range routes {
		p, ok := api.paths[r.path]
		if !ok {
			container := 3
			if strings.HasPrefix(r.path, "/{version}/groups/") {
				container = 2
			}
			p = &graphPath{container: container, what: what[r.path], methods: map[string]Route{}}
			api.paths[r.path] = p
			api.mux.Handle(r.path, noop)
		}
		p.methods[r.method] = Route{Name: r.name, Handle: r.handle, Permissions: r.permissions}
	}
}

// newRoutes returns the route table: the documented paths of the alerts
// API and the directory reads (under both versions), and what each path
// is.
func (api *API) newRoutes() ([]graphRoute, map[string]string) {
	const p = graphPrefix + "/"
	alerts, configurations, definitions := api.sets.alerts, api.sets.configurations, api.sets.definitions
	roleSets := api.roleSets()
	routes := []graphRoute{
		{http.MethodGet, p + "alerts", "alerts.list", api.list(alerts), nil},
		{http.MethodPost, p + "alerts/refresh", "alerts.refreshAll", api.refreshAll, nil},
		{http.MethodGet, p + "alerts/{id}", "alerts.get", api.get(alerts, alerts), nil},
		{http.MethodPatch, p + "alerts/{id}", "alerts.patch", api.patchAlert, nil},
		{http.MethodPost, p + "alerts/{id}/refresh", "alerts.refresh", api.refreshAlert, nil},
		{http.MethodGet, p + "alerts/{id}/alertDefinition", "alerts.definition", api.get(definitions, alerts), nil},
		{http.MethodGet, p + "alerts/{id}/alertConfiguration", "alerts.configuration", api.get(configurations, alerts), nil},
		{http.MethodGet, p + "alerts/{id}/alertIncidents", "incidents.list", api.listIncidents, nil},
		{http.MethodGet, p + "alerts/{id}/alertIncidents/{incident}", "incidents.get", api.getIncident, nil},
		{http.MethodPost, p + "alerts/{id}/alertIncidents/{incident}/remediate", "incidents.remediate", api.remediateIncident, nil},
		{http.MethodGet, p + "alertConfigurations", "configurations.list", api.list(configurations), nil},
		{http.MethodGet, p + "alertConfigurations/{id}", "configurations.get", api.get(configurations, configurations), nil},
		{http.MethodPatch, p + "alertConfigurations/{id}", "configurations.patch", api.patchConfiguration, nil},
		{http.MethodGet, p + "alertConfigurations/{id}/alertDefinition", "configurations.definition", api.get(definitions, configurations), nil},
		{http.MethodGet, p + "alertDefinitions", "definitions.list", api.list(definitions), nil},
		{http.MethodGet, p + "alertDefinitions/{id}", "definitions.get", api.get(definitions, definitions), nil},
		{http.MethodGet, p + "operations", "operations.list", api.listOperations, nil},
		{http.MethodGet, p + "operations/{id}", "operations.get", api.getOperation, nil},
		{http.MethodGet, "/{version}/roleManagement/directory/roleAssignments", "roles.roleAssignments", api.listRoleSet(roleSets[0]), roleSets[0].readers},
		{http.MethodGet, "/{version}/roleManagement/directory/roleEligibilityScheduleInstances", "roles.roleEligibilityScheduleInstances", api.listRoleSet(roleSets[1]), roleSets[1].readers},
		{http.MethodGet, "/{version}/groups/{group}/members", "groups.members", api.listGroupMembers(false), groupMemberReaders},
		{http.MethodGet, "/{version}/groups/{group}/members/microsoft.graph.user", "groups.members", api.listGroupMembers(true), groupMemberReaders},
	}
	what := map[string]string{
		p + "alerts":                                          "the alerts collection (alerts are predefined and cannot be created)",
		p + "alerts/refresh":                                  "the refresh action",
		p + "alerts/{id}":                                     "an alert (alerts are predefined and cannot be deleted; only isActive can be updated)",
		p + "alerts/{id}/refresh":                             "the refresh action",
		p + "alerts/{id}/alertDefinition":                     "an alert's definition (read-only)",
		p + "alerts/{id}/alertConfiguration":                  "an alert's configuration navigation (update the configuration through alertConfigurations/{id})",
		p + "alerts/{id}/alertIncidents":                      "the incidents collection (incidents are found by scans and cannot be created)",
		p + "alerts/{id}/alertIncidents/{incident}":           "an incident (incidents are read-only; remediate them instead)",
		p + "alerts/{id}/alertIncidents/{incident}/remediate": "the remediate action",
		p + "alertConfigurations":                             "the alertConfigurations collection (configurations are predefined and cannot be created)",
		p + "alertConfigurations/{id}":                        "an alert configuration (configurations are predefined and cannot be deleted)",
		p + "alertConfigurations/{id}/alertDefinition":        "a configuration's definition (read-only)",
		p + "alertDefinitions":                                "the alertDefinitions collection (definitions are predefined and read-only)",
		p + "alertDefinitions/{id}":                           "an alert definition (definitions are predefined and read-only)",
		p + "operations":                                      "the operations collection (operations are started by the refresh action)",
		p + "operations/{id}":                                 "an operation (operations are read-only)",
		"/{version}/roleManagement/directory/roleAssignments": "the roleAssignments collection (the simulator serves it read-only)",
		"/{version}/roleManagement/directory/roleEligibilityScheduleInstances": "the roleEligibilityScheduleInstances collection (the simulator serves it read-only)",
		"/{version}/groups/{group}/members":                                    "a group's members (the simulator serves them read-only)",
		"/{version}/groups/{group}/members/microsoft.graph.user":               "a group's members (the simulator serves them read-only)",
	}
	return routes, what
}

// IsWrite reports whether a Graph request changes state.
func IsWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// parseQuery parses and validates the OData query options for t.
func (c *Call) parseQuery(t entityType) *Error {
	q, e := parseQuery(c.R.URL.RawQuery)
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
func (c *Call) collection(context string, items []object, path string, pageSize int) {
	c.collectionAt(context, items, graphPrefix+"/"+path, pageSize)
}

// collectionAt writes a collection response with paging; path is the
// collection's absolute path ("/beta/…").
func (c *Call) collectionAt(context string, items []object, path string, pageSize int) {
	page, next := c.api.page(items, c.query, path, pageSize)
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
	c.JSON(http.StatusOK, o)
}

// entity writes one entity with its @odata.context.
func (c *Call) entity(context string, o object) {
	c.JSON(http.StatusOK, prepend(o, field{"@odata.context", context}))
}

// requireScope enforces the mandatory tenant scope filter of the alerts,
// alertConfigurations and alertDefinitions lists.
func (c *Call) requireScope() *Error {
	if c.query.filter == nil || !c.query.filter.HasTenantScope() {
		return missingProvider()
	}
	return nil
}
