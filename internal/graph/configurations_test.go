package graph_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// checkConfiguration compares a configuration read by the client with the
// simulator's stored one: same type, isEnabled and thresholds, durations as
// the exact strings Graph sent.
func checkConfiguration(t *testing.T, srv *mockgraph.Server, got graph.Configuration) {
	t.Helper()
	at, ok := alerttypes.Lookup(got.AlertType)
	if !ok {
		t.Errorf("configuration %s: unknown alert type %q", got.ID, got.AlertType)
		return
	}
	want := srv.Configuration(at.Suffix)
	if got.ID != srv.AlertID(at.Suffix) || got.ODataType != at.ConfigurationODataType || got.ODataType != want["@odata.type"] {
		t.Errorf("%s: id %q type %q, simulator %v", at.Suffix, got.ID, got.ODataType, want)
	}
	if got.Enabled != want["isEnabled"] {
		t.Errorf("%s: enabled %v, simulator %v", at.Suffix, got.Enabled, want["isEnabled"])
	}
	if n := len(got.Ints) + len(got.Durations); n != len(at.Fields) {
		t.Errorf("%s: thresholds ints=%v durations=%v, catalogue has %d", at.Suffix, got.Ints, got.Durations, len(at.Fields))
	}
	for _, f := range at.Fields {
		switch f.Kind {
		case alerttypes.Int:
			if v, ok := got.Ints[f.GraphName]; !ok || fmt.Sprint(v) != fmt.Sprint(want[f.GraphName]) {
				t.Errorf("%s.%s = %v (present %v), simulator %v", at.Suffix, f.GraphName, v, ok, want[f.GraphName])
			}
		case alerttypes.Duration:
			if v, ok := got.Durations[f.GraphName]; !ok || v != want[f.GraphName] {
				t.Errorf("%s.%s = %q (present %v), simulator %v", at.Suffix, f.GraphName, v, ok, want[f.GraphName])
			}
		}
	}
}

func TestListConfigurations(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	c := newClient(t, srv)

	cfgs, err := c.ListConfigurations(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(cfgs) != len(alerttypes.Names()) {
		t.Fatalf("%d configurations", len(cfgs))
	}
	for _, cfg := range cfgs {
		checkConfiguration(t, srv, cfg)
	}
	reqs := srv.GraphRequests()
	if len(reqs) != 1 || reqs[0].Route != "configurations.list" {
		t.Fatalf("routes %v", routes(srv))
	}
	if q, _ := url.ParseQuery(reqs[0].Query); q.Get("$filter") != scopeFilter {
		t.Errorf("$filter = %q", q.Get("$filter"))
	}
}

// TestGetConfiguration also covers the default "PT10S" of
// timeIntervalBetweenActivations, which the SDK's own parser reads as zero.
func TestGetConfiguration(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	c := newClient(t, srv)
	for _, name := range alerttypes.Names() {
		cfg, err := c.GetConfiguration(t.Context(), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkConfiguration(t, srv, *cfg)
	}
	if err := srv.SetConfiguration(alerttypes.SequentialActivation, map[string]any{"timeIntervalBetweenActivations": "PT10S"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := c.GetConfiguration(t.Context(), alerttypes.SequentialActivation)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Durations["timeIntervalBetweenActivations"]; got != "PT10S" {
		t.Errorf("timeIntervalBetweenActivations = %q, want PT10S", got)
	}
}

func TestUpdateConfiguration(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	tests := []struct {
		name      string
		alertType string
		update    graph.ConfigurationUpdate
		wantBody  map[string]any
	}{
		{
			name:      "one int",
			alertType: alerttypes.TooManyGlobalAdmins,
			update:    graph.ConfigurationUpdate{Ints: map[string]int32{"globalAdminCountThreshold": 5}},
			wantBody: map[string]any{
				"@odata.type":               "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration",
				"globalAdminCountThreshold": float64(5),
			},
		},
		{
			name:      "enabled only",
			alertType: alerttypes.NoMfaOnRoleActivation,
			update:    graph.ConfigurationUpdate{Enabled: ptr(false)},
			wantBody: map[string]any{
				"@odata.type": "#microsoft.graph.noMfaOnRoleActivationAlertConfiguration",
				"isEnabled":   false,
			},
		},
		{
			name:      "whole weeks",
			alertType: alerttypes.StaleSignIn,
			update:    graph.ConfigurationUpdate{Durations: map[string]time.Duration{"duration": 14 * day}},
			wantBody: map[string]any{
				"@odata.type": "#microsoft.graph.staleSignInAlertConfiguration",
				"duration":    "P14D",
			},
		},
		{
			name:      "everything",
			alertType: alerttypes.SequentialActivation,
			update: graph.ConfigurationUpdate{
				Enabled:   ptr(true),
				Ints:      map[string]int32{"sequentialActivationCounterThreshold": 4},
				Durations: map[string]time.Duration{"timeIntervalBetweenActivations": 90 * time.Minute},
			},
			wantBody: map[string]any{
				"@odata.type":                          "#microsoft.graph.sequentialActivationRenewalsAlertConfiguration",
				"isEnabled":                            true,
				"sequentialActivationCounterThreshold": float64(4),
				"timeIntervalBetweenActivations":       "PT1H30M",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := mockgraph.New(t)
			c := newClient(t, srv)
			before := srv.Configuration(tt.alertType)

			if err := c.UpdateConfiguration(t.Context(), tt.alertType, tt.update); err != nil {
				t.Fatal(err)
			}
			writes := srv.WriteRequests()
			if len(writes) != 1 || writes[0].Route != "configurations.patch" || writes[0].Method != "PATCH" {
				t.Fatalf("writes %+v", writes)
			}
			if got := jsonBody(t, writes[0].Body); fmt.Sprint(got) != fmt.Sprint(tt.wantBody) {
				t.Errorf("body = %s, want %v", writes[0].Body, tt.wantBody)
			}

			after := srv.Configuration(tt.alertType)
			cfg, err := c.GetConfiguration(t.Context(), tt.alertType)
			if err != nil {
				t.Fatal(err)
			}
			checkConfiguration(t, srv, *cfg)
			for k, v := range before {
				want := v
				if b, ok := tt.wantBody[k]; ok && k != "@odata.type" {
					want = b
				}
				if s, ok := want.(string); ok && k != "@odata.type" {
					if !isoduration.Equal(fmt.Sprint(after[k]), s) {
						t.Errorf("%s after update = %v, want %v", k, after[k], s)
					}
					continue
				}
				if fmt.Sprint(after[k]) != fmt.Sprint(want) {
					t.Errorf("%s after update = %v, want %v", k, after[k], want)
				}
			}
		})
	}
}

// TestUpdateConfigurationRejects: invalid updates fail before any request.
func TestUpdateConfigurationRejects(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	c := newClient(t, srv)
	bad := map[string]struct {
		alertType string
		update    graph.ConfigurationUpdate
	}{
		"foreign int":       {alerttypes.StaleSignIn, graph.ConfigurationUpdate{Ints: map[string]int32{"globalAdminCountThreshold": 4}}},
		"no thresholds":     {alerttypes.InvalidLicense, graph.ConfigurationUpdate{Durations: map[string]time.Duration{"duration": time.Hour}}},
		"int as duration":   {alerttypes.TooManyGlobalAdmins, graph.ConfigurationUpdate{Durations: map[string]time.Duration{"globalAdminCountThreshold": time.Hour}}},
		"zero duration":     {alerttypes.RedundantAssignment, graph.ConfigurationUpdate{Durations: map[string]time.Duration{"duration": 0}}},
		"negative duration": {alerttypes.StaleSignIn, graph.ConfigurationUpdate{Enabled: ptr(true), Durations: map[string]time.Duration{"duration": -time.Hour}}},
		"unknown property":  {alerttypes.SequentialActivation, graph.ConfigurationUpdate{Ints: map[string]int32{"sequentialActivationCount": 3}}},
	}
	for name, b := range bad {
		if err := c.UpdateConfiguration(t.Context(), b.alertType, b.update); err == nil {
			t.Errorf("%s: accepted", name)
		} else if _, ok := err.(*graph.Error); ok {
			t.Errorf("%s: validation error is a Graph error: %v", name, err)
		}
	}
	// An empty update sends nothing.
	if err := c.UpdateConfiguration(t.Context(), alerttypes.StaleSignIn, graph.ConfigurationUpdate{}); err != nil {
		t.Errorf("empty update: %v", err)
	}
	if reqs := srv.GraphRequests(); len(reqs) != 0 {
		t.Errorf("requests sent: %v", routes(srv))
	}
}
