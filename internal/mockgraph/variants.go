package mockgraph

import "github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"

// Where Microsoft's sources are silent, the simulator does not guess: each
// plausible behaviour is an option, the default is the documented or most
// conservative one, and the acceptance tests that depend on it run under
// every variant (Variants), so the provider is right whichever is true.

// The behaviours of PIM itself live with the tenant model.
type (
	DailyScan           = tenant.DailyScan
	RefreshReactivation = tenant.RefreshReactivation
	RemediatedIncidents = tenant.RemediatedIncidents
)

// The values of the tenant model's behaviours (see package tenant).
const (
	DailyScanSkipsDismissed         = tenant.DailyScanSkipsDismissed
	DailyScanReactivates            = tenant.DailyScanReactivates
	RefreshReactivatesDismissed     = tenant.RefreshReactivatesDismissed
	RefreshReactivatesWithIncidents = tenant.RefreshReactivatesWithIncidents
	IncidentsLingerUntilScan        = tenant.IncidentsLingerUntilScan
	IncidentsVanish                 = tenant.IncidentsVanish
)

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
