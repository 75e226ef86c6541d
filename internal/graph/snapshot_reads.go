package graph

import (
	"context"
	"slices"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// The reads the snapshot answers, and the copies it hands out.

// alert answers GetAlert: ok is false when the snapshot is disabled, no
// alert type is given (GetAlert reports that), a definition is asked for,
// or the snapshot has no complete answer.
func (s *snapshot) alert(ctx context.Context, at alerttypes.AlertType, expand []Expand) (a *Alert, ok bool, err error) {
	if s == nil || at.Suffix == "" || expands(expand, ExpandDefinition) {
		return nil, false, nil
	}
	withConfig, withIncidents := expands(expand, ExpandConfiguration), expands(expand, ExpandIncidents)
	served, err := s.view(ctx, func(gen uint64) bool {
		return s.fresh(at.Suffix, partAlert, gen) && (!withConfig || s.fresh(at.Suffix, partConfiguration, gen))
	}, func() {
		cached, found := s.alerts[at.Suffix]
		if !found || withConfig && cached.Configuration == nil || withIncidents && s.incomplete[at.Suffix] {
			return
		}
		out := copyAlert(cached, withConfig, withIncidents)
		a = &out
	})
	return a, served && a != nil, err
}

// configuration answers GetConfiguration; ok as for alert.
func (s *snapshot) configuration(ctx context.Context, at alerttypes.AlertType) (cfg *Configuration, ok bool, err error) {
	if s == nil || at.Suffix == "" {
		return nil, false, nil
	}
	served, err := s.view(ctx, func(gen uint64) bool {
		return s.fresh(at.Suffix, partConfiguration, gen)
	}, func() {
		if cached, found := s.alerts[at.Suffix]; found && cached.Configuration != nil {
			out := copyConfiguration(*cached.Configuration)
			cfg = &out
		}
	})
	return cfg, served && cfg != nil, err
}

// incident answers GetIncident; ok is false also when the incident is not
// listed in its alert.
func (s *snapshot) incident(ctx context.Context, at alerttypes.AlertType, incidentID string) (inc *Incident, ok bool, err error) {
	if s == nil || at.Suffix == "" {
		return nil, false, nil
	}
	served, err := s.view(ctx, func(gen uint64) bool {
		return s.fresh(at.Suffix, partAlert, gen)
	}, func() {
		for _, cached := range s.alerts[at.Suffix].Incidents {
			if cached.ID == incidentID {
				out := cached
				inc = &out
				return
			}
		}
	})
	return inc, served && inc != nil, err
}

// copyAlert copies a snapshot alert with only the expansions asked for, so
// callers can change what they get.
func copyAlert(a Alert, withConfig, withIncidents bool) Alert {
	out := a
	out.LastModified, out.LastScanned = copyTime(a.LastModified), copyTime(a.LastScanned)
	out.Definition = nil
	out.Configuration = nil
	out.Incidents = nil
	if withConfig && a.Configuration != nil {
		cfg := copyConfiguration(*a.Configuration)
		out.Configuration = &cfg
	}
	if withIncidents {
		out.Incidents = slices.Clone(a.Incidents)
		if out.Incidents == nil {
			out.Incidents = []Incident{}
		}
	}
	return out
}

func copyTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := *t
	return &u
}

func copyConfiguration(c Configuration) Configuration {
	c.Thresholds = c.Thresholds.Clone()
	return c
}
