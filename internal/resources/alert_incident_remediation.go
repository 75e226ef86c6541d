package resources

import (
	"context"
	"fmt"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var (
	_ resource.ResourceWithConfigure  = (*alertIncidentRemediationResource)(nil)
	_ resource.ResourceWithModifyPlan = (*alertIncidentRemediationResource)(nil)
)

// NewAlertIncidentRemediation returns the entrapim_alert_incident_remediation resource.
func NewAlertIncidentRemediation() resource.Resource { return &alertIncidentRemediationResource{} }

type alertIncidentRemediationResource struct {
	providerdata.Base
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

func (r *alertIncidentRemediationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alert_incident_remediation"
}

func (r *alertIncidentRemediationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	var actions []string
	for _, n := range alerttypes.Names() {
		if at, _ := alerttypes.Lookup(n); at.Remediatable {
			actions = append(actions, fmt.Sprintf("`%s` %s", at.Suffix, at.Remediation))
		}
	}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Applies PIM's mitigation to one incident of an alert. For most alert types this removes a " +
			"person's role assignment, so the plan shows who and which role will be affected: " + strings.Join(actions, "; ") + ". " +
			"Planning fails when the alert type is not remediatable, when the incident does not exist, and when the " +
			"assignee is listed in the provider's `protected_principal_ids`. Creating the resource remediates once; " +
			"destroying it only forgets the record (a removed assignment is not restored).",
		Attributes: map[string]schema.Attribute{
			"action":                       computed("What remediation does to the tenant for this alert type."),
			"assignee_display_name":        computed("The display name of the person whose assignment is affected; null for incidents about a role rather than a person."),
			"assignee_id":                  computed("The object id of the person whose assignment is affected; null for incidents about a role rather than a person."),
			"assignee_user_principal_name": computed("The user principal name of the person whose assignment is affected."),
			"id":                           computed("`{alert_type}/{incident_id}`."),
			"remediated_at":                computed("When the remediation was requested (RFC 3339)."),
			"role_definition_id":           computed("The role definition id of the affected role."),
			"role_display_name":            computed("The display name of the affected role."),
			"timeouts":                     timeouts.Attributes(ctx, timeouts.Opts{Create: true}),
		},
	}
	resp.Schema.Attributes["alert_type"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The alert type of the incident; only remediatable types are accepted: " + alerttypes.CodeList(alerttypes.RemediatableNames()) + ".",
		Validators:          []validator.String{validators.AlertType(true)},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
	resp.Schema.Attributes["incident_id"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The id of the incident, as listed by the `entrapim_alert_incidents` data source or `incident_ids` of `entrapim_alert`.",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
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
	at, ok := alerttypes.Lookup(plan.AlertType.ValueString())
	if !ok || !at.Remediatable {
		return // the alert_type validator reports it
	}
	if r.Data == nil || r.Data.Client == nil {
		return // provider configuration unknown at plan time
	}
	incidentID := plan.IncidentID.ValueString()
	inc, err := r.Data.Client.GetIncident(ctx, at.Suffix, incidentID)
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("incident_id"), "Incident not found",
			fmt.Sprintf("The alert %s has no incident %q. It may have been remediated already and dropped by a later scan; "+
				"list current incidents with the entrapim_alert_incidents data source.", at.Suffix, incidentID))
		return
	}
	if err != nil {
		diagnostics.AddGraphError(&resp.Diagnostics, "Error planning incident remediation", at.Suffix, err)
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

func (r *alertIncidentRemediationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (r *alertIncidentRemediationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan alertIncidentRemediationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.Client(&resp.Diagnostics)
	if client == nil {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultWriteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	at, _ := alerttypes.Lookup(plan.AlertType.ValueString())
	incidentID := plan.IncidentID.ValueString()
	// The plan was checked against the incident; check the protected list
	// again in case the plan was made without it (unknown provider config).
	if plan.Action.IsUnknown() {
		inc, err := client.GetIncident(ctx, at.Suffix, incidentID)
		if err != nil {
			diagnostics.AddGraphError(&resp.Diagnostics, "Error remediating incident", at.Suffix, err)
			return
		}
		plan.fromIncident(at, inc)
	}
	if !plan.AssigneeID.IsNull() && r.IsProtected(strings.ToLower(plan.AssigneeID.ValueString())) {
		resp.Diagnostics.AddAttributeError(path.Root("incident_id"), "Remediation would affect a protected principal",
			fmt.Sprintf("Incident %q of %s is about %s, who is listed in protected_principal_ids.", incidentID, at.Suffix, plan.AssigneeID.ValueString()))
		return
	}
	if err := client.RemediateIncident(ctx, at.Suffix, incidentID); err != nil {
		diagnostics.AddGraphError(&resp.Diagnostics, "Error remediating incident", at.Suffix, fmt.Errorf("incident %s: %w", incidentID, err))
		return
	}
	plan.RemediatedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read keeps the record: the remediation happened; the incident disappears
// at PIM's next scan.
func (r *alertIncidentRemediationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state alertIncidentRemediationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update is never called: every input forces replacement.
func (r *alertIncidentRemediationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan alertIncidentRemediationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete forgets the record; a remediation cannot be undone through Graph.
func (r *alertIncidentRemediationResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
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
