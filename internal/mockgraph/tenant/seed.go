package tenant

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Seed is a tenant model in JSON form (the format of -seed FILE).
//
// Times are strings relative to the moment the server starts, so scans give
// the same result whenever the seed is loaded: a sequence of signed terms
// such as "-45d", "-2d+3s" or "-1d12h" (units d, h, m, s; a term without a
// sign takes the sign of the one before), "now", an RFC 3339 timestamp, or
// "" for never.
type Seed struct {
	TenantID      string     `json:"tenantId"`
	LicenseStatus string     `json:"licenseStatus"` // "P2" or "Governance" (any case, or a plan name such as "EntraIDP2") include PIM; anything else fires InvalidLicenseAlert
	Apps          []SeedApp  `json:"apps"`
	Roles         []SeedRole `json:"roles"`
	Users         []SeedUser `json:"users"`
	// Groups and ServicePrincipals can hold roles too.
	Groups            []SeedGroup            `json:"groups,omitempty"`
	ServicePrincipals []SeedServicePrincipal `json:"servicePrincipals,omitempty"`
	Assignments       []SeedAssignment       `json:"assignments"`
	Activations       []SeedActivation       `json:"activations"`
	// Configurations overrides configuration properties per alert type,
	// with the names and JSON types of a Graph PATCH body
	// (for example {"StaleSignInAlert": {"duration": "P14D"}}).
	Configurations map[string]map[string]any `json:"configurations,omitempty"`
}

// SeedApp is an app registration. Secret is generated when empty.
type SeedApp struct {
	ClientID    string   `json:"clientId"`
	DisplayName string   `json:"displayName"`
	Roles       []string `json:"roles"` // app roles, e.g. "RoleManagementAlert.ReadWrite.Directory"
	Secret      string   `json:"secret,omitempty"`
}

// SeedRole is a directory role. TemplateID defaults to ID.
type SeedRole struct {
	ID                     string `json:"id"`
	TemplateID             string `json:"templateId,omitempty"`
	DisplayName            string `json:"displayName"`
	Privileged             bool   `json:"privileged"`
	RequireMFAOnActivation bool   `json:"requireMfaOnActivation"`
}

// SeedUser is a user; LastSignIn is a seed time ("" = never).
// AccountEnabled defaults to true.
type SeedUser struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
	LastSignIn        string `json:"lastSignIn"`
	AccountEnabled    *bool  `json:"accountEnabled,omitempty"`
}

// SeedGroup is a group; Members are ids of users or service principals.
type SeedGroup struct {
	ID                 string   `json:"id"`
	DisplayName        string   `json:"displayName"`
	IsAssignableToRole bool     `json:"isAssignableToRole"`
	Members            []string `json:"members"`
}

// SeedServicePrincipal is a service principal.
type SeedServicePrincipal struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	AppID       string `json:"appId"`
}

// SeedAssignment is a role assignment; Created is a seed time.
type SeedAssignment struct {
	ID               string `json:"id"`
	PrincipalID      string `json:"principalId"`
	RoleDefinitionID string `json:"roleDefinitionId"`
	// DirectoryScopeID is where the role applies; default "/" (the tenant).
	DirectoryScopeID string `json:"directoryScopeId,omitempty"`
	Eligible         bool   `json:"eligible"`
	ViaPIM           bool   `json:"viaPim"`
	Created          string `json:"created"`
	// Start and End are seed times bounding an eligibility ("" = open).
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// SeedActivation is one activation of an eligible role; Time is a seed time.
type SeedActivation struct {
	PrincipalID      string `json:"principalId"`
	RoleDefinitionID string `json:"roleDefinitionId"`
	Time             string `json:"time"`
}

// User converts u, resolving its seed time against now.
func (u SeedUser) User(now time.Time) (User, error) {
	last, err := ParseTime(u.LastSignIn, now)
	return User{ID: u.ID, DisplayName: u.DisplayName, UserPrincipalName: u.UserPrincipalName, LastSignIn: last,
		Disabled: u.AccountEnabled != nil && !*u.AccountEnabled}, err
}

// Assignment converts a, resolving its seed time against now.
func (a SeedAssignment) Assignment(now time.Time) (Assignment, error) {
	created, err := ParseTime(a.Created, now)
	start, errStart := ParseTime(a.Start, now)
	end, errEnd := ParseTime(a.End, now)
	return Assignment{ID: a.ID, PrincipalID: a.PrincipalID, RoleDefinitionID: a.RoleDefinitionID,
		DirectoryScopeID: a.DirectoryScopeID, Eligible: a.Eligible, ViaPIM: a.ViaPIM, Created: created,
		Start: start, End: end}, errors.Join(err, errStart, errEnd)
}

// Activation converts a, resolving its seed time against now.
func (a SeedActivation) Activation(now time.Time) (Activation, error) {
	at, err := ParseTime(a.Time, now)
	return Activation{PrincipalID: a.PrincipalID, RoleDefinitionID: a.RoleDefinitionID, Time: at}, err
}

// ParseTime resolves a seed time against now.
func ParseTime(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return time.Time{}, nil
	case "now":
		return now, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	var total time.Duration
	sign := 1
	rest := s
	for rest != "" {
		switch rest[0] {
		case '+':
			sign, rest = 1, rest[1:]
		case '-':
			sign, rest = -1, rest[1:]
		}
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return time.Time{}, fmt.Errorf("time %q: expected terms such as \"-45d\", \"-2d+3s\", \"now\" or an RFC 3339 timestamp", s)
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil {
			return time.Time{}, fmt.Errorf("time %q: %w", s, err)
		}
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute, 's': time.Second}[rest[i]]
		if unit == 0 {
			return time.Time{}, fmt.Errorf("time %q: unknown unit %q (use d, h, m or s)", s, rest[i])
		}
		total += time.Duration(sign*n) * unit
		rest = rest[i+1:]
	}
	return now.Add(total), nil
}

// build turns the seed into the model of a tenant with the alert types of
// cat at time now. The seed's apps and configurations are not the model's:
// the caller registers the apps and applies the configurations.
func (s *Seed) build(cat alerttypes.Catalogue, now time.Time) (*Model, error) {
	if !alerttypes.IsGUID(s.TenantID) {
		return nil, fmt.Errorf("seed: tenantId %q is not a GUID", s.TenantID)
	}
	m := &Model{ID: strings.ToLower(s.TenantID), License: s.LicenseStatus}
	var errs []error
	ids := map[string]bool{}
	unique := func(kind, id string) {
		if id == "" {
			errs = append(errs, fmt.Errorf("a %s has no id", kind))
		} else if ids[id] {
			errs = append(errs, fmt.Errorf("%s id %q is used twice", kind, id))
		}
		ids[id] = true
	}
	for _, r := range s.Roles {
		unique("role", r.ID)
		tmpl := r.TemplateID
		if tmpl == "" {
			tmpl = r.ID
		}
		m.Roles = append(m.Roles, Role{ID: r.ID, TemplateID: tmpl, DisplayName: r.DisplayName,
			Privileged: r.Privileged, RequireMFAOnActivation: r.RequireMFAOnActivation})
	}
	for _, u := range s.Users {
		unique("user", u.ID)
		user, err := u.User(now)
		errs = append(errs, err)
		m.Users = append(m.Users, user)
	}
	for _, sp := range s.ServicePrincipals {
		unique("service principal", sp.ID)
		m.SPs = append(m.SPs, ServicePrincipal(sp))
	}
	for _, g := range s.Groups {
		unique("group", g.ID)
		for _, member := range g.Members {
			if k := m.Principal(member).Kind; k != UserKind && k != ServicePrincipalKind {
				errs = append(errs, fmt.Errorf("group %s: member %q is not a user or service principal (groups do not nest)", g.ID, member))
			}
		}
		group := Group(g)
		group.Members = slices.Clone(g.Members)
		m.Groups = append(m.Groups, group)
	}
	for _, a := range s.Assignments {
		unique("assignment", a.ID)
		as, err := a.Assignment(now)
		errs = append(errs, err)
		switch p := m.Principal(a.PrincipalID); p.Kind {
		case Unknown:
			errs = append(errs, fmt.Errorf("assignment %s: unknown principal %q", a.ID, a.PrincipalID))
		case GroupKind:
			if !p.Group.IsAssignableToRole {
				errs = append(errs, fmt.Errorf("assignment %s: group %q is not role-assignable", a.ID, a.PrincipalID))
			}
		}
		if _, ok := m.Role(a.RoleDefinitionID); !ok {
			errs = append(errs, fmt.Errorf("assignment %s: unknown role %q", a.ID, a.RoleDefinitionID))
		}
		m.Assignments = append(m.Assignments, as)
	}
	for i, a := range s.Activations {
		ac, err := a.Activation(now)
		errs = append(errs, err)
		if _, ok := m.User(a.PrincipalID); !ok {
			errs = append(errs, fmt.Errorf("activation %d: unknown principal %q", i, a.PrincipalID))
		}
		if _, ok := m.Role(a.RoleDefinitionID); !ok {
			errs = append(errs, fmt.Errorf("activation %d: unknown role %q", i, a.RoleDefinitionID))
		}
		m.Activations = append(m.Activations, ac)
	}
	for _, typ := range cat.All() {
		m.Alerts = append(m.Alerts, &Alert{Type: typ, Enabled: true, Thresholds: defaultThresholds(typ)})
	}
	for suffix := range s.Configurations {
		if m.AlertByType(suffix) == nil {
			errs = append(errs, fmt.Errorf("configurations: unknown alert type %q", suffix))
		}
	}
	for _, a := range s.Apps {
		if !alerttypes.IsGUID(a.ClientID) {
			errs = append(errs, fmt.Errorf("app %q: clientId is not a GUID", a.DisplayName))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	return m, nil
}
