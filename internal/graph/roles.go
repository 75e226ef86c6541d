package graph

import (
	"context"
	"encoding/json"
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

// Operation names of the directory reads (also used to name the permission
// a 403 asks for).
const (
	opListRoleAssignments   = "list role assignments"
	opListRoleEligibilities = "list role eligibility schedule instances"
	opListGroupMembers      = "list group members"
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
// one Client.
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
	h.mu.Lock()
	h.holdings, h.members = nil, nil
	h.mu.Unlock()
}

// cached answers key of kind from the cache (with fresh false and the read
// snapshot enabled) or by read, which it then caches.
func cached[T any](c *Client, fresh bool, pick func(*directoryCache) *map[string]T, key string, read func() (T, error)) (T, error) {
	if fresh || c.snap == nil {
		return read()
	}
	c.directory.mu.Lock()
	defer c.directory.mu.Unlock()
	m := pick(&c.directory)
	if v, ok := (*m)[key]; ok {
		return v, nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	if *m == nil {
		*m = map[string]T{}
	}
	(*m)[key] = v
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
	ctx = withLogging(ctx)
	if !alerttypes.IsGUID(roleDefinitionID) {
		return nil, fmt.Errorf("list role holdings: invalid role definition id %q", roleDefinitionID)
	}
	role := strings.ToLower(roleDefinitionID)
	return cached(c, fresh, func(d *directoryCache) *map[string][]RoleHolding { return &d.holdings }, role,
		func() ([]RoleHolding, error) { return c.readRoleHoldings(ctx, role) })
}

// holdingWire is a role assignment or eligibility instance on the wire.
type holdingWire struct {
	ID               string         `json:"id"`
	PrincipalID      string         `json:"principalId"`
	RoleDefinitionID string         `json:"roleDefinitionId"`
	DirectoryScopeID string         `json:"directoryScopeId"`
	StartDateTime    *time.Time     `json:"startDateTime"`
	EndDateTime      *time.Time     `json:"endDateTime"`
	Principal        *principalWire `json:"principal"`
}

// principalWire is a directory object on the wire.
type principalWire struct {
	ODataType      string `json:"@odata.type"`
	ID             string `json:"id"`
	AccountEnabled *bool  `json:"accountEnabled"`
}

func (p *principalWire) principal() Principal {
	if p == nil {
		return Principal{}
	}
	kind := PrincipalUnknown
	switch strings.TrimPrefix(p.ODataType, "#") {
	case "microsoft.graph.user":
		kind = PrincipalUser
	case "microsoft.graph.group":
		kind = PrincipalGroup
	case "microsoft.graph.servicePrincipal":
		kind = PrincipalServicePrincipal
	}
	return Principal{ID: p.ID, Kind: kind, AccountEnabled: p.AccountEnabled}
}

func (c *Client) readRoleHoldings(ctx context.Context, role string) ([]RoleHolding, error) {
	q := query{"$filter": "roleDefinitionId eq '" + role + "'", "$expand": "principal"}
	var out []RoleHolding
	for _, set := range []struct {
		op, path string
		eligible bool
	}{
		{opListRoleAssignments, "roleManagement/directory/roleAssignments", false},
		{opListRoleEligibilities, "roleManagement/directory/roleEligibilityScheduleInstances", true},
	} {
		err := getJSONPages(ctx, c, set.op, c.v1URL(set.path, q), func(items []holdingWire) {
			for _, h := range items {
				principalID := h.PrincipalID
				if principalID == "" && h.Principal != nil {
					principalID = h.Principal.ID
				}
				out = append(out, RoleHolding{ID: h.ID, PrincipalID: principalID, RoleDefinitionID: h.RoleDefinitionID,
					DirectoryScopeID: h.DirectoryScopeID, Eligible: set.eligible, Start: h.StartDateTime, End: h.EndDateTime,
					Principal: h.Principal.principal()})
			}
		})
		if err != nil {
			return nil, err
		}
	}
	logDebug(ctx, "read role holdings", map[string]any{"role_definition_id": role, "holdings": len(out)})
	return out, nil
}

// ListGroupMembers lists the members of a group that are users, with
// their accountEnabled (GET /v1.0/groups/{id}/members/microsoft.graph.user),
// following every @odata.nextLink. It needs GroupMember.Read.All; the
// members' accountEnabled also needs User.Read.All. fresh is as for
// ListRoleHoldings.
func (c *Client) ListGroupMembers(ctx context.Context, groupID string, fresh bool) ([]Principal, error) {
	ctx = withLogging(ctx)
	if !alerttypes.IsGUID(groupID) {
		return nil, fmt.Errorf("list group members: invalid group id %q", groupID)
	}
	id := strings.ToLower(groupID)
	return cached(c, fresh, func(d *directoryCache) *map[string][]Principal { return &d.members }, id,
		func() ([]Principal, error) {
			out := []Principal{}
			err := getJSONPages(ctx, c, opListGroupMembers, c.v1URL("groups/"+id+"/members/microsoft.graph.user",
				query{"$select": "id,accountEnabled"}), func(items []principalWire) {
				for _, p := range items {
					pr := p.principal()
					if pr.Kind == PrincipalUnknown {
						pr.Kind = PrincipalUser // the cast returns users only
					}
					out = append(out, pr)
				}
			})
			return out, err
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
// @odata.nextLink leads to, passing each page's items to use.
func getJSONPages[T any](ctx context.Context, c *Client, op, link string, use func([]T)) error {
	ri, err := nextPage(link)
	if err != nil {
		return c.wrapError(op, err)
	}
	return followPages(ctx, c, op, ri, func(body []byte) error {
		var page struct {
			Value []T `json:"value"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return decodingError(op, err)
		}
		use(page.Value)
		return nil
	})
}
