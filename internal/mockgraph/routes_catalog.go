package mockgraph

import (
	"net/http"
)

// This file serves alertConfigurations, alertDefinitions and operations.

func configurationProp(t *tenant, a *alert, path string) any {
	switch path {
	case "id", "alertDefinitionId":
		return t.alertID(a.typ.Suffix)
	case "scopeId":
		return scopeTenant
	case "scopeType":
		return scopeTypeDirectoryRole
	case "isEnabled":
		return a.enabled
	}
	return nil
}

func definitionProp(t *tenant, a *alert, path string) any {
	switch path {
	case "id":
		return t.alertID(a.typ.Suffix)
	case "scopeId":
		return scopeTenant
	case "scopeType":
		return scopeTypeDirectoryRole
	case "severityLevel":
		return a.typ.SeverityLevel
	case "isRemediatable":
		return a.typ.Remediatable
	case "isConfigurable":
		return a.typ.Configurable
	}
	return nil
}

func (s *Server) listConfigurations(c *call) {
	if e := c.parseQuery(configurationType); e != nil {
		c.fail(e)
		return
	}
	if e := c.requireScope(); e != nil {
		c.fail(e)
		return
	}
	s.mu.Lock()
	t := s.tenant
	var items []object
	for _, a := range t.alerts {
		if c.query.filter.Match(func(p string) any { return configurationProp(t, a, p) }) {
			items = append(items, s.renderConfiguration(t, a, c.query))
		}
	}
	s.mu.Unlock()
	c.collection(s.contextURL("alertConfigurations"+c.query.projection()), items, "alertConfigurations", 0)
}

func (s *Server) getConfiguration(c *call) {
	if e := c.parseQuery(configurationType); e != nil {
		c.fail(e)
		return
	}
	s.mu.Lock()
	a, e := c.lookupConfiguration()
	var o object
	if e == nil {
		o = s.renderConfiguration(s.tenant, a, c.query)
	}
	s.mu.Unlock()
	if e != nil {
		c.fail(e)
		return
	}
	c.entity(s.contextURL("alertConfigurations"+c.query.projection()+"/$entity"), o)
}

// lookupConfiguration finds the configuration named by c.segs[1]; the
// caller holds s.mu.
func (c *call) lookupConfiguration() (*alert, *apiError) {
	if a := c.s.tenant.alertByID(c.segs[1]); a != nil {
		return a, nil
	}
	return nil, notFound("The alert configuration '%s' was not found in scope '/' of tenant '%s'.", c.segs[1], c.s.tenant.id)
}

func (s *Server) patchConfiguration(c *call) {
	body, err := decodeObject(c.body)
	if err != nil {
		c.fail(badRequest("%s.", capitalize(err.Error())))
		return
	}
	s.mu.Lock()
	a, e := c.lookupConfiguration()
	if e == nil {
		var up configurationUpdate
		if up, err = s.tenant.parseConfigurationUpdate(a, body); err != nil {
			e = badRequest("%s.", capitalize(err.Error()))
		} else {
			a.apply(up)
		}
	}
	s.mu.Unlock()
	if e != nil {
		c.fail(e)
		return
	}
	c.empty(http.StatusNoContent)
}

func (s *Server) getConfigurationDefinition(c *call) { s.serveDefinition(c, c.lookupConfiguration) }

func (s *Server) listDefinitions(c *call) {
	if e := c.parseQuery(definitionType); e != nil {
		c.fail(e)
		return
	}
	if e := c.requireScope(); e != nil {
		c.fail(e)
		return
	}
	s.mu.Lock()
	t := s.tenant
	var items []object
	for _, a := range t.alerts {
		if c.query.filter.Match(func(p string) any { return definitionProp(t, a, p) }) {
			items = append(items, renderDefinition(t, a).project(c.query.selected, nil))
		}
	}
	s.mu.Unlock()
	c.collection(s.contextURL("alertDefinitions"+c.query.projection()), items, "alertDefinitions", 0)
}

func (s *Server) getDefinition(c *call) {
	if e := c.parseQuery(definitionType); e != nil {
		c.fail(e)
		return
	}
	s.mu.Lock()
	a := s.tenant.alertByID(c.segs[1])
	var o object
	if a != nil {
		o = renderDefinition(s.tenant, a).project(c.query.selected, nil)
	}
	tenantID := s.tenant.id
	s.mu.Unlock()
	if a == nil {
		c.fail(notFound("The alert definition '%s' was not found in scope '/' of tenant '%s'.", c.segs[1], tenantID))
		return
	}
	c.entity(s.contextURL("alertDefinitions"+c.query.projection()+"/$entity"), o)
}

func (s *Server) listOperations(c *call) {
	if e := c.parseQuery(operationType); e != nil {
		c.fail(e)
		return
	}
	s.mu.Lock()
	var items []object
	for _, op := range s.tenant.operations {
		o := renderOperation(op)
		if c.query.filter == nil || c.query.filter.Match(func(p string) any { return o.str(p) }) {
			items = append(items, o.project(c.query.selected, nil))
		}
	}
	s.mu.Unlock()
	c.collection(s.contextURL("operations"+c.query.projection()), items, "operations", 0)
}

// getOperation answers an operation's state; each GET advances it.
func (s *Server) getOperation(c *call) {
	if e := c.parseQuery(operationType); e != nil {
		c.fail(e)
		return
	}
	s.mu.Lock()
	op := s.tenant.operation(c.segs[1])
	var o object
	if op != nil {
		s.tenant.poll(op, s.cfg.operationPolls, s.cfg.now())
		o = renderOperation(op).project(c.query.selected, nil)
	}
	s.mu.Unlock()
	if op == nil {
		c.fail(notFound("The operation '%s' was not found.", c.segs[1]))
		return
	}
	c.entity(s.contextURL("operations"+c.query.projection()+"/$entity"), o)
}
