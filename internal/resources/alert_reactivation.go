package resources

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Reactivation: a refresh reactivates dismissed alerts ("a successful
// refresh ... reactivates dismissed alerts (updates isActive to true)",
// how-to; in its example responses an alert is active exactly when it has
// incidents, so whether also one without incidents is a simulator option
// the tests run under); whether PIM's daily scan does is not documented. Either way the next plan shows active: true -> false, and a
// warning says what PIM found, so that the reviewer of a nightly drift plan
// knows why without opening the portal.

// privateDismissed is the private-state key that records that this
// resource dismissed its alert, told apart from a configuration that now
// dismisses an alert that was meant to be active.
const privateDismissed = "dismissed"

// shownIncidents bounds the incidents a reactivation warning names.
const shownIncidents = 5

// recordDismissal keeps in private state whether the resource's last write
// left the alert dismissed.
func recordDismissal(ctx context.Context, private interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}, active bool) diag.Diagnostics {
	return private.SetKey(ctx, privateDismissed, []byte(fmt.Sprint(!active)))
}

// ModifyPlan warns when the plan dismisses again an alert that PIM
// reactivated after this resource dismissed it, and when a create changes
// the alert's state (a create plan shows only the new value).
func (r *alertResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	planTenant(ctx, &r.ResourceBase, req, resp)
	if req.State.Raw.IsNull() {
		r.warnCreateChanges(ctx, resp)
		return
	}
	// Only active first: this runs for every alert of every plan, and
	// reading whole models costs the framework's reflection.
	var planActive, stateActive types.Bool
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, pathActive, &planActive)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathActive, &stateActive)...)
	if resp.Diagnostics.HasError() || planActive.IsUnknown() || planActive.ValueBool() || !stateActive.ValueBool() {
		return
	}
	dismissed, diags := req.Private.GetKey(ctx, privateDismissed)
	if resp.Diagnostics.Append(diags...); string(dismissed) != "true" {
		return
	}
	var plan, state alertModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	at, ok := r.Catalogue.Lookup(state.AlertType.ValueString())
	if !ok {
		return
	}
	found := fmt.Sprintf("%d incident(s)", state.IncidentCount.ValueInt64())
	tenant := "this tenant"
	if client := r.ConfiguredFor(ctx, plan.TenantID, &resp.Diagnostics); client != nil {
		if alert, err := client.GetAlert(ctx, at, graph.ExpandIncidents); err == nil {
			found = describeIncidents(alert)
		}
		if id, err := client.TenantID(ctx); err == nil {
			tenant = "tenant " + id
		}
	}
	// The summary names the alert and the tenant: -compact-warnings shows
	// only summaries, and a drift log of many tenants must say which.
	resp.Diagnostics.AddAttributeWarning(pathActive, fmt.Sprintf("PIM reactivated a dismissed alert: %s in %s", at.Suffix, tenant),
		fmt.Sprintf("PIM reactivated %s, which this configuration dismisses: it found %s. This plan dismisses it again. "+
			"A refresh reactivates dismissed alerts (Microsoft documents this); whether PIM's daily scan "+
			"does is not documented. To remove the cause, review the incidents (entrapim_alert_incidents) and remediate them; "+
			"to stop the alert for good, set enabled = false on its entrapim_alert_configuration.", at.Suffix, found))
}

// describeIncidents says what an alert's incidents are about: their
// count, and for up to shownIncidents of them who and which role.
func describeIncidents(a *graph.Alert) string {
	out := fmt.Sprintf("%d incident(s)", a.IncidentCount)
	var shown []string
	for _, inc := range a.Incidents {
		if len(shown) == shownIncidents {
			shown = append(shown, "…")
			break
		}
		shown = append(shown, incidentSummary(a.Type, inc))
	}
	if len(shown) == 0 {
		return out
	}
	return out + ": " + strings.Join(shown, "; ")
}

// incidentSummary names an incident by assignee and role, as far as its
// type has them.
func incidentSummary(at alerttypes.AlertType, inc graph.Incident) string {
	var who, role string
	switch {
	case inc.AssigneeUserPrincipalName != nil:
		who = *inc.AssigneeUserPrincipalName
	case inc.AssigneeDisplayName != nil:
		who = *inc.AssigneeDisplayName
	case inc.AssigneeID != nil:
		who = *inc.AssigneeID
	}
	if _, name := incidentRole(at, &inc); name != nil {
		role = *name
	}
	switch {
	case who != "" && role != "":
		return who + " (" + role + ")"
	case who != "":
		return who
	case role != "":
		return "role " + role
	case inc.TenantLicenseStatus != nil:
		return "licence " + *inc.TenantLicenseStatus
	}
	return "incident " + inc.ID
}

// warnCreateChanges warns when creating the resource would re-enable an
// alert the tenant dismissed while it has incidents, or dismiss an active
// one, read from the run's snapshot; a failed read only skips it.
func (r *alertResource) warnCreateChanges(ctx context.Context, resp *resource.ModifyPlanResponse) {
	var plan alertModel
	if resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() || plan.Active.IsUnknown() || plan.AlertType.IsUnknown() {
		return
	}
	at, ok := r.Catalogue.Lookup(plan.AlertType.ValueString())
	if !ok {
		return
	}
	client := r.ConfiguredFor(ctx, plan.TenantID, &resp.Diagnostics)
	if client == nil {
		return
	}
	want := plan.Active.ValueBool()
	alert, err := client.GetAlert(ctx, at, graph.ExpandIncidents)
	if err != nil || !createChanges(alert, want) {
		return
	}
	tenant, _ := client.TenantID(ctx)
	if want {
		resp.Diagnostics.AddAttributeWarning(pathActive, fmt.Sprintf("Creating re-enables %s, dismissed in tenant %s", at.Suffix, tenant),
			fmt.Sprintf("The tenant dismissed %s while it has %d incident(s); creating this resource with active = true re-enables it. "+
				"Import it first (an import block with id = %q) to see this in the plan as active: false -> true.", at.Suffix, alert.IncidentCount, at.Suffix))
	} else {
		resp.Diagnostics.AddAttributeWarning(pathActive, fmt.Sprintf("Creating dismisses %s, active in tenant %s", at.Suffix, tenant),
			fmt.Sprintf("%s is active with %d incident(s); creating this resource with active = false dismisses it. Review the incidents "+
				"(entrapim_alert_incidents) first.", at.Suffix, alert.IncidentCount))
	}
}
