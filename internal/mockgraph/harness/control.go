package harness

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// Simulator is the Go API the control API drives: the simulator's own
// (mockgraph.Server), so that the HTTP control API can do nothing a test
// in Go could not.
type Simulator interface {
	Requests() []Request
	ResetRequests()
	Faults() map[string]Fault
	AddFault(f Fault) string
	RemoveFault(id string)
	ClearFaults()
	// AlertTypes are the names of the alert types the simulator serves;
	// UnknownAlertType is the error for another name.
	AlertTypes() []string
	UnknownAlertType(alertType string) error
	Alert(alertType string) tenant.AlertState
	SetAlertActive(alertType string, active bool)
	Configuration(alertType string) map[string]any
	SetConfiguration(alertType string, props map[string]any) error
	Incidents(alertType string) []map[string]any
	Scan(alertTypes ...string)
	Refresh(alertTypes ...string)
	Users() []tenant.User
	AddUser(u tenant.User) tenant.User
	Roles() []tenant.Role
	SetRoleRequiresMFA(roleDefinitionID string, require bool)
	Assignments() []tenant.Assignment
	AddAssignment(a tenant.Assignment) tenant.Assignment
	RemoveAssignment(id string) bool
	AddGlobalAdmin(displayName string) (tenant.User, tenant.Assignment)
	AddActivation(a tenant.Activation)
	License() string
	SetLicenseStatus(status string)
	Now() time.Time
}

// exchange is one control request: the route's {parameters} in args.
type exchange struct {
	w    http.ResponseWriter
	r    *http.Request
	body []byte
	args []string
	sim  Simulator
}

// controlRoute is one route of the control API: a method, a path below
// /_simulator/ whose "{…}" segments are parameters, an example body for
// the listing, and the handler.
type controlRoute struct {
	method, path, example string
	handle                func(x *exchange)
}

// controlRoutes are the control API. A new user, assignment or activation
// is posted as the seed writes it (SeedUser, SeedAssignment,
// SeedActivation), with seed times such as "-45d", "now", RFC 3339 or ""
// for never.
var controlRoutes = []controlRoute{
	{"GET", "requests", "", func(x *exchange) {
		type requestJSON struct {
			Request
			Body string `json:"body,omitempty"`
		}
		out := []requestJSON{}
		for _, r := range x.sim.Requests() {
			out = append(out, requestJSON{Request: r, Body: string(r.Body)})
		}
		x.json(http.StatusOK, out)
	}},
	{"DELETE", "requests", "", func(x *exchange) { x.sim.ResetRequests(); x.empty(http.StatusNoContent) }},
	{"GET", "faults", "", func(x *exchange) { x.json(http.StatusOK, x.sim.Faults()) }},
	{"POST", "faults", `{"kind": "throttle", "route": "alerts.list"}`, func(x *exchange) {
		if f, ok := decode[Fault](x); ok && !x.invalid(f.Validate()) {
			x.json(http.StatusCreated, map[string]string{"id": x.sim.AddFault(f)})
		}
	}},
	{"DELETE", "faults", "", func(x *exchange) { x.sim.ClearFaults(); x.empty(http.StatusNoContent) }},
	{"DELETE", "faults/{id}", "", func(x *exchange) { x.sim.RemoveFault(x.args[0]); x.empty(http.StatusNoContent) }},
	{"GET", "alerts", "", func(x *exchange) { x.json(http.StatusOK, alertStates(x.sim)) }},
	{"GET", "alerts/{alertType}", "", func(x *exchange) { x.json(http.StatusOK, x.sim.Alert(x.args[0])) }},
	{"PATCH", "alerts/{alertType}", `{"isActive": false}`, func(x *exchange) {
		b, ok := decode[struct {
			IsActive *bool `json:"isActive"`
		}](x)
		switch {
		case !ok:
		case b.IsActive == nil:
			x.fail(http.StatusBadRequest, "isActive is required")
		default:
			x.sim.SetAlertActive(x.args[0], *b.IsActive)
			x.json(http.StatusOK, x.sim.Alert(x.args[0]))
		}
	}},
	{"GET", "configurations/{alertType}", "", func(x *exchange) { x.json(http.StatusOK, x.sim.Configuration(x.args[0])) }},
	{"PATCH", "configurations/{alertType}", `{"duration": "P14D"}`, func(x *exchange) {
		if props, ok := decode[map[string]any](x); ok {
			delete(props, "@odata.type")
			if !x.invalid(x.sim.SetConfiguration(x.args[0], props)) {
				x.json(http.StatusOK, x.sim.Configuration(x.args[0]))
			}
		}
	}},
	{"GET", "incidents/{alertType}", "", func(x *exchange) { x.json(http.StatusOK, x.sim.Incidents(x.args[0])) }},
	{"POST", "scan", `{"alertTypes": ["StaleSignInAlert"]}  (PIM's daily scan)`, func(x *exchange) {
		if types, ok := alertTypesOf(x); ok {
			x.sim.Scan(types...)
			x.json(http.StatusOK, alertStates(x.sim))
		}
	}},
	{"POST", "refresh", `{"alertTypes": ["StaleSignInAlert"]}  (a refresh someone starts in the portal)`, func(x *exchange) {
		if types, ok := alertTypesOf(x); ok {
			x.sim.Refresh(types...)
			x.json(http.StatusOK, alertStates(x.sim))
		}
	}},
	{"GET", "users", "", func(x *exchange) { x.json(http.StatusOK, x.sim.Users()) }},
	{"POST", "users", `{"displayName": "...", "lastSignIn": "-45d"}`, func(x *exchange) {
		if b, ok := decode[tenant.SeedUser](x); ok {
			u, err := b.User(x.sim.Now())
			if !x.invalid(err) {
				x.json(http.StatusCreated, x.sim.AddUser(u))
			}
		}
	}},
	{"GET", "roles", "", func(x *exchange) { x.json(http.StatusOK, x.sim.Roles()) }},
	{"PUT", "roles/{id}/mfa", `{"require": true}`, func(x *exchange) {
		if b, ok := decode[struct {
			Require bool `json:"require"`
		}](x); ok {
			x.sim.SetRoleRequiresMFA(x.args[0], b.Require)
			x.empty(http.StatusNoContent)
		}
	}},
	{"GET", "assignments", "", func(x *exchange) { x.json(http.StatusOK, x.sim.Assignments()) }},
	{"POST", "assignments", `{"principalId": "...", "roleDefinitionId": "...", "created": "-2d"}`, func(x *exchange) {
		if b, ok := decode[tenant.SeedAssignment](x); ok && x.exists(b.PrincipalID, b.RoleDefinitionID) {
			a, err := b.Assignment(x.sim.Now())
			if !x.invalid(err) {
				x.json(http.StatusCreated, x.sim.AddAssignment(a))
			}
		}
	}},
	{"DELETE", "assignments/{id}", "", func(x *exchange) {
		if !x.sim.RemoveAssignment(x.args[0]) {
			x.fail(http.StatusNotFound, "no assignment %q", x.args[0])
			return
		}
		x.empty(http.StatusNoContent)
	}},
	{"POST", "global-admins", `{"displayName": "..."}`, func(x *exchange) {
		b, ok := decode[struct {
			DisplayName string `json:"displayName"`
		}](x)
		switch {
		case !ok:
		case b.DisplayName == "":
			x.fail(http.StatusBadRequest, "displayName is required")
		default:
			u, a := x.sim.AddGlobalAdmin(b.DisplayName)
			x.json(http.StatusCreated, map[string]any{"user": u, "assignment": a})
		}
	}},
	{"POST", "activations", `{"principalId": "...", "roleDefinitionId": "...", "time": "-1h"}`, func(x *exchange) {
		if b, ok := decode[tenant.SeedActivation](x); ok && x.exists(b.PrincipalID, b.RoleDefinitionID) {
			a, err := b.Activation(x.sim.Now())
			if !x.invalid(err) {
				x.sim.AddActivation(a)
				x.empty(http.StatusCreated)
			}
		}
	}},
	{"GET", "license", "", func(x *exchange) { x.json(http.StatusOK, map[string]string{"status": x.sim.License()}) }},
	{"PUT", "license", `{"status": "Free"}`, func(x *exchange) {
		if b, ok := decode[struct {
			Status string `json:"status"`
		}](x); ok {
			x.sim.SetLicenseStatus(b.Status)
			x.empty(http.StatusNoContent)
		}
	}},
}

// ServeControl answers a request below /_simulator/ (segs are the decoded
// segments after it): no authentication, loopback clients only. GET
// /_simulator/ lists the routes.
func ServeControl(sim Simulator, w http.ResponseWriter, r *http.Request, body []byte, segs []string) {
	x := &exchange{w: w, r: r, body: body, sim: sim}
	if !isLoopback(r.RemoteAddr) {
		x.fail(http.StatusForbidden, "the control API only answers loopback clients")
		return
	}
	if len(segs) == 0 && r.Method == http.MethodGet {
		x.json(http.StatusOK, map[string][]string{"routes": listing()})
		return
	}
	var allowed []string
	for _, rt := range controlRoutes {
		args, ok := matchPath(rt.path, segs)
		if !ok {
			continue
		}
		if rt.method != r.Method {
			allowed = append(allowed, rt.method)
			continue
		}
		// An alert type parameter must name one the simulator serves.
		if strings.Contains(rt.path, "{alertType}") && !slices.Contains(sim.AlertTypes(), args[0]) {
			x.fail(http.StatusNotFound, "%v", sim.UnknownAlertType(args[0]))
			return
		}
		x.args = args
		rt.handle(x)
		return
	}
	if len(allowed) > 0 {
		x.fail(http.StatusMethodNotAllowed, "method %s not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allowed, ", "))
		return
	}
	x.fail(http.StatusNotFound, "no control route %s %s; GET /_simulator/ lists them", r.Method, r.URL.Path)
}

// matchPath matches segs against a route path, returning its parameters.
func matchPath(path string, segs []string) ([]string, bool) {
	parts := strings.Split(path, "/")
	if len(parts) != len(segs) {
		return nil, false
	}
	var args []string
	for i, p := range parts {
		switch {
		case strings.HasPrefix(p, "{"):
			args = append(args, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return args, true
}

// listing is what GET /_simulator/ answers: one line per route.
func listing() []string {
	out := make([]string, 0, len(controlRoutes))
	for _, rt := range controlRoutes {
		line := rt.method + " /_simulator/" + rt.path
		if rt.example != "" {
			line += "  " + rt.example
		}
		out = append(out, line)
	}
	return out
}

func alertStates(sim Simulator) []tenant.AlertState {
	var out []tenant.AlertState
	for _, t := range sim.AlertTypes() {
		out = append(out, sim.Alert(t))
	}
	return out
}

// alertTypesOf reads an optional {"alertTypes": [...]} body of known types.
func alertTypesOf(x *exchange) ([]string, bool) {
	type scope struct {
		AlertTypes []string `json:"alertTypes"`
	}
	var body scope
	if len(x.body) > 0 {
		var ok bool
		if body, ok = decode[scope](x); !ok {
			return nil, false
		}
	}
	for _, t := range body.AlertTypes {
		if !slices.Contains(x.sim.AlertTypes(), t) {
			x.fail(http.StatusBadRequest, "%v", x.sim.UnknownAlertType(t))
			return nil, false
		}
	}
	return body.AlertTypes, true
}

// decode parses the JSON body, refusing unknown fields; it answers 400 and
// reports false on failure.
func decode[T any](x *exchange) (T, bool) {
	var v T
	if len(x.body) == 0 {
		x.fail(http.StatusBadRequest, "a JSON body is required")
		return v, false
	}
	dec := json.NewDecoder(strings.NewReader(string(x.body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		x.fail(http.StatusBadRequest, "invalid JSON body: %v", err)
		return v, false
	}
	return v, true
}

// exists reports whether the user and role exist; it answers 400 otherwise.
func (x *exchange) exists(principalID, roleID string) bool {
	knownUser := slices.ContainsFunc(x.sim.Users(), func(u tenant.User) bool { return u.ID == principalID })
	knownRole := slices.ContainsFunc(x.sim.Roles(), func(r tenant.Role) bool { return r.ID == roleID || r.TemplateID == roleID })
	if !knownUser || !knownRole {
		x.fail(http.StatusBadRequest, "unknown principal %q or role %q", principalID, roleID)
		return false
	}
	return true
}

// invalid answers 400 with err and reports true when err is set.
func (x *exchange) invalid(err error) bool {
	if err != nil {
		x.fail(http.StatusBadRequest, "%v", err)
	}
	return err != nil
}

func (x *exchange) json(status int, v any) {
	x.w.Header().Set("Content-Type", "application/json")
	x.w.WriteHeader(status)
	if err := json.NewEncoder(x.w).Encode(v); err != nil {
		fmt.Fprintf(x.w, `{"error":%q}`, err.Error())
	}
}

func (x *exchange) empty(status int) { x.w.WriteHeader(status) }

// fail answers a control API error: {"error": message}.
func (x *exchange) fail(status int, format string, args ...any) {
	x.json(status, map[string]string{"error": fmt.Sprintf(format, args...)})
}

// isLoopback reports whether remoteAddr ("host:port") is a loopback IP address.
func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
