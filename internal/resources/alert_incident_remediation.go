package resources

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

var (
	_ resource.ResourceWithConfigure  = (*alertIncidentRemediationResource)(nil)
	_ resource.ResourceWithModifyPlan = (*alertIncidentRemediationResource)(nil)
)

// NewAlertIncidentRemediation returns the entrapim_alert_incident_remediation
// resource for the alert types of cat.
func NewAlertIncidentRemediation(cat alerttypes.Catalogue) resource.Resource {
	return &alertIncidentRemediationResource{framework.NewRecordBase(cat, "alert_incident_remediation")}
}

// alertIncidentRemediationResource remediates in Create; the embedded
// RecordBase keeps the record (Read), takes a timeouts change (Update) and
// forgets it on destroy (Delete): a remediation cannot be undone through
// Graph.
type alertIncidentRemediationResource struct {
	framework.RecordBase
}

type alertIncidentRemediationModel struct {
	Action                    types.String   `tfsdk:"action"`
	AlertType                 types.String   `tfsdk:"alert_type"`
	AssigneeDisplayName       types.String   `tfsdk:"assignee_display_name"`
	AssigneeID                types.String   `tfsdk:"assignee_id"`
	AssigneeUserPrincipalName types.String   `tfsdk:"assignee_user_principal_name"`
	ID                        types.String   `tfsdk:"id"`
	IncidentID                types.String   `tfsdk:"incident_id"`
	RemediatedAt              types.String   `tfsdk:"remediated_at"`
	RemovedAssignments        types.List     `tfsdk:"removed_assignments"`
	RoleDefinitionID          types.String   `tfsdk:"role_definition_id"`
	RoleDisplayName           types.String   `tfsdk:"role_display_name"`
	Timeouts                  timeouts.Value `tfsdk:"timeouts"`
}

func (r *alertIncidentRemediationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	var actions []string
	for _, at := range r.Catalogue.All() {
		if at.Remediatable {
			actions = append(actions, fmt.Sprintf("`%s` %s", at.Suffix, at.Remediation))
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Applies PIM's mitigation to one incident of an alert. For most alert types this removes a " +
			"person's role assignment, so the plan shows who and which role will be affected: " + strings.Join(actions, "; ") + ". " +
			"Planning fails when the alert type is not remediatable, when the incident does not exist, when the " +
			"assignee is listed in the provider's `protected_principal_ids`, and when removing the assignee's Global Administrator " +
			"role would leave fewer than the provider's `min_global_admins` principals holding it; a plan that removes a Global " +
			"Administrator warns how many remain. At apply time the minimum is checked again right before each request, one " +
			"Global Administrator remediation at a time, so remediations applied together cannot remove more than it allows. " +
			"Creating the resource remediates once and records in `removed_assignments` what was removed; destroying it only " +
			"forgets the record (a removed assignment is not restored).",
		Attributes: map[string]schema.Attribute{
			"action": computedString("What remediation does to the tenant for this alert type."),
			"alert_type": alertTypeAttribute(r.Catalogue, true, "The alert type of the incident; only remediatable types are accepted: "+
				alerttypes.CodeList(r.Catalogue.RemediatableNames())+"."),
			"assignee_display_name":        computedString("The display name of the person whose assignment is affected; null for incidents about a role rather than a person."),
			"assignee_id":                  computedString("The object id of the person whose assignment is affected; null for incidents about a role rather than a person."),
			"assignee_user_principal_name": computedString("The user principal name of the person whose assignment is affected."),
			"id":                           computedString("`{alert_type}/{incident_id}`."),
			"incident_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the incident, as listed by the `entrapim_alert_incidents` data source or `incident_ids` of `entrapim_alert`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"remediated_at": computedString("When the remediation was requested (RFC 3339)."),
			"removed_assignments": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The role assignments and eligibilities of the assignee to the affected role that Graph listed right " +
					"before the remediation, which PIM removes: what to grant again to undo it. Empty for remediations that remove no " +
					"assignment; null when the provider could not read them (without `" + graph.RoleManagementReadPermission + "`), " +
					"with a warning.",
				NestedObject:  schema.NestedAttributeObject{Attributes: removedAssignmentAttributes()},
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"role_definition_id": computedString("The role definition id of the affected role (for `TooManyGlobalAdminsAssignedToTenantAlert`, whose incidents name no role, the Global Administrator role's)."),
			"role_display_name":  computedString("The display name of the affected role."),
			"timeouts":           timeouts.Attributes(ctx, timeouts.Opts{Create: true}),
		},
	}
}

// ModifyPlan looks the incident up when the resource is to be created, so
// the plan shows who and which role will be affected, and refuses incidents
// that do not exist or whose assignee is protected.
func (r *alertIncidentRemediationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return // destroy, or nothing to create
	}
	var plan alertIncidentRemediationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.AlertType.IsUnknown() || plan.IncidentID.IsUnknown() {
		return
	}
	at, ok := r.Catalogue.Lookup(plan.AlertType.ValueString())
	client := r.Configured()
	if !ok || !at.Remediatable || client == nil {
		return // the alert_type validator reports it; or the provider configuration is unknown at plan time
	}
	incidentID := plan.IncidentID.ValueString()
	inc, err := client.GetIncident(ctx, at, incidentID)
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("incident_id"), "Incident not found",
			fmt.Sprintf("The alert %s has no incident %q. It may have been remediated already and dropped by a later scan; "+
				"list current incidents with the entrapim_alert_incidents data source.", at.Suffix, incidentID))
		return
	}
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error planning incident remediation", at.Suffix, err)
		return
	}
	if inc.AssigneeID != nil && r.IsProtected(strings.ToLower(*inc.AssigneeID)) {
		who := *inc.AssigneeID
		if inc.AssigneeUserPrincipalName != nil {
			who = fmt.Sprintf("%s (%s)", *inc.AssigneeUserPrincipalName, *inc.AssigneeID)
		}
		resp.Diagnostics.AddAttributeError(path.Root("incident_id"), "Remediation would affect a protected principal",
			fmt.Sprintf("Incident %q of %s is about %s, who is listed in the provider's protected_principal_ids. "+
				"Remediating it would %s. Remove this resource, or remove the principal from protected_principal_ids if this is intended.",
				incidentID, at.Suffix, who, at.Remediation))
		return
	}
	plan.fromIncident(at, inc)
	plan.RemediatedAt = types.StringUnknown()
	target := remediation.TargetOf(at, inc)
	if !r.checkMinimum(ctx, client, target, &resp.Diagnostics) {
		return
	}
	if !target.RemovesAssignment() {
		plan.RemovedAssignments = types.ListValueMust(removedAssignmentType, []attr.Value{})
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// checkMinimum is the plan-time check of the Global Administrator minimum
// for target on its own: an error below it or when it cannot be checked,
// a warning saying how many remain otherwise.
func (r *alertIncidentRemediationResource) checkMinimum(ctx context.Context, client *graph.Client, target remediation.Target, diags *diag.Diagnostics) bool {
	guard := r.Guard()
	if guard == nil || !target.RemovesGlobalAdministrator() {
		return true
	}
	remaining, err := guard.Check(ctx, client, target)
	if err != nil {
		addGuardError(diags, err)
		return false
	}
	diags.AddAttributeWarning(path.Root("incident_id"), "Remediation removes a Global Administrator",
		fmt.Sprintf("Remediating incident %q of %s removes %s from the Global Administrator role: after this remediation, %d principal(s) "+
			"hold the role (active or eligible); min_global_admins is %d. When several remediations are applied together, each is "+
			"checked again right before its request, counting the ones before it, and refused below the minimum.",
			target.IncidentID, target.Type.Suffix, target.Principal, remaining, guard.Min()))
	return true
}

// addGuardError reports a refusal of the guard at incident_id, or err as a
// Graph error when it is not one.
func addGuardError(diags *diag.Diagnostics, err error) {
	var refused *remediation.RefusedError
	var unchecked *remediation.UncheckedError
	switch {
	case errors.As(err, &refused):
		diags.AddAttributeError(path.Root("incident_id"), "Remediation would leave too few Global Administrators",
			capitalize(err.Error())+". Keep this incident's assignee, remediate fewer Global Administrators, or lower the "+
				"provider's min_global_admins if fewer are really enough.")
	case errors.As(err, &unchecked):
		hint := ""
		if unchecked.Forbidden() {
			hint = " Remediations that remove no Global Administrator do not need that permission."
		}
		diags.AddAttributeError(path.Root("incident_id"), "Cannot check the Global Administrator minimum", capitalize(err.Error())+"."+hint)
	default:
		framework.AddGraphError(diags, "Error remediating incident", "", err)
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (r *alertIncidentRemediationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan alertIncidentRemediationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, call := r.Begin(ctx, plan.Timeouts.Create, defaultWriteTimeout, plan.AlertType, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	client, at := call.Client, call.Type
	incidentID := plan.IncidentID.ValueString()
	// The plan was checked against the incident; check the protected list
	// again in case the plan was made without it (unknown provider config).
	if plan.Action.IsUnknown() {
		inc, err := client.GetIncident(ctx, at, incidentID)
		if err != nil {
			framework.AddGraphError(&resp.Diagnostics, "Error remediating incident", at.Suffix, err)
			return
		}
		plan.fromIncident(at, inc)
	}
	if !plan.AssigneeID.IsNull() && r.IsProtected(strings.ToLower(plan.AssigneeID.ValueString())) {
		resp.Diagnostics.AddAttributeError(path.Root("incident_id"), "Remediation would affect a protected principal",
			fmt.Sprintf("Incident %q of %s is about %s, who is listed in protected_principal_ids.", incidentID, at.Suffix, plan.AssigneeID.ValueString()))
		return
	}
	guard := r.Guard()
	if guard == nil {
		resp.Diagnostics.AddError("Provider not configured", "The entrapim provider has no Global Administrator guard; this is always a bug in the provider.")
		return
	}
	res, err := guard.Remediate(ctx, client, plan.target(at))
	if err != nil {
		var refused *remediation.RefusedError
		var unchecked *remediation.UncheckedError
		if errors.As(err, &refused) || errors.As(err, &unchecked) {
			addGuardError(&resp.Diagnostics, err)
		} else {
			framework.AddGraphError(&resp.Diagnostics, "Error remediating incident", at.Suffix, fmt.Errorf("incident %s: %w", incidentID, err))
		}
		return
	}
	plan.RemediatedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	plan.RemovedAssignments = removedAssignments(res.Removed, res.Unrecorded == nil)
	if res.Unrecorded != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("removed_assignments"), "Removed assignments not recorded",
			fmt.Sprintf("Incident %q of %s was remediated, but the provider could not read which role assignments of %s it removed, "+
				"so removed_assignments is null: %v. Grant %s to record them.",
				incidentID, at.Suffix, plan.AssigneeUserPrincipalName.ValueString(), res.Unrecorded, graph.RoleManagementReadPermission))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// target is what remediating the planned incident takes away, from the
// values the plan read from the incident.
func (m *alertIncidentRemediationModel) target(at alerttypes.AlertType) remediation.Target {
	inc := &graph.Incident{
		ID:                        m.IncidentID.ValueString(),
		AssigneeID:                m.AssigneeID.ValueStringPointer(),
		AssigneeUserPrincipalName: m.AssigneeUserPrincipalName.ValueStringPointer(),
		RoleDefinitionID:          m.RoleDefinitionID.ValueStringPointer(),
	}
	return remediation.TargetOf(at, inc)
}

// fromIncident fills the computed attributes from the incident.
func (m *alertIncidentRemediationModel) fromIncident(at alerttypes.AlertType, inc *graph.Incident) {
	m.ID = types.StringValue(at.Suffix + "/" + inc.ID)
	m.Action = types.StringValue(at.Remediation)
	m.AssigneeID = types.StringPointerValue(inc.AssigneeID)
	m.AssigneeDisplayName = types.StringPointerValue(inc.AssigneeDisplayName)
	m.AssigneeUserPrincipalName = types.StringPointerValue(inc.AssigneeUserPrincipalName)
	m.RoleDefinitionID = types.StringPointerValue(inc.RoleDefinitionID)
	if m.RoleDefinitionID.IsNull() && inc.RoleTemplateID != nil {
		m.RoleDefinitionID = types.StringPointerValue(inc.RoleTemplateID)
	}
	m.RoleDisplayName = types.StringPointerValue(inc.RoleDisplayName)
	// The too-many-Global-Administrators incident names no role: it is the
	// Global Administrator role the assignee loses.
	if at.Removes == alerttypes.RemovesGlobalAdministrator && m.RoleDefinitionID.IsNull() {
		m.RoleDefinitionID = types.StringValue(alerttypes.GlobalAdministratorRoleID)
		m.RoleDisplayName = types.StringValue("Global Administrator")
	}
}

// removedAssignmentType is the element type of removed_assignments.
var removedAssignmentType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"assignment_id":      types.StringType,
	"assignment_type":    types.StringType,
	"directory_scope_id": types.StringType,
	"principal_id":       types.StringType,
	"role_definition_id": types.StringType,
}}

func removedAssignmentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"assignment_id":      schema.StringAttribute{Computed: true, MarkdownDescription: "The id of the role assignment (`roleAssignments`) or eligibility instance (`roleEligibilityScheduleInstances`)."},
		"assignment_type":    schema.StringAttribute{Computed: true, MarkdownDescription: "`active` or `eligible`."},
		"directory_scope_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Where the role applied, `/` for the whole tenant."},
		"principal_id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The object id of the principal that held the role."},
		"role_definition_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The role definition id."},
	}
}

// removedAssignments is the value of removed_assignments: hs, or null when
// they were not recorded.
func removedAssignments(hs []graph.RoleHolding, recorded bool) types.List {
	if !recorded {
		return types.ListNull(removedAssignmentType)
	}
	elems := make([]attr.Value, 0, len(hs))
	for _, h := range hs {
		kind := "active"
		if h.Eligible {
			kind = "eligible"
		}
		elems = append(elems, types.ObjectValueMust(removedAssignmentType.AttrTypes, map[string]attr.Value{
			"assignment_id":      types.StringValue(h.ID),
			"assignment_type":    types.StringValue(kind),
			"directory_scope_id": types.StringValue(h.DirectoryScopeID),
			"principal_id":       types.StringValue(h.PrincipalID),
			"role_definition_id": types.StringValue(h.RoleDefinitionID),
		}))
	}
	return types.ListValueMust(removedAssignmentType, elems)
}
