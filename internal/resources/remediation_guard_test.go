package resources_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

const ga = mockgraph.GlobalAdministratorRoleID

// keepGlobalAdmins removes the Global Administrator assignments of every
// holder but keep.
func keepGlobalAdmins(srv *mockgraph.Server, keep ...string) {
	for _, a := range srv.Assignments() {
		if a.RoleDefinitionID == ga && !slices.Contains(keep, a.PrincipalID) {
			srv.RemoveAssignment(a.ID)
		}
	}
}

// otherGlobalAdmin returns a Global Administrator of the seed that is not
// the break-glass account.
func otherGlobalAdmin(t *testing.T, srv *mockgraph.Server) string {
	t.Helper()
	bg := acctest.BreakGlassID(t, srv)
	for _, p := range srv.RoleHolders(ga) {
		if p != bg {
			return p
		}
	}
	t.Fatal("the seed has one Global Administrator")
	return ""
}

// refused matches the guard's plan-time refusal saying why.
func refused(why string) *regexp.Regexp {
	return wrapped(`Remediation would leave too few Global Administrators.*` + why)
}

// wrapped compiles pattern with (?s) and every space matching any run of
// white space, as Terraform wraps the lines of a diagnostic.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

// TestAccAlertIncidentRemediation_roleTemplateOnly: an incident whose
// roleDefinitionId is another role's and whose roleTemplateId is Global
// Administrator's is a Global Administrator removal: with two holders and
// a minimum of two it is refused at plan time, and nothing is sent.
func TestAccAlertIncidentRemediation_roleTemplateOnly(t *testing.T) {
	acctest.NeverLive(t, neverLive)
	seed, err := mockgraph.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	odd := "5d6b6bb7-de71-4623-b4af-96380a352509"
	seed.Roles = append(seed.Roles, mockgraph.SeedRole{ID: odd, TemplateID: ga, DisplayName: "Company Administrator", Privileged: true})
	tn, srv := remediationTenant(t, mockgraph.WithSeed(seed))
	bg, admin := acctest.BreakGlassID(t, srv), otherGlobalAdmin(t, srv)
	keepGlobalAdmins(srv, bg, admin)
	a := srv.AddAssignment(mockgraph.Assignment{PrincipalID: admin, RoleDefinitionID: odd, ViaPIM: true, Created: srv.Now().Add(-100 * 24 * time.Hour)})
	srv.SetUserLastSignIn(admin, srv.Now().Add(-100*24*time.Hour))
	srv.Scan(alerttypes.StaleSignIn)
	var incident map[string]any
	for _, inc := range srv.Incidents(alerttypes.StaleSignIn) {
		if inc["id"] == a.ID {
			incident = inc
		}
	}
	if incident == nil || incident["roleDefinitionId"] != odd || incident["roleTemplateId"] != ga {
		t.Fatalf("no incident of the odd assignment: %v", srv.Incidents(alerttypes.StaleSignIn))
	}
	srv.ResetRequests()
	tn.Test(t, []resource.TestStep{{
		Config:      protectedProvider(t, srv, "") + remediationConfig("odd", alerttypes.StaleSignIn, a.ID),
		ExpectError: refused(`leave 1 principal\(s\).*min_global_admins = 2`),
	}})
	if w := srv.WriteRequests(); len(w) != 0 {
		t.Errorf("writes: %v", w)
	}
}

// TestAccAlertIncidentRemediation_whoCounts: only enabled users holding
// the role tenant-wide count. With the break-glass account and one other
// admin, a remediation of the other is refused however the tenant makes up
// the numbers with holders that cannot administer it: an assignment scoped
// to an administrative unit, an empty role-assignable group, a service
// principal, a disabled account, a lapsed eligibility. An enabled member
// of a role-assignable group counts, and then the remediation passes.
func TestAccAlertIncidentRemediation_whoCounts(t *testing.T) {
	tn, srv := remediationTenant(t)
	bg, admin := acctest.BreakGlassID(t, srv), otherGlobalAdmin(t, srv)
	keepGlobalAdmins(srv, bg, admin)
	scoped := srv.AddUser(mockgraph.User{DisplayName: "Unit Admin", LastSignIn: srv.Now()})
	srv.AddAssignment(mockgraph.Assignment{PrincipalID: scoped.ID, RoleDefinitionID: ga,
		DirectoryScopeID: "/administrativeUnits/8a2f0c3e-6f7b-4e8a-9f3d-1c2b3a4d5e6f"})
	empty := srv.AddGroup(mockgraph.Group{DisplayName: "GA group", IsAssignableToRole: true})
	srv.AddAssignment(mockgraph.Assignment{PrincipalID: empty.ID, RoleDefinitionID: ga})
	sp := srv.AddServicePrincipal(mockgraph.ServicePrincipal{DisplayName: "automation"})
	srv.AddAssignment(mockgraph.Assignment{PrincipalID: sp.ID, RoleDefinitionID: ga})
	gone, _ := srv.AddGlobalAdmin("Left The Company")
	srv.SetUserEnabled(gone.ID, false)
	lapsed := srv.AddUser(mockgraph.User{DisplayName: "Lapsed", LastSignIn: srv.Now()})
	srv.AddAssignment(mockgraph.Assignment{PrincipalID: lapsed.ID, RoleDefinitionID: ga, Eligible: true, ViaPIM: true,
		End: srv.Now().Add(-time.Hour)})
	srv.Scan()
	member := srv.AddUser(mockgraph.User{DisplayName: "Group Member", LastSignIn: srv.Now()})
	config := protectedProvider(t, srv, "") + remediationConfig("admin", alerttypes.TooManyGlobalAdmins, admin)

	tn.Test(t, []resource.TestStep{
		{
			Config: config,
			ExpectError: wrapped(`leave 1 principal\(s\).*` + regexp.QuoteMeta(scoped.ID) + `: its active assignment .* not the whole tenant` +
				`.*a group without members.*a service principal.*the account is disabled`),
		},
		{
			PreConfig: func() {
				if w := srv.WriteRequests(); len(w) != 0 {
					t.Errorf("writes: %v", w)
				}
				if !srv.AddGroupMember(empty.ID, member.ID) {
					t.Fatal("no group")
				}
			},
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(remediationType+".admin", tfjsonpath.New("assignee_id"), knownvalue.StringExact(admin)),
			},
		},
	})
	if got := srv.RemediationRequests(); !slices.Equal(got, []string{admin}) {
		t.Errorf("remediations %v, want only %s's", got, admin)
	}
}

// TestAccAlertIncidentRemediation_withoutUserRead: a credential that may
// read role assignments but not users cannot tell whether an account is
// enabled: nobody counts, and the refusal names User.Read.All.
func TestAccAlertIncidentRemediation_withoutUserRead(t *testing.T) {
	tn, srv := remediationTenant(t)
	env := tn.Env()
	env["ARM_CLIENT_ID"], env["ARM_CLIENT_SECRET"] = srv.AddApp("no users", "RoleManagementAlert.ReadWrite.Directory", "RoleManagement.Read.Directory")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
		Steps: []resource.TestStep{{
			Config:      protectedProvider(t, srv, "") + remediationConfig("admin", alerttypes.TooManyGlobalAdmins, otherGlobalAdmin(t, srv)),
			ExpectError: wrapped(`leave 0 principal\(s\).*Graph did not say whether the account is enabled.*grant User\.Read\.All`),
		}},
	})
	if w := srv.WriteRequests(); len(w) != 0 {
		t.Errorf("writes: %v", w)
	}
}

// TestAccAlertIncidentRemediation_lostAnswer: the remediate request
// reaches Graph but its answer is lost. When Graph acted (the connection
// dropped or a 503 came after it), a re-read settles it: the record is in
// state, with a warning, and the next plan is empty. When it did not, the
// apply fails saying the remediation may have been carried out and keeps
// the planned record, tainted; the next apply replaces it (remediating
// again) instead of failing forever.
func TestAccAlertIncidentRemediation_lostAnswer(t *testing.T) {
	acctest.NeverLive(t, neverLive)
	for _, c := range []struct {
		name  string
		fault mockgraph.Fault
		acted bool
	}{
		{"dropped after acting", mockgraph.Fault{Kind: mockgraph.FaultDrop, After: true}, true},
		{"503 after acting", mockgraph.Fault{Kind: mockgraph.FaultUnavailable, After: true}, true},
		{"dropped before acting", mockgraph.Fault{Kind: mockgraph.FaultDrop}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tn, srv := remediationTenant(t)
			inc := staleIncident(t, srv)
			c.fault.Route, c.fault.Count = "incidents.remediate", 1
			srv.AddFault(c.fault)
			addr := remediationType + ".test"
			recorded := statecheck.ExpectKnownValue(addr, tfjsonpath.New("removed_assignments"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"assignment_id": knownvalue.StringExact(inc.ID)}),
			}))
			first := resource.TestStep{Config: remediationConfig("test", alerttypes.StaleSignIn, inc.ID), ConfigStateChecks: []statecheck.StateCheck{recorded}}
			next := resource.TestStep{
				Config:           remediationConfig("test", alerttypes.StaleSignIn, inc.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			}
			if !c.acted {
				first = resource.TestStep{Config: remediationConfig("test", alerttypes.StaleSignIn, inc.ID),
					ExpectError: wrapped(`Remediation may have been carried out.*still lists the assignment`)}
				next = resource.TestStep{
					PreConfig: func() {
						if !assignmentExists(srv, inc.AssigneeID, inc.RoleID) {
							t.Error("Graph acted on a request it dropped")
						}
					},
					Config: remediationConfig("test", alerttypes.StaleSignIn, inc.ID),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{recorded},
				}
			}
			tn.Test(t, []resource.TestStep{first, next})
			if assignmentExists(srv, inc.AssigneeID, inc.RoleID) {
				t.Error("the assignment is still there")
			}
		})
	}
}
