package graphapi

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// alertReadOnly are the alert properties a PATCH may not change.
var alertReadOnly = map[string]bool{
	"id": true, "alertDefinitionId": true, "scopeId": true, "scopeType": true, "incidentCount": true,
	"lastModifiedDateTime": true, "lastScannedDateTime": true,
	"alertConfiguration": true, "alertDefinition": true, "alertIncidents": true,
}

// parseAlertUpdate validates a dismiss/reactivate body: {"isActive": bool}.
func parseAlertUpdate(body []byte) (bool, *Error) {
	m, err := decodeObject(body)
	if err != nil {
		return false, BadRequest("%s.", capitalize(err.Error()))
	}
	if raw, ok := m["@odata.type"]; ok {
		var typ string
		if json.Unmarshal(raw, &typ) != nil || strings.TrimPrefix(typ, "#") != alertType.name {
			return false, BadRequest("The '@odata.type' %s does not match the alert type '#%s'.", raw, alertType.name)
		}
	}
	var active *bool
	for key, raw := range m {
		switch {
		case isAnnotation(key):
		case key == "isActive":
			b, err := parseBool(key, raw)
			if err != nil {
				return false, BadRequest("%s.", capitalize(err.Error()))
			}
			active = &b
		case alertReadOnly[key]:
			return false, BadRequest("The property '%s' of an alert is read-only; only 'isActive' can be updated.", key)
		default:
			return false, BadRequest("The property '%s' does not exist on type '%s'. Make sure to only use property names that are defined by the type.", key, alertType.name)
		}
	}
	if active == nil {
		return false, BadRequest("The property 'isActive' is required when updating an alert.")
	}
	return *active, nil
}

// patchAlert dismisses or reactivates an alert: 204 with no body.
func (api *API) patchAlert(c *Call) {
	active, e := parseAlertUpdate(c.Body)
	if e != nil {
		c.Fail(e)
		return
	}
	if api.withItem(c, api.sets.alerts, func(_ *tenant.Model, a *tenant.Alert) *Error {
		a.SetActive(active)
		return nil
	}) {
		c.Empty(http.StatusNoContent)
	}
}

// refreshAlert starts a refresh of one alert: 202 with the operation's
// absolute URL in Location.
func (api *API) refreshAlert(c *Call) {
	var id string
	if api.withItem(c, api.sets.alerts, func(m *tenant.Model, a *tenant.Alert) *Error {
		alertID := m.AlertID(a.Type.Suffix)
		id = "refresh:" + alertID
		api.startRefresh(c, m, id, []string{a.Type.Suffix}, api.resourceURL("alerts/"+alertID))
		return nil
	}) {
		c.accepted(id)
	}
}

// refreshAll starts a refresh of every alert in the tenant scope; the body
// must be {"scopeId":"/","scopeType":"DirectoryRole"}.
func (api *API) refreshAll(c *Call) {
	if e := parseRefreshScope(c.Body); e != nil {
		c.Fail(e)
		return
	}
	id := tenant.NewGUID()
	api.tenant.Do(func(m *tenant.Model) { api.startRefresh(c, m, id, nil, api.resourceURL("alerts")) })
	c.accepted(id)
}

func parseRefreshScope(body []byte) *Error {
	m, err := decodeObject(body)
	if err != nil {
		return BadRequest("%s. Refreshing all alerts needs {\"scopeId\":\"/\",\"scopeType\":\"DirectoryRole\"}.", capitalize(err.Error()))
	}
	want := map[string]string{"scopeId": tenant.ScopeTenant, "scopeType": tenant.ScopeTypeDirectoryRole}
	for key, raw := range m {
		if isAnnotation(key) {
			continue
		}
		w, ok := want[key]
		if !ok {
			return BadRequest("The parameter '%s' is not defined for the refresh action; it takes only 'scopeId' and 'scopeType'.", key)
		}
		var v string
		if json.Unmarshal(raw, &v) != nil || v != w {
			return BadRequest("Only %s '%s' is supported when refreshing alerts; got %s.", key, w, raw)
		}
		delete(want, key)
	}
	for key, w := range want {
		return BadRequest("The parameter '%s' is required when refreshing all alerts (use '%s').", key, w)
	}
	return nil
}

// startRefresh registers a refresh operation, failed if a failOperation
// fault fires for this request.
func (api *API) startRefresh(c *Call, m *tenant.Model, id string, suffixes []string, target string) {
	var detail string
	var fail bool
	if api.cfg.FailOperation != nil {
		detail, fail = api.cfg.FailOperation(c)
	}
	m.StartRefresh(id, suffixes, target, fail, detail)
}

// accepted answers 202 with Location pointing at the operation.
func (c *Call) accepted(opID string) {
	c.W.Header().Set("Location", c.api.resourceURL("operations/"+opID))
	c.W.Header().Set("Content-Length", "0")
	c.Empty(http.StatusAccepted)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
