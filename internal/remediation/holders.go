package remediation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Who counts toward the minimum. A principal counts when it could sign in
// and administer the whole tenant with the Global Administrator role, as
// far as Graph shows; what cannot be checked does not count:
//
//   - only tenant-wide holdings (directory scope "/"): an administrative
//     unit or object scope administers part of the tenant, and Global
//     Administrator is not among the roles that can be scoped to an
//     administrative unit (MicrosoftDocs/entra-docs,
//     docs/identity/role-based-access-control/admin-units-assign-roles.md);
//   - active assignments, and eligibilities that are current (Graph lists
//     current ones only, pim-apis.md; the dates are checked again);
//   - users whose accountEnabled is true; a disabled account cannot sign
//     in, and one whose accountEnabled Graph does not return (the
//     credential lacks User.Read.All) cannot be told enabled;
//   - the enabled users among the members of a role-assignable group that
//     holds the role ("Group nesting isn't supported",
//     groups-concept.md); an empty group adds nobody, and a group whose
//     members cannot be read adds nobody;
//   - not service principals: the emergency-access guidance is about user
//     accounts that people sign in with to recover the tenant
//     (security-emergency-access.md), which an application cannot do.

// Holders is who holds the Global Administrator role in a way that counts
// toward the minimum, and who holds it without counting.
type Holders struct {
	// Counted maps the users who count (lower-case object ids) to how they
	// hold the role.
	Counted map[string][]string
	// NotCounted are the principals that hold the role in Graph's answer
	// but do not count, each with why.
	NotCounted []NotCounted
	// Unverified is set when a read failed for a reason other than a
	// missing permission (a group's members could not be read): the count
	// may be short of the truth.
	Unverified bool
}

// NotCounted is a holder of the role that does not count toward the minimum.
type NotCounted struct {
	PrincipalID string
	Why         string
	// Permission is the application permission that would let the provider
	// check the holder; "" when none would.
	Permission string
}

// N is how many principals count.
func (h Holders) N() int { return len(h.Counted) }

// IDs returns the ids of the principals that count, sorted.
func (h Holders) IDs() []string {
	ids := make([]string, 0, len(h.Counted))
	for id := range h.Counted {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Permissions returns the permissions that would let uncounted holders be
// checked, sorted and distinct.
func (h Holders) Permissions() []string {
	var out []string
	for _, n := range h.NotCounted {
		if n.Permission != "" && !slices.Contains(out, n.Permission) {
			out = append(out, n.Permission)
		}
	}
	slices.Sort(out)
	return out
}

// describe is a short account of the holders for messages: who counts and
// who does not, and why.
func (h Holders) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d principal(s) count", h.N())
	if h.N() > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(h.IDs(), ", "))
	}
	if len(h.NotCounted) > 0 {
		parts := make([]string, 0, len(h.NotCounted))
		for _, n := range h.NotCounted {
			parts = append(parts, n.PrincipalID+": "+n.Why)
		}
		fmt.Fprintf(&b, "; not counted: %s", strings.Join(parts, "; "))
	}
	return b.String()
}

// countHolders counts the Global Administrators of hs, Graph's holdings of
// the role, leaving out the principals of without (lower case: removed,
// or to be removed). Groups' members are read with members.
func countHolders(hs []graph.RoleHolding, members func(groupID string) ([]graph.Principal, error), without map[string]bool, now time.Time) Holders {
	out := Holders{Counted: map[string][]string{}}
	noted := map[string]bool{}
	skip := func(id, why, permission string) {
		if key := id + "\x00" + why; !noted[key] {
			noted[key] = true
			out.NotCounted = append(out.NotCounted, NotCounted{PrincipalID: id, Why: why, Permission: permission})
		}
	}
	count := func(p graph.Principal, how string) {
		id := strings.ToLower(p.ID)
		switch {
		case without[id]:
		case p.AccountEnabled == nil:
			skip(id, "Graph did not say whether the account is enabled", graph.UserReadPermission)
		case !*p.AccountEnabled:
			skip(id, "the account is disabled", "")
		case !slices.Contains(out.Counted[id], how):
			out.Counted[id] = append(out.Counted[id], how)
		}
	}
	for _, h := range hs {
		id := strings.ToLower(h.PrincipalID)
		kind := h.Kind()
		switch {
		case !strings.EqualFold(h.RoleDefinitionID, alerttypes.GlobalAdministratorRoleID) || id == "" || without[id]:
			continue
		case h.DirectoryScopeID != "/":
			skip(id, fmt.Sprintf("its %s assignment %s is scoped to %q, not the whole tenant", kind, h.ID, h.DirectoryScopeID), "")
			continue
		case h.Eligible && (h.Start != nil && now.Before(*h.Start) || h.End != nil && !now.Before(*h.End)):
			skip(id, fmt.Sprintf("its eligibility %s is not current", h.ID), "")
			continue
		}
		switch h.Principal.Kind {
		case graph.PrincipalUser:
			p := h.Principal
			p.ID = id
			count(p, kind+" assignment "+h.ID)
		case graph.PrincipalGroup:
			members, err := members(id)
			switch {
			case err != nil && graph.IsForbidden(err):
				skip(id, "a group whose members could not be read (403)", graph.GroupMemberReadPermission)
			case err != nil:
				out.Unverified = true
				skip(id, "a group whose members could not be read: "+err.Error(), "")
			case len(members) == 0:
				skip(id, "a group without members", "")
			}
			for _, m := range members {
				count(m, fmt.Sprintf("member of group %s (%s)", id, kind))
			}
		case graph.PrincipalServicePrincipal:
			skip(id, "a service principal, which cannot sign in to recover the tenant", "")
		default:
			skip(id, "Graph did not say what kind of principal it is", "")
		}
	}
	return out
}

// groupMembers returns a reader of groups' members through c, each group
// read once however often it is asked for: the counts of one check share
// one answer per group. fresh is as for graph.Client.ListGroupMembers.
func groupMembers(ctx context.Context, c Graph, fresh bool) func(groupID string) ([]graph.Principal, error) {
	type answer struct {
		members []graph.Principal
		err     error
	}
	read := map[string]answer{}
	return func(id string) ([]graph.Principal, error) {
		a, ok := read[id]
		if !ok {
			a.members, a.err = c.ListGroupMembers(ctx, id, fresh)
			read[id] = a
		}
		return a.members, a.err
	}
}
