package mockgraph

import (
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"

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
	if s.withItem(c, s.sets.configurations, func(m *tenant.Model, a *tenant.Alert) *apiError {
		up, err := parseConfigurationUpdate(m, a, body, s.cfg.ranges())
		if err != nil {
			return badRequest("%s.", capitalize(err.Error()))
		}
		a.Apply(up)
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
	var items []object
	s.tenant.Do(func(m *tenant.Model) {
		for _, op := range m.Operations {
			o := renderOperation(op)
			if c.query.filter == nil || c.query.filter.Match(func(p string) any { return o.str(p) }) {
				items = append(items, o.project(c.query.selected, nil))
			}
		}
	})
	c.collection(s.contextURL("operations"+c.query.projection()), items, "operations", 0)
}

// getOperation answers an operation's state.
func (s *Server) getOperation(c *call) {
	if e := c.parseQuery(operationType); e != nil {
		c.fail(e)
		return
	}
	var o object
	s.tenant.Do(func(m *tenant.Model) {
		if op := m.Operation(c.segs[1]); op != nil {
			o = renderOperation(op).project(c.query.selected, nil)
		}
	})
	if o == nil {
		c.fail(notFound("The operation '%s' was not found.", c.segs[1]))
		return
	}
	c.entity(s.contextURL("operations"+c.query.projection()+"/$entity"), o)
}

func renderOperation(op *tenant.Operation) object {
	location, detail := "", ""
	switch op.Status {
	case tenant.StatusSucceeded:
		location = op.Target
	case tenant.StatusFailed:
		detail = op.FailDetail
	}
	return object{
		{"id", op.ID},
		{"createdDateTime", operationTime(op.Created)},
		{"lastActionDateTime", operationTime(op.LastAction)},
		{"resourceLocation", location},
		{"status", op.Status},
		{"statusDetail", detail},
	}
}
