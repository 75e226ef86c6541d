package graph

import (
	"bytes"
	"encoding/json"
	"strings"
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

// splitAlertID returns tenant id and alert type of a Graph alert id. Ids of
// alert types missing from the catalogue (Microsoft may add some) are split
// on the same pattern, so lists still show them.
func splitAlertID(id string) (tenant, alertType string) {
	if tenant, at, err := alerttypes.ParseID(id); err == nil {
		return tenant, at.Suffix
	}
	rest, ok := strings.CutPrefix(id, scopeType+"_")
	if !ok {
		return "", ""
	}
	tenant, alertType, _ = strings.Cut(rest, "_")
	return tenant, alertType
}

func alertFromModel(m models.UnifiedRoleManagementAlertable, raw rawThresholds, incidentsExpanded bool) Alert {
	a := Alert{
		ID:            deref(m.GetId()),
		IsActive:      deref(m.GetIsActive()),
		IncidentCount: deref(m.GetIncidentCount()),
		LastModified:  timeValue(m.GetLastModifiedDateTime()),
		LastScanned:   timeValue(m.GetLastScannedDateTime()),
	}
	a.TenantID, a.AlertType = splitAlertID(a.ID)
	if d := m.GetAlertDefinition(); d != nil {
		def := definitionFromModel(d)
		a.Definition = &def
	}
	if cfg := m.GetAlertConfiguration(); cfg != nil {
		conf := configurationFromModel(cfg, raw)
		a.Configuration = &conf
	}
	if incidentsExpanded || m.GetAlertIncidents() != nil {
		a.Incidents = make([]Incident, 0, len(m.GetAlertIncidents()))
		for _, inc := range m.GetAlertIncidents() {
			if inc != nil {
				a.Incidents = append(a.Incidents, incidentFromModel(inc, a.AlertType))
			}
		}
	}
	return a
}

func definitionFromModel(m models.UnifiedRoleManagementAlertDefinitionable) Definition {
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
	_, d.AlertType = splitAlertID(d.ID)
	return d
}

// configurationFromModel maps a configuration. Integer thresholds come from
// the derived SDK models; duration thresholds come from raw, the strings of
// the same response as Graph sent them, because the SDK's ISODuration parser
// (kiota-abstractions-go serialization/duration.go, regexp "full") requires a
// fraction on seconds: "PT10S" — the default of timeIntervalBetweenActivations
// — parses as zero, and String() re-normalises 7 days into "P1W" and panics
// on "P7DT1H".
func configurationFromModel(m models.UnifiedRoleManagementAlertConfigurationable, raw rawThresholds) Configuration {
	c := Configuration{
		ID:        deref(m.GetId()),
		Enabled:   deref(m.GetIsEnabled()),
		ODataType: deref(m.GetOdataType()),
		Ints:      map[string]int32{},
		Durations: map[string]string{},
	}
	if at, ok := alerttypes.ByConfigurationODataType(c.ODataType); ok {
		c.AlertType = at.Suffix
	} else {
		_, c.AlertType = splitAlertID(c.ID)
	}
	putInt := func(name string, v *int32) {
		if v != nil {
			c.Ints[name] = *v
		}
	}
	switch v := m.(type) {
	case *models.TooManyGlobalAdminsAssignedToTenantAlertConfiguration:
		putInt("globalAdminCountThreshold", v.GetGlobalAdminCountThreshold())
		putInt("percentageOfGlobalAdminsOutOfRolesThreshold", v.GetPercentageOfGlobalAdminsOutOfRolesThreshold())
	case *models.SequentialActivationRenewalsAlertConfiguration:
		putInt("sequentialActivationCounterThreshold", v.GetSequentialActivationCounterThreshold())
	}
	for name, s := range raw[c.ID] {
		c.Durations[name] = s
	}
	return c
}

// incidentFromModel maps an incident of any derived type; fallbackType is the
// alert type asked for, used when the @odata.type is not in the catalogue.
func incidentFromModel(m models.UnifiedRoleManagementAlertIncidentable, fallbackType string) Incident {
	inc := Incident{
		ID:        deref(m.GetId()),
		ODataType: deref(m.GetOdataType()),
		AlertType: fallbackType,
	}
	if at, ok := alerttypes.ByIncidentODataType(inc.ODataType); ok {
		inc.AlertType = at.Suffix
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

// rawThresholds holds the duration thresholds of every configuration object
// in a response, as Graph sent them: configuration id → Graph property name →
// ISO-8601 string.
type rawThresholds map[string]map[string]string

// durationsOf walks a JSON body and collects the duration thresholds of every
// object whose @odata.type is a configuration type of the catalogue, wherever
// it is nested (a configuration, a configuration list, alerts with an
// expanded alertConfiguration). Which properties are durations comes from the
// catalogue.
func durationsOf(body []byte) rawThresholds {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return nil
	}
	out := rawThresholds{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			if t, ok := v["@odata.type"].(string); ok {
				if at, ok := alerttypes.ByConfigurationODataType(t); ok {
					id, _ := v["id"].(string)
					for _, f := range at.Fields {
						if s, ok := v[f.GraphName].(string); ok && f.Kind == alerttypes.Duration {
							if out[id] == nil {
								out[id] = map[string]string{}
							}
							out[id][f.GraphName] = s
						}
					}
				}
			}
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
	return out
}
