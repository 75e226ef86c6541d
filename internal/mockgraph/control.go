package mockgraph

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// controlRoutes documents the control API (GET /_simulator/).
var controlRoutes = []string{
	"GET|DELETE /_simulator/requests",
	"GET|POST|DELETE /_simulator/faults",
	"DELETE /_simulator/faults/{id}",
	"GET /_simulator/alerts",
	"GET|PATCH /_simulator/alerts/{alertType}  {\"isActive\": false}",
	"GET|PATCH /_simulator/configurations/{alertType}  {\"duration\": \"P14D\"}",
	"GET /_simulator/incidents/{alertType}",
	"POST /_simulator/scan  {\"alertTypes\": [\"StaleSignInAlert\"]}  (PIM's daily scan)",
	"POST /_simulator/refresh  {\"alertTypes\": [\"StaleSignInAlert\"]}  (a refresh someone starts in the portal)",
	"GET|POST /_simulator/users",
	"GET /_simulator/roles",
	"PUT /_simulator/roles/{id}/mfa  {\"require\": true}",
	"GET|POST /_simulator/assignments",
	"DELETE /_simulator/assignments/{id}",
	"POST /_simulator/global-admins  {\"displayName\": \"...\"}",
	"POST /_simulator/activations",
	"GET|PUT /_simulator/license  {\"status\": \"Free\"}",
}

// controlError answers a control API error.
func (c *call) controlError(status int, format string, args ...any) {
	c.JSON(status, map[string]any{"error": fmt.Sprintf(format, args...)})
}

// decode parses the JSON body into v; it answers 400 and reports false on failure.
func (c *call) decode(v any) bool {
	if len(c.Body) == 0 {
		c.controlError(http.StatusBadRequest, "a JSON body is required")
		return false
	}
	dec := json.NewDecoder(strings.NewReader(string(c.Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		c.controlError(http.StatusBadRequest, "invalid JSON body: %v", err)
		return false
	}
	return true
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

// control serves the JSON control API below /_simulator/ (no auth,
// loopback clients only).
func (s *Server) control(c *call) {
	if !isLoopback(c.R.RemoteAddr) {
		c.controlError(http.StatusForbidden, "the control API only answers loopback clients")
		return
	}
	segs := c.Segs
	m := c.R.Method
	first := ""
	if len(segs) > 0 {
		first = segs[0]
	}
	switch {
	case len(segs) == 0 && m == http.MethodGet:
		c.JSON(http.StatusOK, map[string]any{"routes": controlRoutes})
	case len(segs) == 1 && first == "requests":
		s.controlRequests(c)
	case first == "faults":
		s.controlFaults(c, segs[1:])
	case first == "alerts" || first == "configurations" || first == "incidents":
		s.controlAlerts(c, first, segs[1:])
	case len(segs) == 1 && (first == "scan" || first == "refresh") && m == http.MethodPost:
		var body struct {
			AlertTypes []string `json:"alertTypes"`
		}
		if len(c.Body) > 0 && !c.decode(&body) {
			return
		}
		for _, t := range body.AlertTypes {
			if _, ok := s.cfg.catalogue.Lookup(t); !ok {
				c.controlError(http.StatusBadRequest, "%v", s.unknownAlertType(t))
				return
			}
		}
		if first == "scan" {
			s.Scan(body.AlertTypes...)
		} else {
			s.Refresh(body.AlertTypes...)
		}
		c.JSON(http.StatusOK, s.alertStates())
	case first == "users" || first == "roles" || first == "assignments" || first == "global-admins" ||
		first == "activations" || first == "license":
		s.controlDirectory(c, first, segs[1:])
	default:
		c.controlError(http.StatusNotFound, "no control route %s %s; GET /_simulator/ lists them", m, c.R.URL.Path)
	}
}

func (s *Server) alertStates() []AlertState {
	var out []AlertState
	for _, t := range s.cfg.catalogue.Names() {
		out = append(out, s.Alert(t))
	}
	return out
}

// requestJSON is a log entry with the body as text.
type requestJSON struct {
	Request
	Body string `json:"body,omitempty"`
}

func (s *Server) controlRequests(c *call) {
	switch c.R.Method {
	case http.MethodGet:
		out := []requestJSON{}
		for _, r := range s.Requests() {
			out = append(out, requestJSON{Request: r, Body: string(r.Body)})
		}
		c.JSON(http.StatusOK, out)
	case http.MethodDelete:
		s.ResetRequests()
		c.Empty(http.StatusNoContent)
	default:
		c.controlError(http.StatusMethodNotAllowed, "use GET or DELETE")
	}
}

func (s *Server) controlFaults(c *call, rest []string) {
	switch {
	case len(rest) == 0 && c.R.Method == http.MethodGet:
		c.JSON(http.StatusOK, s.Faults())
	case len(rest) == 0 && c.R.Method == http.MethodPost:
		var f Fault
		if !c.decode(&f) {
			return
		}
		if c.invalid(f.Validate()) {
			return
		}
		c.JSON(http.StatusCreated, map[string]any{"id": s.AddFault(f)})
	case len(rest) == 0 && c.R.Method == http.MethodDelete:
		s.ClearFaults()
		c.Empty(http.StatusNoContent)
	case len(rest) == 1 && c.R.Method == http.MethodDelete:
		s.RemoveFault(rest[0])
		c.Empty(http.StatusNoContent)
	default:
		c.controlError(http.StatusMethodNotAllowed, "use GET, POST or DELETE /_simulator/faults, or DELETE /_simulator/faults/{id}")
	}
}

func (s *Server) controlAlerts(c *call, kind string, rest []string) {
	if len(rest) == 0 && kind == "alerts" && c.R.Method == http.MethodGet {
		c.JSON(http.StatusOK, s.alertStates())
		return
	}
	if len(rest) != 1 {
		c.controlError(http.StatusNotFound, "use /_simulator/%s/{alertType}", kind)
		return
	}
	alertType := rest[0]
	if _, ok := s.cfg.catalogue.Lookup(alertType); !ok {
		c.controlError(http.StatusNotFound, "%v", s.unknownAlertType(alertType))
		return
	}
	switch {
	case c.R.Method == http.MethodGet && kind == "alerts":
		c.JSON(http.StatusOK, s.Alert(alertType))
	case c.R.Method == http.MethodGet && kind == "configurations":
		c.JSON(http.StatusOK, s.Configuration(alertType))
	case c.R.Method == http.MethodGet && kind == "incidents":
		c.JSON(http.StatusOK, s.Incidents(alertType))
	case c.R.Method == http.MethodPatch && kind == "alerts":
		var body struct {
			IsActive *bool `json:"isActive"`
		}
		if !c.decode(&body) {
			return
		}
		if body.IsActive == nil {
			c.controlError(http.StatusBadRequest, "isActive is required")
			return
		}
		s.SetAlertActive(alertType, *body.IsActive)
		c.JSON(http.StatusOK, s.Alert(alertType))
	case c.R.Method == http.MethodPatch && kind == "configurations":
		var props map[string]any
		if !c.decode(&props) {
			return
		}
		delete(props, "@odata.type")
		if c.invalid(s.SetConfiguration(alertType, props)) {
			return
		}
		c.JSON(http.StatusOK, s.Configuration(alertType))
	default:
		c.controlError(http.StatusMethodNotAllowed, "method %s not allowed on /_simulator/%s/{alertType}", c.R.Method, kind)
	}
}

// invalid answers 400 with err and reports true when err is set.
func (c *call) invalid(err error) bool {
	if err == nil {
		return false
	}
	c.controlError(http.StatusBadRequest, "%v", err)
	return true
}

// exists reports whether the user and role exist; it answers 400 otherwise.
func (s *Server) exists(c *call, principalID, roleID string) bool {
	if !s.tenant.Exists(principalID, roleID) {
		c.controlError(http.StatusBadRequest, "unknown principal %q or role %q", principalID, roleID)
		return false
	}
	return true
}

// controlDirectory serves the tenant model below /_simulator/: users,
// roles, assignments, global admins, activations and the licence. A new
// user, assignment or activation is posted as the seed writes it
// (SeedUser, SeedAssignment, SeedActivation), with seed times such as
// "-45d", "now", RFC 3339 or "" for never.
func (s *Server) controlDirectory(c *call, kind string, rest []string) {
	m := c.R.Method
	switch {
	case kind == "users" && len(rest) == 0 && m == http.MethodGet:
		c.JSON(http.StatusOK, s.Users())
	case kind == "users" && len(rest) == 0 && m == http.MethodPost:
		var b SeedUser
		if !c.decode(&b) {
			return
		}
		u, err := b.User(s.Now())
		if c.invalid(err) {
			return
		}
		c.JSON(http.StatusCreated, s.AddUser(u))
	case kind == "roles" && len(rest) == 0 && m == http.MethodGet:
		c.JSON(http.StatusOK, s.Roles())
	case kind == "roles" && len(rest) == 2 && rest[1] == "mfa" && m == http.MethodPut:
		var b struct {
			Require bool `json:"require"`
		}
		if !c.decode(&b) {
			return
		}
		s.SetRoleRequiresMFA(rest[0], b.Require)
		c.Empty(http.StatusNoContent)
	case kind == "assignments" && len(rest) == 0 && m == http.MethodGet:
		c.JSON(http.StatusOK, s.Assignments())
	case kind == "assignments" && len(rest) == 0 && m == http.MethodPost:
		var b SeedAssignment
		if !c.decode(&b) || !s.exists(c, b.PrincipalID, b.RoleDefinitionID) {
			return
		}
		a, err := b.Assignment(s.Now())
		if c.invalid(err) {
			return
		}
		c.JSON(http.StatusCreated, s.AddAssignment(a))
	case kind == "assignments" && len(rest) == 1 && m == http.MethodDelete:
		if !s.RemoveAssignment(rest[0]) {
			c.controlError(http.StatusNotFound, "no assignment %q", rest[0])
			return
		}
		c.Empty(http.StatusNoContent)
	case kind == "global-admins" && len(rest) == 0 && m == http.MethodPost:
		var b struct {
			DisplayName string `json:"displayName"`
		}
		if !c.decode(&b) {
			return
		}
		if b.DisplayName == "" {
			c.controlError(http.StatusBadRequest, "displayName is required")
			return
		}
		u, a := s.AddGlobalAdmin(b.DisplayName)
		c.JSON(http.StatusCreated, map[string]any{"user": u, "assignment": a})
	case kind == "activations" && len(rest) == 0 && m == http.MethodPost:
		var b SeedActivation
		if !c.decode(&b) || !s.exists(c, b.PrincipalID, b.RoleDefinitionID) {
			return
		}
		a, err := b.Activation(s.Now())
		if c.invalid(err) {
			return
		}
		s.AddActivation(a)
		c.Empty(http.StatusCreated)
	case kind == "license" && len(rest) == 0 && m == http.MethodGet:
		c.JSON(http.StatusOK, map[string]any{"status": s.tenant.License()})
	case kind == "license" && len(rest) == 0 && m == http.MethodPut:
		var b struct {
			Status string `json:"status"`
		}
		if !c.decode(&b) {
			return
		}
		s.SetLicenseStatus(b.Status)
		c.Empty(http.StatusNoContent)
	default:
		c.controlError(http.StatusMethodNotAllowed, "method %s not allowed on %s; GET /_simulator/ lists the routes", m, c.R.URL.Path)
	}
}
