package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
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
			"Planning fails when the alert type is not remediatable, when the incident does not exist, and when the " +
			"assignee is listed in the provider's `protected_principal_ids`. Creating the resource remediates once; " +
			"destroying it only forgets the record (a removed assignment is not restored).",
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
			"remediated_at":      computedString("When the remediation was requested (RFC 3339)."),
			"role_definition_id": computedString("The role definition id of the affected role."),
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
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
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
	if err := client.RemediateIncident(ctx, at, incidentID); err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error remediating incident", at.Suffix, fmt.Errorf("incident %s: %w", incidentID, err))
		return
	}
	plan.RemediatedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
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
}
