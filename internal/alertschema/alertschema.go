// Package alertschema holds what the entrapim_alert resource and the
// entrapim_alert and entrapim_alerts data sources share: the computed
// attributes that describe an alert as PIM last scanned it, written once
// for both kinds of schema, and their mapping from graph.Alert. alert_type
// and id, which name the alert, are arguments of some of them, so each
// schema declares its own.
package alertschema

import (
	datasourceschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Fields are what PIM's last scan says about an alert, which the resource
// and the data sources read alike.
type Fields struct {
	IncidentCount        types.Int64  `tfsdk:"incident_count"`
	LastModifiedDateTime types.String `tfsdk:"last_modified_date_time"`
	LastScannedDateTime  types.String `tfsdk:"last_scanned_date_time"`
}

// FromGraph sets the fields from an alert read from Graph.
func (f *Fields) FromGraph(a *graph.Alert) {
	f.IncidentCount = types.Int64Value(int64(a.IncidentCount))
	f.LastModifiedDateTime = framework.Time(a.LastModified)
	f.LastScannedDateTime = framework.Time(a.LastScanned)
}

// IncidentIDs is the ids of the incidents of a, read with its incidents
// expanded.
func IncidentIDs(a *graph.Alert) types.List {
	ids := make([]string, 0, len(a.Incidents))
	for _, inc := range a.Incidents {
		ids = append(ids, inc.ID)
	}
	return framework.StringList(ids)
}

// The descriptions of the computed attributes of Fields.
const (
	incidentCount        = "The number of incidents PIM found at its last scan (`incidentCount`)."
	lastModifiedDateTime = "When the alert last changed (`lastModifiedDateTime`, RFC 3339); null when it never fired."
	lastScannedDateTime  = "When PIM last scanned the tenant for this alert (`lastScannedDateTime`, RFC 3339); null when never."
)

// ResourceAttributes are the attributes of Fields, for a resource: a plan keeps their state values, which change
// only when PIM scans.
func ResourceAttributes() map[string]resourceschema.Attribute {
	str := func(desc string) resourceschema.StringAttribute {
		return resourceschema.StringAttribute{Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	return map[string]resourceschema.Attribute{
		"incident_count": resourceschema.Int64Attribute{Computed: true, MarkdownDescription: incidentCount,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
		"last_modified_date_time": str(lastModifiedDateTime),
		"last_scanned_date_time":  str(lastScannedDateTime),
	}
}

// DataSourceAttributes are the attributes of Fields, for a data source.
func DataSourceAttributes() map[string]datasourceschema.Attribute {
	str := func(desc string) datasourceschema.StringAttribute {
		return datasourceschema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]datasourceschema.Attribute{
		"incident_count":          datasourceschema.Int64Attribute{Computed: true, MarkdownDescription: incidentCount},
		"last_modified_date_time": str(lastModifiedDateTime),
		"last_scanned_date_time":  str(lastScannedDateTime),
	}
}
