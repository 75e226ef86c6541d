package remediation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

var errNoAssignee = errors.New("the incident names no assignee, so the guard cannot tell whose Global Administrator role it removes")

// ProtectedError is a remediation refused for the provider's
// protected_principal_ids. Nothing was sent.
type ProtectedError struct {
	Target
	// NoneListed is set when the remediation removes a Global
	// Administrator while protected_principal_ids lists nobody.
	NoneListed bool
}

func (e *ProtectedError) Error() string {
	switch {
	case e.NoneListed:
		return fmt.Sprintf("remediating incident %q of %s would remove %s from the Global Administrator role while "+
			"protected_principal_ids lists nobody; Microsoft asks for two or more emergency access (break-glass) accounts "+
			"holding the role permanently, never in automated clean-up for lack of use, and stale sign-in incidents hit "+
			"exactly those accounts, so no Global Administrator is removed until they are named",
			e.IncidentID, e.Type.Suffix, e.Principal)
	case e.PrincipalID == "":
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
	// Holders is who would still count.
	Holders Holders
	Min     int
	// Planned are this run's Global Administrator removals of the tenant
	// counted at plan time, this one included; nil at apply time.
	Planned []string
	// AtApply is set when the refusal came right before the request.
	AtApply bool
}

func (e *RefusedError) Error() string {
	var b strings.Builder
	if len(e.Planned) > 1 {
		fmt.Fprintf(&b, "this run's %d Global Administrator removals of the tenant, counted together (%s), would leave ",
			len(e.Planned), strings.Join(e.Planned, "; "))
	} else {
		fmt.Fprintf(&b, "remediating incident %q of %s would remove %s from the Global Administrator role and leave ",
			e.IncidentID, e.Type.Suffix, e.Principal)
	}
	fmt.Fprintf(&b, "%d principal(s) able to administer the tenant with the role, fewer than min_global_admins = %d (%s)",
		e.Holders.N(), e.Min, e.Holders.describe())
	if e.AtApply {
		b.WriteString("; the count was read from Graph right before the request, leaving out the removals this machine sent that Graph does not show yet")
	}
	b.WriteString("; nothing was sent")
	return b.String()
}

// UncheckedError is a remediation the guard refused because it could not
// count the Global Administrators: it fails closed. Nothing was sent.
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
		why = "the operation's time ran out, or it was interrupted, before the count could be made: " + why
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

// UnknownOutcomeError is a remediation that was sent but whose outcome
// cannot be told: its answer was lost, and a re-read did not settle it.
// The remediation may have been carried out.
type UnknownOutcomeError struct {
	Target
	Err error
	// Why the re-read did not settle it.
	Why string
}

func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("the remediation of incident %q of %s (%s) was sent, but its answer was lost (%v) and %s, so it may or may not "+
		"have been carried out", e.IncidentID, e.Type.Suffix, e.Principal, e.Err, e.Why)
}

func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// BelowMinimumError is a Global Administrator removal that was carried out
// and after which the re-read counts fewer than Min: another removal, from
// outside this machine's turn, happened at the same time.
type BelowMinimumError struct {
	Target
	Removed []graph.RoleHolding
	Holders Holders
	Min     int
}

func (e *BelowMinimumError) Error() string {
	removed := make([]string, 0, len(e.Removed))
	for _, h := range e.Removed {
		removed = append(removed, DescribeHolding(h))
	}
	if len(removed) == 0 {
		removed = append(removed, "no assignment Graph listed before the request")
	}
	return fmt.Sprintf("the remediation of incident %q of %s removed %s from the Global Administrator role (%s), and Graph now counts "+
		"%d principal(s) able to administer the tenant with the role, fewer than min_global_admins = %d (%s): another removal happened "+
		"at the same time, outside this machine's turn. Grant the Global Administrator role again to a break-glass account now: "+
		"the removed assignments are listed above, and in removed_assignments. The remediation was carried out; Terraform keeps its "+
		"record tainted because this apply failed: run terraform untaint on the resource to keep it, or the next apply replaces it "+
		"and loses the record",
		e.IncidentID, e.Type.Suffix, e.Principal, strings.Join(removed, "; "), e.Holders.N(), e.Min, e.Holders.describe())
}

// DescribeHolding renders a holding for a person: kind, id, role, scope and
// principal, without names.
func DescribeHolding(h graph.RoleHolding) string {
	kind := "active assignment"
	if h.Eligible {
		kind = "eligibility"
	}
	return fmt.Sprintf("%s %s of role %s at scope %s to principal %s", kind, h.ID, h.RoleDefinitionID, h.DirectoryScopeID, h.PrincipalID)
}
