package graph_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// checkConfiguration compares a configuration read by the client with the
// simulator's stored one: same type, isEnabled and thresholds, each as Graph
// sent it.
func checkConfiguration(t *testing.T, srv *mockgraph.Server, got graph.Configuration) {
	t.Helper()
	at, ok := knownType(t, "configuration", got.ID, got.Type)
	if !ok {
		return
	}
	want := srv.Configuration(at.Suffix)
	if got.ID != srv.AlertID(at.Suffix) || got.ODataType != at.ConfigurationODataType || got.ODataType != want["@odata.type"] {
		t.Errorf("%s: id %q type %q, simulator %v", at.Suffix, got.ID, got.ODataType, want)
	}
	if got.Enabled != want["isEnabled"] {
		t.Errorf("%s: enabled %v, simulator %v", at.Suffix, got.Enabled, want["isEnabled"])
	}
	if n := len(got.Thresholds); n != len(at.Fields) {
		t.Errorf("%s: thresholds %v, catalogue has %d", at.Suffix, got.Thresholds, len(at.Fields))
	}
	for _, f := range at.Fields {
		if v, ok := got.Thresholds[f.GraphName]; !ok || fmt.Sprint(f.Encode(v)) != fmt.Sprint(want[f.GraphName]) {
			t.Errorf("%s.%s = %s (present %v), simulator %v", at.Suffix, f.GraphName, f.Format(v), ok, want[f.GraphName])
		}
	}
}

func TestListConfigurations(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	checkList(t, srv, "configurations.list", c.ListConfigurations, func(cfg graph.Configuration) { checkConfiguration(t, srv, cfg) })
}

// TestGetConfiguration also covers the default "PT10S" of
// timeIntervalBetweenActivations, which the SDK's own parser reads as zero.
func TestGetConfiguration(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	checkGetEach(t, c.GetConfiguration, func(_ string, cfg *graph.Configuration) { checkConfiguration(t, srv, *cfg) })
	if err := srv.SetConfiguration(alerttypes.SequentialActivation, map[string]any{"timeIntervalBetweenActivations": "PT10S"}); err != nil {
		t.Fatal(err)
	}
	cfg := getConfiguration(t, c, alerttypes.SequentialActivation)
	if got := cfg.Thresholds["timeIntervalBetweenActivations"]; got != alerttypes.DurationValue(10*time.Second) {
		t.Errorf("timeIntervalBetweenActivations = %v, want 10s", got.Duration)
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
			update:    graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"globalAdminCountThreshold": alerttypes.IntValue(5)}},
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
			update:    graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"duration": alerttypes.DurationValue(14 * day)}},
			wantBody: map[string]any{
				"@odata.type": "#microsoft.graph.staleSignInAlertConfiguration",
				"duration":    "P14D",
			},
		},
		{
			name:      "everything",
			alertType: alerttypes.SequentialActivation,
			update: graph.ConfigurationUpdate{
				Enabled: ptr(true),
				Thresholds: alerttypes.Values{
					"sequentialActivationCounterThreshold": alerttypes.IntValue(4),
					"timeIntervalBetweenActivations":       alerttypes.DurationValue(90 * time.Minute),
				},
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
			srv, c := simulated(t)
			before := srv.Configuration(tt.alertType)

			if err := c.UpdateConfiguration(t.Context(), builtin(tt.alertType), tt.update); err != nil {
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
			cfg := getConfiguration(t, c, tt.alertType)
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
	srv, c := simulated(t)
	bad := map[string]struct {
		alertType string
		update    graph.ConfigurationUpdate
	}{
		"foreign int":       {alerttypes.StaleSignIn, graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"globalAdminCountThreshold": alerttypes.IntValue(4)}}},
		"no thresholds":     {alerttypes.InvalidLicense, graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"duration": alerttypes.DurationValue(time.Hour)}}},
		"zero duration":     {alerttypes.RedundantAssignment, graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"duration": {}}}},
		"negative duration": {alerttypes.StaleSignIn, graph.ConfigurationUpdate{Enabled: ptr(true), Thresholds: alerttypes.Values{"duration": alerttypes.DurationValue(-time.Hour)}}},
		"unknown property":  {alerttypes.SequentialActivation, graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"sequentialActivationCount": alerttypes.IntValue(3)}}},
	}
	for name, b := range bad {
		if err := c.UpdateConfiguration(t.Context(), builtin(b.alertType), b.update); err == nil {
			t.Errorf("%s: accepted", name)
		} else if _, ok := err.(*graph.Error); ok {
			t.Errorf("%s: validation error is a Graph error: %v", name, err)
		}
	}
	// An empty update sends nothing.
	if err := c.UpdateConfiguration(t.Context(), builtin(alerttypes.StaleSignIn), graph.ConfigurationUpdate{}); err != nil {
		t.Errorf("empty update: %v", err)
	}
	if reqs := srv.GraphRequests(); len(reqs) != 0 {
		t.Errorf("requests sent: %v", routes(srv))
	}
}
