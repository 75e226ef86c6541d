package graph_test

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

const scopeFilter = "scopeId eq '/' and scopeType eq 'DirectoryRole'"

func TestListAlerts(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)

	var got []string
	list := func(ctx context.Context) ([]graph.Alert, error) { return c.ListAlerts(ctx) }
	checkList(t, srv, "alerts.list", list, func(a graph.Alert) {
		got = append(got, a.Type.Suffix)
		if a.ID != srv.AlertID(a.Type.Suffix) || a.TenantID != srv.TenantID() {
			t.Errorf("alert %+v: id/tenant do not match the simulator", a)
		}
		if a.Definition != nil || a.Configuration != nil || a.Incidents != nil {
			t.Errorf("%s: expansions set without $expand", a.Type.Suffix)
		}
		st := srv.Alert(a.Type.Suffix)
		if a.IsActive != st.IsActive || int(a.IncidentCount) != st.IncidentCount {
			t.Errorf("%s: active=%v count=%d, simulator has %v/%d", a.Type.Suffix, a.IsActive, a.IncidentCount, st.IsActive, st.IncidentCount)
		}
		checkTime(t, a.Type.Suffix+" lastModified", a.LastModified, st.LastModified)
		checkTime(t, a.Type.Suffix+" lastScanned", a.LastScanned, st.LastScanned)
	})
	sort.Strings(got)
	if want := catalogue.Names(); !equalStrings(got, want) {
		t.Errorf("alert types = %v, want %v", got, want)
	}
}

// checkTime compares a client time with the simulator's; the zero time is
// served as the 0001-01-01T08:00:00Z sentinel and must come back nil.
func checkTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if want.IsZero() {
		if got != nil {
			t.Errorf("%s = %v, want nil for the never-fired sentinel", what, got)
		}
		return
	}
	if got == nil {
		t.Errorf("%s = nil, want %v", what, want)
		return
	}
	if d := got.Sub(want); d > time.Millisecond || d < -time.Millisecond {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestListAlertsExpanded(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)

	list := func(ctx context.Context) ([]graph.Alert, error) {
		return c.ListAlerts(ctx, graph.ExpandDefinition, graph.ExpandConfiguration, graph.ExpandIncidents)
	}
	checkList(t, srv, "alerts.list", list, func(a graph.Alert) {
		at, _ := catalogue.Lookup(a.Type.Suffix)
		if a.Definition == nil || a.Definition.DisplayName != at.DisplayName {
			t.Errorf("%s: definition %+v", a.Type.Suffix, a.Definition)
		}
		if a.Configuration == nil || a.Configuration.ODataType != at.ConfigurationODataType {
			t.Errorf("%s: configuration %+v", a.Type.Suffix, a.Configuration)
		} else {
			checkConfiguration(t, srv, *a.Configuration)
		}
		if a.Incidents == nil {
			t.Errorf("%s: incidents nil although expanded", a.Type.Suffix)
		}
		if len(a.Incidents) != len(srv.Incidents(a.Type.Suffix)) {
			t.Errorf("%s: %d incidents, simulator has %d", a.Type.Suffix, len(a.Incidents), len(srv.Incidents(a.Type.Suffix)))
		}
	})
	q, _ := url.ParseQuery(srv.GraphRequests()[0].Query)
	if got := q.Get("$expand"); got != "alertDefinition,alertConfiguration,alertIncidents" {
		t.Errorf("$expand = %q", got)
	}
}

func TestGetAlert(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)

	get := func(ctx context.Context, at alerttypes.AlertType) (*graph.Alert, error) {
		return c.GetAlert(ctx, at, graph.ExpandIncidents)
	}
	checkGetEach(t, get, func(name string, a *graph.Alert) {
		st := srv.Alert(name)
		if a.ID != st.ID || a.Type.Suffix != name || a.IsActive != st.IsActive || int(a.IncidentCount) != st.IncidentCount {
			t.Errorf("%s: got %+v, simulator %+v", name, a, st)
		}
		checkTime(t, name+" lastModified", a.LastModified, st.LastModified)
		if a.Incidents == nil || len(a.Incidents) != len(st.IncidentIDs) {
			t.Errorf("%s: incidents %v, simulator ids %v", name, a.Incidents, st.IncidentIDs)
		}
	})
	if n := countRoute(srv, "alerts.list"); n != 0 {
		t.Errorf("%d alert lists although the tenant id is configured", n)
	}
}

// TestTenantResolution: without a GUID tenant id the client reads it once
// from the alert list, also under concurrent first use.
func TestTenantResolution(t *testing.T) {
	t.Parallel()
	for name, tenant := range map[string]string{"empty": "", "domain": "contoso.onmicrosoft.com"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, c := simulated(t, func(cfg *graph.Config) { cfg.TenantID = tenant })

			var wg sync.WaitGroup
			errs := make(chan error, 5)
			for range 5 {
				wg.Go(func() {
					_, err := c.GetAlert(t.Context(), builtin(alerttypes.StaleSignIn))
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			got, err := c.TenantID(t.Context())
			if err != nil || got != srv.TenantID() {
				t.Errorf("TenantID = %q, %v; want %q", got, err, srv.TenantID())
			}
			if n := countRoute(srv, "alerts.list"); n != 1 {
				t.Errorf("%d alert lists, want 1 (cached); routes %v", n, routes(srv))
			}
			for _, r := range srv.GraphRequests() {
				if r.Route == "alerts.list" {
					if q, _ := url.ParseQuery(r.Query); q.Get("$filter") != scopeFilter {
						t.Errorf("tenant lookup without the scope filter: %q", r.Query)
					}
				}
			}
		})
	}
}

// TestNoAlertType: the zero AlertType fails before any request.
func TestNoAlertType(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, func(cfg *graph.Config) { cfg.TenantID = "" })
	ctx := t.Context()
	var none alerttypes.AlertType

	calls := map[string]func() error{
		"GetAlert":            func() error { _, err := c.GetAlert(ctx, none); return err },
		"SetAlertActive":      func() error { return c.SetAlertActive(ctx, none, false) },
		"RefreshAlert":        func() error { _, err := c.RefreshAlert(ctx, none); return err },
		"ListIncidents":       func() error { _, err := c.ListIncidents(ctx, none); return err },
		"GetIncident":         func() error { _, err := c.GetIncident(ctx, none, "x"); return err },
		"RemediateIncident":   func() error { return c.RemediateIncident(ctx, none, "x") },
		"GetConfiguration":    func() error { _, err := c.GetConfiguration(ctx, none); return err },
		"UpdateConfiguration": func() error { return c.UpdateConfiguration(ctx, none, graph.ConfigurationUpdate{Enabled: ptr(true)}) },
		"GetDefinition":       func() error { _, err := c.GetDefinition(ctx, none); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, graph.ErrNoAlertType) {
			t.Errorf("%s: error %v does not wrap ErrNoAlertType", name, err)
		}
	}
	if reqs := srv.GraphRequests(); len(reqs) != 0 {
		t.Errorf("requests sent without an alert type: %v", routes(srv))
	}
}

func TestSetAlertActive(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	name := alerttypes.TooManyGlobalAdmins
	srv.SetAlertActive(name, true)

	if err := c.SetAlertActive(t.Context(), builtin(name), false); err != nil {
		t.Fatal(err)
	}
	if srv.Alert(name).IsActive {
		t.Error("alert still active after dismissal")
	}
	writes := srv.WriteRequests()
	if len(writes) != 1 || writes[0].Route != "alerts.patch" || writes[0].Method != "PATCH" {
		t.Fatalf("writes = %+v", writes)
	}
	if got := jsonBody(t, writes[0].Body); len(got) != 1 || got["isActive"] != false {
		t.Errorf("body = %s, want {\"isActive\":false}", writes[0].Body)
	}
	if writes[0].Path != "/beta/identityGovernance/roleManagementAlerts/alerts/"+srv.AlertID(name) {
		t.Errorf("path = %s", writes[0].Path)
	}

	if err := c.SetAlertActive(t.Context(), builtin(name), true); err != nil {
		t.Fatal(err)
	}
	if !srv.Alert(name).IsActive {
		t.Error("alert not re-activated")
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A tenant_id GUID in upper case is the tenant Graph writes in lower case:
// the tenant id (and so the resources' identity) does not depend on how it
// was written.
func TestTenantIDUpperCase(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	c := newClient(t, srv, func(cfg *graph.Config) { cfg.TenantID = strings.ToUpper(srv.TenantID()) })
	if got, err := c.TenantID(t.Context()); err != nil || got != srv.TenantID() {
		t.Errorf("TenantID = %q, %v; want %q", got, err, srv.TenantID())
	}
	if _, err := c.GetAlert(t.Context(), builtin(alerttypes.StaleSignIn)); err != nil {
		t.Error(err)
	}
}
