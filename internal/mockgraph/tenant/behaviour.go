package tenant

import "time"

// Behaviour is how PIM behaves where Microsoft's sources are silent, each
// an option of the simulator tested both ways (mockgraph's variants: the
// sources and the default are documented there), and how long its scans
// take. The zero value is the defaults.
type Behaviour struct {
	// DailyScanReactivates makes PIM's daily scan rescan a dismissed alert
	// as a refresh does; otherwise the scan leaves it alone.
	DailyScanReactivates bool
	// RefreshReactivatesOnlyWithIncidents makes a refresh reactivate a
	// dismissed alert only when it finds incidents; otherwise every
	// dismissed alert it rescans becomes active.
	RefreshReactivatesOnlyWithIncidents bool
	// RemediatedIncidentsVanish removes a remediated incident from its
	// alert at once; otherwise it stays listed until the next scan.
	RemediatedIncidentsVanish bool
	// ScanDuration is how long a refresh operation runs before PIM
	// completes it on its own, polled or not.
	ScanDuration time.Duration
}
