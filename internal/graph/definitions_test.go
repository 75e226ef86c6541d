package graph_test

import (
	"net/url"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// checkDefinition compares a definition with the catalogue.
func checkDefinition(t *testing.T, srv *mockgraph.Server, d graph.Definition) {
	t.Helper()
	at, ok := catalogue.Lookup(d.Type.Suffix)
	if !ok {
		t.Errorf("definition %s: unknown alert type %q", d.ID, d.Type.Suffix)
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

func TestListDefinitions(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)

	defs, err := c.ListDefinitions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != len(catalogue.Names()) {
		t.Fatalf("%d definitions", len(defs))
	}
	for _, d := range defs {
		checkDefinition(t, srv, d)
	}
	reqs := srv.GraphRequests()
	if len(reqs) != 1 || reqs[0].Route != "definitions.list" {
		t.Fatalf("routes %v", routes(srv))
	}
	if q, _ := url.ParseQuery(reqs[0].Query); q.Get("$filter") != scopeFilter {
		t.Errorf("$filter = %q", q.Get("$filter"))
	}
}

func TestGetDefinition(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	for _, name := range catalogue.Names() {
		d, err := c.GetDefinition(t.Context(), builtin(name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkDefinition(t, srv, *d)
	}
}
