package mockgraph

import (
	"net/http"
)

// This file serves configuration updates and operations.

// patchConfiguration updates an alert configuration: 204 with no body.
func (s *Server) patchConfiguration(c *call) {
	body, err := decodeObject(c.body)
	if err != nil {
		c.fail(badRequest("%s.", capitalize(err.Error())))
		return
	}
	if s.withItem(c, s.sets.configurations, func(a *alert) *apiError {
		up, err := s.tenant.parseConfigurationUpdate(a, body)
		if err != nil {
			return badRequest("%s.", capitalize(err.Error()))
		}
		a.apply(up)
		return nil
	}) {
		c.empty(http.StatusNoContent)
	}
}

func (s *Server) listOperations(c *call) {
	if e := c.parseQuery(operationType); e != nil {
		c.fail(e)
		return
	}
	s.lock()
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

// getOperation answers an operation's state.
func (s *Server) getOperation(c *call) {
	if e := c.parseQuery(operationType); e != nil {
		c.fail(e)
		return
	}
	s.lock()
	op := s.tenant.operation(c.segs[1])
	var o object
	if op != nil {
		op.observe(s.cfg.now())
		o = renderOperation(op).project(c.query.selected, nil)
	}
	s.mu.Unlock()
	if op == nil {
		c.fail(notFound("The operation '%s' was not found.", c.segs[1]))
		return
	}
	c.entity(s.contextURL("operations"+c.query.projection()+"/$entity"), o)
}
