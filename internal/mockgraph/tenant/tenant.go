package tenant

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Tenant is one simulated tenant: its model behind its own lock, and its
// clock. All methods are safe for concurrent use.
type Tenant struct {
	now func() time.Time
	mu  sync.Mutex
	m   *Model
}

// New builds the tenant of seed with the alert types of cat, its seed
// times resolved against now(), and scans it once as PIM has by the time
// anyone looks.
func New(seed *Seed, cat alerttypes.Catalogue, now func() time.Time, b Behaviour) (*Tenant, error) {
	m, err := seed.build(cat, now())
	if err != nil {
		return nil, err
	}
	m.behaviour = b
	return &Tenant{now: now, m: m}, nil
}

// ID is the tenant's GUID (immutable).
func (t *Tenant) ID() string { return t.m.ID }

// Now returns the tenant clock's current time.
func (t *Tenant) Now() time.Time { return t.now() }

// Do runs f on the model under the tenant's lock, after ending the
// refresh operations whose time has come: every look at the tenant sees
// what PIM has done by now.
func (t *Tenant) Do(f func(m *Model)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m.now = t.now()
	t.m.advance(t.m.now)
	f(t.m)
}

// Now is the time of the Do in progress.
func (m *Model) Now() time.Time { return m.now }

// WithAlert runs f on the alert of alertType under the tenant's lock; it
// reports false for an unknown alert type.
func (t *Tenant) WithAlert(alertType string, f func(m *Model, a *Alert)) bool {
	found := false
	t.Do(func(m *Model) {
		if a := m.AlertByType(alertType); a != nil {
			found = true
			f(m, a)
		}
	})
	return found
}

// AlertState is an alert as PIM stores it.
type AlertState struct {
	ID            string    `json:"id"`
	AlertType     string    `json:"alertType"`
	IsActive      bool      `json:"isActive"`
	IncidentCount int       `json:"incidentCount"`
	LastModified  time.Time `json:"lastModified"` // zero when never fired (served as 0001-01-01T08:00:00Z)
	LastScanned   time.Time `json:"lastScanned"`
	IncidentIDs   []string  `json:"incidentIds"`
}

// Alert returns the state of one alert (the zero AlertState for an unknown type).
func (t *Tenant) Alert(alertType string) AlertState {
	var st AlertState
	t.WithAlert(alertType, func(m *Model, a *Alert) {
		st = AlertState{
			ID: m.AlertID(a.Type.Suffix), AlertType: a.Type.Suffix, IsActive: a.Active, IncidentCount: len(a.Incidents),
			LastModified: a.LastModified, LastScanned: a.LastScanned, IncidentIDs: a.IncidentIDs(),
		}
	})
	return st
}

// SetAlertActive sets isActive as a dismissal (false) or reactivation
// (true) in the portal would.
func (t *Tenant) SetAlertActive(alertType string, active bool) {
	t.WithAlert(alertType, func(_ *Model, a *Alert) { a.SetActive(active) })
}

// Scan runs PIM's own periodic (daily) scan of the given alert types (all
// when none) now. What it does to a dismissed alert is
// Behaviour.DailyScanReactivates; other alerts are rescanned as by a refresh.
func (t *Tenant) Scan(alertTypes ...string) {
	t.Do(func(m *Model) { m.dailyScan(m.now, alertTypes...) })
}

// Refresh runs a refresh of the given alert types (all when none) to its
// end now, as one someone starts in the portal: it rescans dismissed
// alerts too and reactivates them (documented;
// Behaviour.RefreshReactivatesOnlyWithIncidents says whether also those
// without incidents).
func (t *Tenant) Refresh(alertTypes ...string) {
	t.Do(func(m *Model) { m.refresh(m.now, alertTypes...) })
}

// Users returns the users of the directory.
func (t *Tenant) Users() (out []User) {
	t.Do(func(m *Model) { out = slices.Clone(m.Users) })
	return out
}

// Roles returns the directory roles.
func (t *Tenant) Roles() (out []Role) {
	t.Do(func(m *Model) { out = slices.Clone(m.Roles) })
	return out
}

// Assignments returns the role assignments.
func (t *Tenant) Assignments() (out []Assignment) {
	t.Do(func(m *Model) { out = slices.Clone(m.Assignments) })
	return out
}

// RoleHolders returns, sorted, the distinct principals holding the role
// (by definition or template id) now, active or eligible.
func (t *Tenant) RoleHolders(roleID string) []string {
	var out []string
	t.Do(func(m *Model) {
		for a := range m.CurrentAssignments(nil) {
			if r, ok := m.Role(a.RoleDefinitionID); ok && (r.ID == roleID || r.TemplateID == roleID) && !slices.Contains(out, a.PrincipalID) {
				out = append(out, a.PrincipalID)
			}
		}
	})
	slices.Sort(out)
	return out
}

// AddUser adds a user, filling ID when empty (and UserPrincipalName from
// the display name when empty).
func (t *Tenant) AddUser(u User) User {
	if u.ID == "" {
		u.ID = NewGUID()
	}
	t.Do(func(m *Model) {
		if u.UserPrincipalName == "" {
			u.UserPrincipalName = m.upnFor(u.DisplayName, u.ID)
		}
		m.Users = append(m.Users, u)
	})
	return u
}

// AddGroup adds a group, filling ID when empty. Its members must be users
// or service principals (groups do not nest).
func (t *Tenant) AddGroup(g Group) Group {
	if g.ID == "" {
		g.ID = NewGUID()
	}
	g.Members = slices.Clone(g.Members)
	t.Do(func(m *Model) { m.Groups = append(m.Groups, g) })
	return g
}

// AddGroupMember adds a user or service principal to a group; it reports
// whether the group exists.
func (t *Tenant) AddGroupMember(groupID, memberID string) bool {
	return update(t, func(m *Model) []Group { return m.Groups }, func(g *Group) bool {
		if g.ID != groupID {
			return false
		}
		g.Members = append(g.Members, memberID)
		return true
	})
}

// AddServicePrincipal adds a service principal, filling ID and AppID when empty.
func (t *Tenant) AddServicePrincipal(sp ServicePrincipal) ServicePrincipal {
	if sp.ID == "" {
		sp.ID = NewGUID()
	}
	if sp.AppID == "" {
		sp.AppID = NewGUID()
	}
	t.Do(func(m *Model) { m.SPs = append(m.SPs, sp) })
	return sp
}

// update runs change on each item of the slice items returns, under the
// lock, and reports whether change reported a match for any.
func update[T any](t *Tenant, items func(m *Model) []T, change func(*T) bool) bool {
	found := false
	t.Do(func(m *Model) {
		s := items(m)
		for i := range s {
			if change(&s[i]) {
				found = true
			}
		}
	})
	return found
}

// SetUserEnabled enables or disables a user's account; it reports whether
// the user exists.
func (t *Tenant) SetUserEnabled(userID string, enabled bool) bool {
	return update(t, func(m *Model) []User { return m.Users }, func(u *User) bool {
		if u.ID != userID {
			return false
		}
		u.Disabled = !enabled
		return true
	})
}

// SetUserLastSignIn sets a user's last sign-in (zero = never); it reports
// whether the user exists.
func (t *Tenant) SetUserLastSignIn(userID string, at time.Time) bool {
	return update(t, func(m *Model) []User { return m.Users }, func(u *User) bool {
		if u.ID != userID {
			return false
		}
		u.LastSignIn = at
		return true
	})
}

// SetRoleRequiresMFA sets whether activating the role requires MFA.
func (t *Tenant) SetRoleRequiresMFA(roleDefinitionID string, require bool) {
	update(t, func(m *Model) []Role { return m.Roles }, func(r *Role) bool {
		if r.ID != roleDefinitionID && r.TemplateID != roleDefinitionID {
			return false
		}
		r.RequireMFAOnActivation = require
		return true
	})
}

// upnFor derives "first.last@domain" from a display name, in the domain of
// the existing users.
func (m *Model) upnFor(displayName, id string) string {
	domain := "contoso.onmicrosoft.com"
	for _, u := range m.Users {
		if _, d, ok := strings.Cut(u.UserPrincipalName, "@"); ok {
			domain = d
			break
		}
	}
	local := strings.ToLower(strings.Join(strings.Fields(displayName), "."))
	local = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, local)
	if local == "" {
		local = "user-" + id[:8]
	}
	return local + "@" + domain
}

// AddAssignment adds a role assignment, filling ID and Created (now) when empty.
func (t *Tenant) AddAssignment(a Assignment) Assignment {
	if a.ID == "" {
		a.ID = NewGUID()
	}
	t.Do(func(m *Model) {
		if a.Created.IsZero() {
			a.Created = m.now
		}
		m.Assignments = append(m.Assignments, a)
	})
	return a
}

// RemoveAssignment removes a role assignment; it reports whether it existed.
func (t *Tenant) RemoveAssignment(id string) (removed bool) {
	t.Do(func(m *Model) { removed = m.removeAssignments(func(a Assignment) bool { return a.ID != id }) > 0 })
	return removed
}

// AddActivation records an activation of an eligible role (Time defaults to now).
func (t *Tenant) AddActivation(a Activation) {
	t.Do(func(m *Model) {
		if a.Time.IsZero() {
			a.Time = m.now
		}
		m.Activations = append(m.Activations, a)
	})
}

// License returns the tenant's licence.
func (t *Tenant) License() (status string) {
	t.Do(func(m *Model) { status = m.License })
	return status
}

// SetLicenseStatus sets the tenant's licence, e.g. "P2" (PIM included) or
// "Free" (InvalidLicenseAlert fires at the next scan).
func (t *Tenant) SetLicenseStatus(status string) {
	t.Do(func(m *Model) { m.License = status })
}

// AddGlobalAdmin is a shortcut: a new user (signed in now) with an active
// Global Administrator assignment made outside PIM.
func (t *Tenant) AddGlobalAdmin(displayName string) (User, Assignment) {
	u := t.AddUser(User{DisplayName: displayName, LastSignIn: t.now()})
	a := t.AddAssignment(Assignment{PrincipalID: u.ID, RoleDefinitionID: alerttypes.GlobalAdministratorRoleID})
	return u, a
}

// Exists reports whether the principal and the role exist.
func (t *Tenant) Exists(principalID, roleID string) (ok bool) {
	t.Do(func(m *Model) {
		_, okU := m.User(principalID)
		_, okR := m.Role(roleID)
		ok = okU && okR
	})
	return ok
}

// UnknownAlertType is the error for an alert type outside cat.
func UnknownAlertType(cat alerttypes.Catalogue, alertType string) error {
	return fmt.Errorf("unknown alert type %q; use one of %s", alertType, strings.Join(cat.Names(), ", "))
}
