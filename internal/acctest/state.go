package acctest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// State is what a live test may change in a tenant and must put back: each
// alert's isActive and each configuration's isEnabled and thresholds, as
// Graph lists them. Timestamps and incidents are PIM's own.
type State struct {
	Active         map[string]bool
	Configurations map[string]graph.Configuration
}

// ReadState lists the tenant's alerts and configurations through Graph.
func ReadState(ctx context.Context, c *graph.Client) (*State, error) {
	alerts, err := c.ListAlerts(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the alerts: %w", err)
	}
	cfgs, err := c.ListConfigurations(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the configurations: %w", err)
	}
	s := &State{Active: map[string]bool{}, Configurations: map[string]graph.Configuration{}}
	for _, a := range alerts {
		s.Active[a.Type.Suffix] = a.IsActive
	}
	for _, cfg := range cfgs {
		s.Configurations[cfg.Type.Suffix] = cfg
	}
	return s, nil
}

// Diff lists how other differs from s, one line per alert type and value.
func (s *State) Diff(other *State) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(s.Active)) {
		if got, ok := other.Active[name]; !ok || got != s.Active[name] {
			out = append(out, fmt.Sprintf("%s: isActive %v, was %v", name, got, s.Active[name]))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Configurations)) {
		was, got := s.Configurations[name], other.Configurations[name]
		if got.Enabled != was.Enabled {
			out = append(out, fmt.Sprintf("%s: isEnabled %v, was %v", name, got.Enabled, was.Enabled))
		}
		for _, f := range was.Type.Fields {
			if w, g := was.Thresholds[f.GraphName], got.Thresholds[f.GraphName]; w != g {
				out = append(out, fmt.Sprintf("%s: %s %s, was %s", name, f.GraphName, f.Format(g), f.Format(w)))
			}
		}
	}
	return out
}

// Restore writes back, through Graph, whatever of s the tenant no longer
// has: configurations first (in full), then each alert's isActive.
func (s *State) Restore(ctx context.Context, c *graph.Client) error {
	now, err := ReadState(ctx, c)
	if err != nil {
		return err
	}
	var errs []string
	for _, name := range slices.Sorted(maps.Keys(s.Configurations)) {
		was, got := s.Configurations[name], now.Configurations[name]
		if sameConfiguration(was, got) {
			continue
		}
		enabled := was.Enabled
		u := graph.ConfigurationUpdate{Enabled: &enabled, Thresholds: was.Thresholds.Clone()}
		if err := c.UpdateConfiguration(ctx, was.Type, u); err != nil {
			errs = append(errs, err.Error())
		}
	}
	cat := c.Catalogue()
	for _, name := range slices.Sorted(maps.Keys(s.Active)) {
		if now.Active[name] == s.Active[name] {
			continue
		}
		at, ok := cat.Lookup(name)
		if !ok {
			at = alerttypes.AlertType{Suffix: name}
		}
		if err := c.SetAlertActive(ctx, at, s.Active[name]); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("restoring the tenant: %s", strings.Join(errs, "; "))
	}
	return nil
}

func sameConfiguration(a, b graph.Configuration) bool {
	if a.Enabled != b.Enabled {
		return false
	}
	for _, f := range a.Type.Fields {
		if a.Thresholds[f.GraphName] != b.Thresholds[f.GraphName] {
			return false
		}
	}
	return true
}

// CleanupT is what KeepState needs of a test: *testing.T, or a stand-in in
// the helper's own tests.
type CleanupT interface {
	Helper()
	Cleanup(func())
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// restoreTimeout bounds the restore of one test's changes.
const restoreTimeout = 5 * time.Minute

// KeepState records the tenant's state now and registers a cleanup, run
// however the test ends (a failed step, t.Fatal, a panic in a step), that
// restores it through Graph and fails the test if the tenant still differs.
func KeepState(t CleanupT, c *graph.Client) {
	t.Helper()
	before, err := ReadState(context.Background(), c)
	if err != nil {
		t.Fatalf("recording the tenant's state before the test: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), restoreTimeout)
		defer cancel()
		if err := before.Restore(ctx, c); err != nil {
			t.Errorf("%v", err)
		}
		after, err := ReadState(ctx, c)
		if err != nil {
			t.Errorf("reading the tenant after restoring it: %v", err)
			return
		}
		if diff := before.Diff(after); len(diff) > 0 {
			t.Errorf("the test left the tenant changed:\n%s", strings.Join(diff, "\n"))
		}
	})
}
