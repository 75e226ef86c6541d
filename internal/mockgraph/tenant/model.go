// Package tenant is the simulated tenant's model: the directory (users,
// groups, service principals, roles, assignments, activations, licence)
// and PIM's state for it (alerts, their configurations and incidents,
// refresh operations). Scans compute incidents from the directory;
// remediation changes the directory. It knows nothing of HTTP or JSON:
// the Graph API (package graphapi) renders it and the harness drives it.
package tenant

import (
	"slices"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

const (
	// ScopeTenant is the directory scope id of the whole tenant.
	ScopeTenant = "/"
	// ScopeTypeDirectoryRole is the scope type of the alerts of Entra roles.
	ScopeTypeDirectoryRole = "DirectoryRole"
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

// Scope is the assignment's directory scope id.
func (a Assignment) Scope() string {
	if a.DirectoryScopeID == "" {
		return ScopeTenant
	}
	return a.DirectoryScopeID
}

// Activation is one activation of an eligible role in PIM.
type Activation struct {
	PrincipalID      string    `json:"principalId"`
	RoleDefinitionID string    `json:"roleDefinitionId"`
	Time             time.Time `json:"time"`
}

// PrincipalKind is the kind of directory object a principal id names.
type PrincipalKind int

// Principal kinds.
const (
	Unknown PrincipalKind = iota
	UserKind
	GroupKind
	ServicePrincipalKind
)

// Principal is a directory object that can hold a role: exactly one of
// User, Group and ServicePrincipal is set, as Kind says.
type Principal struct {
	Kind             PrincipalKind
	User             User
	Group            Group
	ServicePrincipal ServicePrincipal
}

// Model is the tenant's state. It is reached only through Tenant.Do, which
// holds the tenant's lock.
type Model struct {
	ID          string
	License     string
	Users       []User
	Groups      []Group
	SPs         []ServicePrincipal
	Roles       []Role
	Assignments []Assignment
	Activations []Activation
	Alerts      []*Alert // in catalogue order
	Operations  []*Operation
	behaviour   Behaviour
	now         time.Time // of the Do in progress
}

// AlertID is "DirectoryRole_{tenant}_{suffix}".
func (m *Model) AlertID(suffix string) string { return alerttypes.AlertID(m.ID, suffix) }

// AlertByType finds an alert by its suffix.
func (m *Model) AlertByType(suffix string) *Alert {
	for _, a := range m.Alerts {
		if a.Type.Suffix == suffix {
			return a
		}
	}
	return nil
}

// AlertByID finds an alert by its Graph id.
func (m *Model) AlertByID(id string) *Alert {
	for _, a := range m.Alerts {
		if m.AlertID(a.Type.Suffix) == id {
			return a
		}
	}
	return nil
}

// User finds a user.
func (m *Model) User(id string) (User, bool) {
	return find(m.Users, func(u User) bool { return u.ID == id })
}

// Group finds a group.
func (m *Model) Group(id string) (Group, bool) {
	return find(m.Groups, func(g Group) bool { return g.ID == id })
}

// ServicePrincipal finds a service principal.
func (m *Model) ServicePrincipal(id string) (ServicePrincipal, bool) {
	return find(m.SPs, func(sp ServicePrincipal) bool { return sp.ID == id })
}

// Role finds a role by definition or template id.
func (m *Model) Role(id string) (Role, bool) {
	return find(m.Roles, func(r Role) bool { return r.ID == id || r.TemplateID == id })
}

func find[T any](items []T, match func(T) bool) (T, bool) {
	if i := slices.IndexFunc(items, match); i >= 0 {
		return items[i], true
	}
	var zero T
	return zero, false
}

// Principal looks a directory object up once, whatever its kind.
func (m *Model) Principal(id string) Principal {
	if u, ok := m.User(id); ok {
		return Principal{Kind: UserKind, User: u}
	}
	if g, ok := m.Group(id); ok {
		return Principal{Kind: GroupKind, Group: g}
	}
	if sp, ok := m.ServicePrincipal(id); ok {
		return Principal{Kind: ServicePrincipalKind, ServicePrincipal: sp}
	}
	return Principal{}
}

// CurrentAssignments yields the assignments that give their role now;
// eligible picks the eligibilities (true), the active assignments (false)
// or both (nil).
func (m *Model) CurrentAssignments(eligible *bool) func(yield func(Assignment) bool) {
	return m.currentAt(m.now, eligible)
}

// currentAt is CurrentAssignments at a given time (a refresh operation
// ends at its own time, which may lie before the present).
func (m *Model) currentAt(now time.Time, eligible *bool) func(yield func(Assignment) bool) {
	return func(yield func(Assignment) bool) {
		for _, a := range m.Assignments {
			if (eligible == nil || a.Eligible == *eligible) && a.current(now) && !yield(a) {
				return
			}
		}
	}
}

// removeAssignments drops the assignments keep refuses and counts them.
func (m *Model) removeAssignments(keep func(Assignment) bool) int {
	before := len(m.Assignments)
	m.Assignments = slices.DeleteFunc(m.Assignments, func(a Assignment) bool { return !keep(a) })
	return before - len(m.Assignments)
}
