package graph

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// The directory reads the remediation guard makes to count who holds the
// Global Administrator role. They go to Graph v1.0, whose pages document
// what the guard relies on (microsoftgraph/microsoft-graph-docs-contrib,
// api-reference/v1.0):
//
//   - api/rbacapplication-list-roleassignments.md: "$filter, $expand, and
//     $select"; its first example is
//     roleAssignments?$filter=roleDefinitionId eq '62e90394-…'&$expand=principal,
//     whose principal carries @odata.type and accountEnabled;
//   - api/rbacapplication-list-roleeligibilityscheduleinstances.md:
//     "$select, $filter, and $expand";
//   - api/group-list-members.md: "OData cast is enabled. For example,
//     /groups/{id}/members/microsoft.graph.user retrieves group members that
//     are users", permission GroupMember.Read.All;
//   - resources/user.md: accountEnabled is "Returned only on $select".
//
// A credential that may not read some kind of directory object gets its
// objects "with limited information ... only the @odata.type property for
// the object type and the id is returned, while other properties are
// indicated as null" (group-list-members.md): a user whose accountEnabled
// comes back null cannot be told enabled.

// The application permissions of the reads (least privileged, from the
// permission tables of the pages above and of api/user-get.md).
const (
	// RoleManagementReadPermission allows both role-holding reads: the least
	// privileged one listed for roleAssignments, and one listed for
	// roleEligibilityScheduleInstances.
	RoleManagementReadPermission = "RoleManagement.Read.Directory"
	// UserReadPermission lets the expanded principals and group members that
	// are users carry accountEnabled.
	UserReadPermission = "User.Read.All"
	// GroupMemberReadPermission allows listing a group's members.
	GroupMemberReadPermission = "GroupMember.Read.All"
)

// The directory reads, with the permission each needs.
var (
	opListRoleAssignments   = operation{"list role assignments", RoleManagementReadPermission}
	opListRoleEligibilities = operation{"list role eligibility schedule instances", RoleManagementReadPermission}
	opListGroupMembers      = operation{"list group members", GroupMemberReadPermission}
)

// PrincipalKind is the kind of directory object that holds a role.
type PrincipalKind string

// The kinds of principal a role can be assigned to: "Supported principals
// are users, role-assignable groups, and service principals"
// (resources/unifiedroleassignment.md).
const (
	PrincipalUnknown          PrincipalKind = ""
	PrincipalUser             PrincipalKind = "user"
	PrincipalGroup            PrincipalKind = "group"
	PrincipalServicePrincipal PrincipalKind = "servicePrincipal"
)

// Principal is a directory object as an expansion or a member list
// returns it.
type Principal struct {
	ID   string
	Kind PrincipalKind
	// AccountEnabled is a user's accountEnabled; nil when Graph did not
	// return it (for example when the credential cannot read users).
	AccountEnabled *bool
}

// RoleHolding is one way a principal holds a directory role: an active
// assignment (roleAssignments) or an eligibility
// (roleEligibilityScheduleInstances).
type RoleHolding struct {
	// ID is the assignment's or the eligibility instance's id.
	ID               string
	PrincipalID      string
	RoleDefinitionID string
	DirectoryScopeID string
	// Eligible is false for an active assignment.
	Eligible bool
	// Start and End bound an eligibility instance; nil when open.
	Start, End *time.Time
	// Principal is the expanded principal; its Kind is PrincipalUnknown
	// when Graph did not expand it.
	Principal Principal
}

// Kind is "eligible" for an eligibility instance and "active" for an
// active assignment.
func (h RoleHolding) Kind() string {
	if h.Eligible {
		return "eligible"
	}
	return "active"
}

// directoryCache caches ListRoleHoldings and ListGroupMembers answers of
// one Client. A nil *directoryCache caches nothing.
type directoryCache struct {
	mu sync.Mutex // held during a read, so concurrent reads share it
	// holdings and members hold the answers since the last remediation by
	// the Client.
	holdings map[string][]RoleHolding
	members  map[string][]Principal
}

// invalidate drops the cached answers (after a remediation). It waits for
// a read under way, whose answer may predate the remediation.
func (h *directoryCache) invalidate() {
	if h == nil {
		return
	}
	h.mu.Lock()
	h.holdings, h.members = nil, nil
	h.mu.Unlock()
}

// directoryRead is a read of the directory about one object, cached with
// fresh false and the read snapshot's cache until the Client's next
// remediation.
type directoryRead[T any] struct {
	// name and idKind name the read and its object in errors.
	name, idKind string
	cache        func(*directoryCache) *map[string]T
	read         func(c *Client, ctx context.Context, id string) (T, error)
}

// The directory reads.
var (
	roleHoldingsRead = directoryRead[[]RoleHolding]{"list role holdings", "role definition",
		func(d *directoryCache) *map[string][]RoleHolding { return &d.holdings }, (*Client).readRoleHoldings}
	groupMembersRead = directoryRead[[]Principal]{"list group members", "group",
		func(d *directoryCache) *map[string][]Principal { return &d.members }, (*Client).readGroupMembers}
)

// do answers the read of the object id (a GUID) from the cache or by
// reading it, which it then caches.
func (r directoryRead[T]) do(ctx context.Context, c *Client, id string, fresh bool) (T, error) {
	var zero T
	if !alerttypes.IsGUID(id) {
		return zero, fmt.Errorf("%s: invalid %s id %q", r.name, r.idKind, id)
	}
	id = strings.ToLower(id)
	d := c.reads.directory()
	if fresh || d == nil {
		return r.read(c, ctx, id)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	m := r.cache(d)
	if v, ok := (*m)[id]; ok {
		return v, nil
	}
	v, err := r.read(c, ctx, id)
	if err != nil {
		return zero, err
	}
	if *m == nil {
		*m = map[string]T{}
	}
	(*m)[id] = v
	return v, nil
}

// ListRoleHoldings lists who holds the role: its active assignments and
// its eligibility instances, each read with $filter=roleDefinitionId eq
// '…' and $expand=principal, following every @odata.nextLink. Both reads
// need RoleManagement.Read.Directory; without it Graph answers 403
// (IsForbidden).
//
// With fresh false and the read snapshot enabled, the answer is read once
// per Client and kept until the Client's next RemediateIncident (plan-time
// checks of many resources share it); fresh true always asks Graph, as a
// check right before an irreversible write must.
func (c *Client) ListRoleHoldings(ctx context.Context, roleDefinitionID string, fresh bool) ([]RoleHolding, error) {
	return roleHoldingsRead.do(withLogging(ctx), c, roleDefinitionID, fresh)
}

func (c *Client) readRoleHoldings(ctx context.Context, role string) ([]RoleHolding, error) {
	q := query{"$filter": "roleDefinitionId eq '" + role + "'", "$expand": "principal"}
	active, err := getJSONPages(ctx, c, opListRoleAssignments, c.v1URL("roleManagement/directory/roleAssignments", q),
		func(h *holdingWire) RoleHolding { return h.holding(false) })
	if err != nil {
		return nil, err
	}
	eligible, err := getJSONPages(ctx, c, opListRoleEligibilities, c.v1URL("roleManagement/directory/roleEligibilityScheduleInstances", q),
		func(h *holdingWire) RoleHolding { return h.holding(true) })
	if err != nil {
		return nil, err
	}
	out := append(active, eligible...)
	logDebug(ctx, "read role holdings", map[string]any{"role_definition_id": role, "holdings": len(out)})
	return out, nil
}

// ListGroupMembers lists the members of a group that are users, with
// their accountEnabled (GET /v1.0/groups/{id}/members/microsoft.graph.user),
// following every @odata.nextLink. It needs GroupMember.Read.All; the
// members' accountEnabled also needs User.Read.All. fresh is as for
// ListRoleHoldings.
func (c *Client) ListGroupMembers(ctx context.Context, groupID string, fresh bool) ([]Principal, error) {
	return groupMembersRead.do(withLogging(ctx), c, groupID, fresh)
}

func (c *Client) readGroupMembers(ctx context.Context, id string) ([]Principal, error) {
	return getJSONPages(ctx, c, opListGroupMembers, c.v1URL("groups/"+id+"/members/microsoft.graph.user",
		query{"$select": "id,accountEnabled"}), func(p *principalWire) Principal {
		pr := p.principal()
		if pr.Kind == PrincipalUnknown {
			pr.Kind = PrincipalUser // the cast returns users only
		}
		return pr
	})
}

// query is a URL query of OData options.
type query map[string]string

// v1URL is the absolute URL of path (below /v1.0) with q, spaces
// percent-encoded as the SDK sends them.
func (c *Client) v1URL(path string, q query) string {
	v := url.Values{}
	for k, val := range q {
		v.Set(k, val)
	}
	return c.endpoint + "/v1.0/" + path + "?" + strings.ReplaceAll(v.Encode(), "+", "%20")
}

// getJSONPages reads the collection at link and every page its
// @odata.nextLink leads to, converting each item.
func getJSONPages[W, T any](ctx context.Context, c *Client, op operation, link string, convert func(*W) T) ([]T, error) {
	ri, err := nextPage(link)
	return listAll(ctx, c, op, ri, err, infallible(convert))
}
