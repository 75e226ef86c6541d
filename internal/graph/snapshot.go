package graph

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// The read snapshot (Config.ReadSnapshot).
//
// Graph throttles Identity Governance hard, and a plan refreshes every
// alert and configuration of a baseline. With the snapshot, the first read
// of a Client sends one request,
//
//	GET /identityGovernance/roleManagementAlerts/alerts
//	    ?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'
//	    &$expand=alertConfiguration,alertIncidents
//
// and every later GetAlert, GetConfiguration and GetIncident of the same
// Client is answered from it. Concurrent first reads wait for the same
// request. Incidents are expanded because entrapim_alert records incident ids
// and the remediation resource looks incidents up at plan time; definitions
// are not, because no resource reads them.
//
// Each alert has two parts that writes invalidate separately:
//
//   - the alert part (isActive, dates, incident count and incidents):
//     SetAlertActive invalidates its alert; RefreshAlert and the end of its
//     operation invalidate its alert; RefreshAll and the end of its
//     operation, and RemediateIncident (a removed role assignment can be an
//     incident of several alert types), invalidate every alert part;
//   - the configuration part: UpdateConfiguration invalidates it. A
//     configuration change does not change the alert itself until PIM's
//     next scan.
//
// Invalidation happens after the write returns, also when it failed (the
// request may have reached Graph). A read of an invalidated part sends the
// list again (one request refreshes every part). A list requested before an
// invalidation does not satisfy a read of what it invalidated, even when its
// answer arrives afterwards: parts carry the generation of their last
// invalidation and lists the generation at which they were requested.
//
// Reads that the snapshot cannot answer completely go to Graph as without
// it: an alert type missing from the list (its 404 then comes from Graph),
// an incident missing from its alert, incidents of an alert whose expanded
// collection Graph cut short, and anything needing a definition. Failed
// lists are not kept: the error goes to the reads waiting for that list, and
// the next read asks again. Data sources read Graph directly: they use
// ListAlerts, ListConfigurations, ListDefinitions, GetDefinition,
// ListIncidents and GetAlert with ExpandDefinition, none of which the
// snapshot serves.

// snapshotExpand are the navigation properties of the snapshot's list.
var snapshotExpand = []Expand{ExpandConfiguration, ExpandIncidents}

// maxSnapshotRounds bounds how often a read waits for a new list while
// writes keep invalidating what it needs; then it asks Graph itself.
const maxSnapshotRounds = 3

// snapshot holds the last alert list of one Client, and the answers of
// its directory reads. The zero value is not usable.
type snapshot struct {
	c *Client
	// dir caches ListRoleHoldings and ListGroupMembers.
	dir directoryCache

	mu sync.Mutex
	// gen counts invalidations; a list request records gen when it is sent.
	gen uint64
	// loaded is set once a list has been installed; installed is the gen
	// at which that list was requested.
	loaded    bool
	installed uint64
	// alerts are the installed list by alert type; incomplete names the
	// alert types whose incidents Graph may have cut short.
	alerts     map[string]Alert
	incomplete map[string]bool
	// stale holds the gen of the last invalidation of each part;
	// staleAlerts the gen of the last invalidation of every alert part.
	stale       map[staleKey]uint64
	staleAlerts uint64
	// flight is the newest list request under way, or nil.
	flight *snapshotFlight
	// operations maps refresh operations to the alert type they scan
	// (allAlerts for a refresh of all).
	operations map[string]string
}

type staleKey struct {
	alertType string
	part      part
}

// snapshotFlight is one list request that reads wait for.
type snapshotFlight struct {
	start   uint64 // snapshot.gen when it was sent
	done    chan struct{}
	cancel  context.CancelFunc
	waiters int   // reads still waiting; guarded by snapshot.mu
	err     error // set before done is closed
}

func newSnapshot(c *Client) *snapshot {
	return &snapshot{
		c:          c,
		stale:      map[staleKey]uint64{},
		operations: map[string]string{},
	}
}

// fresh reports whether a list requested at gen at is newer than the last
// invalidation of the part of alertType. Call with mu held.
func (s *snapshot) fresh(alertType string, p part, at uint64) bool {
	if p == partAlert && at < s.staleAlerts {
		return false
	}
	return at >= s.stale[staleKey{alertType, p}]
}

// view calls read with mu held once a list that satisfies fresh (given the
// gen at which a list was requested) is installed: at once when the
// installed one does, otherwise after joining a list request under way that
// satisfies fresh, or after sending a new one. It reports false when writes
// kept invalidating the list for maxSnapshotRounds lists.
func (s *snapshot) view(ctx context.Context, fresh func(at uint64) bool, read func()) (bool, error) {
	for range maxSnapshotRounds {
		s.mu.Lock()
		if s.loaded && fresh(s.installed) {
			read()
			s.mu.Unlock()
			return true, nil
		}
		f := s.flight
		if f == nil || !fresh(f.start) {
			f = s.startLocked(ctx)
		}
		f.waiters++
		s.mu.Unlock()

		select {
		case <-f.done:
			if f.err != nil {
				return false, f.err
			}
		case <-ctx.Done():
			s.leave(f)
			return false, fmt.Errorf("waiting for the alert list: %w", ctx.Err())
		}
	}
	return false, nil
}

// startLocked sends a new list request. It runs on a context of its own
// (with the values of ctx, for logging), so that a read that gives up does
// not fail the others waiting for it; it is cancelled when the last of them
// gives up. Call with mu held.
func (s *snapshot) startLocked(ctx context.Context) *snapshotFlight {
	fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	f := &snapshotFlight{start: s.gen, done: make(chan struct{}), cancel: cancel}
	s.flight = f
	go s.run(fctx, f)
	return f
}

// run sends the list request of f and installs its answer unless a list
// requested later is installed already.
func (s *snapshot) run(ctx context.Context, f *snapshotFlight) {
	began := time.Now()
	alerts, paged, err := s.c.listAlerts(ctx, snapshotExpand)
	f.cancel()

	s.mu.Lock()
	if s.flight == f {
		s.flight = nil
	}
	f.err = err
	if err == nil && (!s.loaded || f.start >= s.installed) {
		s.install(alerts, paged, f.start)
	}
	s.mu.Unlock()
	close(f.done)

	if err == nil {
		logDebug(ctx, "read snapshot: listed every alert", map[string]any{
			"alerts": len(alerts), "duration_ms": time.Since(began).Milliseconds(), "generation": f.start,
		})
	}
}

// install replaces the installed list. Call with mu held.
func (s *snapshot) install(alerts []Alert, paged bool, at uint64) {
	s.alerts = make(map[string]Alert, len(alerts))
	s.incomplete = map[string]bool{}
	for _, a := range alerts {
		s.alerts[a.Type.Suffix] = a
		if paged || len(a.Incidents) < int(a.IncidentCount) {
			s.incomplete[a.Type.Suffix] = true
		}
	}
	s.loaded, s.installed = true, at
}

// leave records that a read stopped waiting for f, and cancels f when no
// read waits for it any more.
func (s *snapshot) leave(f *snapshotFlight) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.waiters--
	if f.waiters > 0 {
		return
	}
	f.cancel()
	if s.flight == f {
		s.flight = nil
	}
}

// wrote marks a part of the alert of alertType (every alert part for
// allAlerts) as changed by a write.
func (s *snapshot) wrote(alertType string, p part) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	if alertType == allAlerts && p == partAlert {
		s.staleAlerts = s.gen
		return
	}
	s.stale[staleKey{alertType, p}] = s.gen
}

// refreshing records the alert type a refresh operation scans, so that its
// end invalidates that alert (allAlerts: every alert).
func (s *snapshot) refreshing(operationID, alertType string) {
	if operationID == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.operations[operationID] = alertType
}

// operationEnded invalidates the alerts a finished refresh operation
// scanned; every alert for an operation this Client did not start.
func (s *snapshot) operationEnded(operationID string) {
	s.mu.Lock()
	alertType, ok := s.operations[operationID]
	if !ok {
		alertType = allAlerts
	}
	s.mu.Unlock()
	s.wrote(alertType, partAlert)
}

// loadTenant installs a list when the client's tenant id is not resolved
// yet: every alert id of the list carries it, and Client.get records it.
func (s *snapshot) loadTenant(ctx context.Context) error {
	if _, ok := s.c.tenant.resolvedID(); ok {
		return nil
	}
	_, err := s.view(ctx, func(uint64) bool { return true }, func() {})
	return err
}
