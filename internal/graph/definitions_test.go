package graph_test

import (
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// checkDefinition compares a definition with the catalogue.
func checkDefinition(t *testing.T, srv *mockgraph.Server, d graph.Definition) {
	t.Helper()
	at, ok := knownType(t, "definition", d.ID, d.Type)
	if !ok {
		return
	}
	if d.ID != srv.AlertID(at.Suffix) || d.DisplayName != at.DisplayName || d.SeverityLevel != at.SeverityLevel ||
		d.IsRemediatable != at.Remediatable || d.IsConfigurable != at.Configurable {
		t.Errorf("definition %+v does not match the catalogue entry %+v", d, at)
	}
	if d.Description == "" || d.MitigationSteps == "" {
		t.Errorf("%s: texts missing: %+v", at.Suffix, d)
	}
}

// Lists and single reads of definitions answer the catalogue's texts.
func TestDefinitions(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	check := func(d graph.Definition) { checkDefinition(t, srv, d) }
	checkList(t, srv, "definitions.list", c.ListDefinitions, check)
	checkGetEach(t, c.GetDefinition, func(_ string, d *graph.Definition) { check(*d) })
}
