package resources

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

// The checks of a remediation, shared by the entrapim_alert_incident_remediation
// resource and action: at plan time the incident must exist, its assignee
// must not be protected and this run's Global Administrator removals of
// the tenant, counted together, must leave the minimum; right before the
// request the protected list and the minimum (in the tenant's turn) are
// checked again.

// checkPlan runs the plan-time checks of remediating the incident
// incidentID of alertType (planRemediation) in tenant (a tenant_id value:
// null is the provider's tenant) at plan time, unless diags
// has errors, a value is unknown, the type is not remediatable (its
// validator reports that) or the provider is not configured yet (its
// configuration is unknown at plan time). The incident is nil then, and
// after an error.
func checkPlan(ctx context.Context, b *framework.Base, alertType, incidentID, tenant types.String, diags *diag.Diagnostics) (alerttypes.AlertType, *graph.Incident, remediation.Target) {
	if diags.HasError() || alertType.IsUnknown() || incidentID.IsUnknown() {
		return alerttypes.AlertType{}, nil, remediation.Target{}
	}
	at, ok := b.Catalogue.Lookup(alertType.ValueString())
	if !ok || !at.Remediatable {
		return at, nil, remediation.Target{}
	}
	client := b.ConfiguredFor(ctx, tenant, diags)
	if client == nil {
		return at, nil, remediation.Target{}
	}
	inc, target := planRemediation(ctx, b, client, at, incidentID.ValueString(), diags)
	return at, inc, target
}

// planRemediation runs the plan-time checks of remediating incidentID of
// at. It returns the incident and its target, or nil after adding an error
// at incident_id.
func planRemediation(ctx context.Context, b *framework.Base, client *graph.Client, at alerttypes.AlertType, incidentID string, diags *diag.Diagnostics) (*graph.Incident, remediation.Target) {
	inc, err := client.GetIncident(ctx, at, incidentID)
	if graph.IsNotFound(err) {
		diags.AddAttributeError(path.Root("incident_id"), "Incident not found",
			fmt.Sprintf("The alert %s has no incident %q. It may have been remediated already and dropped by a later scan; "+
				"list current incidents with the entrapim_alert_incidents data source. If this is the replacement of a tainted "+
				"remediation whose outcome was unknown, and the assignee's role assignments are gone, run terraform untaint on the "+
				"resource to keep its record.", at.Suffix, incidentID))
		return nil, remediation.Target{}
	}
	if err != nil {
		framework.AddGraphError(diags, "Error planning incident remediation", at.Suffix, err)
		return nil, remediation.Target{}
	}
	target := remediation.TargetOf(at, inc)
	if !checkProtected(b, target, diags) || !checkMinimum(ctx, b, client, target, diags) {
		return nil, remediation.Target{}
	}
	return inc, target
}

// checkProtected adds an error at incident_id when remediating target may
// affect a protected principal; false then.
func checkProtected(b *framework.Base, target remediation.Target, diags *diag.Diagnostics) bool {
	err := remediation.CheckProtected(target, b.Protection())
	if err == nil {
		return true
	}
	var pe *remediation.ProtectedError
	errors.As(err, &pe)
	summary, hint := "Remediation would affect a protected principal",
		" Remove this remediation, or remove the principal from protected_principal_ids if this is intended."
	switch {
	case pe != nil && pe.NoneListed:
		summary = "Name the break-glass accounts before removing a Global Administrator"
		hint = " List the object ids of the tenant's emergency access accounts in the provider's protected_principal_ids " +
			"(they are never remediated, whatever the incident). A tenant that has no such account can set " +
			"allow_unprotected_global_admin_removal = true instead; read what it risks first."
	case target.PrincipalID == "":
		hint = " Remove this remediation: the incident does not say whose role assignment it removes."
	}
	diags.AddAttributeError(path.Root("incident_id"), summary, capitalize(err.Error())+"."+hint)
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

// checkMinimum is the plan-time check of the Global Administrator minimum:
// target joins this run's removals of the tenant, an error when together
// they break the minimum or when it cannot be checked, a warning saying
// how many remain otherwise.
func checkMinimum(ctx context.Context, b *framework.Base, client *graph.Client, target remediation.Target, diags *diag.Diagnostics) bool {
	guard := guardOf(b, diags)
	if guard == nil {
		return false
	}
	if !target.RemovesGlobalAdministrator() {
		return true
	}
	check, err := guard.Plan(ctx, client, target)
	if err != nil {
		addGuardError(diags, err)
		return false
	}
	diags.AddAttributeWarning(path.Root("incident_id"), "Remediation removes a Global Administrator",
		fmt.Sprintf("Remediating incident %q of %s removes %s from the Global Administrator role. Now %d principal(s) can administer "+
			"the tenant with the role; this run's Global Administrator removals of the tenant planned so far (%d: %s) leave %d. All of "+
			"a run's Global Administrator removals of a tenant are counted together, across provider configurations, and the plan "+
			"fails if together they would leave fewer than min_global_admins = %d; at apply time each is checked again right before "+
			"its request, one at a time.",
			target.IncidentID, target.Type.Suffix, target.Principal, check.Now.N(), len(check.Planned),
			strings.Join(check.Planned, "; "), check.After.N(), guard.Min()))
	return true
}

// outcome is what became of a remediation request.
type outcome int

const (
	// notRemediated: nothing was removed (refused, or Graph refused it).
	notRemediated outcome = iota
	// remediated: the remediation was carried out.
	remediated
	// maybeRemediated: it was sent and may have been carried out.
	maybeRemediated
)

// remediate checks the protected list again and remediates target through
// the guard, adding errors and warnings; the outcome says whether there is
// something to record.
func remediate(ctx context.Context, b *framework.Base, client *graph.Client, target remediation.Target, diags *diag.Diagnostics) (remediation.Result, outcome) {
	if !checkProtected(b, target, diags) {
		return remediation.Result{}, notRemediated
	}
	guard := guardOf(b, diags)
	if guard == nil {
		return remediation.Result{}, notRemediated
	}
	res, err := guard.Remediate(ctx, client, target)
	var unknown *remediation.UnknownOutcomeError
	var below *remediation.BelowMinimumError
	switch {
	case errors.As(err, &unknown):
		diags.AddAttributeError(path.Root("incident_id"), "Remediation may have been carried out",
			capitalize(err.Error())+". The record is kept (a resource is kept in state, tainted, with what the remediation "+
				"would remove in removed_assignments). Look at the assignee's role assignments: when they are gone, keep the "+
				"record with terraform untaint; otherwise the next apply sends the remediation again.")
		return res, maybeRemediated
	case errors.As(err, &below):
		diags.AddAttributeError(path.Root("incident_id"), "Fewer Global Administrators than min_global_admins", capitalize(err.Error())+".")
		return res, remediated
	case err != nil:
		var refused *remediation.RefusedError
		var unchecked *remediation.UncheckedError
		if errors.As(err, &refused) || errors.As(err, &unchecked) {
			addGuardError(diags, err)
		} else {
			framework.AddGraphError(diags, "Error remediating incident", target.Type.Suffix, fmt.Errorf("incident %s: %w", target.IncidentID, err))
		}
		return res, notRemediated
	}
	if res.Settled != "" {
		diags.AddAttributeWarning(path.Root("incident_id"), "Remediation settled by reading Graph again", capitalize(res.Settled)+".")
	}
	return res, remediated
}

// addGuardError reports a refusal of the guard at incident_id, or err as a
// Graph error when it is not one.
func addGuardError(diags *diag.Diagnostics, err error) {
	var refused *remediation.RefusedError
	var unchecked *remediation.UncheckedError
	switch {
	case errors.As(err, &refused):
		hint := " Keep this incident's assignee, remediate fewer Global Administrators, or lower the provider's min_global_admins if fewer are really enough."
		if len(refused.Holders.Permissions()) > 0 {
			hint += " Some holders were not counted because the provider's credential cannot see them: grant " +
				strings.Join(refused.Holders.Permissions(), " and ") + " (application permissions, with admin consent)."
		}
		diags.AddAttributeError(path.Root("incident_id"), "Remediation would leave too few Global Administrators", capitalize(err.Error())+"."+hint)
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
