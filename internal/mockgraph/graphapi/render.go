package graphapi

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// graphPrefix is the path of the roleManagementAlerts container.
const graphPrefix = "/beta/identityGovernance/roleManagementAlerts"

// contextURL returns an @odata.context value:
// "{endpoint}/beta/$metadata#identityGovernance/roleManagementAlerts/{path}".
func (api *API) contextURL(path string) string {
	return api.endpoint + "/beta/$metadata#identityGovernance/roleManagementAlerts/" + path
}

// resourceURL returns the absolute URL of a resource below the container.
func (api *API) resourceURL(path string) string {
	return api.endpoint + graphPrefix + "/" + path
}

// incidentsContext is the context of an alert's incident collection.
func (api *API) incidentsContext(alertID string) string {
	return api.contextURL("alerts('" + strings.ReplaceAll(alertID, "'", "''") + "')/alertIncidents")
}

// renderAlert renders an alert (never with @odata.type) and the navigation
// properties named in q.expand.
func (api *API) renderAlert(m *tenant.Model, a *tenant.Alert, q query) object {
	id := m.AlertID(a.Type.Suffix)
	o := object{
		{"id", id},
		{"alertDefinitionId", id},
		{"scopeId", tenant.ScopeTenant},
		{"scopeType", tenant.ScopeTypeDirectoryRole},
		{"incidentCount", len(a.Incidents)},
		{"isActive", a.Active},
		{"lastModifiedDateTime", alertTime(a.LastModified)},
		{"lastScannedDateTime", alertTime(a.LastScanned)},
	}
	if q.expands("alertConfiguration") {
		o = append(o, field{"alertConfiguration", api.renderConfiguration(m, a, query{})})
	}
	if q.expands("alertDefinition") {
		o = append(o, field{"alertDefinition", renderDefinition(m, a)})
	}
	if q.expands("alertIncidents") {
		incidents, next := renderIncidents(a), ""
		if api.cfg.ExpandedIncidentsPaged {
			incidents, next = api.page(incidents, query{top: -1}, graphPrefix+"/alerts/"+id+"/alertIncidents", api.cfg.PageSize)
		}
		if incidents == nil {
			incidents = []object{}
		}
		o = append(o,
			field{"alertIncidents@odata.context", api.incidentsContext(id)},
			field{"alertIncidents", incidents})
		if next != "" {
			o = append(o, field{"alertIncidents@odata.nextLink", next})
		}
	}
	return o.project(q.selected, q.expand)
}

// renderConfiguration renders a configuration with its derived @odata.type
// and thresholds.
func (api *API) renderConfiguration(m *tenant.Model, a *tenant.Alert, q query) object {
	id := m.AlertID(a.Type.Suffix)
	o := object{
		{"@odata.type", a.Type.ConfigurationODataType},
		{"id", id},
		{"alertDefinitionId", id},
		{"scopeType", tenant.ScopeTypeDirectoryRole},
		{"scopeId", tenant.ScopeTenant},
		{"isEnabled", a.Enabled},
	}
	for _, f := range a.Type.Fields {
		o = append(o, field{f.GraphName, encodeThreshold(f, a.Thresholds[f.GraphName])})
	}
	if q.expands("alertDefinition") {
		o = append(o, field{"alertDefinition", renderDefinition(m, a)})
	}
	return o.project(q.selected, q.expand)
}

// renderDefinition renders an alert definition (never with @odata.type).
func renderDefinition(m *tenant.Model, a *tenant.Alert) object {
	text := a.Definition()
	return object{
		{"id", m.AlertID(a.Type.Suffix)},
		{"displayName", a.Type.DisplayName},
		{"scopeType", tenant.ScopeTypeDirectoryRole},
		{"scopeId", tenant.ScopeTenant},
		{"description", text.Description},
		{"severityLevel", a.Type.SeverityLevel},
		{"securityImpact", text.SecurityImpact},
		{"mitigationSteps", text.MitigationSteps},
		{"howToPrevent", text.HowToPrevent},
		{"isRemediatable", a.Type.Remediatable},
		{"isConfigurable", a.Type.Configurable},
	}
}

// page cuts items for $top/$skip and server-driven paging and returns the
// next link ("" on the last page) to path, absolute below the endpoint.
// pageSize 0 disables server-driven paging.
func (api *API) page(items []object, q query, path string, pageSize int) ([]object, string) {
	size := pageSize
	if q.top >= 0 && (size == 0 || q.top < size) {
		size = q.top
	}
	start := min(q.skip, len(items))
	if size == 0 && q.top < 0 {
		return items[start:], ""
	}
	end := min(start+size, len(items))
	if end >= len(items) || size == 0 {
		return items[start:end], ""
	}
	next := url.Values{}
	for k, v := range q.raw {
		if !strings.EqualFold(k, "$top") && !strings.EqualFold(k, "$skip") {
			next[k] = v
		}
	}
	next.Set("$top", strconv.Itoa(size))
	next.Set("$skip", strconv.Itoa(end))
	return items[start:end], api.endpoint + path + "?" + encodeQuery(next)
}

// incidentProperties are the properties of each alert type's incident, in
// the order the simulator writes them (the derived types'
// properties, api-reference/beta/resources/*alertincident.md).
var incidentProperties = map[string][]string{
	alerttypes.InvalidLicense:        {"tenantLicenseStatus"},
	alerttypes.NoMfaOnRoleActivation: {"roleDisplayName", "roleTemplateId"},
	alerttypes.RedundantAssignment: {"assigneeId", "assigneeDisplayName", "assigneeUserPrincipalName", "lastActivationDateTime",
		"roleDefinitionId", "roleDisplayName", "roleTemplateId"},
	alerttypes.RolesAssignedOutsidePim: {"assigneeId", "assigneeDisplayName", "assigneeUserPrincipalName", "assignmentCreatedDateTime",
		"roleDefinitionId", "roleDisplayName", "roleTemplateId"},
	alerttypes.SequentialActivation: {"activationCount", "assigneeId", "assigneeDisplayName", "assigneeUserPrincipalName",
		"roleDefinitionId", "roleDisplayName", "roleTemplateId", "sequenceStartDateTime", "sequenceEndDateTime"},
	alerttypes.StaleSignIn: {"assigneeId", "assigneeDisplayName", "assigneeUserPrincipalName", "assignmentCreatedDateTime",
		"lastSignInDateTime", "roleDefinitionId", "roleDisplayName", "roleTemplateId"},
	alerttypes.TooManyGlobalAdmins: {"assigneeId", "assigneeDisplayName", "assigneeUserPrincipalName"},
}

// incidentProperty returns one property of an incident; a date-time the
// incident does not have is nil, Graph's null: the incident types declare
// their Edm.DateTimeOffset properties without Nullable="false"
// (microsoftgraph/msgraph-metadata, schemas/beta-USNat.csdl, e.g.
// redundantAssignmentAlertIncident's lastActivationDateTime), and a
// property without the attribute is nullable (OData CSDL XML 4.01, 7.2.1
// Attribute Nullable).
func incidentProperty(inc tenant.Incident, name string) any {
	switch name {
	case "activationCount":
		return inc.ActivationCount
	case "assigneeId":
		return inc.AssigneeID
	case "assigneeDisplayName":
		return inc.AssigneeDisplayName
	case "assigneeUserPrincipalName":
		return inc.AssigneeUserPrincipalName
	case "roleDefinitionId":
		return inc.RoleDefinitionID
	case "roleDisplayName":
		return inc.RoleDisplayName
	case "roleTemplateId":
		return inc.RoleTemplateID
	case "tenantLicenseStatus":
		return inc.TenantLicenseStatus
	}
	t := map[string]time.Time{
		"assignmentCreatedDateTime": inc.AssignmentCreated, "lastActivationDateTime": inc.LastActivation,
		"lastSignInDateTime": inc.LastSignIn, "sequenceStartDateTime": inc.SequenceStart, "sequenceEndDateTime": inc.SequenceEnd,
	}[name]
	if t.IsZero() {
		return nil
	}
	return graphTime(t)
}

// renderIncident renders an incident with its derived @odata.type and
// every property of that type, null where the incident has no value.
func renderIncident(a *tenant.Alert, inc tenant.Incident) object {
	o := object{{"@odata.type", a.Type.IncidentODataType}, {"id", inc.ID}}
	for _, name := range incidentProperties[a.Type.Suffix] {
		o = append(o, field{name, incidentProperty(inc, name)})
	}
	return o
}

// renderIncidents renders the alert's incidents.
func renderIncidents(a *tenant.Alert) []object {
	out := make([]object, 0, len(a.Incidents))
	for _, inc := range a.Incidents {
		out = append(out, renderIncident(a, inc))
	}
	return out
}

// IncidentMaps are the alert's incidents as Graph serialises them, as
// plain maps (for the out-of-band API).
func IncidentMaps(a *tenant.Alert) []map[string]any {
	var out []map[string]any
	for _, o := range renderIncidents(a) {
		out = append(out, o.toMap())
	}
	return out
}

// ConfigurationMap is the alert's configuration as Graph serialises it, as
// a plain map: "@odata.type", "isEnabled" and the type's thresholds
// (durations as strings like "P30D", integers as int). For the
// out-of-band API.
func ConfigurationMap(a *tenant.Alert) map[string]any {
	m := map[string]any{"@odata.type": a.Type.ConfigurationODataType, "isEnabled": a.Enabled}
	for _, f := range a.Type.Fields {
		if v, ok := a.Thresholds[f.GraphName]; ok {
			m[f.GraphName] = encodeThreshold(f, v)
		}
	}
	return m
}
