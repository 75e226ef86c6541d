package mockgraph

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/graphapi"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// This file is the out-of-band access to the tenant: what PIM itself or a
// person in the portal would do. Every method is safe for concurrent use.
// The model's own methods do the work (package tenant); those that speak
// Graph's JSON (configurations, incidents) go through the Graph API's
// codec.

// GlobalAdministratorRoleID is the role definition (and template) id of
// the built-in Global Administrator role.
const GlobalAdministratorRoleID = alerttypes.GlobalAdministratorRoleID

// Alert returns the state of one alert (the zero AlertState for an unknown type).
func (s *Server) Alert(alertType string) AlertState { return s.tenant.Alert(alertType) }

// SetAlertActive sets isActive as a dismissal (false) or reactivation
// (true) in the portal would.
func (s *Server) SetAlertActive(alertType string, active bool) {
	s.tenant.SetAlertActive(alertType, active)
}

// Configuration returns the stored configuration as Graph would serialise
// it: "@odata.type", "isEnabled" and the type's thresholds (durations as
// strings like "P30D", integers as int). It is nil for an unknown type.
func (s *Server) Configuration(alertType string) map[string]any {
	var m map[string]any
	s.tenant.WithAlert(alertType, func(_ *tenant.Model, a *tenant.Alert) {
		m = graphapi.ConfigurationMap(a)
	})
	return m
}

// SetConfiguration applies properties with the names and JSON types of a
// Graph PATCH body (without @odata.type), validated as a PATCH is.
func (s *Server) SetConfiguration(alertType string, props map[string]any) error {
	return setConfiguration(s.tenant, s.cfg.catalogue, alertType, props, s.cfg.ranges())
}

// setConfiguration applies Graph-style configuration properties (without
// @odata.type) to t with the validation of a PATCH.
func setConfiguration(t *tenant.Tenant, cat alerttypes.Catalogue, alertType string, props map[string]any, ranges ThresholdRanges) error {
	body := map[string]json.RawMessage{}
	for k, v := range props {
		raw, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("property %q: %w", k, err)
		}
		body[k] = raw
	}
	var err error
	if !t.WithAlert(alertType, func(m *tenant.Model, a *tenant.Alert) {
		typ, _ := json.Marshal(a.Type.ConfigurationODataType)
		body["@odata.type"] = typ
		var up tenant.ConfigurationUpdate
		if up, err = graphapi.ParseConfigurationUpdate(m, a, body, ranges == RangesOfThePortal); err == nil {
			a.Apply(up)
		}
	}) {
		return tenant.UnknownAlertType(cat, alertType)
	}
	return err
}

// Scan runs PIM's own periodic (daily) scan of the given alert types (all
// when none) now. What it does to a dismissed alert is the server's
// DailyScan option; other alerts are rescanned as by a refresh.
func (s *Server) Scan(alertTypes ...string) { s.tenant.Scan(alertTypes...) }

// Refresh runs a refresh of the given alert types (all when none) to its
// end now, as one someone starts in the portal: it rescans dismissed
// alerts too and reactivates them (documented; RefreshReactivation says
// whether also those without incidents).
func (s *Server) Refresh(alertTypes ...string) { s.tenant.Refresh(alertTypes...) }

// Incidents returns the alert's current incidents as Graph would serialise
// them (maps including "@odata.type").
func (s *Server) Incidents(alertType string) []map[string]any {
	var out []map[string]any
	s.tenant.WithAlert(alertType, func(_ *tenant.Model, a *tenant.Alert) {
		out = graphapi.IncidentMaps(a)
	})
	return out
}

// Users returns the users of the directory.
func (s *Server) Users() []User { return s.tenant.Users() }

// Roles returns the directory roles.
func (s *Server) Roles() []Role { return s.tenant.Roles() }

// Assignments returns the role assignments.
func (s *Server) Assignments() []Assignment { return s.tenant.Assignments() }

// RoleHolders returns, sorted, the distinct principals holding the role
// (by definition or template id) now, active or eligible.
func (s *Server) RoleHolders(roleID string) []string { return s.tenant.RoleHolders(roleID) }

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
func (s *Server) AddUser(u User) User { return s.tenant.AddUser(u) }

// AddGroup adds a group, filling ID when empty. Its members must be users
// or service principals (groups do not nest).
func (s *Server) AddGroup(g Group) Group { return s.tenant.AddGroup(g) }

// AddGroupMember adds a user or service principal to a group; it reports
// whether the group exists.
func (s *Server) AddGroupMember(groupID, memberID string) bool {
	return s.tenant.AddGroupMember(groupID, memberID)
}

// AddServicePrincipal adds a service principal, filling ID and AppID when empty.
func (s *Server) AddServicePrincipal(sp ServicePrincipal) ServicePrincipal {
	return s.tenant.AddServicePrincipal(sp)
}

// SetUserEnabled enables or disables a user's account; it reports whether
// the user exists.
func (s *Server) SetUserEnabled(userID string, enabled bool) bool {
	return s.tenant.SetUserEnabled(userID, enabled)
}

// AddAssignment adds a role assignment, filling ID and Created (now) when empty.
func (s *Server) AddAssignment(a Assignment) Assignment { return s.tenant.AddAssignment(a) }

// RemoveAssignment removes a role assignment; it reports whether it existed.
func (s *Server) RemoveAssignment(id string) bool { return s.tenant.RemoveAssignment(id) }

// AddActivation records an activation of an eligible role (Time defaults to now).
func (s *Server) AddActivation(a Activation) { s.tenant.AddActivation(a) }

// SetLicenseStatus sets the tenant's licence, e.g. "P2" (PIM included) or
// "Free" (InvalidLicenseAlert fires at the next scan).
func (s *Server) SetLicenseStatus(status string) { s.tenant.SetLicenseStatus(status) }

// SetRoleRequiresMFA sets whether activating the role requires MFA.
func (s *Server) SetRoleRequiresMFA(roleDefinitionID string, require bool) {
	s.tenant.SetRoleRequiresMFA(roleDefinitionID, require)
}

// SetUserLastSignIn sets a user's last sign-in (zero = never); it reports
// whether the user exists.
func (s *Server) SetUserLastSignIn(userID string, t time.Time) bool {
	return s.tenant.SetUserLastSignIn(userID, t)
}

// AddGlobalAdmin is a shortcut: a new user (signed in now) with an active
// Global Administrator assignment made outside PIM.
func (s *Server) AddGlobalAdmin(displayName string) (User, Assignment) {
	return s.tenant.AddGlobalAdmin(displayName)
}

// Now returns the tenant clock's current time.
func (s *Server) Now() time.Time { return s.tenant.Now() }
