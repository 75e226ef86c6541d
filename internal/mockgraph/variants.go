package mockgraph

// Where Microsoft's sources are silent, the simulator does not guess: each
// plausible behaviour is an option, the default is the documented or most
// conservative one, and the acceptance tests that depend on it run under
// every variant (Variants), so the provider is right whichever is true.

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

// ExpandedIncidents says whether an alert's expanded incidents
// ($expand=alertIncidents) come whole or as a first page. OData lets a
// service page an expanded collection, with a "<property>@odata.nextLink"
// annotation (OData JSON Format 4.01, control information nextLink);
// whether Graph pages this one is not documented.
type ExpandedIncidents int

const (
	// ExpandedIncidentsWhole expands every incident. The default.
	ExpandedIncidentsWhole ExpandedIncidents = iota
	// ExpandedIncidentsPaged expands the first page (WithPageSize) and links
	// the incident collection's next page in alertIncidents@odata.nextLink.
	ExpandedIncidentsPaged
)

func (e ExpandedIncidents) String() string {
	if e == ExpandedIncidentsPaged {
		return "paged"
	}
	return "whole"
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

// ThresholdRanges says which threshold values a configuration PATCH
// accepts. The portal documents a range for most thresholds
// (MicrosoftDocs/entra-docs, pim-how-to-configure-security-alerts.md);
// Graph's own validation is undocumented. No acceptance test depends on
// it: the provider checks the catalogue's ranges at plan time, so no value
// outside them reaches Graph (the simulator's own tests run under both).
type ThresholdRanges int

const (
	// RangesOfThePortal answers 400 for a value outside the catalogue's
	// (the portal's) range. The default: a provider that sent one would be
	// caught.
	RangesOfThePortal ThresholdRanges = iota
	// RangesUnchecked accepts any value of the right JSON type.
	RangesUnchecked
)

func (r ThresholdRanges) String() string {
	if r == RangesUnchecked {
		return "unchecked"
	}
	return "portal"
}

// PermissionErrors is the shape of the 403 a role-management read
// (roleAssignments, roleEligibilityScheduleInstances) answers to an app
// without the permission. The status is what matters; no capture of these
// two APIs' body is public, and the captures of neighbouring APIs differ.
type PermissionErrors int

const (
	// PermissionErrorsDirectory answers code "Authorization_RequestDenied",
	// "Insufficient privileges to complete the operation.", as the
	// directory APIs do (microsoftgraph/microsoft-graph-docs-contrib issue
	// 5537, List directoryRoles). The default.
	PermissionErrorsDirectory PermissionErrors = iota
	// PermissionErrorsPIM answers code "UnknownError" whose message is a
	// JSON document with errorCode "PermissionScopeNotGranted" naming the
	// missing scopes, as PIM's schedule APIs do (microsoftgraph/
	// microsoft-graph-docs issue 22292).
	PermissionErrorsPIM
)

func (p PermissionErrors) String() string {
	if p == PermissionErrorsPIM {
		return "pim"
	}
	return "directory"
}

// DailyScans are both DailyScan behaviours, the default first, for the
// tests that must pass under each.
var DailyScans = []DailyScan{DailyScanSkipsDismissed, DailyScanReactivates}

// ExpandedIncidentsVariants are both ExpandedIncidents behaviours, the
// default first.
var ExpandedIncidentsVariants = []ExpandedIncidents{ExpandedIncidentsWhole, ExpandedIncidentsPaged}

// RefreshReactivations are both RefreshReactivation behaviours, the default
// first.
var RefreshReactivations = []RefreshReactivation{RefreshReactivatesDismissed, RefreshReactivatesWithIncidents}

// RemediatedIncidentsVariants are both RemediatedIncidents behaviours, the
// default first.
var RemediatedIncidentsVariants = []RemediatedIncidents{IncidentsLingerUntilScan, IncidentsVanish}

// ThresholdRangesVariants are both ThresholdRanges behaviours, the default
// first.
var ThresholdRangesVariants = []ThresholdRanges{RangesOfThePortal, RangesUnchecked}

// PermissionErrorsVariants are both PermissionErrors shapes, the default
// first.
var PermissionErrorsVariants = []PermissionErrors{PermissionErrorsDirectory, PermissionErrorsPIM}

// WithPermissionErrors sets the shape of role-management 403 answers.
func WithPermissionErrors(p PermissionErrors) Option {
	return func(s *settings) { s.permissionErrors = p }
}

// AllOf is one option that applies opts in order.
func AllOf(opts ...Option) Option {
	return func(s *settings) {
		for _, o := range opts {
			o(s)
		}
	}
}

// WithExpandedIncidents sets whether expanded incidents are paged.
func WithExpandedIncidents(e ExpandedIncidents) Option {
	return func(s *settings) { s.expandedIncidents = e }
}

// WithRefreshReactivation sets what a refresh does to a dismissed alert.
func WithRefreshReactivation(r RefreshReactivation) Option {
	return func(s *settings) { s.refreshReactivation = r }
}

// WithDailyScan sets what the daily scan does to a dismissed alert.
func WithDailyScan(d DailyScan) Option { return func(s *settings) { s.dailyScan = d } }

// WithRemediatedIncidents sets when a remediated incident leaves its alert.
func WithRemediatedIncidents(r RemediatedIncidents) Option {
	return func(s *settings) { s.remediated = r }
}

// WithThresholdRanges sets which threshold values a PATCH accepts.
func WithThresholdRanges(r ThresholdRanges) Option { return func(s *settings) { s.ranges = r } }
