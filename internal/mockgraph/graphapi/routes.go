package graphapi

import (
	"net/http"
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

// Route resolves a Graph path (its decoded segments, "beta" or "v1.0"
// first); ok is false for a path outside the Graph APIs the simulator
// serves. It sets c.Segs to the segments below the resource's container.
func (api *API) Route(method string, segs []string, c *Call) (rt Route, ok bool) {
	n := len(segs)
	if n == 0 || segs[0] != "beta" && segs[0] != "v1.0" {
		return Route{}, false
	}
	switch {
	case n >= 3 && segs[0] == "beta" && strings.EqualFold(segs[1], "identityGovernance") && strings.EqualFold(segs[2], "roleManagementAlerts"):
		c.Segs = segs[3:]
		return api.graphRoute(method, c.Segs), true
	case n >= 3 && strings.EqualFold(segs[1], "roleManagement") && strings.EqualFold(segs[2], "directory"):
		c.Segs = segs[3:]
		return api.rolesRoute(segs[0], method, c.Segs), true
	case n >= 4 && segs[1] == "groups":
		c.Segs = segs[2:]
		return api.groupsRoute(segs[0], method, c.Segs), true
	}
	segment := segs[0]
	if n > 1 {
		segment = segs[1]
	}
	return Unsupported(BadRequest("Resource not found for the segment '%s'.", segment)), true
}

// Unsupported answers e on a Graph route named "unsupported".
func Unsupported(e *Error) Route {
	return Route{Name: "unsupported", Handle: func(c *Call) { c.Fail(e) }}
}

// handlers maps HTTP methods to handlers of one resource.
type handlers map[string]struct {
	name   string
	handle func(*Call)
}

// dispatch picks the handler of method, or answers 405 naming what the
// resource allows.
func dispatch(method, what string, hs handlers) Route {
	if h, ok := hs[method]; ok {
		return Route{Name: h.name, Handle: h.handle}
	}
	allowed := make([]string, 0, len(hs))
	for m := range hs {
		allowed = append(allowed, m)
	}
	slices.Sort(allowed)
	allow := strings.Join(allowed, ", ")
	return Unsupported(methodNotAllowed(allow, "The HTTP method '%s' is not allowed on %s; allowed: %s.", method, what, allow))
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
func (api *API) newGraphPaths() []graphPath {
	var out []graphPath
	add := func(pattern, what string, hs handlers) {
		out = append(out, graphPath{segs: strings.Split(pattern, "/"), what: what, handlers: hs})
	}
	alerts, configurations, definitions := api.sets.alerts, api.sets.configurations, api.sets.definitions

	add("alerts", "the alerts collection (alerts are predefined and cannot be created)", handlers{
		http.MethodGet: {"alerts.list", api.list(alerts)}})
	add("alerts/refresh", "the refresh action", handlers{
		http.MethodPost: {"alerts.refreshAll", api.refreshAll}})
	add("alerts/{id}", "an alert (alerts are predefined and cannot be deleted; only isActive can be updated)", handlers{
		http.MethodGet:   {"alerts.get", api.get(alerts, alerts)},
		http.MethodPatch: {"alerts.patch", api.patchAlert}})
	add("alerts/{id}/refresh", "the refresh action", handlers{
		http.MethodPost: {"alerts.refresh", api.refreshAlert}})
	add("alerts/{id}/alertDefinition", "an alert's definition (read-only)", handlers{
		http.MethodGet: {"alerts.definition", api.get(definitions, alerts)}})
	add("alerts/{id}/alertConfiguration", "an alert's configuration navigation (update the configuration through alertConfigurations/{id})", handlers{
		http.MethodGet: {"alerts.configuration", api.get(configurations, alerts)}})
	add("alerts/{id}/alertIncidents", "the incidents collection (incidents are found by scans and cannot be created)", handlers{
		http.MethodGet: {"incidents.list", api.listIncidents}})
	add("alerts/{id}/alertIncidents/{id}", "an incident (incidents are read-only; remediate them instead)", handlers{
		http.MethodGet: {"incidents.get", api.getIncident}})
	add("alerts/{id}/alertIncidents/{id}/remediate", "the remediate action", handlers{
		http.MethodPost: {"incidents.remediate", api.remediateIncident}})

	add("alertConfigurations", "the alertConfigurations collection (configurations are predefined and cannot be created)", handlers{
		http.MethodGet: {"configurations.list", api.list(configurations)}})
	add("alertConfigurations/{id}", "an alert configuration (configurations are predefined and cannot be deleted)", handlers{
		http.MethodGet:   {"configurations.get", api.get(configurations, configurations)},
		http.MethodPatch: {"configurations.patch", api.patchConfiguration}})
	add("alertConfigurations/{id}/alertDefinition", "a configuration's definition (read-only)", handlers{
		http.MethodGet: {"configurations.definition", api.get(definitions, configurations)}})

	add("alertDefinitions", "the alertDefinitions collection (definitions are predefined and read-only)", handlers{
		http.MethodGet: {"definitions.list", api.list(definitions)}})
	add("alertDefinitions/{id}", "an alert definition (definitions are predefined and read-only)", handlers{
		http.MethodGet: {"definitions.get", api.get(definitions, definitions)}})

	add("operations", "the operations collection (operations are started by the refresh action)", handlers{
		http.MethodGet: {"operations.list", api.listOperations}})
	add("operations/{id}", "an operation (operations are read-only)", handlers{
		http.MethodGet: {"operations.get", api.getOperation}})
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
func (api *API) graphRoute(method string, segs []string) Route {
	if len(segs) == 0 {
		return Unsupported(methodNotAllowed("", "The roleManagementAlerts container cannot be read or changed directly; use its alerts, alertConfigurations, alertDefinitions and operations."))
	}
	for _, p := range api.graphPaths {
		if p.matches(segs) {
			return dispatch(method, p.what, p.handlers)
		}
	}
	return Unsupported(BadRequest("Resource not found for the segment '%s'.", segs[len(segs)-1]))
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
