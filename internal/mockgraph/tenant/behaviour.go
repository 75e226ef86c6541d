package tenant

import "time"

// Behaviour is how PIM behaves where Microsoft's sources are silent (each
// an option of the simulator, tested both ways; see mockgraph's variants)
// and how long its scans take.
type Behaviour struct {
	DailyScan           DailyScan
	RefreshReactivation RefreshReactivation
	RemediatedIncidents RemediatedIncidents
	// ScanDuration is how long a refresh operation runs before PIM
	// completes it on its own, polled or not.
	ScanDuration time.Duration
}

// DailyScan says what PIM's own periodic scan (Server.Scan) does to a
// dismissed alert. Microsoft documents that dismissing stops the scanning
// of the alert and that a refresh reactivates it; the daily scan's effect
// is not documented.
type DailyScan int

const (
	// DailyScanSkipsDismissed leaves a dismissed alert alone: "When you
	// dismiss an alert, PIM no longer scans the alert in your tenant for
	// incidents. Existing incidents can still be queried, but no new
	// incidents are generated" (how-to, concepts/how-to-pim-alerts.md,
	// Dismiss an alert). Only a refresh or isActive=true brings it back.
	// The default.
	DailyScanSkipsDismissed DailyScan = iota
	// DailyScanReactivates scans a dismissed alert as a refresh does and
	// reactivates it when it has incidents.
	DailyScanReactivates
)

func (d DailyScan) String() string {
	if d == DailyScanReactivates {
		return "reactivates"
	}
	return "skips-dismissed"
}

// RefreshReactivation says what a refresh does to a dismissed alert it
// rescans. The how-to documents that "a successful refresh ... reactivates
// dismissed alerts (updates isActive to true)" (concepts/how-to-pim-alerts.md,
// Refresh alerts); in its example responses an alert is active exactly when
// it has incidents, and no example shows a dismissed alert without
// incidents being refreshed.
type RefreshReactivation int

const (
	// RefreshReactivatesDismissed makes every dismissed alert the refresh
	// rescans active, incidents or not: the how-to's words. The default.
	RefreshReactivatesDismissed RefreshReactivation = iota
	// RefreshReactivatesWithIncidents makes a rescanned alert active
	// exactly when the scan found incidents, as in the how-to's examples.
	RefreshReactivatesWithIncidents
)

func (r RefreshReactivation) String() string {
	if r == RefreshReactivatesWithIncidents {
		return "with-incidents"
	}
	return "dismissed"
}

// RemediatedIncidents says when a remediated incident leaves its alert's
// incident list. The remediate action is documented (200, the definition's
// mitigation applied); when the incident disappears is not.
type RemediatedIncidents int

const (
	// IncidentsLingerUntilScan keeps a remediated incident listed, and
	// counted, until the next scan or refresh: a second remediation of it
	// is Graph's 400. The default: the provider must not take a listed
	// incident for one still to remediate.
	IncidentsLingerUntilScan RemediatedIncidents = iota
	// IncidentsVanish removes a remediated incident from its alert at once.
	IncidentsVanish
)

func (r RemediatedIncidents) String() string {
	if r == IncidentsVanish {
		return "vanish"
	}
	return "linger-until-scan"
}
