package graphapi

import (
	"net/http"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// listIncidents answers an alert's incidents, paged by the server.
func (api *API) listIncidents(c *Call) {
	if e := c.parseQuery(api.sets.incidents); e != nil {
		c.Fail(e)
		return
	}
	var items []object
	var alertID string
	if api.withItem(c, api.sets.alerts, func(m *tenant.Model, a *tenant.Alert) *Error {
		alertID = m.AlertID(a.Type.Suffix)
		for _, inc := range a.Incidents {
			if c.query.filter == nil || c.query.filter.Match(func(string) any { return inc.ID }) {
				items = append(items, renderIncident(a, inc).project(c.query.selected, nil))
			}
		}
		return nil
	}) {
		c.collection(api.incidentsContext(alertID)+c.query.projection(), items, "alerts/"+alertID+"/alertIncidents", api.cfg.PageSize)
	}
}

// withIncident runs f under the tenant's lock on the incident named by
// c.Segs[3] of the alert named by c.Segs[1], as withItem does.
func (api *API) withIncident(c *Call, f func(m *tenant.Model, a *tenant.Alert, inc tenant.Incident) *Error) bool {
	return api.withItem(c, api.sets.alerts, func(m *tenant.Model, a *tenant.Alert) *Error {
		inc, e := incidentOf(c, a)
		if e != nil {
			return e
		}
		return f(m, a, inc)
	})
}

// incidentOf finds the incident named by c.Segs[3] in a.
func incidentOf(c *Call, a *tenant.Alert) (tenant.Incident, *Error) {
	inc, ok := a.Incident(c.Segs[3])
	if !ok {
		return inc, notFound("The incident '%s' was not found in alert '%s'.", c.Segs[3], c.Segs[1])
	}
	return inc, nil
}

func (api *API) getIncident(c *Call) {
	if e := c.parseQuery(api.sets.incidents); e != nil {
		c.Fail(e)
		return
	}
	var o object
	var alertID string
	if api.withIncident(c, func(m *tenant.Model, a *tenant.Alert, inc tenant.Incident) *Error {
		alertID = m.AlertID(a.Type.Suffix)
		o = renderIncident(a, inc).project(c.query.selected, nil)
		return nil
	}) {
		c.entity(api.incidentsContext(alertID)+c.query.projection()+"/$entity", o)
	}
}

// remediateIncident applies the definition's mitigation: 200 with no body,
// 400 when the definition is not remediatable or the incident was already
// remediated, 404 for an unknown alert or incident.
func (api *API) remediateIncident(c *Call) {
	if api.withItem(c, api.sets.alerts, func(m *tenant.Model, a *tenant.Alert) *Error {
		if !a.Type.Remediatable {
			return BadRequest("The alert definition '%s' is not remediatable (isRemediatable is false); its incidents cannot be remediated.", c.Segs[1])
		}
		inc, e := incidentOf(c, a)
		if e != nil {
			return e
		}
		if err := m.Remediate(a, inc); err != nil {
			return BadRequest("%s. Refresh the alert to update its incidents.", capitalize(err.Error()))
		}
		return nil
	}) {
		c.W.Header().Set("Content-Length", "0")
		c.Empty(http.StatusOK)
	}
}
