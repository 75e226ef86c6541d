package resources

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

// The checks of a remediation, shared by the entrapim_alert_incident_remediation
// resource and action: at plan time the incident must exist, its assignee
// must not be protected and, on its own, it must leave the Global
// Administrator minimum; right before the request the protected list and
// the minimum (under the guard's lock) are checked again.

// planRemediation runs the plan-time checks of remediating incidentID of
// at. It returns the incident, or nil after adding an error at incident_id.
func planRemediation(ctx context.Context, b *framework.Base, client *graph.Client, at alerttypes.AlertType, incidentID string, diags *diag.Diagnostics) *graph.Incident {
	inc, err := client.GetIncident(ctx, at, incidentID)
	if graph.IsNotFound(err) {
		diags.AddAttributeError(path.Root("incident_id"), "Incident not found",
			fmt.Sprintf("The alert %s has no incident %q. It may have been remediated already and dropped by a later scan; "+
				"list current incidents with the entrapim_alert_incidents data source.", at.Suffix, incidentID))
		return nil
	}
	if err != nil {
		framework.AddGraphError(diags, "Error planning incident remediation", at.Suffix, err)
		return nil
	}
	target := remediation.TargetOf(at, inc)
	if !checkProtected(b, target, diags) || !checkMinimum(ctx, b, client, target, diags) {
		return nil
	}
	return inc
}

// checkProtected adds an error at incident_id when remediating target may
// affect a protected principal; false then.
func checkProtected(b *framework.Base, target remediation.Target, diags *diag.Diagnostics) bool {
	err := remediation.CheckProtected(target, b.Protected())
	if err == nil {
		return true
	}
	hint := " Remove this remediation, or remove the principal from protected_principal_ids if this is intended."
	if target.PrincipalID == "" {
		hint = " Remove this remediation: the incident does not say whose role assignment it removes."
	}
	diags.AddAttributeError(path.Root("incident_id"), "Remediation would affect a protected principal", capitalize(err.Error())+"."+hint)
	return false
}

// guardOf returns the provider's Global Administrator guard, or nil after
// adding an error: without it no remediation passes.
func guardOf(b *framework.Base, diags *diag.Diagnostics) *remediation.Guard {
	guard := b.Guard()
	if guard == nil {
		diags.AddError("Provider not configured", "The entrapim provider has no Global Administrator guard; this is always a bug in the provider.")
	}
	return guard
}

// remediate checks the protected list again and remediates target through
// the guard; false after adding an error.
func remediate(ctx context.Context, b *framework.Base, client *graph.Client, target remediation.Target, diags *diag.Diagnostics) (remediation.Result, bool) {
	if !checkProtected(b, target, diags) {
		return remediation.Result{}, false
	}
	guard := guardOf(b, diags)
	if guard == nil {
		return remediation.Result{}, false
	}
	res, err := guard.Remediate(ctx, client, target)
	if err != nil {
		var refused *remediation.RefusedError
		var unchecked *remediation.UncheckedError
		if errors.As(err, &refused) || errors.As(err, &unchecked) {
			addGuardError(diags, err)
		} else {
			framework.AddGraphError(diags, "Error remediating incident", target.Type.Suffix, fmt.Errorf("incident %s: %w", target.IncidentID, err))
		}
		return res, false
	}
	return res, true
}

// checkMinimum is the plan-time check of the Global Administrator minimum
// for target on its own: an error below it or when it cannot be checked,
// a warning saying how many remain otherwise.
func checkMinimum(ctx context.Context, b *framework.Base, client *graph.Client, target remediation.Target, diags *diag.Diagnostics) bool {
	guard := guardOf(b, diags)
	if guard == nil {
		return false
	}
	if !target.RemovesGlobalAdministrator() {
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
