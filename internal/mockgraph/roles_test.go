package mockgraph_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/rolemanagement"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// directoryAPI returns the roleManagement/directory builder of the app.
func directoryAPI(t testing.TB, s *mockgraph.Server, clientID, secret string) *rolemanagement.DirectoryRequestBuilder {
	adapter := newAdapter(t, s, secretCredential(t, s, clientID, secret))
	return rolemanagement.NewRoleManagementRequestBuilderInternal(map[string]string{}, adapter).Directory()
}

var gaFilter = "roleDefinitionId eq '" + mockgraph.GlobalAdministratorRoleID + "'"

// holders reads both collections of the Global Administrator role through
// the SDK, following @odata.nextLink, and returns the principal of each
// item (active first).
func holders(t *testing.T, dir *rolemanagement.DirectoryRequestBuilder) (active, eligible []string) {
	t.Helper()
	ctx := context.Background()
	ra, err := dir.RoleAssignments().Get(ctx, &rolemanagement.DirectoryRoleAssignmentsRequestBuilderGetRequestConfiguration{
		QueryParameters: &rolemanagement.DirectoryRoleAssignmentsRequestBuilderGetQueryParameters{Filter: &gaFilter}})
	for _, a := range allPages(t, "roleAssignments", ra, err, func(next string) (models.UnifiedRoleAssignmentCollectionResponseable, error) {
		return dir.RoleAssignments().WithUrl(next).Get(ctx, nil)
	}) {
		noExtra(t, "roleAssignment", a)
		if *a.GetRoleDefinitionId() != mockgraph.GlobalAdministratorRoleID || *a.GetDirectoryScopeId() != "/" || a.GetId() == nil {
			t.Errorf("roleAssignment %v: not a tenant-wide Global Administrator assignment", *a.GetId())
		}
		active = append(active, *a.GetPrincipalId())
	}
	ei, err := dir.RoleEligibilityScheduleInstances().Get(ctx, &rolemanagement.DirectoryRoleEligibilityScheduleInstancesRequestBuilderGetRequestConfiguration{
		QueryParameters: &rolemanagement.DirectoryRoleEligibilityScheduleInstancesRequestBuilderGetQueryParameters{Filter: &gaFilter}})
	for _, e := range allPages(t, "roleEligibilityScheduleInstances", ei, err, func(next string) (models.UnifiedRoleEligibilityScheduleInstanceCollectionResponseable, error) {
		return dir.RoleEligibilityScheduleInstances().WithUrl(next).Get(ctx, nil)
	}) {
		noExtra(t, "roleEligibilityScheduleInstance", e)
		if *e.GetMemberType() != "Direct" || e.GetStartDateTime() == nil || *e.GetRoleDefinitionId() != mockgraph.GlobalAdministratorRoleID {
			t.Errorf("eligibility instance %v: unexpected shape", *e.GetId())
		}
		eligible = append(eligible, *e.GetPrincipalId())
	}
	return active, eligible
}

// allPages returns the items of first (got with err) and of every page its
// @odata.nextLink leads to.
func allPages[T any, P interface {
	GetValue() []T
	GetOdataNextLink() *string
}](t *testing.T, what string, first P, err error, next func(url string) (P, error)) []T {
	t.Helper()
	var items []T
	for page := first; ; {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		items = append(items, page.GetValue()...)
		if page.GetOdataNextLink() == nil {
			return items
		}
		page, err = next(*page.GetOdataNextLink())
	}
}

// The role-management reads serve the model's assignments: active ones in
// roleAssignments, eligible ones in roleEligibilityScheduleInstances,
// filtered, paged (a page of two), and parsed by the SDK with nothing left
// over; a remediation shows in the next read.
func TestRoleManagementReads(t *testing.T) {
	s := mockgraph.New(t, mockgraph.WithPageSize(2), mockgraph.WithScanDuration(0))
	id, secret := s.ReadWriteClient()
	dir := directoryAPI(t, s, id, secret)

	var wantActive, wantEligible []string
	for _, a := range s.Assignments() {
		if a.RoleDefinitionID != mockgraph.GlobalAdministratorRoleID {
			continue
		}
		if a.Eligible {
			wantEligible = append(wantEligible, a.PrincipalID)
		} else {
			wantActive = append(wantActive, a.PrincipalID)
		}
	}
	if len(wantActive) < 3 || len(wantEligible) < 1 {
		t.Fatalf("seed: %d active and %d eligible Global Administrators; the test needs more than a page of each kind", len(wantActive), len(wantEligible))
	}
	active, eligible := holders(t, dir)
	if !slices.Equal(active, wantActive) || !slices.Equal(eligible, wantEligible) {
		t.Fatalf("holders: active %v eligible %v, want %v and %v", active, eligible, wantActive, wantEligible)
	}
	all := append(slices.Clone(wantActive), wantEligible...)
	slices.Sort(all)
	if got := s.RoleHolders(mockgraph.GlobalAdministratorRoleID); !slices.Equal(got, slices.Compact(all)) {
		t.Errorf("RoleHolders = %v, want %v", got, all)
	}

	// principalId and "and" filter; the next link keeps the filter.
	r := newRaw(t, s)
	one := r.get(rolesPath("roleAssignments", "principalId eq '"+wantActive[0]+"' and "+gaFilter), http.StatusOK)
	if v := one["value"].([]any); len(v) != 1 || one["@odata.nextLink"] != nil ||
		!strings.HasSuffix(one["@odata.context"].(string), "/beta/$metadata#roleManagement/directory/roleAssignments") {
		t.Errorf("filtered by principal: %v", one)
	}
	if resp := r.do(http.MethodGet, rolesPath("roleAssignments", "displayName eq 'x'"), nil); resp.status != http.StatusBadRequest {
		t.Errorf("filter on an unknown property: %d %s, want 400", resp.status, resp.body)
	}
	if resp := r.do(http.MethodPost, "/beta/roleManagement/directory/roleAssignments", map[string]any{}); resp.status != http.StatusMethodNotAllowed {
		t.Errorf("POST roleAssignments: %d, want 405 (read-only in the simulator)", resp.status)
	}

	// Remediating the too-many-Global-Administrators incident of an active
	// holder removes them from the next read.
	victim := wantActive[len(wantActive)-1]
	if resp := r.do(http.MethodPost, r.alertPath("TooManyGlobalAdminsAssignedToTenantAlert", "/alertIncidents/"+victim+"/remediate"), nil); resp.status != http.StatusOK {
		t.Fatalf("remediate: %d %s", resp.status, resp.body)
	}
	if active, _ := holders(t, dir); slices.Contains(active, victim) || len(active) != len(wantActive)-1 {
		t.Errorf("after remediating %s: active %v", victim, active)
	}
}

func rolesPath(collection, filter string) string {
	return "/beta/roleManagement/directory/" + collection + "?$filter=" + strings.ReplaceAll(filter, " ", "%20")
}

// Without a permission that allows the read, both collections answer 403
// in either shape of PermissionErrors; the alerts API still answers the
// same app.
func TestRoleManagementForbidden(t *testing.T) {
	for _, shape := range mockgraph.PermissionErrorsVariants {
		t.Run(shape.String(), func(t *testing.T) {
			s := mockgraph.New(t, mockgraph.WithPermissionErrors(shape))
			for _, app := range []struct {
				name string
				get  func() (string, string)
			}{{"alerts-only", s.AlertsOnlyClient}, {"reader", s.ReadOnlyClient}} {
				id, secret := app.get()
				if id == "" {
					t.Fatalf("no %s app in the seed", app.name)
				}
				r := newRawAs(t, s, id, secret)
				for _, c := range []string{"roleAssignments", "roleEligibilityScheduleInstances"} {
					resp := r.do(http.MethodGet, rolesPath(c, gaFilter), nil)
					code := errorCode(t, resp)
					want, inMessage := "Authorization_RequestDenied", "Insufficient privileges"
					if shape == mockgraph.PermissionErrorsPIM {
						want, inMessage = "UnknownError", `"errorCode":"PermissionScopeNotGranted"`
					}
					msg := resp.json(t)["error"].(map[string]any)["message"].(string)
					if resp.status != http.StatusForbidden || code != want || !strings.Contains(msg, inMessage) {
						t.Errorf("%s reads %s: %d %s %q, want 403 %s", app.name, c, resp.status, code, msg, want)
					}
				}
				r.get(r.alertPath("TooManyGlobalAdminsAssignedToTenantAlert"), http.StatusOK)
			}
		})
	}
}
