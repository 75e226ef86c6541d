// Package alerttypes is the one catalogue of the seven PIM alert types for
// Entra roles. Schemas, validators, documentation, the Graph layer and the
// simulated tenant all read it, so none of them can drift from the others.
package alerttypes

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// FieldKind is the JSON type of a configurable threshold.
type FieldKind int

const (
	// Int is an Edm.Int32 threshold.
	Int FieldKind = iota
	// Duration is an Edm.Duration threshold, an ISO-8601 string such as "P30D".
	Duration
)

// Field is one configurable threshold of an alert configuration.
type Field struct {
	// GraphName is the JSON property name, for example "globalAdminCountThreshold".
	GraphName string
	// Attribute is the Terraform attribute name (GraphName in snake_case).
	Attribute string
	Kind      FieldKind
	// Min and Max bound Int fields (inclusive).
	Min, Max int64
	// MinDuration and MaxDuration bound Duration fields (inclusive); a zero
	// MaxDuration means no upper bound.
	MinDuration, MaxDuration time.Duration
	// Description is the attribute documentation.
	Description string
	// Default is the value of an untouched tenant, as Graph serialises it.
	Default string
}

// AlertType describes one built-in alert.
type AlertType struct {
	// Suffix is the alert id suffix and the name users write, e.g. "StaleSignInAlert".
	Suffix string
	// ConfigurationODataType is the @odata.type of the alert's configuration.
	ConfigurationODataType string
	// IncidentODataType is the @odata.type of the alert's incidents.
	IncidentODataType string
	// Block is the nested attribute of entrapim_alert_configuration holding the
	// thresholds; empty for types that are not configurable.
	Block string
	// Fields are the configurable thresholds, in Graph's property order.
	Fields []Field
	// Configurable mirrors the definition's isConfigurable.
	Configurable bool
	// Remediatable mirrors the definition's isRemediatable.
	Remediatable bool
	// Remediation says what remediating an incident does to the tenant.
	Remediation string
	// DisplayName and SeverityLevel are the Graph definition's values.
	DisplayName   string
	SeverityLevel string
	// Summary is a one-line explanation for documentation.
	Summary string
}

const (
	InvalidLicense          = "InvalidLicenseAlert"
	NoMfaOnRoleActivation   = "NoMfaOnRoleActivationAlert"
	RedundantAssignment     = "RedundantAssignmentAlert"
	RolesAssignedOutsidePim = "RolesAssignedOutsidePimAlert"
	SequentialActivation    = "SequentialActivationRenewalsAlert"
	StaleSignIn             = "StaleSignInAlert"
	TooManyGlobalAdmins     = "TooManyGlobalAdminsAssignedToTenantAlert"
	removeAssignment        = "removes the assignee's role assignment"
	odataPrefix             = "#microsoft.graph."
	scopeTypeDirectoryRole  = "DirectoryRole"
	alertIDPrefix           = scopeTypeDirectoryRole + "_"
)

var catalogue = []AlertType{
	{
		Suffix:                 InvalidLicense,
		ConfigurationODataType: odataPrefix + "invalidLicenseAlertConfiguration",
		IncidentODataType:      odataPrefix + "invalidLicenseAlertIncident",
		DisplayName:            "The organization doesn't have Azure AD Premium P2",
		SeverityLevel:          "high",
		Summary:                "The tenant uses PIM without a Microsoft Entra ID P2 or Governance licence.",
	},
	{
		Suffix:                 NoMfaOnRoleActivation,
		ConfigurationODataType: odataPrefix + "noMfaOnRoleActivationAlertConfiguration",
		IncidentODataType:      odataPrefix + "noMfaOnRoleActivationAlertIncident",
		Remediatable:           true,
		Remediation:            "requires multi-factor authentication on activation of the role",
		DisplayName:            "Roles don't require multi-factor authentication for activation",
		SeverityLevel:          "medium",
		Summary:                "A role can be activated without multi-factor authentication.",
	},
	{
		Suffix:                 RedundantAssignment,
		ConfigurationODataType: odataPrefix + "redundantAssignmentAlertConfiguration",
		IncidentODataType:      odataPrefix + "redundantAssignmentAlertIncident",
		Block:                  "redundant_assignment",
		Configurable:           true,
		Remediatable:           true,
		Remediation:            removeAssignment,
		DisplayName:            "Eligible administrators aren't activating their privileged role",
		SeverityLevel:          "low",
		Summary:                "Eligible administrators have not activated their role within the look-back period.",
		Fields: []Field{{
			GraphName:   "duration",
			Attribute:   "duration",
			Kind:        Duration,
			MinDuration: 24 * time.Hour,
			MaxDuration: 100 * 24 * time.Hour,
			Default:     "P30D",
			Description: "How long an eligible assignment may go without an activation before it is reported, as an ISO-8601 duration between `P1D` and `P100D` (for example `P30D`).",
		}},
	},
	{
		Suffix:                 RolesAssignedOutsidePim,
		ConfigurationODataType: odataPrefix + "rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration",
		IncidentODataType:      odataPrefix + "rolesAssignedOutsidePrivilegedIdentityManagementAlertIncident",
		Remediatable:           true,
		Remediation:            removeAssignment,
		DisplayName:            "Roles are being assigned outside of Privileged Identity Management",
		SeverityLevel:          "high",
		Summary:                "Privileged roles were assigned directly in Entra ID instead of through PIM.",
	},
	{
		Suffix:                 SequentialActivation,
		ConfigurationODataType: odataPrefix + "sequentialActivationRenewalsAlertConfiguration",
		IncidentODataType:      odataPrefix + "sequentialActivationRenewalsAlertIncident",
		Block:                  "sequential_activation_renewals",
		Configurable:           true,
		DisplayName:            "Roles are being activated too frequently",
		SeverityLevel:          "medium",
		Summary:                "A user activates the same role many times in quick succession.",
		Fields: []Field{
			{
				GraphName:   "sequentialActivationCounterThreshold",
				Attribute:   "sequential_activation_counter_threshold",
				Kind:        Int,
				Min:         2,
				Max:         100,
				Default:     "3",
				Description: "How many activations of the same role within `time_interval_between_activations` raise an incident (2–100).",
			},
			{
				GraphName:   "timeIntervalBetweenActivations",
				Attribute:   "time_interval_between_activations",
				Kind:        Duration,
				MinDuration: time.Second,
				MaxDuration: 30 * 24 * time.Hour,
				Default:     "PT10S",
				Description: "The renewal time frame, as an ISO-8601 duration between `PT1S` and `P30D` (for example `PT1H`).",
			},
		},
	},
	{
		Suffix:                 StaleSignIn,
		ConfigurationODataType: odataPrefix + "staleSignInAlertConfiguration",
		IncidentODataType:      odataPrefix + "staleSignInAlertIncident",
		Block:                  "stale_sign_in",
		Configurable:           true,
		Remediatable:           true,
		Remediation:            removeAssignment,
		DisplayName:            "Potential stale accounts in a privileged role",
		SeverityLevel:          "medium",
		Summary:                "Accounts in a privileged role have not signed in within the look-back period.",
		Fields: []Field{{
			GraphName:   "duration",
			Attribute:   "duration",
			Kind:        Duration,
			MinDuration: 24 * time.Hour,
			MaxDuration: 365 * 24 * time.Hour,
			Default:     "P30D",
			Description: "How long an account in a privileged role may go without signing in before it is reported, as an ISO-8601 duration between `P1D` and `P365D` (for example `P30D`).",
		}},
	},
	{
		Suffix:                 TooManyGlobalAdmins,
		ConfigurationODataType: odataPrefix + "tooManyGlobalAdminsAssignedToTenantAlertConfiguration",
		IncidentODataType:      odataPrefix + "tooManyGlobalAdminsAssignedToTenantAlertIncident",
		Block:                  "too_many_global_admins",
		Configurable:           true,
		Remediatable:           true,
		Remediation:            removeAssignment,
		DisplayName:            "There are too many global administrators",
		SeverityLevel:          "low",
		Summary:                "The number and share of Global Administrators exceed both thresholds.",
		Fields: []Field{
			{
				GraphName:   "globalAdminCountThreshold",
				Attribute:   "global_admin_count_threshold",
				Kind:        Int,
				Min:         2,
				Max:         100,
				Default:     "3",
				Description: "The number of Global Administrators at which the alert fires (2–100). The alert fires only when both thresholds are reached.",
			},
			{
				GraphName:   "percentageOfGlobalAdminsOutOfRolesThreshold",
				Attribute:   "percentage_of_global_admins_out_of_roles_threshold",
				Kind:        Int,
				Min:         0,
				Max:         100,
				Default:     "10",
				Description: "The percentage of privileged role assignments held by Global Administrators at which the alert fires (0–100). The alert fires only when both thresholds are reached.",
			},
		},
	},
}

// All returns the seven alert types sorted by suffix. The slice is a copy.
func All() []AlertType {
	out := make([]AlertType, len(catalogue))
	copy(out, catalogue)
	return out
}

// Names returns the seven suffixes in sorted order.
func Names() []string {
	out := make([]string, 0, len(catalogue))
	for _, a := range catalogue {
		out = append(out, a.Suffix)
	}
	sort.Strings(out)
	return out
}

// RemediatableNames returns, sorted, the suffixes of the alert types whose
// incidents PIM can remediate.
func RemediatableNames() []string {
	var out []string
	for _, n := range Names() {
		if at, _ := Lookup(n); at.Remediatable {
			out = append(out, n)
		}
	}
	return out
}

// Lookup finds an alert type by suffix (exact, case-sensitive, as Graph spells it).
func Lookup(suffix string) (AlertType, bool) {
	for _, a := range catalogue {
		if a.Suffix == suffix {
			return a, true
		}
	}
	return AlertType{}, false
}

// Configurable returns the alert types whose thresholds can be changed.
func Configurable() []AlertType {
	var out []AlertType
	for _, a := range catalogue {
		if a.Configurable {
			out = append(out, a)
		}
	}
	return out
}

// ByConfigurationODataType finds the alert type of a configuration @odata.type
// (with or without the leading "#").
func ByConfigurationODataType(t string) (AlertType, bool) {
	t = "#" + strings.TrimPrefix(t, "#")
	for _, a := range catalogue {
		if a.ConfigurationODataType == t {
			return a, true
		}
	}
	return AlertType{}, false
}

// ByIncidentODataType finds the alert type of an incident @odata.type.
func ByIncidentODataType(t string) (AlertType, bool) {
	t = "#" + strings.TrimPrefix(t, "#")
	for _, a := range catalogue {
		if a.IncidentODataType == t {
			return a, true
		}
	}
	return AlertType{}, false
}

// Field returns the field with the given Terraform attribute name.
func (a AlertType) Field(attribute string) (Field, bool) {
	for _, f := range a.Fields {
		if f.Attribute == attribute {
			return f, true
		}
	}
	return Field{}, false
}

// ID returns the Graph id of this alert type in a tenant:
// "DirectoryRole_{tenantID}_{Suffix}". The alert, its definition and its
// configuration share this id.
func (a AlertType) ID(tenantID string) string {
	return AlertID(tenantID, a.Suffix)
}

// AlertID returns "DirectoryRole_{tenantID}_{suffix}".
func AlertID(tenantID, suffix string) string {
	return alertIDPrefix + tenantID + "_" + suffix
}

// IDFormat is the expected format of a Graph alert id, for error messages.
const IDFormat = "DirectoryRole_{tenant_id}_{alert_type}"

// ParseID splits a Graph alert id into tenant id and alert type. It fails
// unless the id has the form DirectoryRole_{tenant GUID}_{known suffix}.
func ParseID(id string) (tenantID string, a AlertType, err error) {
	rest, ok := strings.CutPrefix(id, alertIDPrefix)
	if !ok {
		return "", AlertType{}, fmt.Errorf("%q does not start with %q; expected %s", id, alertIDPrefix, IDFormat)
	}
	i := strings.IndexByte(rest, '_')
	if i < 0 {
		return "", AlertType{}, fmt.Errorf("%q has no alert type; expected %s", id, IDFormat)
	}
	tenantID, suffix := rest[:i], rest[i+1:]
	if !IsGUID(tenantID) {
		return "", AlertType{}, fmt.Errorf("%q: tenant id %q is not a GUID; expected %s", id, tenantID, IDFormat)
	}
	a, ok = Lookup(suffix)
	if !ok {
		return "", AlertType{}, fmt.Errorf("%q: unknown alert type %q; expected one of %s", id, suffix, strings.Join(Names(), ", "))
	}
	return tenantID, a, nil
}

// IsGUID reports whether s is a GUID in the 8-4-4-4-12 hexadecimal form.
func IsGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
				return false
			}
		}
	}
	return true
}

// CodeList renders names as a comma-separated list of Markdown code spans,
// for attribute descriptions.
func CodeList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "`" + n + "`"
	}
	return strings.Join(out, ", ")
}
