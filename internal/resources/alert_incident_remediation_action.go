package resources

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var (
	_ action.ActionWithConfigure  = (*alertIncidentRemediationAction)(nil)
	_ action.ActionWithModifyPlan = (*alertIncidentRemediationAction)(nil)
)

// NewAlertIncidentRemediationAction returns the
// entrapim_alert_incident_remediation action (Terraform 1.14 and later):
// the resource's remediation, with the same plan-time and apply-time
// checks, keeping no record.
func NewAlertIncidentRemediationAction(cat alerttypes.Catalogue) action.Action {
	return &alertIncidentRemediationAction{framework.NewActionBase(cat, "alert_incident_remediation")}
}

type alertIncidentRemediationAction struct {
	framework.ActionBase
}

type alertIncidentRemediationActionModel struct {
	AlertType  types.String   `tfsdk:"alert_type"`
	IncidentID types.String   `tfsdk:"incident_id"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (a *alertIncidentRemediationAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Applies PIM's mitigation to one incident of an alert, as the `entrapim_alert_incident_remediation` " +
			"resource does, with the same checks: planning fails when the alert type is not remediatable, when the incident " +
			"does not exist, when the assignee is in the provider's `protected_principal_ids` (or the incident names no assignee while " +
			"anyone is listed), when it would remove a Global Administrator while `protected_principal_ids` lists nobody, and when " +
			"this run's Global Administrator removals of the tenant, counted together, would leave fewer than `min_global_admins`. " +
			"An action's plan shows only its configuration, so the plan warns who loses which role. Right before the request the " +
			"protected list and the minimum are checked again, in the tenant's turn across the machine's provider processes. The " +
			"action records nothing in state: what it removed is reported in its progress messages only, so prefer the resource " +
			"where the record matters. Remediation cannot be undone.",
		Attributes: map[string]schema.Attribute{
			"alert_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The alert type of the incident; only remediatable types are accepted: " +
					alerttypes.CodeList(a.Catalogue.RemediatableNames()) + ".",
				Validators: []validator.String{validators.RemediatableAlertType(a.Catalogue)},
			},
			"incident_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the incident, as listed by the `entrapim_alert_incidents` data source.",
			},
			"timeouts": actionTimeoutsAttribute(ctx),
		},
	}
}

// ModifyPlan runs the resource's plan-time checks and names, in a
// warning, who loses which role: an action's plan shows only its
// configuration.
func (a *alertIncidentRemediationAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m alertIncidentRemediationActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.AlertType.IsUnknown() || m.IncidentID.IsUnknown() {
		return
	}
	at, ok := a.Catalogue.Lookup(m.AlertType.ValueString())
	client := a.Configured()
	if !ok || !at.Remediatable || client == nil {
		return
	}
	inc, target := planRemediation(ctx, &a.Base, client, at, m.IncidentID.ValueString(), &resp.Diagnostics)
	if inc == nil {
		return
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("incident_id"), "What this remediation does", describeRemediation(inc, target))
}

func (a *alertIncidentRemediationAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m alertIncidentRemediationActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	ctx, call := a.Begin(ctx, m.Timeouts.Invoke, defaultWriteTimeout, m.AlertType, &resp.Diagnostics)
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
