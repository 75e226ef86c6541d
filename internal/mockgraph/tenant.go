package mockgraph

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

const (
	scopeTenant            = "/"
	scopeTypeDirectoryRole = "DirectoryRole"

	// GlobalAdministratorRoleID is the role definition (and template) id of
	// the built-in Global Administrator role.
	GlobalAdministratorRoleID = alerttypes.GlobalAdministratorRoleID
)

// User is a person in the simulated directory.
type User struct {
	ID                string    `json:"id"`
	DisplayName       string    `json:"displayName"`
	UserPrincipalName string    `json:"userPrincipalName"`
	LastSignIn        time.Time `json:"lastSignIn"` // zero = never signed in
	// Disabled is the opposite of Graph's accountEnabled: a disabled
	// account cannot sign in.
	Disabled bool `json:"disabled,omitempty"`
}

// Group is a group of the directory. A role can be assigned to it when it
// is role-assignable; "Group nesting isn't supported. A group can't be
// added as a member of a role-assignable group" (MicrosoftDocs/entra-docs,
// docs/identity/role-based-access-control/groups-concept.md), so its
// members are users and service principals.
type Group struct {
	ID                 string   `json:"id"`
	DisplayName        string   `json:"displayName"`
	IsAssignableToRole bool     `json:"isAssignableToRole"`
	Members            []string `json:"members"` // object ids of users or service principals
}

// ServicePrincipal is an application's identity in the directory; it can
// hold a directory role ("Supported principals are users, role-assignable
// groups, and service principals", unifiedRoleAssignment resource page).
type ServicePrincipal struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	AppID       string `json:"appId"`
}

// Role is a directory role definition.
type Role struct {
	// ID is the roleDefinitionId (equal to TemplateID for built-in roles).
	ID                     string `json:"id"`
	TemplateID             string `json:"templateId"`
	DisplayName            string `json:"displayName"`
	Privileged             bool   `json:"privileged"`
	RequireMFAOnActivation bool   `json:"requireMfaOnActivation"`
}

// Assignment gives a principal a role, permanently (active) or as an
// eligibility that must be activated in PIM.
type Assignment struct {
	ID               string `json:"id"`
	PrincipalID      string `json:"principalId"`
	RoleDefinitionID string `json:"roleDefinitionId"`
	// DirectoryScopeID is where the role applies; "" means the tenant, "/".
	DirectoryScopeID string    `json:"directoryScopeId,omitempty"`
	Eligible         bool      `json:"eligible"` // false = active assignment
	ViaPIM           bool      `json:"viaPim"`   // false = made outside PIM
	Created          time.Time `json:"created"`
	// Start and End bound an eligibility (zero: open). An eligibility is
	// listed by roleEligibilityScheduleInstances only while it is current:
	// "*AssignmentScheduleInstance and *EligibilityScheduleInstance objects
	// show current assignments only" (MicrosoftDocs/entra-docs,
	// docs/id-governance/privileged-identity-management/pim-apis.md).
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
}

// current reports whether the assignment gives its role at now.
func (a Assignment) current(now time.Time) bool {
	return (a.Start.IsZero() || !now.Before(a.Start)) && (a.End.IsZero() || now.Before(a.End))
}

// scope is the assignment's directory scope id.
func (a Assignment) scope() string {
	if a.DirectoryScopeID == "" {
		return scopeTenant
	}
	return a.DirectoryScopeID
}

// Activation is one activation of an eligible role in PIM.
type Activation struct {
	PrincipalID      string    `json:"principalId"`
	RoleDefinitionID string    `json:"roleDefinitionId"`
	Time             time.Time `json:"time"`
}

// tenant is the simulated directory plus PIM's alert state. All access goes
// through Server.mu.
type tenant struct {
	id          string
	license     string
	users       []User
	groups      []Group
	sps         []ServicePrincipal
	roles       []Role
	assignments []Assignment
	activations []Activation
	alerts      []*alert // in catalogue order
	operations  []*operation
	// ranges says which threshold values a PATCH accepts.
	ranges ThresholdRanges
	// refreshReactivation says what a refresh does to a dismissed alert.
	refreshReactivation RefreshReactivation
}

// alert is the state PIM keeps for one alert type: the alert itself, its
// configuration and the incidents found by the last scan.
type alert struct {
	typ    alerttypes.AlertType
	active bool
	// dismissed is set by a PATCH of isActive=false and cleared by a PATCH
	// of true or a refresh; what the daily scan does with it is the
	// server's DailyScan option.
	dismissed    bool
	lastModified time.Time
	lastScanned  time.Time
	incidents    []object
	enabled      bool
	thresholds   alerttypes.Values
}

func (t *tenant) alertID(suffix string) string { return alerttypes.AlertID(t.id, suffix) }

// alertByType finds an alert by its suffix.
func (t *tenant) alertByType(suffix string) *alert {
	for _, a := range t.alerts {
		if a.typ.Suffix == suffix {
			return a
		}
	}
	return nil
}

// alertByID finds an alert by its Graph id.
func (t *tenant) alertByID(id string) *alert {
	for _, a := range t.alerts {
		if t.alertID(a.typ.Suffix) == id {
			return a
		}
	}
	return nil
}

func (t *tenant) user(id string) (User, bool) {
	for _, u := range t.users {
		if u.ID == id {
			return u, true
		}
	}
	return User{}, false
}

func (t *tenant) group(id string) (Group, bool) {
	for _, g := range t.groups {
		if g.ID == id {
			return g, true
		}
	}
	return Group{}, false
}

func (t *tenant) servicePrincipal(id string) (ServicePrincipal, bool) {
	for _, sp := range t.sps {
		if sp.ID == id {
			return sp, true
		}
	}
	return ServicePrincipal{}, false
}

// principalKind returns "user", "group" or "servicePrincipal" for a known
// directory object, "" otherwise.
func (t *tenant) principalKind(id string) string {
	if _, ok := t.user(id); ok {
		return "user"
	}
	if _, ok := t.group(id); ok {
		return "group"
	}
	if _, ok := t.servicePrincipal(id); ok {
		return "servicePrincipal"
	}
	return ""
}

func (t *tenant) role(id string) (Role, bool) {
	for _, r := range t.roles {
		if r.ID == id || r.TemplateID == id {
			return r, true
		}
	}
	return Role{}, false
}

func (t *tenant) removeAssignments(keep func(Assignment) bool) int {
	before := len(t.assignments)
	t.assignments = slices.DeleteFunc(t.assignments, func(a Assignment) bool { return !keep(a) })
	return before - len(t.assignments)
}

func (a *alert) incident(id string) (object, bool) {
	for _, inc := range a.incidents {
		if inc.str("id") == id {
			return inc, true
		}
	}
	return nil, false
}

// removeIncident drops an incident from the alert's list.
func (a *alert) removeIncident(id string) {
	a.incidents = slices.DeleteFunc(a.incidents, func(inc object) bool { return inc.str("id") == id })
}

func (a *alert) incidentIDs() []string {
	ids := make([]string, len(a.incidents))
	for i, inc := range a.incidents {
		ids[i] = inc.str("id")
	}
	return ids
}

// setActive dismisses the alert (false) or re-enables it (true): "When you
// dismiss an alert, PIM no longer scans the alert in your tenant for
// incidents ... You can re-enable the alert by setting the isActive
// property to true or by refreshing the alert type" (how-to, Dismiss an
// alert).
func (a *alert) setActive(active bool) {
	a.active, a.dismissed = active, !active
}

// threshold returns a threshold of the configuration by Graph name.
func (a *alert) threshold(name string) alerttypes.Value { return a.thresholds[name] }

// scan recomputes the alert's incidents as PIM's scan does: a disabled
// configuration leaves the alert inactive with no incidents ("false
// disables PIM scanning the tenant to identify instances that trigger this
// alert", unifiedRoleManagementAlertConfiguration); otherwise the alert is
// active exactly when there are incidents, which reactivates a dismissed
// alert with incidents; reactivate makes a dismissed alert active without
// any (a refresh, RefreshReactivatesDismissed). lastModified moves only when
// the incidents change.
func (t *tenant) scan(a *alert, now time.Time, reactivate bool) {
	var found []object
	if a.enabled {
		if scan, ok := scanners[a.typ.Suffix]; ok {
			found = scan(t, a, now)
		}
		a.lastScanned = now
	}
	if !sameIncidents(a.incidents, found) {
		a.lastModified = now
	}
	a.incidents = found
	a.active = len(found) > 0 || reactivate && a.dismissed && a.enabled
	a.dismissed = false
}

func sameIncidents(a, b []object) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// refresh scans the given alert types (all when none) as a refresh does:
// "PIM includes alerts that you previously dismissed, reactivates dismissed
// alerts (updates isActive to true), and scans and generates new incidents
// for the alerts" (how-to, concepts/how-to-pim-alerts.md, Refresh alerts).
func (t *tenant) refresh(now time.Time, suffixes ...string) {
	for _, a := range t.alerts {
		if len(suffixes) == 0 || slices.Contains(suffixes, a.typ.Suffix) {
			t.scan(a, now, t.refreshReactivation == RefreshReactivatesDismissed)
		}
	}
}

// dailyScan is PIM's own periodic scan of the given alert types (all when
// none). Microsoft documents that it exists, not what it does to a
// dismissed alert; mode says which of the plausible behaviours to follow.
func (t *tenant) dailyScan(now time.Time, mode DailyScan, suffixes ...string) {
	for _, a := range t.alerts {
		if len(suffixes) > 0 && !slices.Contains(suffixes, a.typ.Suffix) {
			continue
		}
		if a.dismissed && mode == DailyScanSkipsDismissed {
			continue
		}
		t.scan(a, now, false)
	}
}
