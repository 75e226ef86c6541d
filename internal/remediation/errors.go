package remediation

import (
	"context"
	"errors"
	"fmt"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

var errNoAssignee = errors.New("the incident names no assignee, so the guard cannot tell whose Global Administrator role it removes")

// ProtectedError is a remediation refused for the provider's
// protected_principal_ids. Nothing was sent.
type ProtectedError struct {
	Target
}

func (e *ProtectedError) Error() string {
	if e.PrincipalID == "" {
		return fmt.Sprintf("incident %q of %s names no assignee, so it cannot be told whether remediating it (which would %s) "+
			"affects a principal listed in protected_principal_ids; the remediation is refused", e.IncidentID, e.Type.Suffix, e.Type.Remediation)
	}
	return fmt.Sprintf("incident %q of %s is about %s, who is listed in protected_principal_ids; remediating it would %s",
		e.IncidentID, e.Type.Suffix, e.Principal, e.Type.Remediation)
}

// RefusedError is a remediation the guard refused: afterwards fewer than
// Min principals would hold the Global Administrator role. Nothing was sent.
type RefusedError struct {
	Target
	// Remaining is how many principals would still hold the role.
	Remaining, Min int
	// AtApply is set when the refusal came right before the request, where
	// the removals of this run count too.
	AtApply bool
}

func (e *RefusedError) Error() string {
	msg := fmt.Sprintf("remediating incident %q of %s would remove %s from the Global Administrator role, "+
		"after which %d principal(s) would hold it (active or eligible), fewer than min_global_admins = %d",
		e.IncidentID, e.Type.Suffix, e.Principal, e.Remaining, e.Min)
	if e.AtApply {
		msg += "; the count was read from Graph right before the request and leaves out the principals this run already removed"
	}
	return msg + "; the remediation was not sent"
}

// UncheckedError is a remediation the guard refused because it could not
// count the Global Administrators: it fails closed.
type UncheckedError struct {
	Target
	Err error
}

func (e *UncheckedError) Error() string {
	why := e.Err.Error()
	switch {
	case graph.IsForbidden(e.Err):
		why = fmt.Sprintf("Graph refused to list who holds the role (403): the provider's credential needs the %s application permission, "+
			"with admin consent (%v)", graph.RoleManagementReadPermission, e.Err)
	case errors.Is(e.Err, context.DeadlineExceeded), errors.Is(e.Err, context.Canceled):
		why = "the operation's time ran out before the count could be read: " + why
	}
	removes := "which removes " + e.Principal + " from the Global Administrator role"
	if e.UnknownRole != "" {
		removes = fmt.Sprintf("which removes %s from the role %q", e.Principal, e.UnknownRole)
	}
	return fmt.Sprintf("cannot check that remediating incident %q of %s (%s) "+
		"leaves enough Global Administrators, so it is refused: %s", e.IncidentID, e.Type.Suffix, removes, why)
}

func (e *UncheckedError) Unwrap() error { return e.Err }

// Forbidden reports whether the count was refused for lack of permission.
func (e *UncheckedError) Forbidden() bool { return graph.IsForbidden(e.Err) }
