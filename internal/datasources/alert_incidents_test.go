package datasources_test

import (
	"fmt"
	"net/url"
	"regexp"
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

func configAlertIncidents(alertType string) string {
	return fmt.Sprintf(`
data "entrapim_alert_incidents" "test" {
  alert_type = %q
}
`, alertType)
}

// addStaleAdmin adds a Global Administrator who last signed in long ago (or
// never, when lastSignIn is zero) and whose assignment is old, so the next
// StaleSignInAlert scan reports them.
func addStaleAdmin(srv *mockgraph.Server, name string, lastSignIn time.Time) mockgraph.User {
	u := srv.AddUser(mockgraph.User{
		DisplayName:       name,
		UserPrincipalName: name + "@contoso.example",
		LastSignIn:        lastSignIn,
	})
	srv.AddAssignment(mockgraph.Assignment{
		PrincipalID:      u.ID,
		RoleDefinitionID: mockgraph.GlobalAdministratorRoleID,
		ViaPIM:           true,
		Created:          time.Now().AddDate(-1, 0, 0),
	})
	return u
}

// expectPagedReads checks that the log holds only incidents.list requests of
// path, one or two reads (a request without $skip: plan and apply), and that
// every read fetched all pages: total requests = reads × pages.
func expectPagedReads(srv *mockgraph.Server, path string, pages int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := srv.GraphRequests()
		if err := expectRoute(reqs, "incidents.list", withPath(path)); err != nil {
			return err
		}
		reads := 0
		for _, r := range reqs {
			q, err := url.ParseQuery(r.Query)
			if err != nil {
				return err
			}
			if q.Get("$skip") == "" {
				reads++
			}
		}
		if reads < 1 || reads > 2 || len(reqs) != reads*pages {
			return fmt.Errorf("%d incidents.list requests for %d reads, want %d pages per read:\n%s",
				len(reqs), reads, pages, describe(reqs))
		}
		return nil
	}
}

// TestAccAlertIncidentsDataSource_paging lists more incidents than fit on
// one of the simulator's pages: every page is read, in order.
func TestAccAlertIncidentsDataSource_paging(t *testing.T) {
	const pageSize = 2
	tn := acctest.New(t, mockgraph.WithPageSize(pageSize))
	srv := tn.Server
	addr := "data.entrapim_alert_incidents.test"
	for i := 0; len(srv.Incidents(gaType)) <= 2*pageSize; i++ {
		srv.AddGlobalAdmin(fmt.Sprintf("Extra Admin %d", i))
		srv.Scan(gaType)
		if i > 20 {
			t.Fatalf("%s does not fire in the simulated tenant", gaType)
		}
	}
	n := len(srv.Incidents(gaType))
	pages := (n + pageSize - 1) / pageSize

	tn.Test(t, []resource.TestStep{{
		PreConfig: srv.ResetRequests,
		Config:    configAlertIncidents(gaType),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("alert_type"), knownvalue.StringExact(gaType)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("incidents"), knownvalue.ListSizeExact(n)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("incidents"), incidentsCheck(srv, gaType)),
		},
		Check: expectPagedReads(srv, "/alerts/"+srv.AlertID(gaType)+"/alertIncidents", pages),
	}})
}

// TestAccAlertIncidentsDataSource_everyType reads the incidents of every
// alert type, so each type's fields map to the typed attributes (and the
// fields a type lacks are null).
func TestAccAlertIncidentsDataSource_everyType(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server

	// Make every alert type fire.
	srv.SetLicenseStatus("Free")
	addStaleAdmin(srv, "Never Signed In", time.Time{})
	admin := addStaleAdmin(srv, "Dormant Admin", time.Now().AddDate(0, -6, 0))
	start := time.Now().Add(-time.Hour)
	for i := range 4 {
		srv.AddActivation(mockgraph.Activation{
			PrincipalID:      admin.ID,
			RoleDefinitionID: mockgraph.GlobalAdministratorRoleID,
			Time:             start.Add(time.Duration(i) * 5 * time.Second),
		})
	}
	srv.Scan()

	var config string
	var checks []statecheck.StateCheck
	for _, name := range alerttypes.Builtin().Names() {
		if len(srv.Incidents(name)) == 0 {
			t.Errorf("no incidents of %s in the simulated tenant", name)
		}
		config += fmt.Sprintf("data \"entrapim_alert_incidents\" %q {\n  alert_type = %q\n}\n", name, name)
		checks = append(checks, statecheck.ExpectKnownValue("data.entrapim_alert_incidents."+name,
			tfjsonpath.New("incidents"), incidentsCheck(srv, name)))
	}
	// A never-signed-in account has a null last sign-in, not "".
	never := knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"assignee_display_name":  knownvalue.StringExact("Never Signed In"),
		"last_sign_in_date_time": knownvalue.Null(),
		"activation_count":       knownvalue.Null(),
	})

	tn.Test(t, []resource.TestStep{{
		Config: config,
		ConfigStateChecks: append(checks, statecheck.ExpectKnownValue("data.entrapim_alert_incidents."+staleType,
			tfjsonpath.New("incidents"), knownvalue.SetPartial([]knownvalue.Check{never}))),
	}})
}

func TestAccAlertIncidentsDataSource_invalid(t *testing.T) {
	tn := acctest.New(t)
	tn.Test(t, []resource.TestStep{
		{
			Config:      configAlertIncidents("StaleSignInAlerts"),
			ExpectError: regexp.MustCompile(`(?s)Unknown alert type`),
		},
		{
			Config:      `data "entrapim_alert_incidents" "test" {}`,
			ExpectError: regexp.MustCompile(`(?s)Missing required argument.*alert_type`),
		},
	})
}

// TestAccAlertIncidentsDataSource_forEach is the documented pattern: a map of
// stale-sign-in incidents to remediate, keyed by incident id, that skips
// break-glass accounts. It stops at the map; feeding it to
// entrapim_alert_incident_remediation is tested with that resource.
func TestAccAlertIncidentsDataSource_forEach(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	breakGlass := addStaleAdmin(srv, "Break Glass", time.Time{})
	addStaleAdmin(srv, "Dormant Admin", time.Now().AddDate(0, -6, 0))
	srv.Scan(staleType)

	want := map[string]knownvalue.Check{}
	for _, inc := range srv.Incidents(staleType) {
		if inc["assigneeId"] != breakGlass.ID {
			want[inc["id"].(string)] = knownvalue.StringExact(inc["assigneeUserPrincipalName"].(string))
		}
	}
	if len(want) == 0 || len(want) == len(srv.Incidents(staleType)) {
		t.Fatalf("want the break-glass account among several stale incidents, have %v", srv.Incidents(staleType))
	}

	tn.Test(t, []resource.TestStep{{
		Config: fmt.Sprintf(`
locals {
  break_glass_account_ids = [%q]
}

data "entrapim_alert_incidents" "stale" {
  alert_type = "StaleSignInAlert"
}

locals {
  to_remediate = {
    for i in data.entrapim_alert_incidents.stale.incidents : i.id => i
    if !contains(local.break_glass_account_ids, i.assignee_id)
  }
}

output "to_remediate" {
  value = { for id, i in local.to_remediate : id => i.assignee_user_principal_name }
}
`, breakGlass.ID),
		// The map is known at plan time, as for_each needs.
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownOutputValue("to_remediate", knownvalue.MapExact(want)),
			},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("to_remediate", knownvalue.MapExact(want)),
		},
	}})
}
