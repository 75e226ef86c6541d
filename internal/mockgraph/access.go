package mockgraph

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file is the out-of-band access to the tenant: what PIM itself or a
// person in the portal would do. Every method is safe for concurrent use.

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

// withAlert runs f on the alert of alertType under the tenant lock; it
// reports false for an unknown alert type.
func (s *Server) withAlert(alertType string, f func(t *tenant, a *alert)) bool {
	s.lock()
	defer s.mu.Unlock()
	a := s.tenant.alertByType(alertType)
	if a == nil {
		return false
	}
	f(s.tenant, a)
	return true
}

// Alert returns the state of one alert (the zero AlertState for an unknown type).
func (s *Server) Alert(alertType string) AlertState {
	var st AlertState
	s.withAlert(alertType, func(t *tenant, a *alert) {
		st = AlertState{
			ID: t.alertID(a.typ.Suffix), AlertType: a.typ.Suffix, IsActive: a.active, IncidentCount: len(a.incidents),
			LastModified: a.lastModified, LastScanned: a.lastScanned, IncidentIDs: a.incidentIDs(),
		}
	})
	return st
}

// SetAlertActive sets isActive as a dismissal (false) or reactivation
// (true) in the portal would.
func (s *Server) SetAlertActive(alertType string, active bool) {
	s.withAlert(alertType, func(_ *tenant, a *alert) { a.setActive(active) })
}

// Configuration returns the stored configuration as Graph would serialise
// it: "@odata.type", "isEnabled" and the type's thresholds (durations as
// strings like "P30D", integers as int). It is nil for an unknown type.
func (s *Server) Configuration(alertType string) map[string]any {
	var m map[string]any
	s.withAlert(alertType, func(_ *tenant, a *alert) {
		m = a.typ.Encode(a.thresholds)
		for k, v := range m {
			if n, ok := v.(int32); ok {
				m[k] = int(n)
			}
		}
		m["@odata.type"] = a.typ.ConfigurationODataType
		m["isEnabled"] = a.enabled
	})
	return m
}

// SetConfiguration applies properties with the names and JSON types of a
// Graph PATCH body (without @odata.type), validated as a PATCH is.
func (s *Server) SetConfiguration(alertType string, props map[string]any) error {
	var err error
	if !s.withAlert(alertType, func(t *tenant, a *alert) { err = t.setConfiguration(a, props) }) {
		return s.unknownAlertType(alertType)
	}
	return err
}

func (s *Server) unknownAlertType(alertType string) error {
	return fmt.Errorf("unknown alert type %q; use one of %s", alertType, strings.Join(s.cfg.catalogue.Names(), ", "))
}

// Scan runs PIM's own periodic (daily) scan of the given alert types (all
// when none) now. What it does to a dismissed alert is the server's
// DailyScan option; other alerts are rescanned as by a refresh.
func (s *Server) Scan(alertTypes ...string) {
	s.lock()
	defer s.mu.Unlock()
	s.tenant.dailyScan(s.cfg.now(), s.cfg.dailyScan, alertTypes...)
}

// Refresh runs a refresh of the given alert types (all when none) to its
// end now, as one someone starts in the portal: it rescans dismissed
// alerts too and reactivates them (documented; RefreshReactivation says
// whether also those without incidents).
func (s *Server) Refresh(alertTypes ...string) {
	s.lock()
	defer s.mu.Unlock()
	s.tenant.refresh(s.cfg.now(), alertTypes...)
}

// Incidents returns the alert's current incidents as Graph would serialise
// them (maps including "@odata.type").
func (s *Server) Incidents(alertType string) []map[string]any {
	var out []map[string]any
	s.withAlert(alertType, func(_ *tenant, a *alert) {
		for _, inc := range a.incidents {
			out = append(out, inc.toMap())
		}
	})
	return out
}

// Users returns the users of the directory.
func (s *Server) Users() []User {
	s.lock()
	defer s.mu.Unlock()
	return slices.Clone(s.tenant.users)
}

// Roles returns the directory roles.
func (s *Server) Roles() []Role {
	s.lock()
	defer s.mu.Unlock()
	return slices.Clone(s.tenant.roles)
}

// Assignments returns the role assignments.
func (s *Server) Assignments() []Assignment {
	s.lock()
	defer s.mu.Unlock()
	return slices.Clone(s.tenant.assignments)
}

// RoleHolders returns, sorted, the distinct principals holding the role
// (by definition or template id), active or eligible.
func (s *Server) RoleHolders(roleID string) []string {
	s.lock()
	defer s.mu.Unlock()
	var out []string
	for _, a := range s.tenant.assignments {
		if r, ok := s.tenant.role(a.RoleDefinitionID); ok && (r.ID == roleID || r.TemplateID == roleID) && !slices.Contains(out, a.PrincipalID) {
			out = append(out, a.PrincipalID)
		}
	}
	slices.Sort(out)
	return out
}

// BreakGlass returns the tenant's break-glass account: the user whose user
// principal name starts with "breakglass@", as in the default seed.
func (s *Server) BreakGlass() (User, bool) {
	for _, u := range s.Users() {
		if strings.HasPrefix(strings.ToLower(u.UserPrincipalName), "breakglass@") {
			return u, true
		}
	}
	return User{}, false
}

// AddUser adds a user, filling ID when empty (and UserPrincipalName from
// the display name when empty).
func (s *Server) AddUser(u User) User {
	if u.ID == "" {
		u.ID = newGUID()
	}
	s.lock()
	defer s.mu.Unlock()
	if u.UserPrincipalName == "" {
		u.UserPrincipalName = upnFor(u.DisplayName, u.ID, s.tenant)
	}
	s.tenant.users = append(s.tenant.users, u)
	return u
}

// AddGroup adds a group, filling ID when empty. Its members must be users
// or service principals (groups do not nest).
func (s *Server) AddGroup(g Group) Group {
	if g.ID == "" {
		g.ID = newGUID()
	}
	g.Members = slices.Clone(g.Members)
	s.lock()
	defer s.mu.Unlock()
	s.tenant.groups = append(s.tenant.groups, g)
	return g
}

// AddGroupMember adds a user or service principal to a group; it reports
// whether the group exists.
func (s *Server) AddGroupMember(groupID, memberID string) bool {
	s.lock()
	defer s.mu.Unlock()
	for i, g := range s.tenant.groups {
		if g.ID == groupID {
			s.tenant.groups[i].Members = append(s.tenant.groups[i].Members, memberID)
			return true
		}
	}
	return false
}

// AddServicePrincipal adds a service principal, filling ID and AppID when empty.
func (s *Server) AddServicePrincipal(sp ServicePrincipal) ServicePrincipal {
	if sp.ID == "" {
		sp.ID = newGUID()
	}
	if sp.AppID == "" {
		sp.AppID = newGUID()
	}
	s.lock()
	defer s.mu.Unlock()
	s.tenant.sps = append(s.tenant.sps, sp)
	return sp
}

// SetUserEnabled enables or disables a user's account; it reports whether
// the user exists.
func (s *Server) SetUserEnabled(userID string, enabled bool) bool {
	s.lock()
	defer s.mu.Unlock()
	for i, u := range s.tenant.users {
		if u.ID == userID {
			s.tenant.users[i].Disabled = !enabled
			return true
		}
	}
	return false
}

// upnFor derives "first.last@domain" from a display name, in the domain of
// the existing users.
func upnFor(displayName, id string, t *tenant) string {
	domain := "contoso.onmicrosoft.com"
	for _, u := range t.users {
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
func (s *Server) AddAssignment(a Assignment) Assignment {
	if a.ID == "" {
		a.ID = newGUID()
	}
	s.lock()
	defer s.mu.Unlock()
	if a.Created.IsZero() {
		a.Created = s.cfg.now()
	}
	s.tenant.assignments = append(s.tenant.assignments, a)
	return a
}

// RemoveAssignment removes a role assignment; it reports whether it existed.
func (s *Server) RemoveAssignment(id string) bool {
	s.lock()
	defer s.mu.Unlock()
	return s.tenant.removeAssignments(func(a Assignment) bool { return a.ID != id }) > 0
}

// AddActivation records an activation of an eligible role (Time defaults to now).
func (s *Server) AddActivation(a Activation) {
	s.lock()
	defer s.mu.Unlock()
	if a.Time.IsZero() {
		a.Time = s.cfg.now()
	}
	s.tenant.activations = append(s.tenant.activations, a)
}

// SetLicenseStatus sets the tenant's licence, e.g. "P2" (PIM included) or
// "Free" (InvalidLicenseAlert fires at the next scan).
func (s *Server) SetLicenseStatus(status string) {
	s.lock()
	defer s.mu.Unlock()
	s.tenant.license = status
}

// SetRoleRequiresMFA sets whether activating the role requires MFA.
func (s *Server) SetRoleRequiresMFA(roleDefinitionID string, require bool) {
	s.lock()
	defer s.mu.Unlock()
	for i, r := range s.tenant.roles {
		if r.ID == roleDefinitionID || r.TemplateID == roleDefinitionID {
			s.tenant.roles[i].RequireMFAOnActivation = require
		}
	}
}

// SetUserLastSignIn sets a user's last sign-in (zero = never); it reports
// whether the user exists.
func (s *Server) SetUserLastSignIn(userID string, t time.Time) bool {
	s.lock()
	defer s.mu.Unlock()
	for i, u := range s.tenant.users {
		if u.ID == userID {
			s.tenant.users[i].LastSignIn = t
			return true
		}
	}
	return false
}

// AddGlobalAdmin is a shortcut: a new user (signed in now) with an active
// Global Administrator assignment made outside PIM.
func (s *Server) AddGlobalAdmin(displayName string) (User, Assignment) {
	u := s.AddUser(User{DisplayName: displayName, LastSignIn: s.Now()})
	a := s.AddAssignment(Assignment{PrincipalID: u.ID, RoleDefinitionID: GlobalAdministratorRoleID})
	return u, a
}

// Now returns the tenant clock's current time.
func (s *Server) Now() time.Time { return s.cfg.now() }
