package graph_test

import (
	"slices"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// ListRoleHoldings reads both collections with every page (two per page
// here), parses active and eligible holdings, serves plan-time reads from
// its cache until a remediation and always asks Graph when fresh.
func TestListRoleHoldings(t *testing.T) {
	srv := mockgraph.New(t, mockgraph.WithPageSize(2))
	c := newClient(t, srv, func(cfg *graph.Config) { cfg.ReadSnapshot = true })
	ctx := t.Context()
	hs, err := c.ListRoleHoldings(ctx, alerttypes.GlobalAdministratorRoleID, false)
	if err != nil {
		t.Fatal(err)
	}
	var want []graph.RoleHolding
	for _, a := range srv.Assignments() {
		if a.RoleDefinitionID == alerttypes.GlobalAdministratorRoleID && !a.Eligible {
			want = append(want, graph.RoleHolding{ID: a.ID, PrincipalID: a.PrincipalID, RoleDefinitionID: a.RoleDefinitionID, DirectoryScopeID: "/"})
		}
	}
	for _, a := range srv.Assignments() {
		if a.RoleDefinitionID == alerttypes.GlobalAdministratorRoleID && a.Eligible {
			want = append(want, graph.RoleHolding{ID: a.ID, PrincipalID: a.PrincipalID, RoleDefinitionID: a.RoleDefinitionID, DirectoryScopeID: "/", Eligible: true})
		}
	}
	if !slices.Equal(hs, want) {
		t.Fatalf("holdings:\n got %+v\nwant %+v", hs, want)
	}
	if n := len(graph.Principals(hs, alerttypes.GlobalAdministratorRoleID)); n != len(srv.RoleHolders(alerttypes.GlobalAdministratorRoleID)) {
		t.Errorf("Principals: %d, want %d", n, len(srv.RoleHolders(alerttypes.GlobalAdministratorRoleID)))
	}
	reads := func() int {
		n := 0
		for _, r := range routes(srv) {
			if r == "roles.roleAssignments" || r == "roles.roleEligibilityScheduleInstances" {
				n++
			}
		}
		return n
	}
	first := reads() // 4 active and 1 eligible in pages of 2: 2 + 1
	if first != 3 {
		t.Errorf("%d role-management requests for the first read, want 3 (every page)", first)
	}
	if _, err := c.ListRoleHoldings(ctx, alerttypes.GlobalAdministratorRoleID, false); err != nil || reads() != first {
		t.Errorf("a second plan-time read sent requests (%d, err %v)", reads()-first, err)
	}
	if _, err := c.ListRoleHoldings(ctx, alerttypes.GlobalAdministratorRoleID, true); err != nil || reads() != 2*first {
		t.Errorf("a fresh read was served from the cache (err %v)", err)
	}
	victim := want[0].PrincipalID
	if err := c.RemediateIncident(ctx, builtin(alerttypes.TooManyGlobalAdmins), victim); err != nil {
		t.Fatal(err)
	}
	hs, err = c.ListRoleHoldings(ctx, alerttypes.GlobalAdministratorRoleID, false)
	if err != nil || graph.Principals(hs, alerttypes.GlobalAdministratorRoleID)[victim] {
		t.Errorf("after remediating %s the cached read still lists them (err %v)", victim, err)
	}
	if _, err := c.ListRoleHoldings(ctx, "not-a-guid", true); err == nil {
		t.Error("an invalid role id was sent")
	}
}

// Without RoleManagement.Read.Directory the read is Graph's 403, in either
// body shape.
func TestListRoleHoldingsForbidden(t *testing.T) {
	for _, shape := range mockgraph.PermissionErrorsVariants {
		srv := mockgraph.New(t, mockgraph.WithPermissionErrors(shape))
		c := newClient(t, srv, func(cfg *graph.Config) {
			id, secret := srv.AlertsOnlyClient()
			cfg.Credential = credential(t, srv, id, secret)
		})
		_, err := c.ListRoleHoldings(t.Context(), alerttypes.GlobalAdministratorRoleID, true)
		if !graph.IsForbidden(err) {
			t.Errorf("%s: err = %v, want a 403", shape, err)
		}
	}
}
