package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// timeValue returns t in UTC, or nil for a missing time and for Graph's
// "never" sentinel 0001-01-01T08:00:00Z (any time in year 1 or earlier).
func timeValue(t *time.Time) *time.Time {
	if t == nil || t.Year() <= 1 {
		return nil
	}
	u := t.UTC()
	return &u
}

// alertType returns the tenant and alert type of a Graph alert id. Alert
// types missing from the catalogue (Microsoft may add some) come back as
// an AlertType with only Suffix set, so lists still name them.
func (c *Client) alertType(id string) (tenant string, at alerttypes.AlertType) {
	if tenant, at, err := c.cat.ParseID(id); err == nil {
		return tenant, at
	}
	tenant, suffix, _ := alerttypes.SplitID(id)
	return tenant, alerttypes.AlertType{Suffix: suffix}
}

func (c *Client) alertFromModel(m models.UnifiedRoleManagementAlertable, raw rawThresholds, incidentsExpanded bool) Alert {
	a := Alert{
		ID:            deref(m.GetId()),
		IsActive:      deref(m.GetIsActive()),
		IncidentCount: deref(m.GetIncidentCount()),
		LastModified:  timeValue(m.GetLastModifiedDateTime()),
		LastScanned:   timeValue(m.GetLastScannedDateTime()),
	}
	a.TenantID, a.Type = c.alertType(a.ID)
	if d := m.GetAlertDefinition(); d != nil {
		def := c.definitionFromModel(d)
		a.Definition = &def
	}
	if cfg := m.GetAlertConfiguration(); cfg != nil {
		conf := c.configurationFromModel(cfg, raw)
		a.Configuration = &conf
	}
	if incidentsExpanded || m.GetAlertIncidents() != nil {
		a.Incidents = make([]Incident, 0, len(m.GetAlertIncidents()))
		for _, inc := range m.GetAlertIncidents() {
			if inc != nil {
				a.Incidents = append(a.Incidents, c.incidentFromModel(inc, a.Type))
			}
		}
	}
	return a
}

func (c *Client) definitionFromModel(m models.UnifiedRoleManagementAlertDefinitionable) Definition {
	d := Definition{
		ID:              deref(m.GetId()),
		DisplayName:     deref(m.GetDisplayName()),
		Description:     deref(m.GetDescription()),
		SecurityImpact:  deref(m.GetSecurityImpact()),
		MitigationSteps: deref(m.GetMitigationSteps()),
		HowToPrevent:    deref(m.GetHowToPrevent()),
		IsRemediatable:  deref(m.GetIsRemediatable()),
		IsConfigurable:  deref(m.GetIsConfigurable()),
	}
	if s := m.GetSeverityLevel(); s != nil {
		d.SeverityLevel = s.String()
	}
	_, d.Type = c.alertType(d.ID)
	return d
}

// configurationFromModel maps a configuration. The thresholds come from
// raw, the values of the same response as Graph sent them, read by the
// catalogue, not from the derived SDK models: the SDK's ISODuration parser
// (kiota-abstractions-go serialization/duration.go, regexp "full") requires
// a fraction on seconds, so "PT10S" — the default of
// timeIntervalBetweenActivations — parses as zero, and the catalogue knows
// every configurable type while the SDK knows only those of its release.
func (c *Client) configurationFromModel(m models.UnifiedRoleManagementAlertConfigurationable, raw rawThresholds) Configuration {
	cfg := Configuration{
		ID:         deref(m.GetId()),
		Enabled:    deref(m.GetIsEnabled()),
		ODataType:  deref(m.GetOdataType()),
		Thresholds: raw[deref(m.GetId())].Clone(),
	}
	if at, ok := c.cat.ByConfigurationODataType(cfg.ODataType); ok {
		cfg.Type = at
	} else {
		_, cfg.Type = c.alertType(cfg.ID)
	}
	return cfg
}

// incidentFromModel maps an incident of any derived type; fallback is the
// alert type asked for, used when the @odata.type is not in the catalogue.
func (c *Client) incidentFromModel(m models.UnifiedRoleManagementAlertIncidentable, fallback alerttypes.AlertType) Incident {
	inc := Incident{
		ID:        deref(m.GetId()),
		ODataType: deref(m.GetOdataType()),
		Type:      fallback,
	}
	if at, ok := c.cat.ByIncidentODataType(inc.ODataType); ok {
		inc.Type = at
	}
	// The derived types share getters by name; match on method sets rather
	// than listing the seven types for every field.
	if v, ok := m.(interface {
		GetAssigneeId() *string
		GetAssigneeDisplayName() *string
		GetAssigneeUserPrincipalName() *string
	}); ok {
		inc.AssigneeID = v.GetAssigneeId()
		inc.AssigneeDisplayName = v.GetAssigneeDisplayName()
		inc.AssigneeUserPrincipalName = v.GetAssigneeUserPrincipalName()
	}
	if v, ok := m.(interface{ GetRoleDefinitionId() *string }); ok {
		inc.RoleDefinitionID = v.GetRoleDefinitionId()
	}
	if v, ok := m.(interface {
		GetRoleDisplayName() *string
		GetRoleTemplateId() *string
	}); ok {
		inc.RoleDisplayName = v.GetRoleDisplayName()
		inc.RoleTemplateID = v.GetRoleTemplateId()
	}
	if v, ok := m.(interface{ GetAssignmentCreatedDateTime() *time.Time }); ok {
		inc.AssignmentCreated = timeValue(v.GetAssignmentCreatedDateTime())
	}
	switch v := m.(type) {
	case *models.InvalidLicenseAlertIncident:
		inc.TenantLicenseStatus = v.GetTenantLicenseStatus()
	case *models.RedundantAssignmentAlertIncident:
		inc.LastActivation = timeValue(v.GetLastActivationDateTime())
	case *models.StaleSignInAlertIncident:
		inc.LastSignIn = timeValue(v.GetLastSignInDateTime())
	case *models.SequentialActivationRenewalsAlertIncident:
		inc.ActivationCount = v.GetActivationCount()
		inc.SequenceStart = timeValue(v.GetSequenceStartDateTime())
		inc.SequenceEnd = timeValue(v.GetSequenceEndDateTime())
	}
	return inc
}

func operationFromModel(m models.LongRunningOperationable) Operation {
	op := Operation{
		ID:               deref(m.GetId()),
		StatusDetail:     deref(m.GetStatusDetail()),
		ResourceLocation: deref(m.GetResourceLocation()),
		Created:          timeValue(m.GetCreatedDateTime()),
		LastAction:       timeValue(m.GetLastActionDateTime()),
	}
	if s := m.GetStatus(); s != nil {
		op.Status = s.String()
	}
	return op
}

// rawThresholds holds the thresholds of every configuration object in a
// response, as Graph sent them: configuration id → thresholds.
type rawThresholds map[string]alerttypes.Values

// thresholdsOf walks a JSON body and reads the thresholds of every object
// whose @odata.type is a configuration type of the catalogue, wherever it
// is nested (a configuration, a configuration list, alerts with an expanded
// alertConfiguration). A threshold Graph sent in a form the catalogue
// cannot read is an error of op: no value is better than a wrong one.
func (c *Client) thresholdsOf(op string, body []byte) (rawThresholds, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, &Error{Operation: op, Message: "decoding the response: " + err.Error(), Err: err}
	}
	out := rawThresholds{}
	var errs []error
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			odataType, _ := v["@odata.type"].(string)
			if at, ok := c.cat.ByConfigurationODataType(odataType); ok && odataType != "" {
				id, _ := v["id"].(string)
				props := map[string]json.RawMessage{}
				for _, f := range at.Fields {
					if raw, err := json.Marshal(v[f.GraphName]); err == nil {
						props[f.GraphName] = raw
					}
				}
				values, err := at.Decode(props)
				if err != nil {
					errs = append(errs, fmt.Errorf("configuration %s: %w", id, err))
				}
				out[id] = values
			}
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
	if err := errors.Join(errs...); err != nil {
		return out, &Error{Operation: op, Message: "decoding the response: " + err.Error(), Err: err}
	}
	return out, nil
}
