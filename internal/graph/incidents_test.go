package graph_test

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"syscall"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// withGlobalAdminIncidents makes the TooManyGlobalAdmins alert fire with at
// least n incidents.
func withGlobalAdminIncidents(t *testing.T, srv *mockgraph.Server, n int) []map[string]any {
	t.Helper()
	if err := srv.SetConfiguration(alerttypes.TooManyGlobalAdmins, map[string]any{
		"globalAdminCountThreshold":                   2,
		"percentageOfGlobalAdminsOutOfRolesThreshold": 0,
	}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		srv.AddGlobalAdmin(fmt.Sprintf("Test Admin %d", i))
	}
	srv.Scan(alerttypes.TooManyGlobalAdmins)
	incidents := srv.Incidents(alerttypes.TooManyGlobalAdmins)
	if len(incidents) < n {
		t.Fatalf("simulator has %d TooManyGlobalAdmins incidents after adding %d global admins", len(incidents), n)
	}
	return incidents
}

func TestListIncidentsPaging(t *testing.T) {
	t.Parallel()
	const pageSize = 2
	srv := mockgraph.New(t, mockgraph.WithPageSize(pageSize))
	c := newClient(t, srv)
	want := withGlobalAdminIncidents(t, srv, 5)

	got, err := c.ListIncidents(t.Context(), builtin(alerttypes.TooManyGlobalAdmins))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d incidents, simulator has %d", len(got), len(want))
	}
	var gotIDs, wantIDs []string
	for _, inc := range got {
		gotIDs = append(gotIDs, inc.ID)
	}
	for _, inc := range want {
		wantIDs = append(wantIDs, fmt.Sprint(inc["id"]))
	}
	sort.Strings(gotIDs)
	sort.Strings(wantIDs)
	if !equalStrings(gotIDs, wantIDs) {
		t.Errorf("ids = %v, want %v", gotIDs, wantIDs)
	}
	pages := (len(want) + pageSize - 1) / pageSize
	if n := countRoute(srv, "incidents.list"); n != pages {
		t.Errorf("%d incident list requests, want %d pages", n, pages)
	}
}

func TestGetIncident(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	incidents := withGlobalAdminIncidents(t, srv, 3)
	want := incidents[0]
	id := fmt.Sprint(want["id"])

	got, err := c.GetIncident(t.Context(), builtin(alerttypes.TooManyGlobalAdmins), id)
	if err != nil {
		t.Fatal(err)
	}
	at, _ := catalogue.Lookup(alerttypes.TooManyGlobalAdmins)
	if got.ID != id || got.Type.Suffix != at.Suffix || got.ODataType != at.IncidentODataType || got.ODataType != want["@odata.type"] {
		t.Errorf("got %+v, want %v", got, want)
	}
	for field, value := range map[string]*string{
		"assigneeId":                got.AssigneeID,
		"assigneeDisplayName":       got.AssigneeDisplayName,
		"assigneeUserPrincipalName": got.AssigneeUserPrincipalName,
	} {
		if value == nil || *value != want[field] {
			t.Errorf("%s = %v, simulator %v", field, value, want[field])
		}
	}
	if got.RoleDefinitionID != nil || got.LastSignIn != nil || got.ActivationCount != nil {
		t.Errorf("properties of other incident types set: %+v", got)
	}

	_, err = c.GetIncident(t.Context(), builtin(alerttypes.TooManyGlobalAdmins), "00000000-0000-0000-0000-000000000000")
	if !graph.IsNotFound(err) {
		t.Fatalf("missing incident: %v, want a 404", err)
	}
	ge := asError(t, err)
	if ge.Operation != "get incident" || ge.Code == "" || ge.RequestID == "" {
		t.Errorf("404 error %+v lacks operation, code or request id", ge)
	}
}

func TestRemediateIncident(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	incidents := withGlobalAdminIncidents(t, srv, 3)
	id := fmt.Sprint(incidents[0]["id"])
	assignee := fmt.Sprint(incidents[0]["assigneeId"])

	if err := c.RemediateIncident(t.Context(), builtin(alerttypes.TooManyGlobalAdmins), id); err != nil {
		t.Fatal(err)
	}
	writes := srv.WriteRequests()
	if len(writes) != 1 || writes[0].Route != "incidents.remediate" || writes[0].Status != 200 {
		t.Fatalf("writes %+v", writes)
	}
	for _, a := range srv.Assignments() {
		if a.PrincipalID == assignee && a.RoleDefinitionID == mockgraph.GlobalAdministratorRoleID {
			t.Errorf("assignment %+v still present after remediation", a)
		}
	}
}

// A remediation that never reached Graph is not done (NotDone); one whose
// answer was lost after Graph received it is neither done nor refused: its
// outcome is unknown. A token request that fails is not taken for the
// remediation's request.
func TestRemediateIncidentSentOrNot(t *testing.T) {
	srv := mockgraph.New(t)
	ga := builtin(alerttypes.TooManyGlobalAdmins)
	victim, _ := srv.BreakGlass()

	wrongSecret := newClient(t, srv, func(cfg *graph.Config) {
		id, _ := srv.ReadWriteClient()
		cfg.Credential = credential(t, srv, id, "not-the-secret")
		cfg.MaxRetries = -1
	})
	if err := wrongSecret.RemediateIncident(t.Context(), ga, victim.ID); !graph.NotDone(err) {
		t.Errorf("a remediation whose token was refused: %v, want NotDone", err)
	}

	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultDrop, After: true, Route: "incidents.remediate", Count: 1})
	err := newClient(t, srv).RemediateIncident(t.Context(), ga, victim.ID)
	if err == nil || graph.NotDone(err) || graph.Rejected(err) {
		t.Errorf("a remediation whose answer was lost: %v, want an unknown outcome", err)
	}
	if slices.Contains(srv.RoleHolders(alerttypes.GlobalAdministratorRoleID), victim.ID) {
		t.Error("the simulator did not act on the request it received")
	}
}

// refusePosts is a base transport whose POSTs fail as a refused connection
// does, before any byte is written.
type refusePosts struct{ base http.RoundTripper }

func (r refusePosts) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPost {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	return r.base.RoundTrip(req)
}

// Only the remediate request itself tells whether the remediation was
// sent: the alert list read first, to resolve the tenant of a tenant_id
// that is not a GUID, does not.
func TestRemediateNotSentAfterTenantLookup(t *testing.T) {
	srv := mockgraph.New(t)
	c := newClient(t, srv, func(cfg *graph.Config) {
		cfg.TenantID = ""
		cfg.MaxRetries = -1
		cfg.Transport = refusePosts{base: srv.HTTPClient().Transport}
	})
	victim, _ := srv.BreakGlass()
	err := c.RemediateIncident(t.Context(), builtin(alerttypes.TooManyGlobalAdmins), victim.ID)
	if countRoute(srv, "alerts.list") != 1 {
		t.Fatalf("requests %v, want the alert list read first", routes(srv))
	}
	if err == nil || !graph.NotDone(err) {
		t.Errorf("a remediation whose connection was refused: %v, want NotDone", err)
	}
}
