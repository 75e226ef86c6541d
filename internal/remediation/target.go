package remediation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Target is one incident to remediate and what remediating it takes away,
// from the catalogue's Removes and the incident.
type Target struct {
	Type       alerttypes.AlertType
	IncidentID string
	// PrincipalID is the assignee; "" for incidents about a role.
	PrincipalID string
	// Principal names the assignee in messages (user principal name and id).
	Principal string
	// RoleDefinitionID is the role the assignee loses, as the plan shows
	// it: the Global Administrator role's id when the remediation removes
	// (or may remove) that role; "" when remediation removes no assignment.
	RoleDefinitionID string
	// RoleIDs are every role id (lower case) the incident names for the
	// role it removes: its roleDefinitionId and roleTemplateId. The record
	// of what was removed lists the assignee's holdings of all of them.
	RoleIDs []string
	// UnknownRole is the incident's role when it is not a GUID: the guard
	// cannot tell whether it is the Global Administrator role, so the
	// target is taken to remove it and the guard refuses it.
	UnknownRole string
}

// TargetOf returns what remediating inc, an incident of at, takes away.
// Either of the incident's role ids naming the Global Administrator role
// makes it a Global Administrator removal; an incident of a type that
// removes the incident's role but names no role is taken to remove the
// Global Administrator role (the guard then checks it).
func TargetOf(at alerttypes.AlertType, inc *graph.Incident) Target {
	t := Target{Type: at, IncidentID: inc.ID, Principal: "the incident's unnamed assignee"}
	if inc.AssigneeID != nil && strings.TrimSpace(*inc.AssigneeID) != "" {
		t.PrincipalID = strings.TrimSpace(*inc.AssigneeID)
		t.Principal = t.PrincipalID
		if inc.AssigneeUserPrincipalName != nil && *inc.AssigneeUserPrincipalName != "" {
			t.Principal = *inc.AssigneeUserPrincipalName + " (" + t.PrincipalID + ")"
		}
	}
	ga := strings.ToLower(alerttypes.GlobalAdministratorRoleID)
	switch at.Removes {
	case alerttypes.RemovesGlobalAdministrator:
		t.RoleDefinitionID, t.RoleIDs = ga, []string{ga}
	case alerttypes.RemovesIncidentRole:
		var ids []string
		for _, p := range []*string{inc.RoleDefinitionID, inc.RoleTemplateID} {
			if p == nil || strings.TrimSpace(*p) == "" {
				continue
			}
			id := strings.TrimSpace(*p)
			if !alerttypes.IsGUID(id) {
				t.UnknownRole = id
				continue
			}
			if id = strings.ToLower(id); !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		switch {
		case t.UnknownRole != "" || len(ids) == 0 || slices.Contains(ids, ga):
			t.RoleDefinitionID = ga
			if !slices.Contains(ids, ga) {
				ids = append(ids, ga)
			}
		default:
			t.RoleDefinitionID = ids[0]
		}
		t.RoleIDs = ids
	}
	return t
}

// RemovesAssignment reports whether remediating removes a role assignment.
func (t Target) RemovesAssignment() bool { return t.RoleDefinitionID != "" }

// RemovesGlobalAdministrator reports whether remediating removes, or may
// remove, a Global Administrator assignment.
func (t Target) RemovesGlobalAdministrator() bool {
	return strings.EqualFold(t.RoleDefinitionID, alerttypes.GlobalAdministratorRoleID)
}

// unchecked is why the guard cannot check t, a target that removes a
// Global Administrator, whatever Graph answers; nil when it can.
func (t Target) unchecked() error {
	switch {
	case t.PrincipalID == "":
		return &UncheckedError{Target: t, Err: errNoAssignee}
	case !alerttypes.IsGUID(t.PrincipalID):
		return &UncheckedError{Target: t, Err: fmt.Errorf("the incident's assignee %q is not an object id", t.PrincipalID)}
	case t.UnknownRole != "":
		return &UncheckedError{Target: t, Err: fmt.Errorf("the incident's role %q is not a role id, "+
			"so the guard cannot tell whether it is the Global Administrator role", t.UnknownRole)}
	}
	return nil
}

// principal is the assignee's id in lower case, as the guard compares it.
func (t Target) principal() string { return strings.ToLower(t.PrincipalID) }

// holdingsOf returns the holdings of hs that t's assignee has of t's roles
// (never nil).
func (t Target) holdingsOf(hs []graph.RoleHolding) []graph.RoleHolding {
	out := []graph.RoleHolding{}
	for _, h := range hs {
		if strings.EqualFold(h.PrincipalID, t.PrincipalID) && slices.Contains(t.RoleIDs, strings.ToLower(h.RoleDefinitionID)) {
			out = append(out, h)
		}
	}
	return out
}

// Protection is the provider's protected_principal_ids and what it allows.
type Protection struct {
	// IDs are the protected object ids, lower case.
	IDs map[string]bool
	// AllowUnprotectedGlobalAdminRemoval lets a remediation remove a Global
	// Administrator while IDs is empty (allow_unprotected_global_admin_removal).
	AllowUnprotectedGlobalAdminRemoval bool
}

// CheckProtected returns a *ProtectedError when remediating t may affect a
// protected principal: its assignee is protected, or it removes an
// assignment of an assignee it does not name while some principal is
// protected, or it removes a Global Administrator while no principal is
// protected (unless p allows it). Microsoft's emergency-access guidance
// asks for "two or more emergency access accounts" with "the Global
// Administrator role assignment active permanent", which "must not ... be
// in scope of automated cleanup due to lack of use" (MicrosoftDocs/
// entra-docs, docs/identity/role-based-access-control/
// security-emergency-access.md); stale sign-in incidents hit exactly those
// accounts, so without a list of them no Global Administrator removal is
// safe to automate.
func CheckProtected(t Target, p Protection) error {
	switch {
	case t.PrincipalID != "" && p.IDs[t.principal()]:
		return &ProtectedError{Target: t}
	case t.PrincipalID == "" && t.RemovesAssignment() && len(p.IDs) > 0:
		return &ProtectedError{Target: t}
	case t.RemovesGlobalAdministrator() && len(p.IDs) == 0 && !p.AllowUnprotectedGlobalAdminRemoval:
		return &ProtectedError{Target: t, NoneListed: true}
	}
	return nil
}
