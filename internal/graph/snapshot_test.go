package graph_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// withSnapshot turns the read snapshot on.
func withSnapshot(cfg *graph.Config) { cfg.ReadSnapshot = true }

// alertWithIncidents returns an alert type of the seed that has incidents.
func alertWithIncidents(t *testing.T, srv *mockgraph.Server) (string, []string) {
	t.Helper()
	for _, name := range catalogue.Names() {
		if ids := srv.Alert(name).IncidentIDs; len(ids) > 0 {
			return name, ids
		}
	}
	t.Fatal("the seed has no alert with incidents")
	return "", nil
}

// expectRoutes fails unless the Graph requests since the last reset are
// exactly want, in any order.
func expectRoutes(t *testing.T, srv *mockgraph.Server, want ...string) {
	t.Helper()
	got := map[string]int{}
	for _, r := range routes(srv) {
		got[r]++
	}
	w := map[string]int{}
	for _, r := range want {
		w[r]++
	}
	if !reflect.DeepEqual(got, w) {
		t.Fatalf("Graph requests = %v, want %v", routes(srv), want)
	}
}

// TestSnapshot_oneList reads every alert and configuration concurrently, as
// a plan's refresh does: one list request answers all of them, with the
// same values as reading each on its own.
func TestSnapshot_oneList(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	direct := newClient(t, srv)
	c := newClient(t, srv, withSnapshot)

	type read struct {
		alert *graph.Alert
		cfg   *graph.Configuration
	}
	names := catalogue.Names()
	got := make([]read, len(names))
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(names))
	for i, name := range names {
		wg.Add(2)
		go func() {
			defer wg.Done()
			a, err := c.GetAlert(t.Context(), builtin(name), graph.ExpandIncidents)
			errs <- err
			got[i].alert = a
		}()
		go func() {
			defer wg.Done()
			cfg, err := c.GetConfiguration(t.Context(), builtin(name))
			errs <- err
			got[i].cfg = cfg
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.GraphRequests()
	expectRoutes(t, srv, "alerts.list")
	q, err := url.ParseQuery(reqs[0].Query)
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("$expand") != "alertConfiguration,alertIncidents" || q.Get("$filter") != scopeFilter {
		t.Errorf("list query = %q; want the scope filter and $expand=alertConfiguration,alertIncidents", reqs[0].Query)
	}

	for i, name := range names {
		a := getAlert(t, direct, name, graph.ExpandIncidents)
		if !reflect.DeepEqual(got[i].alert, a) {
			t.Errorf("%s: snapshot alert\n%+v\nwant\n%+v", name, got[i].alert, a)
		}
		cfg := getConfiguration(t, direct, name)
		if !reflect.DeepEqual(got[i].cfg, cfg) {
			t.Errorf("%s: snapshot configuration\n%+v\nwant\n%+v", name, got[i].cfg, cfg)
		}
	}

	// Answers are copies: changing one does not change the next.
	got[0].cfg.Thresholds["x"] = alerttypes.IntValue(1)
	got[0].alert.Incidents = append(got[0].alert.Incidents, graph.Incident{ID: "x"})
	srv.ResetRequests()
	cfg := getConfiguration(t, c, names[0])
	if _, ok := cfg.Thresholds["x"]; ok {
		t.Error("a caller's change reached the snapshot")
	}
	expectRoutes(t, srv)
}

// TestSnapshot_expansions: a snapshot alert carries only what was asked
// for; a definition is not in the snapshot and is asked of Graph.
func TestSnapshot_expansions(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, withSnapshot)
	name := alerttypes.StaleSignIn

	a := getAlert(t, c, name)
	if a.Configuration != nil || a.Incidents != nil || a.Definition != nil {
		t.Errorf("alert without expansions has %+v", a)
	}
	a = getAlert(t, c, name, graph.ExpandConfiguration, graph.ExpandIncidents)
	if a.Configuration == nil || a.Incidents == nil {
		t.Errorf("expanded alert lacks configuration or incidents: %+v", a)
	}
	expectRoutes(t, srv, "alerts.list")

	a = getAlert(t, c, name, graph.ExpandDefinition, graph.ExpandConfiguration)
	if a.Definition == nil || a.Configuration == nil {
		t.Errorf("alert with definition: %+v", a)
	}
	expectRoutes(t, srv, "alerts.list", "alerts.get")
}

// TestSnapshot_writesInvalidate: each write invalidates what it changed; the
// next read of that sends one list, reads of what it did not change do not.
func TestSnapshot_writesInvalidate(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, withSnapshot)
	ctx := t.Context()
	ga, stale := alerttypes.TooManyGlobalAdmins, alerttypes.StaleSignIn

	for _, name := range []string{ga, stale} {
		getAlert(t, c, name, graph.ExpandIncidents)
	}
	before := getAlert(t, c, ga, graph.ExpandIncidents)
	expectRoutes(t, srv, "alerts.list")

	// SetAlertActive: that alert is read again; its configuration and the
	// other alerts are not.
	srv.ResetRequests()
	if err := c.SetAlertActive(ctx, builtin(ga), !before.IsActive); err != nil {
		t.Fatal(err)
	}
	getConfiguration(t, c, ga)
	getAlert(t, c, stale, graph.ExpandIncidents)
	expectRoutes(t, srv, "alerts.patch")
	after := getAlert(t, c, ga, graph.ExpandIncidents)
	if after.IsActive == before.IsActive {
		t.Errorf("isActive = %v after setting it to %v", after.IsActive, !before.IsActive)
	}
	expectRoutes(t, srv, "alerts.patch", "alerts.list")

	// UpdateConfiguration: that configuration is read again; the alert
	// itself is not (a configuration changes it only at the next scan).
	srv.ResetRequests()
	if err := c.UpdateConfiguration(ctx, builtin(stale), graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"duration": alerttypes.DurationValue(40 * 24 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	getAlert(t, c, stale, graph.ExpandIncidents)
	expectRoutes(t, srv, "configurations.patch")
	cfg := getConfiguration(t, c, stale)
	if got := cfg.Thresholds["duration"].Duration; got != 40*24*time.Hour {
		t.Errorf("duration = %s after the update, want 40 days", got)
	}
	expectRoutes(t, srv, "configurations.patch", "alerts.list")

	// A failed write invalidates too: it may have reached Graph.
	srv.ResetRequests()
	id := srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Route: "alerts.patch", Status: 400, Code: "BadRequest", Message: "no"})
	if err := c.SetAlertActive(ctx, builtin(stale), false); err == nil {
		t.Fatal("the faulted PATCH succeeded")
	}
	srv.RemoveFault(id)
	getAlert(t, c, stale)
	expectRoutes(t, srv, "alerts.patch", "alerts.list")
}

// TestSnapshot_refreshAndRemediate: a refresh invalidates the alerts it
// scans when it starts and when its operation ends; a remediation
// invalidates every alert, not the configurations.
func TestSnapshot_refreshAndRemediate(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, withSnapshot)
	ctx := t.Context()
	ga := alerttypes.TooManyGlobalAdmins

	before := getAlert(t, c, ga, graph.ExpandIncidents)
	// Out of band: a new global admin. The snapshot does not see it ...
	srv.AddGlobalAdmin("Snapshot Test Admin")
	srv.Scan(ga)
	want := srv.Alert(ga).IncidentCount
	if want == int(before.IncidentCount) {
		t.Fatalf("the scan did not change the incident count (%d)", want)
	}
	cached := getAlert(t, c, ga, graph.ExpandIncidents)
	if cached.IncidentCount != before.IncidentCount {
		t.Errorf("incident count changed to %d without a write of this client", cached.IncidentCount)
	}
	// ... until this client refreshes the alert and the operation ends.
	op, err := c.RefreshAlert(ctx, builtin(ga))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitOperation(ctx, op); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	after := getAlert(t, c, ga, graph.ExpandIncidents)
	if int(after.IncidentCount) != want || len(after.Incidents) != want {
		t.Errorf("after the refresh: %d incidents (%d listed), want %d", after.IncidentCount, len(after.Incidents), want)
	}
	getAlert(t, c, alerttypes.StaleSignIn, graph.ExpandIncidents)
	expectRoutes(t, srv, "alerts.list")

	// Refresh of all alerts.
	op, err = c.RefreshAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitOperation(ctx, op); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	getAlert(t, c, alerttypes.StaleSignIn, graph.ExpandIncidents)
	expectRoutes(t, srv, "alerts.list")

	// Remediation: every alert, but not the configurations.
	if err := c.RemediateIncident(ctx, builtin(ga), after.Incidents[0].ID); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	getConfiguration(t, c, ga)
	expectRoutes(t, srv)
	getAlert(t, c, alerttypes.StaleSignIn)
	expectRoutes(t, srv, "alerts.list")
}

// TestSnapshot_incidents: an incident of the snapshot is answered from it;
// one that is not listed is asked of Graph, whose 404 is the answer.
func TestSnapshot_incidents(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	direct := newClient(t, srv)
	c := newClient(t, srv, withSnapshot)
	ctx := t.Context()
	name, ids := alertWithIncidents(t, srv)

	got, err := c.GetIncident(ctx, builtin(name), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	want, err := direct.GetIncident(ctx, builtin(name), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot incident\n%+v\nwant\n%+v", got, want)
	}
	srv.ResetRequests()
	if _, err := c.GetIncident(ctx, builtin(name), ids[len(ids)-1]); err != nil {
		t.Fatal(err)
	}
	expectRoutes(t, srv)

	_, err = c.GetIncident(ctx, builtin(name), "no-such-incident")
	if !graph.IsNotFound(err) {
		t.Fatalf("missing incident: err = %v, want a 404", err)
	}
	expectRoutes(t, srv, "incidents.get")
}

// TestSnapshot_incompleteIncidents: when an alert's expanded incidents are
// fewer than its incident count, reads that need them ask Graph.
func TestSnapshot_incompleteIncidents(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	name, _ := alertWithIncidents(t, srv)
	c := newClient(t, srv, withSnapshot)
	// As if Graph had cut the expanded collection short.
	err := graph.InstallSnapshotForTest(c, func(a *graph.Alert) {
		if a.Type.Suffix == name {
			a.Incidents = a.Incidents[:0]
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	a := getAlert(t, c, name, graph.ExpandIncidents)
	if len(a.Incidents) != int(a.IncidentCount) {
		t.Errorf("%d incidents for a count of %d", len(a.Incidents), a.IncidentCount)
	}
	getAlert(t, c, name)
	getConfiguration(t, c, name)
	expectRoutes(t, srv, "alerts.get")
}

// TestSnapshot_errorsAreNotKept: a failed list fails the reads waiting for
// it; the next read asks again.
func TestSnapshot_errorsAreNotKept(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, withSnapshot, func(cfg *graph.Config) { cfg.MaxRetries = -1 })
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Route: "alerts.list", Status: 500, Code: "InternalServerError", Message: "boom", Count: 1})

	_, err := c.GetConfiguration(t.Context(), builtin(alerttypes.StaleSignIn))
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.StatusCode != 500 {
		t.Fatalf("err = %v, want the list's 500", err)
	}
	getConfiguration(t, c, alerttypes.StaleSignIn)
	expectRoutes(t, srv, "alerts.list", "alerts.list")
}

// TestSnapshot_cancelledReader: a read that gives up does not fail the
// others waiting for the same list.
func TestSnapshot_cancelledReader(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t, mockgraph.WithLatency(300*time.Millisecond))
	c := newClient(t, srv, withSnapshot)

	short, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	var shortErr, longErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		_, shortErr = c.GetConfiguration(short, builtin(alerttypes.StaleSignIn))
	}()
	go func() {
		defer wg.Done()
		_, longErr = c.GetConfiguration(t.Context(), builtin(alerttypes.RedundantAssignment))
	}()
	wg.Wait()
	if !errors.Is(shortErr, context.DeadlineExceeded) {
		t.Errorf("short read: err = %v, want its deadline", shortErr)
	}
	if longErr != nil {
		t.Errorf("long read: %v", longErr)
	}
	expectRoutes(t, srv, "alerts.list")
}

// TestSnapshot_listBeforeWrite: a list requested before a write does not
// answer a read of what the write changed, even when it arrives after it.
func TestSnapshot_listBeforeWrite(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, withSnapshot)
	ctx := t.Context()
	name := alerttypes.StaleSignIn
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultLatency, Route: "alerts.list", Latency: 500 * time.Millisecond, Count: 1})
	wasActive := srv.Alert(name).IsActive

	early := make(chan error, 1)
	go func() {
		_, err := c.GetAlert(ctx, builtin(alerttypes.RedundantAssignment))
		early <- err
	}()
	// Let the slow list go out (the token request comes first), then write
	// while it is under way.
	time.Sleep(200 * time.Millisecond)
	if err := c.SetAlertActive(ctx, builtin(name), !wasActive); err != nil {
		t.Fatal(err)
	}
	a := getAlert(t, c, name)
	if a.IsActive == wasActive {
		t.Errorf("isActive = %v: the read was answered by the list requested before the write", a.IsActive)
	}
	if err := <-early; err != nil {
		t.Fatal(err)
	}
	if n := countRoute(srv, "alerts.list"); n != 2 {
		t.Errorf("%d lists, want 2 (the slow one and one after the write)", n)
	}
}

// TestSnapshot_tenantFromList: with a domain as tenant, the snapshot's list
// also yields the tenant id, so no separate request resolves it.
func TestSnapshot_tenantFromList(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, withSnapshot, func(cfg *graph.Config) { cfg.TenantID = "contoso.onmicrosoft.com" })
	ctx := t.Context()
	getConfiguration(t, c, alerttypes.StaleSignIn)
	tenant, err := c.TenantID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tenant != srv.TenantID() {
		t.Errorf("tenant = %q, want %q", tenant, srv.TenantID())
	}
	if err := c.SetAlertActive(ctx, builtin(alerttypes.StaleSignIn), false); err != nil {
		t.Fatal(err)
	}
	expectRoutes(t, srv, "alerts.list", "alerts.patch")

	c = newClient(t, srv, withSnapshot, func(cfg *graph.Config) { cfg.TenantID = "" })
	srv.ResetRequests()
	if tenant, err := c.TenantID(ctx); err != nil || tenant != srv.TenantID() {
		t.Fatalf("TenantID = %q, %v", tenant, err)
	}
	getAlert(t, c, alerttypes.StaleSignIn, graph.ExpandIncidents)
	expectRoutes(t, srv, "alerts.list")
}

// TestSnapshot_noAlertType: the zero AlertType fails before any request,
// as without the snapshot.
func TestSnapshot_noAlertType(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, withSnapshot)
	if _, err := c.GetAlert(t.Context(), alerttypes.AlertType{}); !errors.Is(err, graph.ErrNoAlertType) {
		t.Errorf("GetAlert: err = %v", err)
	}
	if _, err := c.GetConfiguration(t.Context(), alerttypes.AlertType{}); !errors.Is(err, graph.ErrNoAlertType) {
		t.Errorf("GetConfiguration: err = %v", err)
	}
	expectRoutes(t, srv)
}

// TestSnapshot_concurrentReadsAndWrites exercises the snapshot under the
// race detector: readers and writers of every alert type at once. Every read
// made after a write of this client sees it.
func TestSnapshot_concurrentReadsAndWrites(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t, mockgraph.WithLatency(5*time.Millisecond))
	c := newClient(t, srv, withSnapshot)
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for round := range 3 {
		for _, name := range catalogue.Names() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				active := round%2 == 0
				if err := c.SetAlertActive(ctx, builtin(name), active); err != nil {
					errs <- err
					return
				}
				a, err := c.GetAlert(ctx, builtin(name), graph.ExpandIncidents)
				if err != nil {
					errs <- err
					return
				}
				if a.IsActive != active {
					errs <- errors.New(name + ": a read after the write does not see it")
				}
				if _, err := c.GetConfiguration(ctx, builtin(name)); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	writes := 3 * len(catalogue.Names())
	if lists := countRoute(srv, "alerts.list"); lists > writes+1 {
		t.Errorf("%d lists for %d writes", lists, writes)
	}
}

// A 404 of the snapshot's list (a proxy, an expired next link) says nothing
// about one alert or configuration: reading one fails, but not as "not
// found", which would drop every resource from the state. The object's own
// 404 still is one.
func TestSnapshotListNotFoundIsNotTheObjects(t *testing.T) {
	srv := mockgraph.New(t)
	c := newClient(t, srv, withSnapshot)
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Route: "alerts.list", Status: http.StatusNotFound, Code: "NotFound", Message: "gone", Count: 2})
	stale := builtin(alerttypes.StaleSignIn)
	if _, err := c.GetConfiguration(t.Context(), stale); err == nil || graph.IsNotFound(err) || !strings.Contains(err.Error(), "404") {
		t.Errorf("GetConfiguration: %v; want the list's 404, not IsNotFound", err)
	}
	if _, err := c.GetAlert(t.Context(), stale); err == nil || graph.IsNotFound(err) {
		t.Errorf("GetAlert: %v; want the list's 404, not IsNotFound", err)
	}
	if _, err := c.GetIncident(t.Context(), stale, "no-such-incident"); !graph.IsNotFound(err) {
		t.Errorf("GetIncident of a missing incident: %v; want IsNotFound", err)
	}
}

// An alert's expanded incidents may come as a first page with
// alertIncidents@odata.nextLink (an option of the simulator: Graph's
// paging of them is not documented); reads of the alert, with the read
// snapshot or without, return every incident either way.
func TestExpandedIncidentsPaged(t *testing.T) {
	t.Parallel()
	for _, v := range mockgraph.ExpandedIncidentsVariants {
		for _, snapshot := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/snapshot=%v", v, snapshot), func(t *testing.T) {
				t.Parallel()
				srv := mockgraph.New(t, mockgraph.WithExpandedIncidents(v), mockgraph.WithPageSize(2))
				c := newClient(t, srv, func(cfg *graph.Config) { cfg.ReadSnapshot = snapshot })
				typ := alerttypes.RedundantAssignment
				want := srv.Alert(typ).IncidentCount
				if want <= 2 {
					t.Fatalf("the seed's %s has %d incidents; the test needs more than a page", typ, want)
				}
				a, err := c.GetAlert(t.Context(), builtin(typ), graph.ExpandIncidents)
				if err != nil {
					t.Fatal(err)
				}
				if len(a.Incidents) != want {
					t.Errorf("%d incidents, want all %d", len(a.Incidents), want)
				}
			})
		}
	}
}
