package mockgraph

import (
	"net/http"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/odatafilter"
)

// This file serves the two role-management reads the provider's Global
// Administrator guard makes before a remediation, from the tenant model:
//
//	GET /beta/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '…'
//	GET /beta/roleManagement/directory/roleEligibilityScheduleInstances?$filter=roleDefinitionId eq '…'
//
// Shapes follow the examples of the API reference
// (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/
// rbacapplication-list-roleassignments.md and
// rbacapplication-list-roleeligibilityscheduleinstances.md). Neither page
// documents paging; the simulator pages both as it pages incidents
// (WithPageSize), so a client must follow @odata.nextLink.

// rolesPrefix is the path of the directory role-management provider.
const rolesPrefix = "/beta/roleManagement/directory"

// The application permissions that allow each read, from the permission
// tables of the two pages (least privileged first). The seed's
// entrapim-terraform app has RoleManagement.Read.Directory, which allows
// both; entrapim-alerts-only has neither.
var (
	roleAssignmentReaders = []string{"RoleManagement.Read.Directory", "RoleManagement.Read.All", "Directory.Read.All",
		"RoleManagement.ReadWrite.Directory", "Directory.ReadWrite.All"}
	roleEligibilityReaders = []string{"RoleEligibilitySchedule.Read.Directory", "RoleEligibilitySchedule.ReadWrite.Directory",
		"RoleManagement.Read.All", "RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory"}
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
		filter: roleHoldingFilter,
	}
	roleEligibilityInstanceType = entityType{
		name: "microsoft.graph.unifiedRoleEligibilityScheduleInstance",
		props: []string{"id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId", "startDateTime",
			"endDateTime", "memberType", "roleEligibilityScheduleId"},
		filter: roleHoldingFilter,
	}
)

// roleSet is one of the two collections: the tenant's active or its
// eligible assignments.
type roleSet struct {
	path     string // below rolesPrefix, also in @odata.context
	typ      entityType
	eligible bool
	readers  []string
	render   func(a Assignment) object
}

func (s *Server) roleSets() []roleSet {
	return []roleSet{
		{path: "roleAssignments", typ: roleAssignmentType, readers: roleAssignmentReaders, render: renderRoleAssignment},
		{path: "roleEligibilityScheduleInstances", typ: roleEligibilityInstanceType, eligible: true, readers: roleEligibilityReaders,
			render: renderEligibilityInstance},
	}
}

// rolesRoute resolves a path below /beta/roleManagement/directory: the two
// collections, read-only.
func (s *Server) rolesRoute(method string, segs []string) route {
	for _, set := range s.roleSets() {
		if len(segs) == 1 && strings.EqualFold(segs[0], set.path) {
			rt := dispatch(method, "the "+set.path+" collection (the simulator serves it read-only)", handlers{
				http.MethodGet: {"roles." + set.path, s.listRoleSet(set)}})
			rt.permissions = set.readers
			return rt
		}
	}
	last := "directory"
	if len(segs) > 0 {
		last = segs[len(segs)-1]
	}
	return unsupported(badRequest("Resource not found for the segment '%s'.", last))
}

// listRoleSet answers one collection, filtered and paged.
func (s *Server) listRoleSet(set roleSet) func(*call) {
	return func(c *call) {
		if e := c.parseQuery(set.typ); e != nil {
			c.fail(e)
			return
		}
		s.lock()
		var items []object
		for _, a := range s.tenant.assignments {
			if a.Eligible != set.eligible {
				continue
			}
			o := set.render(a)
			if c.query.filter == nil || c.query.filter.Match(func(p string) any { return o.str(p) }) {
				items = append(items, o.project(c.query.selected, nil))
			}
		}
		s.mu.Unlock()
		c.collectionAt(s.endpoint+"/beta/$metadata#roleManagement/directory/"+set.path+c.query.projection(), items,
			rolesPrefix+"/"+set.path, s.cfg.pageSize)
	}
}

// renderRoleAssignment is an active assignment as roleAssignments lists it
// (Example 2 of the list page: id, principalId, resourceScope,
// directoryScopeId, roleDefinitionId). The model's activations are past
// events without a duration, so no activated (time-bound) assignment is
// active now.
func renderRoleAssignment(a Assignment) object {
	return object{
		{"id", a.ID},
		{"principalId", a.PrincipalID},
		{"resourceScope", a.scope()},
		{"directoryScopeId", a.scope()},
		{"roleDefinitionId", a.RoleDefinitionID},
	}
}

// renderEligibilityInstance is an eligible assignment as
// roleEligibilityScheduleInstances lists it (the list page's example);
// eligibilities in the model are permanent (no endDateTime).
func renderEligibilityInstance(a Assignment) object {
	return object{
		{"id", a.ID},
		{"principalId", a.PrincipalID},
		{"roleDefinitionId", a.RoleDefinitionID},
		{"directoryScopeId", a.scope()},
		{"appScopeId", nil},
		{"startDateTime", a.Created.UTC().Format(time.RFC3339)},
		{"endDateTime", nil},
		{"memberType", "Direct"},
		{"roleEligibilityScheduleId", a.ID},
	}
}

// forbidden is the answer to a role-management read by an app without any
// of perms, in the server's PermissionErrors shape.
func (s *Server) forbidden(perms []string) *apiError {
	if s.cfg.permissionErrors == PermissionErrorsPIM {
		// The body PIM's schedule APIs answer (microsoftgraph/
		// microsoft-graph-docs issue 22292): code UnknownError, the message
		// a JSON document of its own.
		return errorf(http.StatusForbidden, "UnknownError",
			`{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission scope %s.","instanceAnnotations":[]}`,
			strings.Join(perms, ","))
	}
	// The directory APIs' answer (microsoftgraph/microsoft-graph-docs-contrib
	// issue 5537).
	return errorf(http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
}
