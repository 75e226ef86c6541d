package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var (
	_ resource.ResourceWithModifyPlan = (*alertIncidentRemediationResource)(nil)
	_ action.ActionWithModifyPlan     = (*alertIncidentRemediationAction)(nil)
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
type alertIncidentRemediationResource struct{ framework.RecordBase }

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
	TenantID                  types.String   `tfsdk:"tenant_id"`
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
			"Planning fails when the alert type is not remediatable, when the incident does not exist, when the assignee is listed " +
			"in the provider's `protected_principal_ids` (or the incident names no assignee while anyone is listed), when it would " +
			"remove a Global Administrator while `protected_principal_ids` lists nobody, and when this run's Global Administrator " +
			"removals of the tenant, counted together across provider configurations, would leave fewer than the provider's " +
			"`min_global_admins`; a plan that removes a Global Administrator warns how many remain. At apply time the Global " +
			"Administrator removals of a tenant take turns across the provider processes of the machine, each re-reading the " +
			"holders from Graph right before its request and again after it. Creating the resource remediates once and records in " +
			"`removed_assignments` what was removed, also when Graph's answer was lost (the record is then kept tainted when the " +
			"outcome cannot be told); destroying it forgets the record after printing it into the run's log (a removed assignment is " +
			"not restored). Key these resources by the incident ids a person approved, never by the incidents a data source lists " +
			"now: a later scan drops remediated incidents, and a `for_each` over them would destroy the records.",
		Attributes: map[string]schema.Attribute{
			"action":                       computedString("What remediation does to the tenant for this alert type."),
			"alert_type":                   alertTypeAttribute(validators.RemediatableAlertType(r.Catalogue), remediationTypeDescription(r.Catalogue)),
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
					"with a warning. Destroying the resource prints it into the run's log.",
				NestedObject:  schema.NestedAttributeObject{Attributes: removedAssignmentAttributes()},
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"role_definition_id": computedString("The role definition id of the affected role (for `TooManyGlobalAdminsAssignedToTenantAlert`, whose incidents name no role, the Global Administrator role's)."),
			"role_display_name":  computedString("The display name of the affected role."),
			"tenant_id":          tenantIDAttribute(),
			"timeouts":           timeoutsAttribute(ctx, timeouts.Opts{Create: true}),
		},
	}
}

// ModifyPlan looks the incident up when the resource is to be created, so
// the plan shows who and which role will be affected, and refuses incidents
// that do not exist or whose assignee is protected.
func (r *alertIncidentRemediationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planTenant(ctx, &r.ResourceBase, req, resp)
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return // destroy, or nothing to create
	}
	var plan alertIncidentRemediationModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	at, inc, target := checkPlan(ctx, &r.Base, plan.AlertType, plan.IncidentID, plan.TenantID, &resp.Diagnostics)
	if inc == nil {
		return
	}
	plan.fromIncident(at, inc)
	plan.RemediatedAt = types.StringUnknown()
	if !target.RemovesAssignment() {
		plan.RemovedAssignments = types.ListValueMust(removedAssignmentType, []attr.Value{})
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

func (r *alertIncidentRemediationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, call := framework.BeginOn[alertIncidentRemediationModel](ctx, &r.ResourceBase, req.Plan, timeouts.Value.Create, defaultWriteTimeout, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	incidentID := plan.IncidentID.ValueString()
	// The incident as it is now: what the guard checks is what is removed.
	inc, err := call.Client.GetIncident(ctx, call.Type, incidentID)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error remediating incident", call.Type.Suffix, fmt.Errorf("incident %s: %w", incidentID, err))
		return
	}
	if planned := plan.AssigneeID.ValueString(); !plan.AssigneeID.IsUnknown() && !strings.EqualFold(planned, deref(inc.AssigneeID)) {
		resp.Diagnostics.AddAttributeError(path.Root("incident_id"), "Incident changed since the plan",
			fmt.Sprintf("Incident %q of %s was about %q when the plan was made and is about %q now; nothing was sent. Plan again.",
				incidentID, call.Type.Suffix, planned, deref(inc.AssigneeID)))
		return
	}
	if plan.Action.IsUnknown() {
		plan.fromIncident(call.Type, inc) // planned without Graph (unknown provider configuration)
	}
	res, out := remediate(ctx, &r.Base, call.Client, remediation.TargetOf(call.Type, inc), &resp.Diagnostics)
	if out == notRemediated {
		return
	}
	// Remediated, or maybe: keep the record (with an error, Terraform keeps
	// it tainted).
	plan.RemediatedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	plan.RemovedAssignments = removedAssignments(res.Removed, res.Unrecorded == nil)
	plan.TenantID = framework.RecordedTenant(ctx, plan.TenantID, call.Client, &resp.Diagnostics)
	if res.Unrecorded != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("removed_assignments"), "Removed assignments not recorded",
			fmt.Sprintf("Incident %q of %s was remediated, but the provider could not read which role assignments of %s it removed, "+
				"so removed_assignments is null: %v. Grant %s to record them.",
				incidentID, call.Type.Suffix, plan.AssigneeUserPrincipalName.ValueString(), res.Unrecorded, graph.RoleManagementReadPermission))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete forgets the record, and prints it into the run's log first: once
// the state no longer holds it, the log is where to find what to grant
// again to undo the remediation.
func (r *alertIncidentRemediationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state alertIncidentRemediationModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	what := "The remediation removed no role assignment."
	switch {
	case state.RemovedAssignments.IsNull() || state.RemovedAssignments.IsUnknown():
		what = "The provider could not record which role assignments it removed."
	case len(state.RemovedAssignments.Elements()) > 0:
		var removed []removedAssignmentModel
		resp.Diagnostics.Append(state.RemovedAssignments.ElementsAs(ctx, &removed, false)...)
		lines := make([]string, 0, len(removed))
		for _, m := range removed {
			lines = append(lines, "- "+remediation.DescribeHolding(m.holding()))
		}
		what = "It removed:\n" + strings.Join(lines, "\n") + "\nTo undo the remediation, grant these again."
	}
	resp.Diagnostics.AddWarning("Forgetting the record of a remediation",
		fmt.Sprintf("Terraform no longer keeps the record of the remediation of incident %q of %s (remediated at %s). %s",
			state.IncidentID.ValueString(), state.AlertType.ValueString(), state.RemediatedAt.ValueString(), what))
}

// NewAlertIncidentRemediationAction returns the
// entrapim_alert_incident_remediation action (Terraform 1.14 and later):
// the resource's remediation, with the same plan-time and apply-time
// checks, keeping no record.
func NewAlertIncidentRemediationAction(cat alerttypes.Catalogue) action.Action {
	return &alertIncidentRemediationAction{framework.NewActionBase(cat, "alert_incident_remediation")}
}

type alertIncidentRemediationAction struct{ framework.ActionBase }

type alertIncidentRemediationActionModel struct {
	actionModel
	IncidentID types.String `tfsdk:"incident_id"`
}

func (a *alertIncidentRemediationAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Applies PIM's mitigation to one incident of an alert, as the `entrapim_alert_incident_remediation` " +
			"resource does, with the same checks: planning fails when the alert type is not remediatable, when the incident " +
			"does not exist, when the assignee is in the provider's `protected_principal_ids` (or the incident names no assignee while " +
			"anyone is listed), when it would remove a Global Administrator while `protected_principal_ids` lists nobody, and when " +
			"this run's Global Administrator removals of the tenant, counted together, would leave fewer than `min_global_admins`. " +
			"An action's plan shows only its configuration, so the plan warns who loses which role. Right before the request the " +
			"protected list and the minimum are checked again, in the tenant's turn across the machine's provider processes. The " +
			"action records nothing in state: what it removed is reported in its progress messages only, so prefer the resource " +
			"where the record matters. Remediation cannot be undone.",
		Attributes: map[string]actionschema.Attribute{
			"alert_type": actionschema.StringAttribute{
				Required:            true,
				MarkdownDescription: remediationTypeDescription(a.Catalogue),
				Validators:          []validator.String{validators.RemediatableAlertType(a.Catalogue)},
			},
			"incident_id": actionschema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the incident, as listed by the `entrapim_alert_incidents` data source.",
			},
			"tenant_id": actionTenantIDAttribute(),
			"timeouts":  actionTimeoutsAttribute(ctx),
		},
	}
}

// ModifyPlan runs the resource's plan-time checks and names, in a
// warning, who loses which role: an action's plan shows only its
// configuration.
func (a *alertIncidentRemediationAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m alertIncidentRemediationActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if _, inc, target := checkPlan(ctx, &a.Base, m.AlertType, m.IncidentID, m.TenantID, &resp.Diagnostics); inc != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("incident_id"), "What this remediation does", describeRemediation(inc, target))
	}
}

func (a *alertIncidentRemediationAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m alertIncidentRemediationActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	ctx, call := a.Begin(ctx, m.Timeouts.Invoke, defaultWriteTimeout, m.AlertType, m.TenantID, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	// The incident as it is now: what the guard checks is what is removed.
	inc, target := planRemediation(ctx, &a.Base, call.Client, call.Type, m.IncidentID.ValueString(), &resp.Diagnostics)
	if inc == nil {
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: "remediating: " + describeRemediation(inc, target)})
	res, out := remediate(ctx, &a.Base, call.Client, target, &resp.Diagnostics)
	if out == notRemediated {
		return
	}
	removed := make([]string, 0, len(res.Removed))
	for _, h := range res.Removed {
		removed = append(removed, remediation.DescribeHolding(h))
	}
	msg := fmt.Sprintf("remediated incident %s of %s", target.IncidentID, target.Type.Suffix)
	if out == maybeRemediated {
		msg = fmt.Sprintf("the remediation of incident %s of %s may have been carried out", target.IncidentID, target.Type.Suffix)
	}
	if len(removed) > 0 {
		msg += "; removed " + strings.Join(removed, ", ")
	}
	if res.Remaining >= 0 {
		msg += fmt.Sprintf("; %d principal(s) can administer the tenant with the Global Administrator role", res.Remaining)
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: msg})
}

// describeRemediation says who loses which role when inc is remediated.
func describeRemediation(inc *graph.Incident, t remediation.Target) string {
	role := deref(inc.RoleDisplayName)
	if t.RemovesGlobalAdministrator() && role == "" {
		role = "Global Administrator"
	}
	roleID := t.RoleDefinitionID
	if roleID == "" {
		roleID = deref(inc.RoleTemplateID)
	}
	switch {
	case !t.RemovesAssignment():
		return fmt.Sprintf("Remediating incident %q of %s will %s: role %q (%s).", t.IncidentID, t.Type.Suffix, t.Type.Remediation, role, roleID)
	case t.RemovesGlobalAdministrator() && !strings.EqualFold(roleID, deref(inc.RoleDefinitionID)) && deref(inc.RoleDefinitionID) != "":
		return fmt.Sprintf("Remediating incident %q of %s removes %s from role %q (role definition %s, template %s), "+
			"counted as the Global Administrator role.", t.IncidentID, t.Type.Suffix, t.Principal, role,
			deref(inc.RoleDefinitionID), deref(inc.RoleTemplateID))
	}
	return fmt.Sprintf("Remediating incident %q of %s removes %s from role %q (%s).", t.IncidentID, t.Type.Suffix, t.Principal, role, roleID)
}

// remediationTypeDescription documents the alert_type of the resource and
// the action.
func remediationTypeDescription(cat alerttypes.Catalogue) string {
	return "The alert type of the incident; only remediatable types are accepted: " + alerttypes.CodeList(cat.RemediatableNames()) + "."
}

// fromIncident fills the computed attributes from the incident.
func (m *alertIncidentRemediationModel) fromIncident(at alerttypes.AlertType, inc *graph.Incident) {
	m.ID = types.StringValue(at.Suffix + "/" + inc.ID)
	m.Action = types.StringValue(at.Remediation)
	m.AssigneeID = types.StringPointerValue(inc.AssigneeID)
	m.AssigneeDisplayName = types.StringPointerValue(inc.AssigneeDisplayName)
	m.AssigneeUserPrincipalName = types.StringPointerValue(inc.AssigneeUserPrincipalName)
	roleID, roleName := incidentRole(at, inc)
	m.RoleDefinitionID = types.StringPointerValue(roleID)
	m.RoleDisplayName = types.StringPointerValue(roleName)
}

// incidentRole is the role an incident is about, by id (its definition's,
// else its template's) and display name, nil where unknown. The incidents
// of some types name no role (alerttypes.AlertType.IncidentsNameNoRole):
// theirs is the Global Administrator role.
func incidentRole(at alerttypes.AlertType, inc *graph.Incident) (id, name *string) {
	id, name = inc.RoleDefinitionID, inc.RoleDisplayName
	if id == nil {
		id = inc.RoleTemplateID
	}
	if at.IncidentsNameNoRole() && id == nil {
		ga, gaName := alerttypes.GlobalAdministratorRoleID, "Global Administrator"
		return &ga, &gaName
	}
	return id, name
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

// removedAssignmentModel is an element of removed_assignments.
type removedAssignmentModel struct {
	AssignmentID     types.String `tfsdk:"assignment_id"`
	AssignmentType   types.String `tfsdk:"assignment_type"`
	DirectoryScopeID types.String `tfsdk:"directory_scope_id"`
	PrincipalID      types.String `tfsdk:"principal_id"`
	RoleDefinitionID types.String `tfsdk:"role_definition_id"`
}

// holding is the element as the holding it records.
func (m removedAssignmentModel) holding() graph.RoleHolding {
	return graph.RoleHolding{ID: m.AssignmentID.ValueString(), PrincipalID: m.PrincipalID.ValueString(),
		RoleDefinitionID: m.RoleDefinitionID.ValueString(), DirectoryScopeID: m.DirectoryScopeID.ValueString(),
		Eligible: m.AssignmentType.ValueString() == "eligible"} // the inverse of RoleHolding.Kind
}

// removedAssignments is the value of removed_assignments: hs, or null when
// they were not recorded.
func removedAssignments(hs []graph.RoleHolding, recorded bool) types.List {
	if !recorded {
		return types.ListNull(removedAssignmentType)
	}
	elems := make([]attr.Value, 0, len(hs))
	for _, h := range hs {
		elems = append(elems, types.ObjectValueMust(removedAssignmentType.AttrTypes, map[string]attr.Value{
			"assignment_id":      types.StringValue(h.ID),
			"assignment_type":    types.StringValue(h.Kind()),
			"directory_scope_id": types.StringValue(h.DirectoryScopeID),
			"principal_id":       types.StringValue(h.PrincipalID),
			"role_definition_id": types.StringValue(h.RoleDefinitionID),
		}))
	}
	return types.ListValueMust(removedAssignmentType, elems)
}
