package mockgraph

import (
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
	if s.withItem(c, s.sets.alerts, func(a *alert) *apiError {
		alertID = s.tenant.alertID(a.typ.Suffix)
		for _, inc := range a.incidents {
			if c.query.filter == nil || c.query.filter.Match(func(string) any { return inc.str("id") }) {
				items = append(items, inc.project(c.query.selected, nil))
			}
		}
		return nil
	}) {
		c.collection(s.incidentsContext(alertID)+c.query.projection(), items, "alerts/"+alertID+"/alertIncidents", s.cfg.pageSize)
	}
}

// lookupIncident finds the incident named by c.segs[3]; the caller holds s.mu.
func (c *call) lookupIncident() (*alert, object, *apiError) {
	a, e := c.lookupAlert()
	if e != nil {
		return nil, nil, e
	}
	inc, ok := a.incident(c.segs[3])
	if !ok {
		return nil, nil, notFound("The incident '%s' was not found in alert '%s'.", c.segs[3], c.segs[1])
	}
	return a, inc, nil
}

func (s *Server) getIncident(c *call) {
	if e := c.parseQuery(incidentType); e != nil {
		c.fail(e)
		return
	}
	s.lock()
	a, inc, e := c.lookupIncident()
	var alertID string
	if e == nil {
		alertID = s.tenant.alertID(a.typ.Suffix)
		inc = inc.project(c.query.selected, nil)
	}
	s.mu.Unlock()
	if e != nil {
		c.fail(e)
		return
	}
	c.entity(s.incidentsContext(alertID)+c.query.projection()+"/$entity", inc)
}

// remediateIncident applies the definition's mitigation: 200 with no body,
// 400 when the definition is not remediatable or the incident was already
// remediated, 404 for an unknown alert or incident.
func (s *Server) remediateIncident(c *call) {
	s.lock()
	e := s.remediateLocked(c)
	s.mu.Unlock()
	if e != nil {
		c.fail(e)
		return
	}
	c.w.Header().Set("Content-Length", "0")
	c.empty(http.StatusOK)
}

func (s *Server) remediateLocked(c *call) *apiError {
	a, e := c.lookupAlert()
	if e != nil {
		return e
	}
	if !a.typ.Remediatable {
		return badRequest("The alert definition '%s' is not remediatable (isRemediatable is false); its incidents cannot be remediated.", c.segs[1])
	}
	a, inc, e := c.lookupIncident()
	if e != nil {
		return e
	}
	if err := s.tenant.remediate(a, inc); err != nil {
		return badRequest("%s. Refresh the alert to update its incidents.", capitalize(err.Error()))
	}
	if s.cfg.remediated == IncidentsVanish {
		a.removeIncident(inc.str("id"))
	}
	return nil
}
