package graphapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/graphapi/odatafilter"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// This file serves the directory reads the provider's Global Administrator
// guard makes before a remediation, from the tenant model, under both /beta
// and /v1.0:
//
//	GET /roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '…'&$expand=principal
//	GET /roleManagement/directory/roleEligibilityScheduleInstances?$filter=…&$expand=principal
//	GET /groups/{id}/members and /groups/{id}/members/microsoft.graph.user
//
// Shapes follow the examples of the API reference
// (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/
// rbacapplication-list-roleassignments.md, whose first example is this
// filter with $expand=principal, rbacapplication-list-roleeligibilityscheduleinstances.md
// and group-list-members.md). The role pages do not document paging; the
// simulator pages all three as it pages incidents (WithPageSize), so a
// client must follow @odata.nextLink.
//
// What a credential sees of a directory object follows group-list-members.md:
// "if it doesn't have permission to read a certain resource type, members
// of that type are returned but with limited information. For example,
// only the @odata.type property for the object type and the id is
// returned, while other properties are indicated as null". The same
// applies to an expanded principal here.

// The application permissions that allow each read, from the permission
// tables of the pages (least privileged first). The seed's
// entrapim-terraform app has RoleManagement.Read.Directory, User.Read.All
// and GroupMember.Read.All; entrapim-alerts-only has none of them.
var (
	roleAssignmentReaders = []string{"RoleManagement.Read.Directory", "RoleManagement.Read.All", "Directory.Read.All",
		"RoleManagement.ReadWrite.Directory", "Directory.ReadWrite.All"}
	roleEligibilityReaders = []string{"RoleEligibilitySchedule.Read.Directory", "RoleEligibilitySchedule.ReadWrite.Directory",
		"RoleManagement.Read.All", "RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory"}
	groupMemberReaders = []string{"GroupMember.Read.All", "Directory.Read.All", "Group.Read.All", "Group.ReadWrite.All",
		"GroupMember.ReadWrite.All"}
	// Who may read each kind of directory object in full (api-reference/
	// v1.0/api/user-get.md, group-get.md, serviceprincipal-get.md).
	userReaders             = []string{"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
	groupReaders            = groupMemberReaders
	servicePrincipalReaders = []string{"Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
)

// roleHoldingFilter is what both collections may be filtered on: "Supports
// $filter (eq, in)" on unifiedRoleAssignment's principalId,
// roleDefinitionId and directoryScopeId; "$filter (eq, ne)" on the
// eligibility instance's (resources/unifiedroleassignment.md,
// resources/unifiedroleeligibilityscheduleinstance.md). The simulator's
// parser has eq, ne and "and", not "in".
var roleHoldingFilter = odatafilter.Schema{
	"id": odatafilter.KindString, "principalId": odatafilter.KindString,
	"roleDefinitionId": odatafilter.KindString, "directoryScopeId": odatafilter.KindString,
}

var (
	roleAssignmentType = entityType{
		name:   "microsoft.graph.unifiedRoleAssignment",
		props:  []string{"id", "principalId", "resourceScope", "directoryScopeId", "roleDefinitionId"},
		navs:   []string{"principal"},
		filter: roleHoldingFilter,
	}
	roleEligibilityInstanceType = entityType{
		name: "microsoft.graph.unifiedRoleEligibilityScheduleInstance",
		props: []string{"id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId", "startDateTime",
			"endDateTime", "memberType", "roleEligibilityScheduleId"},
		navs:   []string{"principal"},
		filter: roleHoldingFilter,
	}
	// directoryObjectType is the declared type of /groups/{id}/members: its
	// only property is id, so $select=accountEnabled there is refused, as
	// OData refuses a derived type's property on the base type.
	directoryObjectType = entityType{name: "microsoft.graph.directoryObject", props: []string{"id"}}
	userType            = entityType{name: "microsoft.graph.user", props: []string{"id", "accountEnabled", "displayName", "userPrincipalName"}}
)

// roleSet is one of the two collections: the tenant's active or its
// eligible assignments.
type roleSet struct {
	path     string // below roleManagement/directory, also in @odata.context
	typ      entityType
	eligible bool
	readers  []string
	render   func(a tenant.Assignment) object
}

func (api *API) roleSets() []roleSet {
	return []roleSet{
		{path: "roleAssignments", typ: roleAssignmentType, readers: roleAssignmentReaders, render: renderRoleAssignment},
		{path: "roleEligibilityScheduleInstances", typ: roleEligibilityInstanceType, eligible: true, readers: roleEligibilityReaders,
			render: renderEligibilityInstance},
	}
}

// listRoleSet answers one collection, filtered and paged; an eligibility
// that is not current is not listed.
func (api *API) listRoleSet(set roleSet) func(*Call) {
	return func(c *Call) {
		version := c.Version
		if e := c.parseQuery(set.typ); e != nil {
			c.Fail(e)
			return
		}
		var items []object
		api.tenant.Do(func(m *tenant.Model) {
			for a := range m.CurrentAssignments(&set.eligible) {
				o := set.render(a)
				if c.query.filter != nil && !c.query.filter.Match(func(p string) any { return o.str(p) }) {
					continue
				}
				if c.query.expands("principal") {
					o = append(o, field{"principal", c.renderPrincipal(a.PrincipalID, m.Principal(a.PrincipalID))})
				}
				items = append(items, o.project(c.query.selected, c.query.expand))
			}
		})
		c.collectionAt(api.endpoint+"/"+version+"/$metadata#roleManagement/directory/"+set.path+c.query.projection(), items,
			"/"+version+"/roleManagement/directory/"+set.path, api.cfg.PageSize)
	}
}

// listGroupMembers answers a group's members (users only when users), paged.
func (api *API) listGroupMembers(users bool) func(*Call) {
	return func(c *Call) {
		version, groupID := c.Version, c.Segs[0]
		typ := directoryObjectType
		if users {
			typ = userType
		}
		if e := c.parseQuery(typ); e != nil {
			c.Fail(e)
			return
		}
		var items []object
		var ok bool
		api.tenant.Do(func(m *tenant.Model) {
			var g tenant.Group
			g, ok = m.Group(groupID)
			for _, id := range g.Members {
				p := m.Principal(id)
				// v1.0 does not list service principals as members: "This API has
				// a known issue where service principals are not listed as group
				// members in v1.0" (group-list-members.md).
				if users && p.Kind != tenant.UserKind || version == "v1.0" && p.Kind == tenant.ServicePrincipalKind {
					continue
				}
				items = append(items, c.renderPrincipal(id, p).project(c.query.selected, nil))
			}
		})
		if !ok {
			c.Fail(Errorf(http.StatusNotFound, "Request_ResourceNotFound",
				"Resource '%s' does not exist or one of its queried reference-property objects are not present.", groupID))
			return
		}
		context := api.endpoint + "/" + version + "/$metadata#directoryObjects"
		path := "/" + version + "/groups/" + groupID + "/members"
		if users {
			context = api.endpoint + "/" + version + "/$metadata#users"
			path += "/microsoft.graph.user"
		}
		c.collectionAt(context+c.query.projection(), items, path, api.cfg.PageSize)
	}
}

// renderPrincipal is the directory object id as the request's token may
// see it: in full, or with limited information (type and id, the other
// properties null) when the token may not read its kind.
func (c *Call) renderPrincipal(id string, p tenant.Principal) object {
	var typ string
	var readers []string
	var props object
	switch p.Kind {
	case tenant.UserKind:
		typ, readers = "user", userReaders
		props = object{{"accountEnabled", !p.User.Disabled}, {"displayName", p.User.DisplayName}, {"userPrincipalName", p.User.UserPrincipalName}}
	case tenant.GroupKind:
		typ, readers = "group", groupReaders
		props = object{{"displayName", p.Group.DisplayName}, {"isAssignableToRole", p.Group.IsAssignableToRole}}
	case tenant.ServicePrincipalKind:
		typ, readers = "servicePrincipal", servicePrincipalReaders
		props = object{{"appId", p.ServicePrincipal.AppID}, {"displayName", p.ServicePrincipal.DisplayName}}
	default:
		return object{{"@odata.type", "#microsoft.graph.directoryObject"}, {"id", id}}
	}
	limited := !c.granted(readers)
	o := object{{"@odata.type", "#microsoft.graph." + typ}, {"id", id}}
	for _, f := range props {
		if limited {
			f.value = nil
		}
		o = append(o, f)
	}
	return o
}

// renderRoleAssignment is an active assignment as roleAssignments lists it
// (Example 2 of the list page: id, principalId, resourceScope,
// directoryScopeId, roleDefinitionId). The model's activations are past
// events without a duration, so no activated (time-bound) assignment is
// active now.
func renderRoleAssignment(a tenant.Assignment) object {
	return object{
		{"id", a.ID},
		{"principalId", a.PrincipalID},
		{"resourceScope", a.Scope()},
		{"directoryScopeId", a.Scope()},
		{"roleDefinitionId", a.RoleDefinitionID},
	}
}

// renderEligibilityInstance is an eligible assignment as
// roleEligibilityScheduleInstances lists it (the list page's example).
func renderEligibilityInstance(a tenant.Assignment) object {
	start := a.Start
	if start.IsZero() {
		start = a.Created
	}
	var end any
	if !a.End.IsZero() {
		end = a.End.UTC().Format(time.RFC3339)
	}
	return object{
		{"id", a.ID},
		{"principalId", a.PrincipalID},
		{"roleDefinitionId", a.RoleDefinitionID},
		{"directoryScopeId", a.Scope()},
		{"appScopeId", nil},
		{"startDateTime", start.UTC().Format(time.RFC3339)},
		{"endDateTime", end},
		{"memberType", "Direct"},
		{"roleEligibilityScheduleId", a.ID},
	}
}

// forbidden is the answer to a read of route by an app without any of
// perms: for role management in the shape Config.PermissionErrorsPIM says, for
// the directory's own objects (groups) always the directory's.
func (api *API) forbidden(route string, perms []string) *Error {
	if api.cfg.PermissionErrorsPIM && !strings.HasPrefix(route, "groups.") {
		// The body PIM's schedule APIs answer (microsoftgraph/
		// microsoft-graph-docs issue 22292): code UnknownError, the message
		// a JSON document of its own.
		return Errorf(http.StatusForbidden, "UnknownError",
			`{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission scope %s.","instanceAnnotations":[]}`,
			strings.Join(perms, ","))
	}
	// The directory APIs' answer (microsoftgraph/microsoft-graph-docs-contrib
	// issue 5537).
	return Errorf(http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
}
