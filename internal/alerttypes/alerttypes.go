// Package alerttypes is the one catalogue of the PIM alert types for Entra
// roles. Schemas, validators, documentation, the Graph layer and the
// simulated tenant all read it, so none of them can drift from the others:
// a new configurable alert type is one row of builtin (see catalogue.go)
// plus its scan in the simulator.
//
// Its values cross every package boundary: an alert type is looked up once,
// at the edge (schema validation, import parsing, a Graph response), and
// the AlertType is passed on; a threshold value is a Value from the plan to
// the wire and back.
package alerttypes

import (
	"slices"
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
	// Default is the value of an untouched tenant.
	Default Value
}

// Removal is what remediating an incident of an alert type takes away.
type Removal int

const (
	// RemovesNothing: remediation changes no role assignment (it changes a
	// role setting), or the type is not remediatable.
	RemovesNothing Removal = iota
	// RemovesIncidentRole: remediation removes the assignee from the role
	// named by the incident (roleDefinitionId or roleTemplateId).
	RemovesIncidentRole
	// RemovesGlobalAdministrator: the incident names no role; remediation
	// removes the assignee from the Global Administrator role.
	RemovesGlobalAdministrator
)

// GlobalAdministratorRoleID is the role definition id (equal to its
// template id) of the built-in Global Administrator role.
const GlobalAdministratorRoleID = "62e90394-69f5-4237-9190-012177145e10"

// AlertType describes one alert.
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
	// Removes says whose role assignments remediating an incident removes;
	// the Global Administrator guard reads it.
	Removes Removal
	// DisplayName and SeverityLevel are the Graph definition's values.
	DisplayName   string
	SeverityLevel string
	// Summary is a one-line explanation for documentation.
	Summary string
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

// FieldByGraphName returns the field with the given Graph property name.
func (a AlertType) FieldByGraphName(name string) (Field, bool) {
	for _, f := range a.Fields {
		if f.GraphName == name {
			return f, true
		}
	}
	return Field{}, false
}

// IncidentsNameNoRole reports whether the incidents of the type name no
// role because it is implied: the Global Administrator role, the one their
// remediation removes.
func (a AlertType) IncidentsNameNoRole() bool { return a.Removes == RemovesGlobalAdministrator }

// ID returns the Graph id of this alert type in a tenant:
// "DirectoryRole_{tenantID}_{Suffix}". The alert, its definition and its
// configuration share this id.
func (a AlertType) ID(tenantID string) string {
	return AlertID(tenantID, a.Suffix)
}

// Catalogue is a set of alert types, sorted by suffix. The zero value is
// empty; Builtin is the one the provider uses. A Catalogue never changes:
// With returns a copy.
type Catalogue struct {
	types []AlertType
}

// Builtin returns the seven alert types Graph has for Entra roles.
func Builtin() Catalogue { return builtin }

// With returns a copy of c with more alert types (replacing those with the
// same suffix), for tests of a type Microsoft might add.
func (c Catalogue) With(types ...AlertType) Catalogue {
	out := make([]AlertType, 0, len(c.types)+len(types))
	for _, a := range c.types {
		if !slices.ContainsFunc(types, func(b AlertType) bool { return b.Suffix == a.Suffix }) {
			out = append(out, a)
		}
	}
	out = append(out, types...)
	slices.SortFunc(out, func(a, b AlertType) int { return strings.Compare(a.Suffix, b.Suffix) })
	return Catalogue{types: out}
}

// All returns the alert types sorted by suffix. The slice is a copy.
func (c Catalogue) All() []AlertType { return slices.Clone(c.types) }

// Names returns the suffixes in sorted order.
func (c Catalogue) Names() []string { return c.names(func(AlertType) bool { return true }) }

// RemediatableNames returns, sorted, the suffixes of the alert types whose
// incidents PIM can remediate.
func (c Catalogue) RemediatableNames() []string {
	return c.names(func(a AlertType) bool { return a.Remediatable })
}

func (c Catalogue) names(keep func(AlertType) bool) []string {
	var out []string
	for _, a := range c.types {
		if keep(a) {
			out = append(out, a.Suffix)
		}
	}
	return out
}

// Configurable returns the alert types whose thresholds can be changed.
func (c Catalogue) Configurable() []AlertType {
	var out []AlertType
	for _, a := range c.types {
		if a.Configurable {
			out = append(out, a)
		}
	}
	return out
}

// Lookup finds an alert type by suffix (exact, case-sensitive, as Graph spells it).
func (c Catalogue) Lookup(suffix string) (AlertType, bool) {
	return c.find(func(a AlertType) bool { return a.Suffix == suffix })
}

// ByBlock finds the configurable alert type whose thresholds live in block.
func (c Catalogue) ByBlock(block string) (AlertType, bool) {
	return c.find(func(a AlertType) bool { return a.Block != "" && a.Block == block })
}

// ByConfigurationODataType finds the alert type of a configuration @odata.type
// (with or without the leading "#").
func (c Catalogue) ByConfigurationODataType(t string) (AlertType, bool) {
	t = "#" + strings.TrimPrefix(t, "#")
	return c.find(func(a AlertType) bool { return a.ConfigurationODataType == t })
}

// ByIncidentODataType finds the alert type of an incident @odata.type.
func (c Catalogue) ByIncidentODataType(t string) (AlertType, bool) {
	t = "#" + strings.TrimPrefix(t, "#")
	return c.find(func(a AlertType) bool { return a.IncidentODataType == t })
}

func (c Catalogue) find(match func(AlertType) bool) (AlertType, bool) {
	for _, a := range c.types {
		if match(a) {
			return a, true
		}
	}
	return AlertType{}, false
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
