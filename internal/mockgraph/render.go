package mockgraph

import (
	"net/url"
	"strconv"
	"strings"
)

// graphPrefix is the path of the roleManagementAlerts container.
const graphPrefix = "/beta/identityGovernance/roleManagementAlerts"

// contextURL returns an @odata.context value:
// "{endpoint}/beta/$metadata#identityGovernance/roleManagementAlerts/{path}".
func (s *Server) contextURL(path string) string {
	return s.endpoint + "/beta/$metadata#identityGovernance/roleManagementAlerts/" + path
}

// resourceURL returns the absolute URL of a resource below the container.
func (s *Server) resourceURL(path string) string {
	return s.endpoint + graphPrefix + "/" + path
}

// incidentsContext is the context of an alert's incident collection.
func (s *Server) incidentsContext(alertID string) string {
	return s.contextURL("alerts('" + strings.ReplaceAll(alertID, "'", "''") + "')/alertIncidents")
}

// renderAlert renders an alert (never with @odata.type) and the navigation
// properties named in q.expand.
func (s *Server) renderAlert(t *tenant, a *alert, q query) object {
	id := t.alertID(a.typ.Suffix)
	o := object{
		{"id", id},
		{"alertDefinitionId", id},
		{"scopeId", scopeTenant},
		{"scopeType", scopeTypeDirectoryRole},
		{"incidentCount", len(a.incidents)},
		{"isActive", a.active},
		{"lastModifiedDateTime", alertTime(a.lastModified)},
		{"lastScannedDateTime", alertTime(a.lastScanned)},
	}
	if q.expands("alertConfiguration") {
		o = append(o, field{"alertConfiguration", s.renderConfiguration(t, a, query{})})
	}
	if q.expands("alertDefinition") {
		o = append(o, field{"alertDefinition", renderDefinition(t, a)})
	}
	if q.expands("alertIncidents") {
		incidents, next := a.incidents, ""
		if s.cfg.expandedIncidents == ExpandedIncidentsPaged {
			incidents, next = s.page(a.incidents, query{top: -1}, graphPrefix+"/alerts/"+id+"/alertIncidents", s.cfg.pageSize)
		}
		if incidents == nil {
			incidents = []object{}
		}
		o = append(o,
			field{"alertIncidents@odata.context", s.incidentsContext(id)},
			field{"alertIncidents", incidents})
		if next != "" {
			o = append(o, field{"alertIncidents@odata.nextLink", next})
		}
	}
	return o.project(q.selected, q.expand)
}

// renderConfiguration renders a configuration with its derived @odata.type
// and thresholds.
func (s *Server) renderConfiguration(t *tenant, a *alert, q query) object {
	id := t.alertID(a.typ.Suffix)
	o := object{
		{"@odata.type", a.typ.ConfigurationODataType},
		{"id", id},
		{"alertDefinitionId", id},
		{"scopeType", scopeTypeDirectoryRole},
		{"scopeId", scopeTenant},
		{"isEnabled", a.enabled},
	}
	for _, f := range a.typ.Fields {
		o = append(o, field{f.GraphName, f.Encode(a.threshold(f.GraphName))})
	}
	if q.expands("alertDefinition") {
		o = append(o, field{"alertDefinition", renderDefinition(t, a)})
	}
	return o.project(q.selected, q.expand)
}

// renderDefinition renders an alert definition (never with @odata.type).
func renderDefinition(t *tenant, a *alert) object {
	text, ok := definitionTexts[a.typ.Suffix]
	if !ok {
		text = definitionText{description: fixed(a.typ.Summary)}
	}
	return object{
		{"id", t.alertID(a.typ.Suffix)},
		{"displayName", a.typ.DisplayName},
		{"scopeType", scopeTypeDirectoryRole},
		{"scopeId", scopeTenant},
		{"description", text.description(a)},
		{"severityLevel", a.typ.SeverityLevel},
		{"securityImpact", text.securityImpact},
		{"mitigationSteps", text.mitigationSteps},
		{"howToPrevent", text.howToPrevent},
		{"isRemediatable", a.typ.Remediatable},
		{"isConfigurable", a.typ.Configurable},
	}
}

// page cuts items for $top/$skip and server-driven paging and returns the
// next link ("" on the last page) to path, absolute below the endpoint.
// pageSize 0 disables server-driven paging.
func (s *Server) page(items []object, q query, path string, pageSize int) ([]object, string) {
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
	return items[start:end], s.endpoint + path + "?" + encodeQuery(next)
}
