package mockgraph

import (
	"fmt"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// remediate applies the definition's mitigation for one incident to the
// tenant model: "if the alert definition recommends that you remove a user
// from a role, remediating the incident means that Microsoft Entra ID
// removes the user from the role" (how-to, Remediate an incident). Whether
// the incident leaves the list at once is the server's RemediatedIncidents
// option. It fails when there is nothing left to remediate.
func (t *tenant) remediate(a *alert, inc object) error {
	id := inc.str("id")
	switch a.typ.Removes {
	case alerttypes.RemovesGlobalAdministrator:
		// The incident is the assignee (its id is the user's): every
		// Global Administrator assignment of theirs goes, eligible too.
		n := t.removeAssignments(func(as Assignment) bool {
			r, _ := t.role(as.RoleDefinitionID)
			return as.PrincipalID != id || r.TemplateID != GlobalAdministratorRoleID
		})
		if n == 0 {
			return fmt.Errorf("the incident %q was already remediated: user %q no longer holds the Global Administrator role", id, inc.str("assigneeUserPrincipalName"))
		}
		return nil
	case alerttypes.RemovesIncidentRole:
		// The simulator's incidents of these types are assignments (the
		// incident id is the assignment's).
		if t.removeAssignments(func(as Assignment) bool { return as.ID != id }) == 0 {
			return fmt.Errorf("the incident %q was already remediated: role assignment %q (%s as %s) no longer exists",
				id, id, inc.str("assigneeUserPrincipalName"), inc.str("roleDisplayName"))
		}
		return nil
	}
	if a.typ.Suffix != alerttypes.NoMfaOnRoleActivation {
		return fmt.Errorf("alert %q is not remediatable", a.typ.Suffix)
	}
	for i, r := range t.roles {
		if r.TemplateID != id {
			continue
		}
		if r.RequireMFAOnActivation {
			return fmt.Errorf("the incident %q was already remediated: role %q already requires multi-factor authentication on activation", id, r.DisplayName)
		}
		t.roles[i].RequireMFAOnActivation = true
		return nil
	}
	return fmt.Errorf("the incident %q cannot be remediated: role template %q no longer exists", id, id)
}
