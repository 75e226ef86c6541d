package mockgraph

import (
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"

	"encoding/json"
	"net/http"
	"strings"
)

// alertReadOnly are the alert properties a PATCH may not change.
var alertReadOnly = map[string]bool{
	"id": true, "alertDefinitionId": true, "scopeId": true, "scopeType": true, "incidentCount": true,
	"lastModifiedDateTime": true, "lastScannedDateTime": true,
	"alertConfiguration": true, "alertDefinition": true, "alertIncidents": true,
}

// parseAlertUpdate validates a dismiss/reactivate body: {"isActive": bool}.
func parseAlertUpdate(body []byte) (bool, *apiError) {
	m, err := decodeObject(body)
	if err != nil {
		return false, badRequest("%s.", capitalize(err.Error()))
	}
	if raw, ok := m["@odata.type"]; ok {
		var typ string
		if json.Unmarshal(raw, &typ) != nil || strings.TrimPrefix(typ, "#") != alertType.name {
			return false, badRequest("The '@odata.type' %s does not match the alert type '#%s'.", raw, alertType.name)
		}
	}
	var active *bool
	for key, raw := range m {
		switch {
		case isAnnotation(key):
		case key == "isActive":
			b, err := parseBool(key, raw)
			if err != nil {
				return false, badRequest("%s.", capitalize(err.Error()))
			}
			active = &b
		case alertReadOnly[key]:
			return false, badRequest("The property '%s' of an alert is read-only; only 'isActive' can be updated.", key)
		default:
			return false, badRequest("The property '%s' does not exist on type '%s'. Make sure to only use property names that are defined by the type.", key, alertType.name)
		}
	}
	if active == nil {
		return false, badRequest("The property 'isActive' is required when updating an alert.")
	}
	return *active, nil
}

// patchAlert dismisses or reactivates an alert: 204 with no body.
func (s *Server) patchAlert(c *call) {
	active, e := parseAlertUpdate(c.body)
	if e != nil {
		c.fail(e)
		return
	}
	if s.withItem(c, s.sets.alerts, func(_ *tenant.Model, a *tenant.Alert) *apiError {
		a.SetActive(active)
		return nil
	}) {
		c.empty(http.StatusNoContent)
	}
}

// refreshAlert starts a refresh of one alert: 202 with the operation's
// absolute URL in Location.
func (s *Server) refreshAlert(c *call) {
	var id string
	if s.withItem(c, s.sets.alerts, func(m *tenant.Model, a *tenant.Alert) *apiError {
		alertID := m.AlertID(a.Type.Suffix)
		id = "refresh:" + alertID
		s.startRefresh(c, m, id, []string{a.Type.Suffix}, s.resourceURL("alerts/"+alertID))
		return nil
	}) {
		c.accepted(id)
	}
}

// refreshAll starts a refresh of every alert in the tenant scope; the body
// must be {"scopeId":"/","scopeType":"DirectoryRole"}.
func (s *Server) refreshAll(c *call) {
	if e := parseRefreshScope(c.body); e != nil {
		c.fail(e)
		return
	}
	id := tenant.NewGUID()
	s.tenant.Do(func(m *tenant.Model) { s.startRefresh(c, m, id, nil, s.resourceURL("alerts")) })
	c.accepted(id)
}

func parseRefreshScope(body []byte) *apiError {
	m, err := decodeObject(body)
	if err != nil {
		return badRequest("%s. Refreshing all alerts needs {\"scopeId\":\"/\",\"scopeType\":\"DirectoryRole\"}.", capitalize(err.Error()))
	}
	want := map[string]string{"scopeId": tenant.ScopeTenant, "scopeType": tenant.ScopeTypeDirectoryRole}
	for key, raw := range m {
		if isAnnotation(key) {
			continue
		}
		w, ok := want[key]
		if !ok {
			return badRequest("The parameter '%s' is not defined for the refresh action; it takes only 'scopeId' and 'scopeType'.", key)
		}
		var v string
		if json.Unmarshal(raw, &v) != nil || v != w {
			return badRequest("Only %s '%s' is supported when refreshing alerts; got %s.", key, w, raw)
		}
		delete(want, key)
	}
	for key, w := range want {
		return badRequest("The parameter '%s' is required when refreshing all alerts (use '%s').", key, w)
	}
	return nil
}

// startRefresh registers a refresh operation, failed if a failOperation
// fault fires for this request.
func (s *Server) startRefresh(c *call, m *tenant.Model, id string, suffixes []string, target string) {
	f, fail := s.takeFailOperation(c)
	m.StartRefresh(id, suffixes, target, fail, f.StatusDetail)
}

// accepted answers 202 with Location pointing at the operation.
func (c *call) accepted(opID string) {
	c.w.Header().Set("Location", c.s.resourceURL("operations/"+opID))
	c.w.Header().Set("Content-Length", "0")
	c.empty(http.StatusAccepted)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
