package tenant

import (
	"slices"
	"sort"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Alert is the state PIM keeps for one alert type: the alert itself, its
// configuration and the incidents found by the last scan.
type Alert struct {
	Type   alerttypes.AlertType
	Active bool
	// Dismissed is set by a PATCH of isActive=false and cleared by a PATCH
	// of true or a refresh; what the daily scan does with it is the
	// Behaviour.DailyScanReactivates.
	Dismissed    bool
	LastModified time.Time
	LastScanned  time.Time
	Incidents    []Incident
	Enabled      bool
	Thresholds   alerttypes.Values
}

// Incident is one finding of an alert's scan. Which of its fields an
// incident of a given alert type carries is the type's business (the
// Graph API renders each type's properties); unset times are zero.
type Incident struct {
	// ID is the incident's id: the assignment's, the role template's, the
	// Global Administrator's or the tenant's, by alert type.
	ID                        string
	AssigneeID                string
	AssigneeDisplayName       string
	AssigneeUserPrincipalName string
	RoleDefinitionID          string
	RoleDisplayName           string
	RoleTemplateID            string
	AssignmentCreated         time.Time
	LastActivation            time.Time
	LastSignIn                time.Time
	SequenceStart             time.Time
	SequenceEnd               time.Time
	ActivationCount           int
	TenantLicenseStatus       string
}

// normalised is the incident as Graph would tell it apart from another:
// times in UTC to the millisecond.
func (inc Incident) normalised() Incident {
	for _, t := range []*time.Time{&inc.AssignmentCreated, &inc.LastActivation, &inc.LastSignIn, &inc.SequenceStart, &inc.SequenceEnd} {
		*t = t.UTC().Truncate(time.Millisecond)
	}
	return inc
}

// Incident finds an incident of the alert.
func (a *Alert) Incident(id string) (Incident, bool) {
	return find(a.Incidents, func(inc Incident) bool { return inc.ID == id })
}

// IncidentIDs are the ids of the alert's incidents, in order.
func (a *Alert) IncidentIDs() []string {
	ids := make([]string, len(a.Incidents))
	for i, inc := range a.Incidents {
		ids[i] = inc.ID
	}
	return ids
}

// SetActive dismisses the alert (false) or re-enables it (true): "When you
// dismiss an alert, PIM no longer scans the alert in your tenant for
// incidents ... You can re-enable the alert by setting the isActive
// property to true or by refreshing the alert type" (how-to, Dismiss an
// alert).
func (a *Alert) SetActive(active bool) {
	a.Active, a.Dismissed = active, !active
}

// threshold returns a threshold of the configuration by Graph name.
func (a *Alert) threshold(name string) alerttypes.Value { return a.Thresholds[name] }

// ConfigurationUpdate is a validated change of an alert's configuration.
type ConfigurationUpdate struct {
	Enabled    *bool
	Thresholds alerttypes.Values
}

// Apply changes the configuration.
func (a *Alert) Apply(up ConfigurationUpdate) {
	if up.Enabled != nil {
		a.Enabled = *up.Enabled
	}
	for k, v := range up.Thresholds {
		a.Thresholds[k] = v
	}
}

// defaultThresholds returns the thresholds of an untouched tenant.
func defaultThresholds(typ alerttypes.AlertType) alerttypes.Values {
	out := alerttypes.Values{}
	for _, f := range typ.Fields {
		out[f.GraphName] = f.Default
	}
	return out
}

// scan recomputes the alert's incidents as PIM's scan does: a disabled
// configuration leaves the alert inactive with no incidents ("false
// disables PIM scanning the tenant to identify instances that trigger this
// alert", unifiedRoleManagementAlertConfiguration); otherwise the alert is
// active exactly when there are incidents, which reactivates a dismissed
// alert with incidents; reactivate makes a dismissed alert active without
// any (a refresh, unless Behaviour.RefreshReactivatesOnlyWithIncidents). LastModified moves only when
// the incidents change.
func (m *Model) scan(a *Alert, now time.Time, reactivate bool) {
	var found []Incident
	if a.Enabled {
		if scan, ok := scanners[a.Type.Suffix]; ok {
			found = scan(m, a, now)
		}
		a.LastScanned = now
	}
	if !slices.EqualFunc(a.Incidents, found, func(x, y Incident) bool { return x.normalised() == y.normalised() }) {
		a.LastModified = now
	}
	a.Incidents = found
	a.Active = len(found) > 0 || reactivate && a.Dismissed && a.Enabled
	a.Dismissed = false
}

// refresh scans the given alert types (all when none) as a refresh does:
// "PIM includes alerts that you previously dismissed, reactivates dismissed
// alerts (updates isActive to true), and scans and generates new incidents
// for the alerts" (how-to, concepts/how-to-pim-alerts.md, Refresh alerts).
func (m *Model) refresh(now time.Time, suffixes ...string) {
	for _, a := range m.Alerts {
		if len(suffixes) == 0 || slices.Contains(suffixes, a.Type.Suffix) {
			m.scan(a, now, !m.behaviour.RefreshReactivatesOnlyWithIncidents)
		}
	}
}

// dailyScan is PIM's own periodic scan of the given alert types (all when
// none). Microsoft documents that it exists, not what it does to a
// dismissed alert; Behaviour.DailyScanReactivates says which of the plausible
// behaviours to follow.
func (m *Model) dailyScan(now time.Time, suffixes ...string) {
	for _, a := range m.Alerts {
		if len(suffixes) > 0 && !slices.Contains(suffixes, a.Type.Suffix) {
			continue
		}
		if a.Dismissed && !m.behaviour.DailyScanReactivates {
			continue
		}
		m.scan(a, now, false)
	}
}

func sortByID(incs []Incident) []Incident {
	sort.SliceStable(incs, func(i, j int) bool { return incs[i].ID < incs[j].ID })
	return incs
}
