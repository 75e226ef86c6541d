package graphapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

func TestRoute(t *testing.T) {
	tn, err := tenant.New(&tenant.Seed{TenantID: "ed642b2d-5971-4448-aef8-d47f8e05322e"}, alerttypes.Builtin(), time.Now, tenant.Behaviour{})
	if err != nil {
		t.Fatal(err)
	}
	api := New(tn, Config{Catalogue: alerttypes.Builtin(), Endpoint: "https://example"})
	for _, tc := range []struct {
		method, path string
		name         string // route name
		status       int    // of an unsupported route's answer
		segs         string // c.Segs of a supported one
	}{
		{"GET", "beta/IdentityGovernance/roleManagementALERTS/alerts", "alerts.list", 0, "alerts"},
		{"POST", "beta/identityGovernance/roleManagementAlerts/alerts/refresh", "alerts.refreshAll", 0, "alerts/refresh"},
		{"GET", "beta/identityGovernance/roleManagementAlerts/alerts/a%2Fb/alertIncidents/i", "incidents.get", 0, "alerts/a/b/alertIncidents/i"},
		{"DELETE", "beta/identityGovernance/roleManagementAlerts/alerts/x", "unsupported", http.StatusMethodNotAllowed, ""},
		{"GET", "beta/identityGovernance/roleManagementAlerts", "unsupported", http.StatusMethodNotAllowed, ""},
		{"GET", "beta/identityGovernance/roleManagementAlerts/alerts/x/nope", "unsupported", http.StatusBadRequest, ""},
		{"GET", "v1.0/identityGovernance/roleManagementAlerts/alerts", "unsupported", http.StatusBadRequest, ""},
		{"GET", "v1.0/roleManagement/Directory/roleAssignments", "roles.roleAssignments", 0, "roleAssignments"},
		{"GET", "beta/groups/g1/members/microsoft.graph.user", "groups.members", 0, "g1/members/microsoft.graph.user"},
	} {
		var segs []string
		for _, s := range strings.Split(tc.path, "/") {
			segs = append(segs, strings.ReplaceAll(s, "%2F", "/"))
		}
		c := &Call{}
		rt, ok := api.Route(tc.method, segs, c)
		if !ok || rt.Name != tc.name {
			t.Errorf("%s %s: route %q (%v), want %q", tc.method, tc.path, rt.Name, ok, tc.name)
			continue
		}
		if tc.status == 0 {
			if got := strings.Join(c.Segs, "/"); got != tc.segs {
				t.Errorf("%s %s: segments %q, want %q", tc.method, tc.path, got, tc.segs)
			}
			continue
		}
		w := httptest.NewRecorder()
		rt.Handle(&Call{W: w, R: httptest.NewRequest(tc.method, "/", nil)})
		if w.Code != tc.status {
			t.Errorf("%s %s: %d %s, want %d", tc.method, tc.path, w.Code, w.Body, tc.status)
		}
	}
	if _, ok := api.Route("GET", []string{"common", "discovery", "instance"}, &Call{}); ok {
		t.Error("a path outside Graph's versions was routed")
	}
}
