// Package datasources holds the entrapim data sources: read-only views of the
// tenant's PIM alerts, alert definitions, alert configurations and incidents
// for drift review, reporting and driving for_each. Each data source reads
// Graph with one request (plus the pages of a paged list), using $expand
// instead of one request per alert. The element schemas and models shared by
// a list data source and its single counterpart live in this file.
package datasources

import (
	"context"
	"fmt"
	"github.com/entrapim/terraform-provider-entrapim/internal/tfvalues"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/durationtype"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/thresholds"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// allAlertTypes names the scope of the list operations in diagnostics.
const allAlertTypes = "all alert types"

// idPath is the path of the id argument of the single data sources.
var idPath = path.Root("id")

// definitionFields are the properties of an alert definition. They are the
// top-level attributes of entrapim_alert_definition and entrapim_alert and
// the element attributes of entrapim_alert_definitions and entrapim_alerts.
type definitionFields struct {
	Description     types.String `tfsdk:"description"`
	DisplayName     types.String `tfsdk:"display_name"`
	HowToPrevent    types.String `tfsdk:"how_to_prevent"`
	IsConfigurable  types.Bool   `tfsdk:"is_configurable"`
	IsRemediatable  types.Bool   `tfsdk:"is_remediatable"`
	MitigationSteps types.String `tfsdk:"mitigation_steps"`
	SecurityImpact  types.String `tfsdk:"security_impact"`
	SeverityLevel   types.String `tfsdk:"severity_level"`
}

// definitionAttributes are the computed attributes of definitionFields.
func definitionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"description": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "What the alert reports (`description`), with the tenant's numbers filled in.",
		},
		"display_name": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The alert's title (`displayName`). Do not key on it: Graph and the portal word some titles differently; use `alert_type`.",
		},
		"how_to_prevent": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "How to prevent the alert (`howToPrevent`); may contain HTML links.",
		},
		"is_configurable": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the alert's thresholds can be changed (`isConfigurable`). Configurable alert types: " + alerttypes.CodeList(suffixes(alerttypes.Configurable())) + ".",
		},
		"is_remediatable": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether PIM can remediate the alert's incidents (`isRemediatable`), which `entrapim_alert_incident_remediation` needs. Remediatable alert types: " + alerttypes.CodeList(remediatable()) + ".",
		},
		"mitigation_steps": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "What to do about the alert (`mitigationSteps`).",
		},
		"security_impact": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "Why the alert matters (`securityImpact`).",
		},
		"severity_level": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The alert's severity as Graph reports it (`severityLevel`): `unknown`, `informational`, `low`, `medium` or `high`. Graph's values differ from the severities shown in the portal for some alert types.",
		},
	}
}

// fromGraph sets the definition properties; all are null without a definition.
func (f *definitionFields) fromGraph(d *graph.Definition) {
	if d == nil {
		*f = definitionFields{
			Description:     types.StringNull(),
			DisplayName:     types.StringNull(),
			HowToPrevent:    types.StringNull(),
			IsConfigurable:  types.BoolNull(),
			IsRemediatable:  types.BoolNull(),
			MitigationSteps: types.StringNull(),
			SecurityImpact:  types.StringNull(),
			SeverityLevel:   types.StringNull(),
		}
		return
	}
	f.Description = types.StringValue(d.Description)
	f.DisplayName = types.StringValue(d.DisplayName)
	f.HowToPrevent = types.StringValue(d.HowToPrevent)
	f.IsConfigurable = types.BoolValue(d.IsConfigurable)
	f.IsRemediatable = types.BoolValue(d.IsRemediatable)
	f.MitigationSteps = types.StringValue(d.MitigationSteps)
	f.SecurityImpact = types.StringValue(d.SecurityImpact)
	f.SeverityLevel = types.StringValue(d.SeverityLevel)
}

// definitionModel is an element of entrapim_alert_definitions.definitions.
type definitionModel struct {
	definitionFields
	AlertType types.String `tfsdk:"alert_type"`
	ID        types.String `tfsdk:"id"`
}

// definitionObject is the nested object of one definition.
func definitionObject() schema.NestedAttributeObject {
	attrs := definitionAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"alert_type": computedAlertType(),
		"id":         computedID("definition"),
	})
	return schema.NestedAttributeObject{Attributes: attrs}
}

func definitionFromGraph(d graph.Definition) definitionModel {
	m := definitionModel{
		AlertType: types.StringValue(d.AlertType),
		ID:        types.StringValue(d.ID),
	}
	m.fromGraph(&d)
	return m
}

// configurationFields are the settings of an alert configuration: enabled and
// the threshold objects, shaped as in the entrapim_alert_configuration
// resource so values can be copied into a baseline.
type configurationFields struct {
	Enabled                      types.Bool   `tfsdk:"enabled"`
	RedundantAssignment          types.Object `tfsdk:"redundant_assignment"`
	SequentialActivationRenewals types.Object `tfsdk:"sequential_activation_renewals"`
	StaleSignIn                  types.Object `tfsdk:"stale_sign_in"`
	TooManyGlobalAdmins          types.Object `tfsdk:"too_many_global_admins"`
}

// configurationAttributes are the computed attributes of configurationFields.
func configurationAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"enabled": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether PIM scans the tenant for this alert (`isEnabled` of the alert configuration).",
		},
	}
	for _, at := range alerttypes.Configurable() {
		attrs[at.Block] = thresholdAttribute(at)
	}
	return attrs
}

// thresholdAttribute is the computed nested object of one configurable alert
// type, with the same attributes as in entrapim_alert_configuration.
func thresholdAttribute(at alerttypes.AlertType) schema.SingleNestedAttribute {
	attrs := make(map[string]schema.Attribute, len(at.Fields))
	for _, f := range at.Fields {
		desc := f.Description + " Graph property `" + f.GraphName + "`."
		if f.Kind == alerttypes.Duration {
			attrs[f.Attribute] = schema.StringAttribute{
				CustomType:          durationtype.Type{},
				Computed:            true,
				MarkdownDescription: desc,
			}
			continue
		}
		attrs[f.Attribute] = schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: desc,
		}
	}
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: fmt.Sprintf("Thresholds of `%s` (%s), shaped as in `entrapim_alert_configuration`. Null for other alert types.",
			at.Suffix, strings.TrimSuffix(at.Summary, ".")),
		Attributes: attrs,
	}
}

// blocks returns the threshold objects keyed by attribute name.
func (f *configurationFields) blocks() map[string]*types.Object {
	return map[string]*types.Object{
		"redundant_assignment":           &f.RedundantAssignment,
		"sequential_activation_renewals": &f.SequentialActivationRenewals,
		"stale_sign_in":                  &f.StaleSignIn,
		"too_many_global_admins":         &f.TooManyGlobalAdmins,
	}
}

// fromGraph sets enabled and the thresholds of the configuration of alert
// type alertType. Threshold objects of other alert types are null; without a
// configuration everything is null.
func (f *configurationFields) fromGraph(alertType string, cfg *graph.Configuration) {
	f.Enabled = types.BoolNull()
	if cfg != nil {
		f.Enabled = types.BoolValue(cfg.Enabled)
	}
	for _, at := range alerttypes.Configurable() {
		obj := f.blocks()[at.Block]
		if obj == nil {
			// Unreachable while blocks() lists every configurable type.
			panic("datasources: no model field for threshold object " + at.Block)
		}
		if at.Suffix == alertType && cfg != nil {
			*obj = thresholds.FromGraph(at, cfg)
			continue
		}
		*obj = thresholds.Null(at)
	}
}

// configurationModel is an element of entrapim_alert_configurations.configurations.
type configurationModel struct {
	configurationFields
	AlertType types.String `tfsdk:"alert_type"`
	ID        types.String `tfsdk:"id"`
}

// configurationObject is the nested object of one configuration.
func configurationObject() schema.NestedAttributeObject {
	attrs := configurationAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"alert_type": computedAlertType(),
		"id":         computedID("configuration"),
	})
	return schema.NestedAttributeObject{Attributes: attrs}
}

func configurationFromGraph(c graph.Configuration) configurationModel {
	m := configurationModel{
		AlertType: types.StringValue(c.AlertType),
		ID:        types.StringValue(c.ID),
	}
	m.fromGraph(c.AlertType, &c)
	return m
}

// incidentModel is one incident, an element of entrapim_alert_incidents.incidents
// and entrapim_alert.incidents. Properties the incident's type does not have
// are null.
type incidentModel struct {
	ActivationCount           types.Int64  `tfsdk:"activation_count"`
	AssigneeDisplayName       types.String `tfsdk:"assignee_display_name"`
	AssigneeID                types.String `tfsdk:"assignee_id"`
	AssigneeUserPrincipalName types.String `tfsdk:"assignee_user_principal_name"`
	AssignmentCreatedDateTime types.String `tfsdk:"assignment_created_date_time"`
	ID                        types.String `tfsdk:"id"`
	LastActivationDateTime    types.String `tfsdk:"last_activation_date_time"`
	LastSignInDateTime        types.String `tfsdk:"last_sign_in_date_time"`
	RoleDefinitionID          types.String `tfsdk:"role_definition_id"`
	RoleDisplayName           types.String `tfsdk:"role_display_name"`
	RoleTemplateID            types.String `tfsdk:"role_template_id"`
	SequenceEndDateTime       types.String `tfsdk:"sequence_end_date_time"`
	SequenceStartDateTime     types.String `tfsdk:"sequence_start_date_time"`
	TenantLicenseStatus       types.String `tfsdk:"tenant_license_status"`
}

// incidentsAttribute is the computed list of incidents.
func incidentsAttribute(desc string) schema.ListNestedAttribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	forTypes := func(suffixes ...string) string {
		return " Set for " + alerttypes.CodeList(suffixes) + "; null for other alert types."
	}
	assignee := forTypes(alerttypes.RedundantAssignment, alerttypes.RolesAssignedOutsidePim, alerttypes.SequentialActivation,
		alerttypes.StaleSignIn, alerttypes.TooManyGlobalAdmins)
	role := forTypes(alerttypes.NoMfaOnRoleActivation, alerttypes.RedundantAssignment, alerttypes.RolesAssignedOutsidePim,
		alerttypes.SequentialActivation, alerttypes.StaleSignIn)
	assignedRole := forTypes(alerttypes.RedundantAssignment, alerttypes.RolesAssignedOutsidePim, alerttypes.SequentialActivation,
		alerttypes.StaleSignIn)
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: desc,
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"activation_count": schema.Int64Attribute{
					Computed:            true,
					MarkdownDescription: "How many times the assignee activated the role in the sequence (`activationCount`)." + forTypes(alerttypes.SequentialActivation),
				},
				"assignee_display_name":        str("The display name of the account the incident is about (`assigneeDisplayName`)." + assignee),
				"assignee_id":                  str("The object id of the account the incident is about (`assigneeId`); remediation removes this account's role assignment." + assignee),
				"assignee_user_principal_name": str("The user principal name of the account the incident is about (`assigneeUserPrincipalName`)." + assignee),
				"assignment_created_date_time": str("When the role assignment was created (`assignmentCreatedDateTime`, RFC 3339)." + forTypes(alerttypes.RolesAssignedOutsidePim, alerttypes.StaleSignIn)),
				"id":                           str("The incident id (`id`), for `entrapim_alert_incident_remediation`'s `incident_id`."),
				"last_activation_date_time":    str("When the assignee last activated the role (`lastActivationDateTime`, RFC 3339); null when never." + forTypes(alerttypes.RedundantAssignment)),
				"last_sign_in_date_time":       str("When the assignee last signed in (`lastSignInDateTime`, RFC 3339); null when never." + forTypes(alerttypes.StaleSignIn)),
				"role_definition_id":           str("The id of the role definition (`roleDefinitionId`)." + assignedRole),
				"role_display_name":            str("The name of the role (`roleDisplayName`)." + role),
				"role_template_id":             str("The template id of the role (`roleTemplateId`)." + role),
				"sequence_end_date_time":       str("When the sequence of activations ended (`sequenceEndDateTime`, RFC 3339)." + forTypes(alerttypes.SequentialActivation)),
				"sequence_start_date_time":     str("When the sequence of activations started (`sequenceStartDateTime`, RFC 3339)." + forTypes(alerttypes.SequentialActivation)),
				"tenant_license_status":        str("The tenant's licence status (`tenantLicenseStatus`)." + forTypes(alerttypes.InvalidLicense)),
			},
		},
	}
}

func incidentFromGraph(i graph.Incident) incidentModel {
	count := types.Int64Null()
	if i.ActivationCount != nil {
		count = types.Int64Value(int64(*i.ActivationCount))
	}
	return incidentModel{
		ActivationCount:           count,
		AssigneeDisplayName:       types.StringPointerValue(i.AssigneeDisplayName),
		AssigneeID:                types.StringPointerValue(i.AssigneeID),
		AssigneeUserPrincipalName: types.StringPointerValue(i.AssigneeUserPrincipalName),
		AssignmentCreatedDateTime: tfvalues.Time(i.AssignmentCreated),
		ID:                        types.StringValue(i.ID),
		LastActivationDateTime:    tfvalues.Time(i.LastActivation),
		LastSignInDateTime:        tfvalues.Time(i.LastSignIn),
		RoleDefinitionID:          types.StringPointerValue(i.RoleDefinitionID),
		RoleDisplayName:           types.StringPointerValue(i.RoleDisplayName),
		RoleTemplateID:            types.StringPointerValue(i.RoleTemplateID),
		SequenceEndDateTime:       tfvalues.Time(i.SequenceEnd),
		SequenceStartDateTime:     tfvalues.Time(i.SequenceStart),
		TenantLicenseStatus:       types.StringPointerValue(i.TenantLicenseStatus),
	}
}

// incidentsFromGraph returns the list value of incidents, in Graph's order.
func incidentsFromGraph(ctx context.Context, incidents []graph.Incident) (types.List, diag.Diagnostics) {
	out := make([]incidentModel, 0, len(incidents))
	for _, i := range incidents {
		out = append(out, incidentFromGraph(i))
	}
	return listOf(ctx, incidentsAttribute("").NestedObject, out)
}

// listOf builds a list of nested objects from models of the object's shape.
func listOf[T any](ctx context.Context, obj schema.NestedAttributeObject, elems []T) (types.List, diag.Diagnostics) {
	return types.ListValueFrom(ctx, obj.Type(), elems)
}

// computedAlertType is the computed alert_type of a list element.
func computedAlertType() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "The alert type, the suffix of the Graph id: " + alerttypes.CodeList(alerttypes.Names()) + ".",
	}
}

// computedID is the computed Graph id of a list element.
func computedID(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "The Graph id of the " + what + ", `" + alerttypes.IDFormat + "`.",
	}
}

// alertTypeDescription documents the alert_type argument of a data source.
func alertTypeDescription(what string) string {
	return "The alert type of the " + what + ", spelled as the suffix of its Graph id: " + alerttypes.CodeList(alerttypes.Names()) + "."
}

// alertTypeArgument is the alert_type argument of a single data source.
func alertTypeArgument(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: alertTypeDescription(what) + " Exactly one of `alert_type` and `id` must be set.",
		Validators:          []validator.String{validators.AlertType(false)},
	}
}

// idArgument is the id argument of a single data source.
func idArgument(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "The Graph id of the " + what + ", `" + alerttypes.IDFormat + "`. " +
			"Exactly one of `alert_type` and `id` must be set; an id of another tenant than the provider's is an error.",
		Validators: []validator.String{validators.AlertID()},
	}
}

// exactlyOneOfTypeAndID requires exactly one of alert_type and id.
func exactlyOneOfTypeAndID() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("alert_type"), path.MatchRoot("id")),
	}
}

// lookupAlertType returns the alert type to read from the alert_type or id
// argument (the validators have already checked both).
func lookupAlertType(alertType, id types.String) (string, error) {
	if !alertType.IsNull() && !alertType.IsUnknown() {
		return alertType.ValueString(), nil
	}
	_, at, err := alerttypes.ParseID(id.ValueString())
	if err != nil {
		return "", err
	}
	return at.Suffix, nil
}

// checkTenant fails when the id argument names another tenant than the one
// Graph answered for (got is the Graph id of what was read).
func checkTenant(id types.String, got string, diags *diag.Diagnostics) {
	if id.IsNull() || id.IsUnknown() || strings.EqualFold(id.ValueString(), got) {
		return
	}
	wantTenant, _, _ := alerttypes.ParseID(id.ValueString())
	gotTenant, _, err := alerttypes.ParseID(got)
	if err != nil {
		gotTenant = got
	}
	diags.AddAttributeError(idPath, "Alert id names another tenant",
		fmt.Sprintf("The id %s belongs to tenant %s, but the provider is signed in to tenant %s (Graph id %s).",
			id.ValueString(), wantTenant, gotTenant, got))
}

func suffixes(ats []alerttypes.AlertType) []string {
	out := make([]string, 0, len(ats))
	for _, at := range ats {
		out = append(out, at.Suffix)
	}
	return out
}

func remediatable() []string {
	var out []string
	for _, at := range alerttypes.All() {
		if at.Remediatable {
			out = append(out, at.Suffix)
		}
	}
	return out
}
