package mockgraph_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// The tests in this file check one rule each that the simulator takes from
// Microsoft's sources (cited beside the rule in the code), or that it
// offers as an option because the sources are silent.

const day = 24 * time.Hour

// TestDailyScanOfDismissedAlerts: only a refresh is documented to
// reactivate a dismissed alert; the daily scan's effect is an option.
func TestDailyScanOfDismissedAlerts(t *testing.T) {
	t.Parallel()
	typ := alerttypes.RolesAssignedOutsidePim
	for _, v := range mockgraph.DailyScans {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			s, r := newTenant(t, mockgraph.WithDailyScan(v))
			r.dismiss(typ)
			s.AddGlobalAdmin("New Admin") // a new incident for a scan to find
			s.Scan(typ)
			st := s.Alert(typ)
			switch v {
			case mockgraph.DailyScanSkipsDismissed:
				// "PIM no longer scans the alert ... no new incidents are generated."
				if st.IsActive || st.IncidentCount != 1 {
					t.Errorf("after the daily scan %+v, want still dismissed with its 1 old incident", st)
				}
			case mockgraph.DailyScanReactivates:
				if !st.IsActive || st.IncidentCount != 2 {
					t.Errorf("after the daily scan %+v, want reactivated with 2 incidents", st)
				}
			}
			r.refresh(typ)
			if st := s.Alert(typ); !st.IsActive || st.IncidentCount != 2 {
				t.Errorf("after a refresh %+v, want reactivated with 2 incidents", st)
			}
		})
	}
}

// TestRefreshOfDismissedAlerts: "a successful refresh ... reactivates
// dismissed alerts (updates isActive to true)" (how-to); whether also one
// whose rescan finds no incidents is an option. An alert that was never
// dismissed stays inactive without incidents under both.
func TestRefreshOfDismissedAlerts(t *testing.T) {
	t.Parallel()
	const typ = alerttypes.TooManyGlobalAdmins
	for _, v := range mockgraph.RefreshReactivations {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			s, r := newTenant(t, mockgraph.WithRefreshReactivation(v))
			r.dismiss(typ)
			// No incidents for the rescan to find.
			if err := s.SetConfiguration(typ, map[string]any{"globalAdminCountThreshold": 100, "percentageOfGlobalAdminsOutOfRolesThreshold": 100}); err != nil {
				t.Fatal(err)
			}
			r.refresh(typ)
			st := s.Alert(typ)
			want := v == mockgraph.RefreshReactivatesDismissed
			if st.IncidentCount != 0 || st.IsActive != want {
				t.Errorf("after a refresh %+v, want no incidents and active=%v", st, want)
			}
			// Never dismissed: active exactly with incidents.
			r.refresh(alerttypes.InvalidLicense)
			if st := s.Alert(alerttypes.InvalidLicense); st.IsActive || st.IncidentCount != 0 {
				t.Errorf("InvalidLicenseAlert after a refresh %+v, want inactive without incidents", st)
			}
		})
	}
}

// TestRefreshCompletesUnpolled: PIM completes a refresh on its own; a
// client that never polls the operation still sees the rescan.
func TestRefreshCompletesUnpolled(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, r := newTenant(t, mockgraph.WithClock(clk.Now), mockgraph.WithScanDuration(time.Minute))
	typ := alerttypes.StaleSignIn
	before := s.Alert(typ)
	if err := s.SetConfiguration(typ, map[string]any{"duration": "P9D"}); err != nil {
		t.Fatal(err)
	}
	if resp := r.do(http.MethodPost, r.alertPath(typ, "/refresh"), nil); resp.status != http.StatusAccepted {
		t.Fatalf("refresh: %d %s", resp.status, resp.body)
	}
	if st := s.Alert(typ); st.IncidentCount != before.IncidentCount {
		t.Errorf("the scan ran before its time: %+v", st)
	}
	clk.Advance(time.Minute)
	a := r.get(r.alertPath(typ), http.StatusOK)
	if a["incidentCount"] != 5.0 || a["lastScannedDateTime"] == before.LastScanned.Format(time.RFC3339) {
		t.Errorf("a minute later, never polled: %v, want the rescan's 5 incidents", a)
	}
}

// TestEdmDuration: an OData Edm.Duration has days, hours, minutes and
// seconds only; Graph rejects weeks, months and years.
func TestEdmDuration(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	path := prefix + "/alertConfigurations/" + s.AlertID(alerttypes.StaleSignIn)
	for _, bad := range []string{"P1W", "P2W", "P1M", "P1Y"} {
		body := map[string]any{"@odata.type": "#microsoft.graph.staleSignInAlertConfiguration", "duration": bad}
		if resp := r.do(http.MethodPatch, path, body); resp.status != http.StatusBadRequest {
			t.Errorf("PATCH duration %s: %d %s, want 400", bad, resp.status, resp.body)
		}
	}
	for _, good := range []string{"P7D", "P7DT1H", "PT168H"} {
		body := map[string]any{"@odata.type": "#microsoft.graph.staleSignInAlertConfiguration", "duration": good}
		if resp := r.do(http.MethodPatch, path, body); resp.status != http.StatusNoContent {
			t.Errorf("PATCH duration %s: %d %s, want 204", good, resp.status, resp.body)
		}
	}
}

// TestRolesAssignedOutsidePimLookBack: only assignments of the last 30 days.
func TestRolesAssignedOutsidePimLookBack(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, _ := newTenant(t, mockgraph.WithClock(clk.Now))
	typ := alerttypes.RolesAssignedOutsidePim
	u := s.AddUser(mockgraph.User{DisplayName: "Outside Admin", LastSignIn: clk.Now()})
	old := s.AddAssignment(mockgraph.Assignment{PrincipalID: u.ID, RoleDefinitionID: userAdminRoleID, Created: clk.Now().Add(-400 * day)})
	recent := s.AddAssignment(mockgraph.Assignment{PrincipalID: u.ID, RoleDefinitionID: exchangeAdminRole, Created: clk.Now().Add(-20 * day)})
	s.Refresh(typ)
	got := s.Alert(typ).IncidentIDs
	if !contains([]byte(strings.Join(got, " ")), recent.ID) || contains([]byte(strings.Join(got, " ")), old.ID) || contains([]byte(strings.Join(got, " ")), breakGlassAssign) {
		t.Errorf("incidents %v: want the 20-day-old %s, not the 400-day-old %s nor the seed's break-glass %s", got, recent.ID, old.ID, breakGlassAssign)
	}
}

// TestSequentialActivationLookBack: a burst of activations counts only
// within the last 30 days.
func TestSequentialActivationLookBack(t *testing.T) {
	t.Parallel()
	added := sequentialIncidentsAdded(t, func(s *mockgraph.Server, now time.Time) {
		addBurst(s, diegoID, userAdminRoleID, now.Add(-40*day))
		addBurst(s, diegoID, userAdminRoleID, now.Add(-15*day))
	})
	if added != 1 {
		t.Errorf("%d new incidents, want 1: the 15-day-old burst, not the 40-day-old one", added)
	}
}

// TestSequentialActivationPrivilegedOnly: a user who "activates the same
// privileged role multiple times": a burst of activations of a role that
// is not privileged raises no incident.
func TestSequentialActivationPrivilegedOnly(t *testing.T) {
	t.Parallel()
	added := sequentialIncidentsAdded(t, func(s *mockgraph.Server, now time.Time) {
		var plain, privileged string
		for _, r := range s.Roles() {
			switch {
			case !r.Privileged && plain == "":
				plain = r.ID
			case r.Privileged && privileged == "":
				privileged = r.ID
			}
		}
		if plain == "" || privileged == "" {
			t.Fatal("the seed needs a privileged and a non-privileged role")
		}
		addBurst(s, diegoID, plain, now.Add(-day))
		addBurst(s, diegoID, privileged, now.Add(-day))
	})
	if added != 1 {
		t.Errorf("%d new incidents, want 1: the burst of the privileged role only", added)
	}
}

// sequentialIncidentsAdded records bursts on a fresh tenant and returns how
// many SequentialActivationAlert incidents a refresh then adds.
func sequentialIncidentsAdded(t *testing.T, bursts func(s *mockgraph.Server, now time.Time)) int {
	t.Helper()
	clk := newClock()
	s, _ := newTenant(t, mockgraph.WithClock(clk.Now))
	typ := alerttypes.SequentialActivation
	before := s.Alert(typ).IncidentCount
	bursts(s, clk.Now())
	s.Refresh(typ)
	return s.Alert(typ).IncidentCount - before
}

// TestRedundantAssignmentActive: unused eligible or active assignments.
func TestRedundantAssignmentActive(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, _ := newTenant(t, mockgraph.WithClock(clk.Now))
	typ := alerttypes.RedundantAssignment
	u := s.AddUser(mockgraph.User{DisplayName: "Permanent Admin", LastSignIn: clk.Now()})
	active := s.AddAssignment(mockgraph.Assignment{PrincipalID: u.ID, RoleDefinitionID: userAdminRoleID, ViaPIM: true, Created: clk.Now().Add(-60 * day)})
	s.Refresh(typ)
	if ids := strings.Join(s.Alert(typ).IncidentIDs, " "); !strings.Contains(ids, active.ID) || !strings.Contains(ids, alexAssignment) {
		t.Errorf("incidents %s: want the unused active %s and the unused eligible %s", ids, active.ID, alexAssignment)
	}
}

// TestTooManyGlobalAdminsPercentage: the percentage is out of all the
// role assignments in the tenant, privileged or not.
func TestTooManyGlobalAdminsPercentage(t *testing.T) {
	t.Parallel()
	s, _ := newTenant(t)
	typ := alerttypes.TooManyGlobalAdmins
	// 5 Global Administrator assignments of 22: 22.7%.
	if err := s.SetConfiguration(typ, map[string]any{"percentageOfGlobalAdminsOutOfRolesThreshold": 20}); err != nil {
		t.Fatal(err)
	}
	s.Refresh(typ)
	if !s.Alert(typ).IsActive {
		t.Fatalf("22.7%% of the assignments did not reach 20%%: %+v", s.Alert(typ))
	}
	// Four more non-privileged assignments: 5 of 26 is 19.2%.
	for range 4 {
		u := s.AddUser(mockgraph.User{DisplayName: "Reader"})
		s.AddAssignment(mockgraph.Assignment{PrincipalID: u.ID, RoleDefinitionID: globalReaderRoleID, ViaPIM: true})
	}
	s.Refresh(typ)
	if st := s.Alert(typ); st.IsActive {
		t.Errorf("5 of 26 assignments reached 20%%: %+v", st)
	}
}

// TestThresholdRanges: Graph's own limits are undocumented; the portal's
// ranges are enforced or not, as the option says.
func TestThresholdRanges(t *testing.T) {
	t.Parallel()
	for _, v := range mockgraph.ThresholdRangesVariants {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			s, r := newTenant(t, mockgraph.WithThresholdRanges(v))
			body := map[string]any{"@odata.type": "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration", "globalAdminCountThreshold": 101}
			resp := r.do(http.MethodPatch, prefix+"/alertConfigurations/"+s.AlertID(alerttypes.TooManyGlobalAdmins), body)
			want := map[mockgraph.ThresholdRanges]int{mockgraph.RangesOfThePortal: http.StatusBadRequest, mockgraph.RangesUnchecked: http.StatusNoContent}[v]
			if resp.status != want {
				t.Errorf("count 101: %d %s, want %d", resp.status, resp.body, want)
			}
		})
	}
}

// TestStaleSignInDescription: the description counts accounts, not
// incidents (one incident per role assignment).
func TestStaleSignInDescription(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	typ := alerttypes.StaleSignIn
	// Allan gets a second stale assignment: 3 incidents, 2 accounts.
	s.AddAssignment(mockgraph.Assignment{PrincipalID: "38e74f16-cd28-48d6-b77d-239a915f0bee", RoleDefinitionID: exchangeAdminRole, ViaPIM: true, Created: s.Now().Add(-200 * day)})
	s.Refresh(typ)
	def := r.get(prefix+"/alertDefinitions/"+s.AlertID(typ), http.StatusOK)
	if n := s.Alert(typ).IncidentCount; n != 3 || !strings.HasPrefix(def["description"].(string), "2 account(s)") {
		t.Errorf("%d incidents, description %q; want 3 incidents and \"2 account(s) …\"", n, def["description"])
	}
}

// TestRemediatedIncidents: when a remediated incident leaves its alert is
// undocumented; both behaviours.
func TestRemediatedIncidents(t *testing.T) {
	t.Parallel()
	for _, v := range mockgraph.RemediatedIncidentsVariants {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			s, r := newTenant(t, mockgraph.WithRemediatedIncidents(v))
			typ := alerttypes.StaleSignIn
			path := r.alertPath(typ, "/alertIncidents/", allanAssignment, "/remediate")
			if resp := r.do(http.MethodPost, path, nil); resp.status != http.StatusOK {
				t.Fatalf("remediate: %d %s", resp.status, resp.body)
			}
			listed := strings.Contains(strings.Join(s.Alert(typ).IncidentIDs, " "), allanAssignment)
			if listed != (v == mockgraph.IncidentsLingerUntilScan) {
				t.Errorf("remediated incident listed: %v", listed)
			}
			// Either way a second remediation fails and a scan drops it.
			if resp := r.do(http.MethodPost, path, nil); resp.status != http.StatusBadRequest && resp.status != http.StatusNotFound {
				t.Errorf("second remediation: %d %s", resp.status, resp.body)
			}
			r.refresh(typ)
			if strings.Contains(strings.Join(s.Alert(typ).IncidentIDs, " "), allanAssignment) {
				t.Error("the incident is still listed after a refresh")
			}
		})
	}
}

// addBurst records four activations of role by principal, a second apart,
// from start: a sequence for SequentialActivationAlert's default threshold.
func addBurst(s *mockgraph.Server, principal, role string, start time.Time) {
	for i := range 4 {
		s.AddActivation(mockgraph.Activation{PrincipalID: principal, RoleDefinitionID: role, Time: start.Add(time.Duration(i) * time.Second)})
	}
}
