package graph

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// The client's own wire types: Graph's JSON as plain structs, each body
// decoded once into one of them (see Client.get). The SDK still builds and
// sends the requests; its models are not used for reading, because
//
//   - its Edm.Duration parser (kiota-abstractions-go serialization/duration.go,
//     regexp "full") requires a fraction on seconds, so "PT10S", the default
//     of timeIntervalBetweenActivations, reads as zero;
//   - it knows only the configuration types of its release, while the
//     catalogue (internal/alerttypes) knows every type the provider supports;
//   - its enums turn a status or severity they do not know into nil.
//
// Property names and types: /work/shared/graph-pim-alerts-api.md §1, from
// the SDK's models and Graph's beta API reference.

// page is one page of a collection: its items and the link to the next
// page ("" on the last one).
type page[T any] struct {
	Value    []T    `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

// wireTime is an Edm.DateTimeOffset, ISO-8601 as Graph writes it
// ("2023-06-09T22:50:41.5414467Z"). A time without a zone is read in the
// local zone, as the SDK's JSON parse node reads it. The zero wireTime is
// a time Graph did not send or sent as null.
type wireTime struct{ time.Time }

// UnmarshalJSON implements json.Unmarshaler.
func (w *wireTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date and time must be a string: %w", err)
	}
	var err error
	if len(s) == len("2006-01-02T15:04:05") {
		w.Time, err = time.ParseInLocation("2006-01-02T15:04:05", s, time.Local)
	} else {
		w.Time, err = time.Parse(time.RFC3339, s)
	}
	return err
}

// value returns the time in UTC, or nil for a missing time (w nil or zero)
// and for Graph's "never" sentinel 0001-01-01T08:00:00Z (any time in year 1
// or earlier).
func (w *wireTime) value() *time.Time {
	if w == nil || w.Year() <= 1 {
		return nil
	}
	u := w.UTC()
	return &u
}

// alertWire is a unifiedRoleManagementAlert (never with @odata.type) with
// the navigation properties $expand may add.
type alertWire struct {
	ID                string             `json:"id"`
	AlertDefinitionID string             `json:"alertDefinitionId"`
	IsActive          bool               `json:"isActive"`
	IncidentCount     int32              `json:"incidentCount"`
	LastModified      *wireTime          `json:"lastModifiedDateTime"`
	LastScanned       *wireTime          `json:"lastScannedDateTime"`
	Definition        *definitionWire    `json:"alertDefinition"`
	Configuration     *configurationWire `json:"alertConfiguration"`
	Incidents         []incidentWire     `json:"alertIncidents"`
	// IncidentsNextLink is set when Graph cut the expanded incidents short.
	IncidentsNextLink string `json:"alertIncidents@odata.nextLink"`
}

// alert converts w; incidentsExpanded makes Incidents non-nil also when
// Graph left the property out. Its error is a threshold of the expanded
// configuration that the catalogue cannot read.
func (c *Client) alert(w *alertWire, incidentsExpanded bool) (Alert, error) {
	a := Alert{
		ID:            w.ID,
		IsActive:      w.IsActive,
		IncidentCount: w.IncidentCount,
		LastModified:  w.LastModified.value(),
		LastScanned:   w.LastScanned.value(),
	}
	a.TenantID, a.Type = c.alertType(a.ID)
	if w.Definition != nil {
		d := c.definition(w.Definition)
		a.Definition = &d
	}
	if w.Configuration != nil {
		cfg, err := c.configuration(w.Configuration)
		if err != nil {
			return a, err
		}
		a.Configuration = &cfg
	}
	if incidentsExpanded || w.Incidents != nil {
		a.Incidents = make([]Incident, 0, len(w.Incidents))
		for i := range w.Incidents {
			a.Incidents = append(a.Incidents, c.incident(&w.Incidents[i], a.Type))
		}
	}
	return a, nil
}

// definitionWire is a unifiedRoleManagementAlertDefinition.
type definitionWire struct {
	ID              string `json:"id"`
	DisplayName     string `json:"displayName"`
	Description     string `json:"description"`
	SeverityLevel   string `json:"severityLevel"`
	SecurityImpact  string `json:"securityImpact"`
	MitigationSteps string `json:"mitigationSteps"`
	HowToPrevent    string `json:"howToPrevent"`
	IsRemediatable  bool   `json:"isRemediatable"`
	IsConfigurable  bool   `json:"isConfigurable"`
}

func (c *Client) definition(w *definitionWire) Definition {
	d := Definition{
		ID:              w.ID,
		DisplayName:     w.DisplayName,
		Description:     w.Description,
		SeverityLevel:   w.SeverityLevel,
		SecurityImpact:  w.SecurityImpact,
		MitigationSteps: w.MitigationSteps,
		HowToPrevent:    w.HowToPrevent,
		IsRemediatable:  w.IsRemediatable,
		IsConfigurable:  w.IsConfigurable,
	}
	_, d.Type = c.alertType(d.ID)
	return d
}

// configurationWire is a unifiedRoleManagementAlertConfiguration of any
// derived type. Its thresholds depend on the type, which only the
// catalogue knows, so the object is decoded into its properties as raw
// JSON; the catalogue then reads the thresholds from those same bytes.
type configurationWire struct {
	ODataType         string
	ID                string
	AlertDefinitionID string
	IsEnabled         bool
	// props are all properties, the thresholds among them, as Graph sent them.
	props map[string]json.RawMessage
}

// UnmarshalJSON implements json.Unmarshaler.
func (w *configurationWire) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &w.props); err != nil {
		return err
	}
	for _, p := range [...]struct {
		name string
		dst  any
	}{{"@odata.type", &w.ODataType}, {"id", &w.ID}, {"alertDefinitionId", &w.AlertDefinitionID}, {"isEnabled", &w.IsEnabled}} {
		if raw, ok := w.props[p.name]; ok {
			if err := json.Unmarshal(raw, p.dst); err != nil {
				return fmt.Errorf("configuration property %s: %w", p.name, err)
			}
		}
	}
	return nil
}

// configuration converts w. A threshold Graph sent in a form the catalogue
// cannot read is an error: no value is better than a wrong one.
func (c *Client) configuration(w *configurationWire) (Configuration, error) {
	cfg := Configuration{ID: w.ID, Enabled: w.IsEnabled, ODataType: w.ODataType, Thresholds: alerttypes.Values{}}
	at, known := c.cat.ByConfigurationODataType(w.ODataType)
	if !known || w.ODataType == "" {
		_, cfg.Type = c.alertType(cfg.ID)
		return cfg, nil
	}
	cfg.Type = at
	values, err := at.Decode(w.props)
	if err != nil {
		return cfg, fmt.Errorf("configuration %s: %w", w.ID, err)
	}
	cfg.Thresholds = values
	return cfg, nil
}

// incidentWire is a unifiedRoleManagementAlertIncident: the union of the
// properties of its seven derived types, each of which sends only its own.
type incidentWire struct {
	ID        string `json:"id"`
	ODataType string `json:"@odata.type"`
	assignmentWire
	// TenantLicenseStatus: invalidLicenseAlertIncident.
	TenantLicenseStatus *string `json:"tenantLicenseStatus"`
	// ActivationCount, SequenceStart and SequenceEnd:
	// sequentialActivationRenewals.
	ActivationCount *int32   `json:"activationCount"`
	SequenceStart   wireTime `json:"sequenceStartDateTime"`
	SequenceEnd     wireTime `json:"sequenceEndDateTime"`
	// AssignmentCreated: rolesAssignedOutsidePrivilegedIdentityManagement
	// and staleSignIn incidents.
	AssignmentCreated wireTime `json:"assignmentCreatedDateTime"`
	// LastSignIn: staleSignIn; LastActivation: redundantAssignment.
	LastSignIn     wireTime `json:"lastSignInDateTime"`
	LastActivation wireTime `json:"lastActivationDateTime"`
}

// assignmentWire is the role assignment an incident names: its assignee
// (every incident type but invalidLicense and noMfaOnRoleActivation) and
// its role (every type but invalidLicense and tooManyGlobalAdmins;
// roleDefinitionId not on noMfaOnRoleActivation either).
type assignmentWire struct {
	AssigneeID                *string `json:"assigneeId"`
	AssigneeDisplayName       *string `json:"assigneeDisplayName"`
	AssigneeUserPrincipalName *string `json:"assigneeUserPrincipalName"`
	RoleDefinitionID          *string `json:"roleDefinitionId"`
	RoleDisplayName           *string `json:"roleDisplayName"`
	RoleTemplateID            *string `json:"roleTemplateId"`
}

// incident converts w; fallback is the alert type asked for, used when the
// @odata.type is not in the catalogue.
func (c *Client) incident(w *incidentWire, fallback alerttypes.AlertType) Incident {
	inc := Incident{ID: w.ID, ODataType: w.ODataType, Type: fallback,
		AssigneeID: w.AssigneeID, AssigneeDisplayName: w.AssigneeDisplayName, AssigneeUserPrincipalName: w.AssigneeUserPrincipalName,
		RoleDefinitionID: w.RoleDefinitionID, RoleDisplayName: w.RoleDisplayName, RoleTemplateID: w.RoleTemplateID,
		TenantLicenseStatus: w.TenantLicenseStatus, ActivationCount: w.ActivationCount,
		AssignmentCreated: w.AssignmentCreated.value(), LastSignIn: w.LastSignIn.value(), LastActivation: w.LastActivation.value(),
		SequenceStart: w.SequenceStart.value(), SequenceEnd: w.SequenceEnd.value(),
	}
	if at, ok := c.cat.ByIncidentODataType(inc.ODataType); ok {
		inc.Type = at
	}
	return inc
}

// operationWire is a longRunningOperation. Status is kept as Graph wrote
// it, also a value newer than the SDK's enum, so that its end is seen.
type operationWire struct {
	ID           string    `json:"id"`
	Status       string    `json:"status"`
	StatusDetail string    `json:"statusDetail"`
	Created      *wireTime `json:"createdDateTime"`
	LastAction   *wireTime `json:"lastActionDateTime"`
	// ResourceLocation is "" until the operation succeeded.
	ResourceLocation string `json:"resourceLocation"`
}

func (w *operationWire) operation() Operation {
	return Operation{
		ID:               w.ID,
		Status:           w.Status,
		StatusDetail:     w.StatusDetail,
		ResourceLocation: w.ResourceLocation,
		Created:          w.Created.value(),
		LastAction:       w.LastAction.value(),
	}
}

// holdingWire is a role assignment or eligibility instance (Graph v1.0).
type holdingWire struct {
	ID               string         `json:"id"`
	PrincipalID      string         `json:"principalId"`
	RoleDefinitionID string         `json:"roleDefinitionId"`
	DirectoryScopeID string         `json:"directoryScopeId"`
	StartDateTime    *time.Time     `json:"startDateTime"`
	EndDateTime      *time.Time     `json:"endDateTime"`
	Principal        *principalWire `json:"principal"`
}

func (h *holdingWire) holding(eligible bool) RoleHolding {
	principalID := h.PrincipalID
	if principalID == "" && h.Principal != nil {
		principalID = h.Principal.ID
	}
	return RoleHolding{ID: h.ID, PrincipalID: principalID, RoleDefinitionID: h.RoleDefinitionID,
		DirectoryScopeID: h.DirectoryScopeID, Eligible: eligible, Start: h.StartDateTime, End: h.EndDateTime,
		Principal: h.Principal.principal()}
}

// principalWire is a directory object (Graph v1.0).
type principalWire struct {
	ODataType      string `json:"@odata.type"`
	ID             string `json:"id"`
	AccountEnabled *bool  `json:"accountEnabled"`
}

func (p *principalWire) principal() Principal {
	if p == nil {
		return Principal{}
	}
	kind := PrincipalUnknown
	switch strings.TrimPrefix(p.ODataType, "#") {
	case "microsoft.graph.user":
		kind = PrincipalUser
	case "microsoft.graph.group":
		kind = PrincipalGroup
	case "microsoft.graph.servicePrincipal":
		kind = PrincipalServicePrincipal
	}
	return Principal{ID: p.ID, Kind: kind, AccountEnabled: p.AccountEnabled}
}
