package graph

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
	rm "github.com/microsoftgraph/msgraph-beta-sdk-go/rolemanagement"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// RoleManagementReadPermission is the application permission that allows
// both reads of ListRoleHoldings: the least privileged one listed for
// roleAssignments, and one listed for roleEligibilityScheduleInstances
// (microsoft-graph-docs-contrib, api-reference/v1.0/api/
// rbacapplication-list-roleassignments.md and
// rbacapplication-list-roleeligibilityscheduleinstances.md).
const RoleManagementReadPermission = "RoleManagement.Read.Directory"

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
}

// roleHoldings caches ListRoleHoldings answers of one Client.
type roleHoldings struct {
	mu sync.Mutex // held during a read, so concurrent reads share it
	// byRole holds the answers since the last remediation by the Client.
	byRole map[string][]RoleHolding
}

// invalidate drops the cached answers (after a remediation). It waits for
// a read under way, whose answer may predate the remediation.
func (h *roleHoldings) invalidate() {
	h.mu.Lock()
	h.byRole = nil
	h.mu.Unlock()
}

// ListRoleHoldings lists who holds the role: its active assignments and
// its eligibility instances, each read with $filter=roleDefinitionId eq
// '…' and every @odata.nextLink followed. Both reads need
// RoleManagement.Read.Directory; without it Graph answers 403
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
	if fresh || c.snap == nil {
		return c.readRoleHoldings(ctx, roleDefinitionID)
	}
	c.holdings.mu.Lock()
	defer c.holdings.mu.Unlock()
	if hs, ok := c.holdings.byRole[roleDefinitionID]; ok {
		return hs, nil
	}
	hs, err := c.readRoleHoldings(ctx, roleDefinitionID)
	if err != nil {
		return nil, err
	}
	if c.holdings.byRole == nil {
		c.holdings.byRole = map[string][]RoleHolding{}
	}
	c.holdings.byRole[roleDefinitionID] = hs
	return hs, nil
}

func (c *Client) readRoleHoldings(ctx context.Context, roleDefinitionID string) ([]RoleHolding, error) {
	filter := ptr("roleDefinitionId eq '" + roleDefinitionID + "'")
	dir := rm.NewRoleManagementRequestBuilderInternal(map[string]string{}, c.adapter).Directory()
	var out []RoleHolding

	const opActive = "list role assignments"
	ri, err := dir.RoleAssignments().ToGetRequestInformation(ctx, &rm.DirectoryRoleAssignmentsRequestBuilderGetRequestConfiguration{
		QueryParameters: &rm.DirectoryRoleAssignmentsRequestBuilderGetQueryParameters{Filter: filter}})
	if err != nil {
		return nil, c.wrapError(opActive, err)
	}
	err = getPages(ctx, c, opActive, ri, models.CreateUnifiedRoleAssignmentCollectionResponseFromDiscriminatorValue,
		func(page models.UnifiedRoleAssignmentCollectionResponseable, _ []byte) error {
			for _, a := range page.GetValue() {
				if a != nil {
					out = append(out, RoleHolding{ID: deref(a.GetId()), PrincipalID: deref(a.GetPrincipalId()),
						RoleDefinitionID: deref(a.GetRoleDefinitionId()), DirectoryScopeID: deref(a.GetDirectoryScopeId())})
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}

	const opEligible = "list role eligibility schedule instances"
	ri, err = dir.RoleEligibilityScheduleInstances().ToGetRequestInformation(ctx, &rm.DirectoryRoleEligibilityScheduleInstancesRequestBuilderGetRequestConfiguration{
		QueryParameters: &rm.DirectoryRoleEligibilityScheduleInstancesRequestBuilderGetQueryParameters{Filter: filter}})
	if err != nil {
		return nil, c.wrapError(opEligible, err)
	}
	err = getPages(ctx, c, opEligible, ri, models.CreateUnifiedRoleEligibilityScheduleInstanceCollectionResponseFromDiscriminatorValue,
		func(page models.UnifiedRoleEligibilityScheduleInstanceCollectionResponseable, _ []byte) error {
			for _, e := range page.GetValue() {
				if e != nil {
					out = append(out, RoleHolding{ID: deref(e.GetId()), PrincipalID: deref(e.GetPrincipalId()),
						RoleDefinitionID: deref(e.GetRoleDefinitionId()), DirectoryScopeID: deref(e.GetDirectoryScopeId()), Eligible: true})
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	logDebug(ctx, "read role holdings", map[string]any{"role_definition_id": roleDefinitionID, "holdings": len(out)})
	return out, nil
}

// Principals returns the distinct principal ids (lower case) of the
// holdings of hs of the role roleDefinitionID: a row of another role (a
// filter the server did not apply) does not count.
func Principals(hs []RoleHolding, roleDefinitionID string) map[string]bool {
	out := map[string]bool{}
	for _, h := range hs {
		if h.PrincipalID != "" && strings.EqualFold(h.RoleDefinitionID, roleDefinitionID) {
			out[strings.ToLower(h.PrincipalID)] = true
		}
	}
	return out
}
