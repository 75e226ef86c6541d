package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// NewAlertIncidents returns the entrapim_alert_incidents data source for
// the alert types of cat.
func NewAlertIncidents(cat alerttypes.Catalogue) datasource.DataSource {
	return &alertIncidentsDataSource{framework.NewDataSourceBase(cat, "alert_incidents")}
}

type alertIncidentsDataSource struct{ framework.DataSourceBase }

type alertIncidentsModel struct {
	AlertType types.String `tfsdk:"alert_type"`
	Incidents types.List   `tfsdk:"incidents"`
	TenantID  types.String `tfsdk:"tenant_id"`
}

func (d *alertIncidentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the incidents PIM found at its last scan for one alert type, with typed fields " +
			"(assignee, role, dates, activation count, licence status); every page Graph returns is read. Use it with " +
			"`for_each` to drive `entrapim_alert_incident_remediation`, filtering out accounts that must keep their roles.",
		Attributes: attributes(tenantArgument(), map[string]schema.Attribute{
			"alert_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: alertTypeDescription(d.Catalogue, "alert whose incidents to list"),
				Validators:          []validator.String{validators.AlertType(d.Catalogue)},
			},
			"incidents": incidentsAttribute("The incidents (`alertIncidents`), in the order Graph returns them; empty when the alert has none."),
		}),
	}
}

func (d *alertIncidentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alertIncidentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := clientOf(ctx, &d.DataSourceBase, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	at, ok := d.AlertType(m.AlertType, &resp.Diagnostics)
	if !ok {
		return
	}
	incidents, err := client.ListIncidents(ctx, at)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error reading alert incidents", at.Suffix, err)
		return
	}
	list, diags := incidentsFromGraph(ctx, incidents)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	m.Incidents = list
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
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
		AssignmentCreatedDateTime: framework.Time(i.AssignmentCreated),
		ID:                        types.StringValue(i.ID),
		LastActivationDateTime:    framework.Time(i.LastActivation),
		LastSignInDateTime:        framework.Time(i.LastSignIn),
		RoleDefinitionID:          types.StringPointerValue(i.RoleDefinitionID),
		RoleDisplayName:           types.StringPointerValue(i.RoleDisplayName),
		RoleTemplateID:            types.StringPointerValue(i.RoleTemplateID),
		SequenceEndDateTime:       framework.Time(i.SequenceEnd),
		SequenceStartDateTime:     framework.Time(i.SequenceStart),
		TenantLicenseStatus:       types.StringPointerValue(i.TenantLicenseStatus),
	}
}

// incidentsFromGraph returns the list value of incidents, in Graph's order.
func incidentsFromGraph(ctx context.Context, incidents []graph.Incident) (types.List, diag.Diagnostics) {
	out := make([]incidentModel, 0, len(incidents))
	for _, i := range incidents {
		out = append(out, incidentFromGraph(i))
	}
	return types.ListValueFrom(ctx, incidentsAttribute("").NestedObject.Type(), out)
}
