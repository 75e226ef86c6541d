package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

const ga = alerttypes.GlobalAdministratorRoleID

// ListRoleHoldings reads both collections of Graph v1.0 with every page
// (two per page here) and the principal expanded, serves plan-time reads
// from its cache until a remediation and always asks Graph when fresh.
func TestListRoleHoldings(t *testing.T) {
	srv := mockgraph.New(t, mockgraph.WithPageSize(2))
	c := newClient(t, srv, func(cfg *graph.Config) { cfg.ReadSnapshot = true })
	ctx := t.Context()
	hs, err := c.ListRoleHoldings(ctx, ga, false)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, eligible := range []bool{false, true} {
		for _, a := range srv.Assignments() {
			if a.RoleDefinitionID == ga && a.Eligible == eligible {
				want = append(want, a.ID+" "+a.PrincipalID)
			}
		}
	}
	var got []string
	for _, h := range hs {
		got = append(got, h.ID+" "+h.PrincipalID)
		if h.Principal.Kind != graph.PrincipalUser || h.Principal.AccountEnabled == nil || !*h.Principal.AccountEnabled ||
			!strings.EqualFold(h.Principal.ID, h.PrincipalID) || h.DirectoryScopeID != "/" || h.RoleDefinitionID != ga {
			t.Errorf("holding %+v: want an enabled user at /", h)
		}
		if h.Eligible && h.Start == nil {
			t.Errorf("eligibility %s without its start", h.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("holdings:\n got %v\nwant %v", got, want)
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
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Route, "roles.") && (!strings.HasPrefix(r.Path, "/v1.0/roleManagement/directory/") || !strings.Contains(r.Query, "principal")) {
			t.Errorf("request %s?%s: want Graph v1.0 with the principal expanded", r.Path, r.Query)
		}
	}
	if _, err := c.ListRoleHoldings(ctx, ga, false); err != nil || reads() != first {
		t.Errorf("a second plan-time read sent requests (%d, err %v)", reads()-first, err)
	}
	if _, err := c.ListRoleHoldings(ctx, ga, true); err != nil || reads() != 2*first {
		t.Errorf("a fresh read was served from the cache (err %v)", err)
	}
	victim := hs[0].PrincipalID
	if err := c.RemediateIncident(ctx, builtin(alerttypes.TooManyGlobalAdmins), victim); err != nil {
		t.Fatal(err)
	}
	hs, err = c.ListRoleHoldings(ctx, ga, false)
	if err != nil || slices.ContainsFunc(hs, func(h graph.RoleHolding) bool { return h.PrincipalID == victim }) {
		t.Errorf("after remediating %s the cached read still lists them (err %v)", victim, err)
	}
	if _, err := c.ListRoleHoldings(ctx, "not-a-guid", true); err == nil {
		t.Error("an invalid role id was sent")
	}
}

// What the guard needs to tell who can administer the tenant: groups,
// service principals, disabled users and scopes come through as Graph
// shows them; without User.Read.All users come with limited information.
func TestListRoleHoldingsPrincipals(t *testing.T) {
	seed, err := mockgraph.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	user, group, sp, disabled := "aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002",
		"aaaaaaaa-0000-4000-8000-000000000003", "aaaaaaaa-0000-4000-8000-000000000004"
	no := false
	seed.Users = append(seed.Users, mockgraph.SeedUser{ID: user, DisplayName: "Member"},
		mockgraph.SeedUser{ID: disabled, DisplayName: "Gone", AccountEnabled: &no})
	seed.Groups = append(seed.Groups, mockgraph.SeedGroup{ID: group, DisplayName: "GA group", IsAssignableToRole: true, Members: []string{user, sp}})
	seed.ServicePrincipals = append(seed.ServicePrincipals, mockgraph.SeedServicePrincipal{ID: sp, DisplayName: "automation", AppID: user})
	for i, p := range []string{group, sp, disabled} {
		seed.Assignments = append(seed.Assignments, mockgraph.SeedAssignment{ID: "bbbbbbbb-0000-4000-8000-00000000000" + string(rune('1'+i)),
			PrincipalID: p, RoleDefinitionID: ga, Created: "-1d"})
	}
	seed.Assignments = append(seed.Assignments,
		mockgraph.SeedAssignment{ID: "bbbbbbbb-0000-4000-8000-000000000009", PrincipalID: user, RoleDefinitionID: ga, Created: "-1d",
			Eligible: true, End: "-1h"},
		mockgraph.SeedAssignment{ID: "bbbbbbbb-0000-4000-8000-000000000008", PrincipalID: user, RoleDefinitionID: ga, Created: "-1d",
			DirectoryScopeID: "/administrativeUnits/cccccccc-0000-4000-8000-000000000001"})
	srv := mockgraph.New(t, mockgraph.WithSeed(seed), mockgraph.WithPageSize(1))
	kinds := func(c *graph.Client) map[string]string {
		hs, err := c.ListRoleHoldings(t.Context(), ga, true)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, h := range hs {
			enabled := "?"
			if h.Principal.AccountEnabled != nil {
				enabled = map[bool]string{true: "enabled", false: "disabled"}[*h.Principal.AccountEnabled]
			}
			out[h.PrincipalID+h.DirectoryScopeID] = string(h.Principal.Kind) + " " + enabled
		}
		return out
	}
	got := kinds(newClient(t, srv))
	for k, want := range map[string]string{group + "/": "group ?", sp + "/": "servicePrincipal ?", disabled + "/": "user disabled",
		user + "/administrativeUnits/cccccccc-0000-4000-8000-000000000001": "user enabled"} {
		if got[k] != want {
			t.Errorf("%s: %q, want %q", k, got[k], want)
		}
	}
	if _, ok := got[user+"/"]; ok {
		t.Error("an expired eligibility is listed")
	}
	members, err := newClient(t, srv).ListGroupMembers(t.Context(), group, true)
	if err != nil || len(members) != 1 || members[0].ID != user || members[0].AccountEnabled == nil || !*members[0].AccountEnabled {
		t.Errorf("members %+v, err %v: want the one user, enabled (v1.0 lists no service principals)", members, err)
	}

	// Without User.Read.All users come with their type and id only.
	id, secret := srv.AddApp("roles only", "RoleManagementAlert.ReadWrite.Directory", "RoleManagement.Read.Directory")
	limited := newClient(t, srv, func(cfg *graph.Config) { cfg.Credential = credential(t, srv, id, secret) })
	if got := kinds(limited)[disabled+"/"]; got != "user ?" {
		t.Errorf("without User.Read.All a user is %q, want %q", got, "user ?")
	}
	if _, err := limited.ListGroupMembers(t.Context(), group, true); !graph.IsForbidden(err) || !strings.Contains(err.Error(), graph.GroupMemberReadPermission) {
		t.Errorf("members without GroupMember.Read.All: %v, want a 403 naming it", err)
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
		_, err := c.ListRoleHoldings(t.Context(), ga, true)
		if !graph.IsForbidden(err) || !strings.Contains(err.Error(), graph.RoleManagementReadPermission) {
			t.Errorf("%s: err = %v, want a 403 naming %s", shape, err, graph.RoleManagementReadPermission)
		}
	}
}
