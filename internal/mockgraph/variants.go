package mockgraph

import (
	"flag"
	"fmt"
	"strings"
)

// Where Microsoft's sources are silent, the simulator does not guess: each
// plausible behaviour is an option, the default is the documented or most
// conservative one, and the acceptance tests that depend on it run under
// every variant (DailyScans and the other lists below), so the provider is
// right whichever is true.
//
// One table, variants, names every such option and its values; it feeds
// the Go options (WithDailyScan, …), the String of each value and the
// command's flags (VariantFlags).

// variant is one undocumented behaviour: the command's flag, the names of
// its values (the default first) and what it is about.
type variant struct {
	flag   string
	values []string
	usage  string
}

// The variants, indexes of the variants table and of settings.variants.
const (
	variantDailyScan = iota
	variantRefreshReactivation
	variantExpandedIncidents
	variantRemediatedIncidents
	variantThresholdRanges
	variantPermissionErrors
	variantCount
)

var variants = [variantCount]variant{
	variantDailyScan:           {"daily-scan", []string{"skips-dismissed", "reactivates"}, "what PIM's daily scan does to a dismissed alert (undocumented)"},
	variantRefreshReactivation: {"refresh-reactivates", []string{"dismissed", "with-incidents"}, "which dismissed alerts a refresh reactivates (documented: dismissed ones; its examples: those with incidents)"},
	variantExpandedIncidents:   {"expanded-incidents", []string{"whole", "paged"}, "whether an alert's expanded incidents come whole or as a first page with alertIncidents@odata.nextLink (undocumented)"},
	variantRemediatedIncidents: {"remediated-incidents", []string{"linger-until-scan", "vanish"}, "when a remediated incident leaves its alert (undocumented)"},
	variantThresholdRanges:     {"threshold-ranges", []string{"portal", "unchecked"}, "which threshold values a PATCH accepts (undocumented)"},
	variantPermissionErrors:    {"permission-errors", []string{"directory", "pim"}, "the body of a role-management 403 (undocumented)"},
}

// name returns the name of value i of variant v.
func name(v, i int) string {
	if i < 0 || i >= len(variants[v].values) {
		return fmt.Sprintf("%s(%d)", variants[v].flag, i)
	}
	return variants[v].values[i]
}

// withVariant is the option that selects value i of variant v.
func withVariant(v, i int) Option { return func(s *settings) { s.variants[v] = i } }

// VariantFlags defines one flag per variant on fs, each defaulting to the
// default value; the function it returns gives the options the parsed
// flags select.
func VariantFlags(fs *flag.FlagSet) func() ([]Option, error) {
	var chosen [variantCount]*string
	for v, va := range variants {
		chosen[v] = fs.String(va.flag, va.values[0], va.usage+": "+strings.Join(va.values, " or "))
	}
	return func() ([]Option, error) {
		opts := make([]Option, 0, variantCount)
		for v, va := range variants {
			i := indexOf(va.values, *chosen[v])
			if i < 0 {
				return nil, fmt.Errorf("-%s %q: expected one of %s", va.flag, *chosen[v], strings.Join(va.values, ", "))
			}
			opts = append(opts, withVariant(v, i))
		}
		return opts, nil
	}
}

func indexOf(values []string, s string) int {
	for i, v := range values {
		if v == s {
			return i
		}
	}
	return -1
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

func (d DailyScan) String() string           { return name(variantDailyScan, int(d)) }
func (r RefreshReactivation) String() string { return name(variantRefreshReactivation, int(r)) }
func (e ExpandedIncidents) String() string   { return name(variantExpandedIncidents, int(e)) }
func (r RemediatedIncidents) String() string { return name(variantRemediatedIncidents, int(r)) }
func (r ThresholdRanges) String() string     { return name(variantThresholdRanges, int(r)) }
func (p PermissionErrors) String() string    { return name(variantPermissionErrors, int(p)) }

// WithDailyScan sets what the daily scan does to a dismissed alert.
func WithDailyScan(d DailyScan) Option { return withVariant(variantDailyScan, int(d)) }

// WithRefreshReactivation sets what a refresh does to a dismissed alert.
func WithRefreshReactivation(r RefreshReactivation) Option {
	return withVariant(variantRefreshReactivation, int(r))
}

// WithExpandedIncidents sets whether expanded incidents are paged.
func WithExpandedIncidents(e ExpandedIncidents) Option {
	return withVariant(variantExpandedIncidents, int(e))
}

// WithRemediatedIncidents sets when a remediated incident leaves its alert.
func WithRemediatedIncidents(r RemediatedIncidents) Option {
	return withVariant(variantRemediatedIncidents, int(r))
}

// WithThresholdRanges sets which threshold values a PATCH accepts.
func WithThresholdRanges(r ThresholdRanges) Option {
	return withVariant(variantThresholdRanges, int(r))
}

// WithPermissionErrors sets the shape of role-management 403 answers.
func WithPermissionErrors(p PermissionErrors) Option {
	return withVariant(variantPermissionErrors, int(p))
}

// Every value of each variant, the default first, for the tests that must
// pass under each.
var (
	DailyScans                  = []DailyScan{DailyScanSkipsDismissed, DailyScanReactivates}
	RefreshReactivations        = []RefreshReactivation{RefreshReactivatesDismissed, RefreshReactivatesWithIncidents}
	ExpandedIncidentsVariants   = []ExpandedIncidents{ExpandedIncidentsWhole, ExpandedIncidentsPaged}
	RemediatedIncidentsVariants = []RemediatedIncidents{IncidentsLingerUntilScan, IncidentsVanish}
	ThresholdRangesVariants     = []ThresholdRanges{RangesOfThePortal, RangesUnchecked}
	PermissionErrorsVariants    = []PermissionErrors{PermissionErrorsDirectory, PermissionErrorsPIM}
)

// AllOf is one option that applies opts in order.
func AllOf(opts ...Option) Option {
	return func(s *settings) {
		for _, o := range opts {
			o(s)
		}
	}
}

// The settings of the variants, typed.
func (s *settings) dailyScan() DailyScan { return DailyScan(s.variants[variantDailyScan]) }
func (s *settings) refreshReactivation() RefreshReactivation {
	return RefreshReactivation(s.variants[variantRefreshReactivation])
}
func (s *settings) expandedIncidents() ExpandedIncidents {
	return ExpandedIncidents(s.variants[variantExpandedIncidents])
}
func (s *settings) remediated() RemediatedIncidents {
	return RemediatedIncidents(s.variants[variantRemediatedIncidents])
}
func (s *settings) ranges() ThresholdRanges {
	return ThresholdRanges(s.variants[variantThresholdRanges])
}
func (s *settings) permissionErrors() PermissionErrors {
	return PermissionErrors(s.variants[variantPermissionErrors])
}
