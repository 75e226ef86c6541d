package resources_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// neverLive is why no remediation test runs against a real tenant.
const neverLive = "remediation cannot be undone through Graph"

// remediationTenant is a fresh simulated tenant for a remediation test,
// which never runs live (neverLive).
func remediationTenant(t *testing.T, opts ...mockgraph.Option) (*acctest.Tenant, *mockgraph.Server) {
	t.Helper()
	acctest.NeverLive(t, neverLive)
	tn := acctest.New(t, opts...)
	return tn, tn.Server
}

// incident is what the tests use of a seed incident.
type incident struct {
	ID, AssigneeID, AssigneeUPN, RoleID, RoleName string
}

// staleIncident returns the seed's first StaleSignInAlert incident.
func staleIncident(t *testing.T, srv *mockgraph.Server) incident {
	t.Helper()
	incs := srv.Incidents(alerttypes.StaleSignIn)
	if len(incs) == 0 {
		t.Fatal("the seed has no StaleSignInAlert incident")
	}
	field := func(name string) string { s, _ := incs[0][name].(string); return s }
	return incident{
		ID:          field("id"),
		AssigneeID:  field("assigneeId"),
		AssigneeUPN: field("assigneeUserPrincipalName"),
		RoleID:      field("roleDefinitionId"),
		RoleName:    field("roleDisplayName"),
	}
}

// protectedProvider is a provider block that protects the seed's
// break-glass account, as a Global Administrator removal requires, with
// extra settings.
func protectedProvider(t *testing.T, srv *mockgraph.Server, extra string) string {
	return fmt.Sprintf("\nprovider \"entrapim\" {\n  protected_principal_ids = [%q]\n%s}\n", acctest.BreakGlassID(t, srv), extra)
}

// remediationConfig is a remediation of incidentID of alertType.
func remediationConfig(name, alertType, incidentID string) string {
	return fmt.Sprintf(`
resource "entrapim_alert_incident_remediation" %q {
  alert_type  = %q
  incident_id = %q
}
`, name, alertType, incidentID)
}

func assignmentExists(srv *mockgraph.Server, principalID, roleID string) bool {
	for _, a := range srv.Assignments() {
		if a.PrincipalID == principalID && a.RoleDefinitionID == roleID {
			return true
		}
	}
	return false
}

func TestAccAlertIncidentRemediation_basic(t *testing.T) {
	tn, srv := remediationTenant(t)
	inc := staleIncident(t, srv)
	id, assignee, upn, role := inc.ID, inc.AssigneeID, inc.AssigneeUPN, inc.RoleID
	if !assignmentExists(srv, assignee, role) {
		t.Fatalf("the seed's incident %s has no matching assignment", id)
	}
	countBefore := srv.Alert(alerttypes.StaleSignIn).IncidentCount
	addr := "entrapim_alert_incident_remediation.test"

	tn.Test(t, []resource.TestStep{
		{
			Config: remediationConfig("test", alerttypes.StaleSignIn, id),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					// The plan shows who and which role will be affected.
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("assignee_id"), knownvalue.StringExact(assignee)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("assignee_user_principal_name"), knownvalue.StringExact(upn)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("role_display_name"), knownvalue.StringExact(inc.RoleName)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("action"), knownvalue.StringExact("removes the assignee's role assignment")),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(alerttypes.StaleSignIn+"/"+id)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("remediated_at"), knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				if assignmentExists(srv, assignee, role) {
					return fmt.Errorf("the assignment of %s to %s still exists", assignee, role)
				}
				// The next scan drops the incident.
				srv.Scan(alerttypes.StaleSignIn)
				for _, i := range srv.Incidents(alerttypes.StaleSignIn) {
					if i["id"] == id {
						return fmt.Errorf("incident %s survived the next scan", id)
					}
				}
				if got := srv.Alert(alerttypes.StaleSignIn).IncidentCount; got != countBefore-1 {
					return fmt.Errorf("incidentCount = %d after the scan, want %d", got, countBefore-1)
				}
				return nil
			},
		},
		{
			// The record stays; nothing more happens.
			Config: remediationConfig("test", alerttypes.StaleSignIn, id),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
		{
			// A second remediation of the same incident fails clearly: the
			// scan dropped it.
			Config:      remediationConfig("test", alerttypes.StaleSignIn, id) + remediationConfig("again", alerttypes.StaleSignIn, id),
			ExpectError: acctest.ExpectError(`Incident not found.*has no incident`),
		},
	})
}

// TestAccAlertIncidentRemediation_twice: remediating an incident that was
// already remediated. When the incident leaves the alert is undocumented:
// if it lingers until the next scan, Graph answers 400 at apply, and
// because the assignee no longer holds the role the remediation converges
// (recorded, removing nothing more) instead of failing at every apply; if
// it vanishes at once, the plan says "Incident not found".
func TestAccAlertIncidentRemediation_twice(t *testing.T) {
	acctest.NeverLive(t, neverLive)
	for _, v := range mockgraph.RemediatedIncidentsVariants {
		t.Run("remediated="+v.String(), func(t *testing.T) {
			tn, srv := remediationTenant(t, mockgraph.WithRemediatedIncidents(v))
			id := staleIncident(t, srv).ID
			second := resource.TestStep{
				Config: remediationConfig("first", alerttypes.StaleSignIn, id) + remediationConfig("second", alerttypes.StaleSignIn, id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(remediationType+".second", tfjsonpath.New("removed_assignments"), knownvalue.ListExact(nil)),
				},
			}
			steps := []resource.TestStep{{Config: remediationConfig("first", alerttypes.StaleSignIn, id)}, second}
			if v == mockgraph.IncidentsVanish {
				steps[1].ExpectError = acctest.ExpectError(`Incident not found.*has no incident`)
			} else {
				// Converged: nothing more to do.
				steps = append(steps, resource.TestStep{Config: second.Config, PlanOnly: true})
			}
			tn.Test(t, steps)
			if n := len(srv.WriteRequests()); n > 2 {
				t.Errorf("%d writes, want the one remediation and at most one refused", n)
			}
		})
	}
}

// TestAccAlertIncidentRemediation_protected: an incident whose assignee is
// protected fails at plan time and nothing is written.
func TestAccAlertIncidentRemediation_protected(t *testing.T) {
	tn, srv := remediationTenant(t)
	inc := staleIncident(t, srv)
	id, assignee := inc.ID, inc.AssigneeID
	srv.ResetRequests()
	tn.Test(t, []resource.TestStep{{
		Config: fmt.Sprintf(`
provider "entrapim" {
  protected_principal_ids = [%q]
}
`, assignee) + remediationConfig("test", alerttypes.StaleSignIn, id),
		ExpectError: acctest.ExpectError(`Remediation would affect a protected principal`),
	}})
	if w := srv.WriteRequests(); len(w) != 0 {
		t.Errorf("a protected principal's remediation sent %d write requests", len(w))
	}
	if !assignmentExists(srv, assignee, inc.RoleID) {
		t.Error("the protected principal lost the assignment")
	}
}

func TestAccAlertIncidentRemediation_invalid(t *testing.T) {
	acctest.NeverLive(t, neverLive)
	tn := acctest.New(t)
	var steps []resource.TestStep
	for _, c := range []struct{ alertType, incidentID, want string }{
		{alerttypes.SequentialActivation, "x", `Alert type is not remediatable`},
		{alerttypes.InvalidLicense, "x", `Alert type is not remediatable`},
		{alerttypes.StaleSignIn, "00000000-0000-0000-0000-000000000000", `Incident not found`},
	} {
		steps = append(steps, resource.TestStep{
			Config: remediationConfig("test", c.alertType, c.incidentID), PlanOnly: true, ExpectError: acctest.ExpectError(c.want),
		})
	}
	tn.Test(t, steps)
	if tn.Server != nil && len(tn.Server.WriteRequests()) != 0 {
		t.Errorf("invalid configurations sent write requests")
	}
}

const remediationType = "entrapim_alert_incident_remediation"

// TestAccAlertIncidentRemediation_staleGlobalAdmin: the guard counts the
// role, not the alert type, and a run's removals together. Two Global
// Administrators go stale; with min_global_admins = 4 each StaleSignIn
// remediation alone would leave four of the five, but the plan counts
// both and fails, naming both, and nothing is sent. With the minimum at 3
// both are applied and record the assignments they removed.
func TestAccAlertIncidentRemediation_staleGlobalAdmin(t *testing.T) {
	tn, srv := remediationTenant(t, mockgraph.WithLatency(20*time.Millisecond))
	var stale []string
	bg := acctest.BreakGlassID(t, srv)
	for _, a := range srv.Assignments() {
		if a.RoleDefinitionID == mockgraph.GlobalAdministratorRoleID && !a.Eligible && a.PrincipalID != bg && len(stale) < 2 {
			srv.SetUserLastSignIn(a.PrincipalID, srv.Now().Add(-400*24*time.Hour))
			stale = append(stale, a.ID)
		}
	}
	srv.Scan(alerttypes.StaleSignIn)
	var incidents []string
	for _, inc := range srv.Incidents(alerttypes.StaleSignIn) {
		if inc["roleDefinitionId"] == mockgraph.GlobalAdministratorRoleID && slices.Contains(stale, inc["id"].(string)) {
			incidents = append(incidents, inc["id"].(string))
		}
	}
	if len(incidents) != 2 {
		t.Fatalf("%d StaleSignInAlert incidents of Global Administrators, want the 2 made stale", len(incidents))
	}
	remediations := remediationConfig("a", alerttypes.StaleSignIn, incidents[0]) + remediationConfig("b", alerttypes.StaleSignIn, incidents[1])
	srv.ResetRequests()
	tn.Test(t, []resource.TestStep{
		{
			Config:      protectedProvider(t, srv, "  min_global_admins = 4\n") + remediations,
			ExpectError: regexp.MustCompile(`(?s)Remediation would leave too few Global Administrators.*2 Global Administrator removals of the tenant, counted together.*leave 3 principal\(s\).*min_global_admins = 4`),
		},
		{
			PreConfig: func() {
				if posts := srv.RemediationRequests(); len(posts) != 0 {
					t.Errorf("a failed plan sent remediations: %v", posts)
				}
			},
			Config: protectedProvider(t, srv, "  min_global_admins = 3\n") + remediations,
			Check: func(s *terraform.State) error {
				if n := len(srv.RoleHolders(mockgraph.GlobalAdministratorRoleID)); n != 3 {
					return fmt.Errorf("%d Global Administrators remain, want 3", n)
				}
				for _, rs := range s.RootModule().Resources {
					if rs.Type != remediationType {
						continue
					}
					at := rs.Primary.Attributes
					if at["removed_assignments.#"] != "1" || at["removed_assignments.0.assignment_type"] != "active" ||
						at["removed_assignments.0.role_definition_id"] != mockgraph.GlobalAdministratorRoleID ||
						at["removed_assignments.0.directory_scope_id"] != "/" || at["removed_assignments.0.principal_id"] != at["assignee_id"] ||
						!slices.Contains(stale, at["removed_assignments.0.assignment_id"]) {
						return fmt.Errorf("removed_assignments of %s: %v", rs.Primary.ID, at)
					}
				}
				return nil
			},
		},
	})
}

// TestAccAlertIncidentRemediation_globalAdminWarning: a plan that removes
// a Global Administrator says how many remain, and the state records what
// was removed.
func TestAccAlertIncidentRemediation_globalAdminWarning(t *testing.T) {
	tn, srv := remediationTenant(t)
	var incident string
	for _, inc := range srv.Incidents(alerttypes.RolesAssignedOutsidePim) {
		if inc["roleDefinitionId"] == mockgraph.GlobalAdministratorRoleID {
			incident = inc["id"].(string)
		}
	}
	if incident == "" {
		t.Fatal("the seed has no RolesAssignedOutsidePimAlert incident of a Global Administrator")
	}
	addr := remediationType + ".outside"
	config := protectedProvider(t, srv, "") + fmt.Sprintf(`
resource "entrapim_alert_incident_remediation" "outside" {
  alert_type  = %q
  incident_id = %q
}
`, alerttypes.RolesAssignedOutsidePim, incident)
	tn.Test(t, []resource.TestStep{
		{
			// terraform-plugin-testing shows warnings only in logs; the
			// warning's text is checked through the plan of an example
			// (internal/examples) and here through what it says: 4 remain.
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("removed_assignments")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("removed_assignments"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"assignment_id":      knownvalue.StringExact(incident),
						"assignment_type":    knownvalue.StringExact("active"),
						"directory_scope_id": knownvalue.StringExact("/"),
						"principal_id":       knownvalue.NotNull(),
						"role_definition_id": knownvalue.StringExact(mockgraph.GlobalAdministratorRoleID),
					}),
				})),
			},
		},
		{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	})
}

// TestAccAlertIncidentRemediation_noRoleManagementRead: with a credential
// that may remediate but not read role assignments (Graph answers 403, in
// either body shape), a remediation that removes a Global Administrator is
// refused at plan time naming the missing permission, with no write; one
// that removes another role is still applied, its removed assignments not
// recorded; one that removes nothing records an empty list.
func TestAccAlertIncidentRemediation_noRoleManagementRead(t *testing.T) {
	acctest.NeverLive(t, neverLive)
	for _, shape := range mockgraph.PermissionErrorsVariants {
		t.Run("403="+shape.String(), func(t *testing.T) {
			tn, srv := remediationTenant(t, mockgraph.WithPermissionErrors(shape))
			env := tn.Env()
			env["ARM_CLIENT_ID"], env["ARM_CLIENT_SECRET"] = srv.AlertsOnlyClient()
			factories := tn.FactoriesWithEnv(env)
			ga := srv.Incidents(alerttypes.TooManyGlobalAdmins)[0]["id"].(string)
			inc := staleIncident(t, srv)
			if inc.RoleID == mockgraph.GlobalAdministratorRoleID {
				t.Fatal("the seed's first StaleSignInAlert incident is a Global Administrator's")
			}
			mfa := srv.Incidents(alerttypes.NoMfaOnRoleActivation)[0]["id"].(string)
			gaConfig := protectedProvider(t, srv, "") + fmt.Sprintf(`
resource "entrapim_alert_incident_remediation" "ga" {
  alert_type  = %q
  incident_id = %q
}
`, alerttypes.TooManyGlobalAdmins, ga)
			others := protectedProvider(t, srv, "") + remediationConfig("stale", alerttypes.StaleSignIn, inc.ID) + fmt.Sprintf(`
resource "entrapim_alert_incident_remediation" "mfa" {
  alert_type  = %q
  incident_id = %q
}
`, alerttypes.NoMfaOnRoleActivation, mfa)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				Steps: []resource.TestStep{
					{
						Config:      gaConfig,
						ExpectError: regexp.MustCompile(`(?s)Cannot check the Global Administrator minimum.*403.*RoleManagement\.Read\.Directory`),
					},
					{
						Config: others,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(remediationType+".stale", tfjsonpath.New("removed_assignments"), knownvalue.Null()),
							statecheck.ExpectKnownValue(remediationType+".mfa", tfjsonpath.New("removed_assignments"), knownvalue.ListExact(nil)),
						},
					},
				},
			})
			posts := srv.RemediationRequests()
			want := []string{inc.ID, mfa}
			slices.Sort(want)
			if !slices.Equal(posts, want) {
				t.Errorf("remediations sent: %v, want only the two that remove no Global Administrator %v", posts, want)
			}
			if n := len(srv.RoleHolders(mockgraph.GlobalAdministratorRoleID)); n != 5 {
				t.Errorf("%d Global Administrators, want all 5", n)
			}
		})
	}
}

// TestAccAlertIncidentRemediation_minGlobalAdminsInvalid: the setting is
// checked at plan time, at its attribute.
func TestAccAlertIncidentRemediation_minGlobalAdminsInvalid(t *testing.T) {
	acctest.NeverLive(t, neverLive)
	tn := acctest.New(t)
	tn.Test(t, []resource.TestStep{{
		Config: `
provider "entrapim" {
  min_global_admins = 0
}
` + remediationConfig("x", alerttypes.StaleSignIn, "00000000-0000-0000-0000-000000000000"),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)Invalid Global Administrator minimum.*min_global_admins = "0"`),
	}})
	if tn.Server != nil && len(tn.Server.WriteRequests()) != 0 {
		t.Error("an invalid setting sent writes")
	}
}

// TestAccAlertIncidentRemediation_tooManyGlobalAdminsPlan: the incident
// names no role, and the plan says the assignee loses Global Administrator.
func TestAccAlertIncidentRemediation_tooManyGlobalAdminsPlan(t *testing.T) {
	tn, srv := remediationTenant(t)
	inc := srv.Incidents(alerttypes.TooManyGlobalAdmins)[0]
	if inc["roleDefinitionId"] != nil {
		t.Fatalf("the incident names a role: %v", inc)
	}
	addr := remediationType + ".ga"
	tn.Test(t, []resource.TestStep{{
		Config: protectedProvider(t, srv, "") + fmt.Sprintf(`
resource "entrapim_alert_incident_remediation" "ga" {
  alert_type  = %q
  incident_id = %q
}
`, alerttypes.TooManyGlobalAdmins, inc["id"]),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("role_definition_id"), knownvalue.StringExact(mockgraph.GlobalAdministratorRoleID)),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("role_display_name"), knownvalue.StringExact("Global Administrator")),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("action"), knownvalue.StringExact("removes the assignee's Global Administrator role assignments")),
		}},
	}})
}
