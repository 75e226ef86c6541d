package tenant

import (
	"fmt"
	"slices"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Remediate applies the definition's mitigation for one incident to the
// tenant model: "if the alert definition recommends that you remove a user
// from a role, remediating the incident means that Microsoft Entra ID
// removes the user from the role" (how-to, Remediate an incident). Whether
// the incident leaves the list at once is
// Behaviour.RemediatedIncidentsVanish. It fails when there is nothing left
// to remediate.
func (m *Model) Remediate(a *Alert, inc Incident) error {
	if err := m.remediate(a, inc); err != nil {
		return err
	}
	if m.behaviour.RemediatedIncidentsVanish {
		a.Incidents = slices.DeleteFunc(a.Incidents, func(x Incident) bool { return x.ID == inc.ID })
	}
	return nil
}

func (m *Model) remediate(a *Alert, inc Incident) error {
	id := inc.ID
	switch a.Type.Removes {
	case alerttypes.RemovesGlobalAdministrator:
		// The incident is the assignee (its id is the user's): every
		// Global Administrator assignment of theirs goes, eligible too.
		n := m.removeAssignments(func(as Assignment) bool {
			r, _ := m.Role(as.RoleDefinitionID)
			return as.PrincipalID != id || r.TemplateID != alerttypes.GlobalAdministratorRoleID
		})
		if n == 0 {
			return fmt.Errorf("the incident %q was already remediated: user %q no longer holds the Global Administrator role", id, inc.AssigneeUserPrincipalName)
		}
		return nil
	case alerttypes.RemovesIncidentRole:
		// The simulator's incidents of these types are assignments (the
		// incident id is the assignment's).
		if m.removeAssignments(func(as Assignment) bool { return as.ID != id }) == 0 {
			return fmt.Errorf("the incident %q was already remediated: role assignment %q (%s as %s) no longer exists",
				id, id, inc.AssigneeUserPrincipalName, inc.RoleDisplayName)
		}
		return nil
	}
	if a.Type.Suffix != alerttypes.NoMfaOnRoleActivation {
		return fmt.Errorf("alert %q is not remediatable", a.Type.Suffix)
	}
	for i, r := range m.Roles {
		if r.TemplateID != id {
			continue
		}
		if r.RequireMFAOnActivation {
			return fmt.Errorf("the incident %q was already remediated: role %q already requires multi-factor authentication on activation", id, r.DisplayName)
		}
		m.Roles[i].RequireMFAOnActivation = true
		return nil
	}
	return fmt.Errorf("the incident %q cannot be remediated: role template %q no longer exists", id, id)
}
