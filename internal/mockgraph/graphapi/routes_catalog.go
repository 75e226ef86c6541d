package graphapi

import (
	"net/http"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// This file serves configuration updates and operations.

// patchConfiguration updates an alert configuration: 204 with no body.
func (api *API) patchConfiguration(c *Call) {
	body, err := decodeObject(c.Body)
	if err != nil {
		c.Fail(BadRequest("%s.", capitalize(err.Error())))
		return
	}
	if api.withItem(c, api.sets.configurations, func(m *tenant.Model, a *tenant.Alert) *Error {
		up, err := ParseConfigurationUpdate(m, a, body, !api.cfg.RangesUnchecked)
		if err != nil {
			return BadRequest("%s.", capitalize(err.Error()))
		}
		a.Apply(up)
		return nil
	}) {
		c.Empty(http.StatusNoContent)
	}
}

func (api *API) listOperations(c *Call) {
	if e := c.parseQuery(operationType); e != nil {
		c.Fail(e)
		return
	}
	var items []object
	api.tenant.Do(func(m *tenant.Model) {
		for _, op := range m.Operations {
			o := renderOperation(op)
			if c.query.filter == nil || c.query.filter.Match(func(p string) any { return o.str(p) }) {
				items = append(items, o.project(c.query.selected, nil))
			}
		}
	})
	c.collection(api.contextURL("operations"+c.query.projection()), items, "operations", 0)
}

// getOperation answers an operation's state.
func (api *API) getOperation(c *Call) {
	if e := c.parseQuery(operationType); e != nil {
		c.Fail(e)
		return
	}
	var o object
	api.tenant.Do(func(m *tenant.Model) {
		if op := m.Operation(c.Segs[1]); op != nil {
			o = renderOperation(op).project(c.query.selected, nil)
		}
	})
	if o == nil {
		c.Fail(notFound("The operation '%s' was not found.", c.Segs[1]))
		return
	}
	c.entity(api.contextURL("operations"+c.query.projection()+"/$entity"), o)
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
