package graph

import (
	"context"
	"slices"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// reader serves the reads a Terraform refresh repeats for every resource,
// and hears of the writes that change what they return. New chooses one
// for the Client's life: direct, which asks Graph every time, or the read
// snapshot (Config.ReadSnapshot, snapshot.go), which answers from one list
// of every alert and asks Graph only for what the list cannot answer.
type reader interface {
	alert(ctx context.Context, at alerttypes.AlertType, expand []Expand) (*Alert, error)
	configuration(ctx context.Context, at alerttypes.AlertType) (*Configuration, error)
	incident(ctx context.Context, at alerttypes.AlertType, incidentID string) (*Incident, error)
	// loadTenant reads what resolves the tenant id when that read also
	// serves later reads (the snapshot's list); direct reads nothing.
	loadTenant(ctx context.Context) error
	// wrote records that a write changed part p of the alert of alertType
	// (allAlerts: of every alert), also when it failed: the request may
	// have reached Graph.
	wrote(alertType string, p part)
	// refreshing records the alert type a refresh operation scans, so that
	// operationEnded, once it has ended, knows what it changed.
	refreshing(operationID, alertType string)
	operationEnded(operationID string)
	// directory is the cache of the directory reads (roles.go); nil, which
	// caches nothing, for direct.
	directory() *directoryCache
}

// allAlerts as an alert type stands for every alert.
const allAlerts = ""

// part is what a write changes of an alert.
type part uint8

const (
	// partAlert is the alert's own properties and incidents.
	partAlert part = iota
	// partConfiguration is the alert's configuration.
	partConfiguration
)

// direct reads Graph every time.
type direct struct{ c *Client }

func (d direct) alert(ctx context.Context, at alerttypes.AlertType, expand []Expand) (*Alert, error) {
	return d.c.getAlert(ctx, at, expand)
}

func (d direct) configuration(ctx context.Context, at alerttypes.AlertType) (*Configuration, error) {
	return d.c.getConfiguration(ctx, at)
}

func (d direct) incident(ctx context.Context, at alerttypes.AlertType, incidentID string) (*Incident, error) {
	return d.c.getIncident(ctx, at, incidentID)
}

func (direct) loadTenant(context.Context) error { return nil }
func (direct) wrote(string, part)               {}
func (direct) refreshing(string, string)        {}
func (direct) operationEnded(string)            {}
func (direct) directory() *directoryCache       { return nil }

// The reads of the snapshot: each answers from the installed list when it
// can, and otherwise asks Graph as direct does. Errors of the list are
// those of another request than the object's own read (ofOtherRequest).

func (s *snapshot) alert(ctx context.Context, at alerttypes.AlertType, expand []Expand) (*Alert, error) {
	a, ok, err := s.cachedAlert(ctx, at, expand)
	if ok || err != nil {
		return a, ofOtherRequest(err)
	}
	return s.c.getAlert(ctx, at, expand)
}

func (s *snapshot) configuration(ctx context.Context, at alerttypes.AlertType) (*Configuration, error) {
	cfg, ok, err := s.cachedConfiguration(ctx, at)
	if ok || err != nil {
		return cfg, ofOtherRequest(err)
	}
	return s.c.getConfiguration(ctx, at)
}

// incident asks Graph for an incident the list does not hold, so that
// Graph's 404 is the answer.
func (s *snapshot) incident(ctx context.Context, at alerttypes.AlertType, incidentID string) (*Incident, error) {
	inc, ok, err := s.cachedIncident(ctx, at, incidentID)
	if ok || err != nil {
		return inc, ofOtherRequest(err)
	}
	return s.c.getIncident(ctx, at, incidentID)
}

func (s *snapshot) directory() *directoryCache { return &s.dir }

// cachedAlert answers GetAlert: ok is false when no alert type is given
// (the read reports that), a definition is asked for, or the snapshot has
// no complete answer.
func (s *snapshot) cachedAlert(ctx context.Context, at alerttypes.AlertType, expand []Expand) (a *Alert, ok bool, err error) {
	if at.Suffix == "" || expands(expand, ExpandDefinition) {
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

// cachedConfiguration answers GetConfiguration; ok as for cachedAlert.
func (s *snapshot) cachedConfiguration(ctx context.Context, at alerttypes.AlertType) (cfg *Configuration, ok bool, err error) {
	if at.Suffix == "" {
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

// cachedIncident answers GetIncident; ok is false also when the incident
// is not listed in its alert.
func (s *snapshot) cachedIncident(ctx context.Context, at alerttypes.AlertType, incidentID string) (inc *Incident, ok bool, err error) {
	if at.Suffix == "" {
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
