package mockgraph

import (
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"

	"net/http"
)

// listIncidents answers an alert's incidents, paged by the server.
func (s *Server) listIncidents(c *call) {
	if e := c.parseQuery(incidentType); e != nil {
		c.fail(e)
		return
	}
	var items []object
	var alertID string
	if s.withItem(c, s.sets.alerts, func(m *tenant.Model, a *tenant.Alert) *apiError {
		alertID = m.AlertID(a.Type.Suffix)
		for _, inc := range a.Incidents {
			if c.query.filter == nil || c.query.filter.Match(func(string) any { return inc.ID }) {
				items = append(items, renderIncident(a, inc).project(c.query.selected, nil))
			}
		}
		return nil
	}) {
		c.collection(s.incidentsContext(alertID)+c.query.projection(), items, "alerts/"+alertID+"/alertIncidents", s.cfg.pageSize)
	}
}

// withIncident runs f under the tenant's lock on the incident named by
// c.segs[3] of the alert named by c.segs[1], as withItem does.
func (s *Server) withIncident(c *call, f func(m *tenant.Model, a *tenant.Alert, inc tenant.Incident) *apiError) bool {
	return s.withItem(c, s.sets.alerts, func(m *tenant.Model, a *tenant.Alert) *apiError {
		inc, e := incidentOf(c, a)
		if e != nil {
			return e
		}
		return f(m, a, inc)
	})
}

// incidentOf finds the incident named by c.segs[3] in a.
func incidentOf(c *call, a *tenant.Alert) (tenant.Incident, *apiError) {
	inc, ok := a.Incident(c.segs[3])
	if !ok {
		return inc, notFound("The incident '%s' was not found in alert '%s'.", c.segs[3], c.segs[1])
	}
	return inc, nil
}

func (s *Server) getIncident(c *call) {
	if e := c.parseQuery(incidentType); e != nil {
		c.fail(e)
		return
	}
	var o object
	var alertID string
	if s.withIncident(c, func(m *tenant.Model, a *tenant.Alert, inc tenant.Incident) *apiError {
		alertID = m.AlertID(a.Type.Suffix)
		o = renderIncident(a, inc).project(c.query.selected, nil)
		return nil
	}) {
		c.entity(s.incidentsContext(alertID)+c.query.projection()+"/$entity", o)
	}
}

// remediateIncident applies the definition's mitigation: 200 with no body,
// 400 when the definition is not remediatable or the incident was already
// remediated, 404 for an unknown alert or incident.
func (s *Server) remediateIncident(c *call) {
	if s.withItem(c, s.sets.alerts, func(m *tenant.Model, a *tenant.Alert) *apiError {
		if !a.Type.Remediatable {
			return badRequest("The alert definition '%s' is not remediatable (isRemediatable is false); its incidents cannot be remediated.", c.segs[1])
		}
		inc, e := incidentOf(c, a)
		if e != nil {
			return e
		}
		if err := m.Remediate(a, inc); err != nil {
			return badRequest("%s. Refresh the alert to update its incidents.", capitalize(err.Error()))
		}
		return nil
	}) {
		c.w.Header().Set("Content-Length", "0")
		c.empty(http.StatusOK)
	}
}
