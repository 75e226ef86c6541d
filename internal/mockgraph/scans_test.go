package mockgraph_test

import (
	"bytes"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// Ids of the default seed used below.
const (
	breakGlassID       = "eff0c053-9217-4928-94d4-3821dcbaea57"
	allanAssignment    = "7de31ef3-ecac-4255-8058-a61de644bc03" // User Administrator, last sign-in 60 days ago
	enricoAssignment   = "e3dea0cb-1cc8-48c4-9f99-f71ac77b3b64" // Exchange Administrator, never signed in
	alexAssignment     = "8ac52da9-48c3-449a-baba-283e3969af3d" // eligible, never activated
	breakGlassAssign   = "548d334f-b079-4798-8e19-64d54ee8ca7e" // Global Administrator outside PIM, 400 days ago
	isaiahAssignment   = "4976408b-e1c1-4158-8985-c5fd4c04e626" // Global Administrator outside PIM, 20 days ago
	helpdeskRoleID     = "729827e3-9c14-49f7-bb1b-9608f156bbb8"
	diegoID            = "1c46e5cf-1858-4ae0-81e6-4adcf50bfed4"
	userAdminRoleID    = "fe930be7-5e62-47db-91af-98c3a49a38b1"
	exchangeAdminRole  = "29232cdf-9323-42fd-ade2-1d097af3e4de"
	globalReaderRoleID = "f2ef992c-3afb-46b9-b7cf-a126ee74c451" // not privileged
)

func ids(incidents []map[string]any) []string {
	var out []string
	for _, inc := range incidents {
		out = append(out, inc["id"].(string))
	}
	slices.Sort(out)
	return out
}

func TestDefaultSeedScans(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t, mockgraph.WithClock(newClock().Now))

	users := s.Users()
	if len(users) < 15 || len(users) > 25 {
		t.Errorf("seed has %d users, want 15-25", len(users))
	}
	if !slices.ContainsFunc(users, func(u mockgraph.User) bool { return u.DisplayName == "Break Glass Admin" && u.ID == breakGlassID }) {
		t.Error("seed has no Break Glass Admin")
	}
	for _, r := range s.Roles() {
		if r.ID == mockgraph.GlobalAdministratorRoleID && (r.DisplayName != "Global Administrator" || !r.Privileged) {
			t.Errorf("Global Administrator role = %+v", r)
		}
	}

	want := map[string][]string{
		alerttypes.InvalidLicense:        nil,
		alerttypes.NoMfaOnRoleActivation: {helpdeskRoleID},
		// Eligible or active privileged assignments older than 30 days
		// without an activation since: Alex's eligible one and every
		// permanent one of the seed but Isaiah's (20 days old).
		alerttypes.RedundantAssignment: {alexAssignment, breakGlassAssign, allanAssignment, enricoAssignment,
			"7a3a5a36-90e7-426e-953e-ad45a9fffcbd", "60dc0a1d-f921-4b60-8b46-393ab007f9be", "fef64bef-c4ac-4732-8e5e-e773155e13b0",
			"96d389a2-dc73-4ffe-a403-f0811a5a84e1", "b7c82eed-cc1e-4d6e-a2a3-ede7655622f0", "7ab549a9-97dd-4973-817b-347b75c6ff1d"},
		// Only the last 30 days: the break-glass account's 400-day-old
		// assignment outside PIM raises none.
		alerttypes.RolesAssignedOutsidePim: {isaiahAssignment},
		alerttypes.StaleSignIn:             {allanAssignment, enricoAssignment},
	}
	for typ, wantIDs := range want {
		slices.Sort(wantIDs)
		st := s.Alert(typ)
		if got := ids(s.Incidents(typ)); !slices.Equal(got, wantIDs) {
			t.Errorf("%s incidents = %v, want %v", typ, got, wantIDs)
		}
		if st.IsActive != (len(wantIDs) > 0) || st.IncidentCount != len(wantIDs) || !slices.Equal(st.IncidentIDs, ids(s.Incidents(typ))) {
			t.Errorf("%s state = %+v", typ, st)
		}
		if st.LastScanned.IsZero() {
			t.Errorf("%s was not scanned at load", typ)
		}
	}
	if st := s.Alert(alerttypes.InvalidLicense); !st.LastModified.IsZero() {
		t.Errorf("InvalidLicense never fired but LastModified = %v", st.LastModified)
	}

	ga := s.Incidents(alerttypes.TooManyGlobalAdmins)
	if len(ga) != 5 || !slices.Contains(ids(ga), breakGlassID) {
		t.Errorf("TooManyGlobalAdmins incidents = %v, want 5 including the break-glass account", ids(ga))
	}
	for _, inc := range ga {
		if inc["id"] != inc["assigneeId"] || inc["@odata.type"] != "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertIncident" {
			t.Errorf("TooManyGlobalAdmins incident = %v", inc)
		}
	}

	seq := s.Incidents(alerttypes.SequentialActivation)
	if len(seq) != 1 || seq[0]["activationCount"] != 4 || seq[0]["assigneeId"] != diegoID || seq[0]["roleTemplateId"] != helpdeskRoleID {
		t.Errorf("SequentialActivationRenewals incidents = %v", seq)
	}
	start, _ := time.Parse(time.RFC3339, seq[0]["sequenceStartDateTime"].(string))
	end, _ := time.Parse(time.RFC3339, seq[0]["sequenceEndDateTime"].(string))
	if end.Sub(start) != 9*time.Second {
		t.Errorf("sequence lasts %v, want 9s", end.Sub(start))
	}

	// A date-time the incident has no value for is null, as the nullable
	// Edm.DateTimeOffset it is declared: present, not left out.
	redundant := s.Incidents(alerttypes.RedundantAssignment)[0]
	if v, ok := redundant["lastActivationDateTime"]; !ok || v != nil {
		t.Errorf("never-activated assignment's lastActivationDateTime = %v (present %v), want null: %v", v, ok, redundant)
	}
	stale := s.Incidents(alerttypes.StaleSignIn)
	for _, inc := range stale {
		v, ok := inc["lastSignInDateTime"]
		if !ok || (v != nil) != (inc["id"] == allanAssignment) {
			t.Errorf("stale incident %v: lastSignInDateTime = %v (present %v)", inc["id"], v, ok)
		}
	}
	outside := s.Incidents(alerttypes.RolesAssignedOutsidePim)
	for _, inc := range outside {
		if inc["assignmentCreatedDateTime"] == nil || inc["roleDisplayName"] != "Global Administrator" {
			t.Errorf("outside-PIM incident = %v", inc)
		}
	}
}

func TestInvalidLicense(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	s.SetLicenseStatus("Free")
	r.refresh(alerttypes.InvalidLicense)
	inc := s.Incidents(alerttypes.InvalidLicense)
	if len(inc) != 1 || inc[0]["tenantLicenseStatus"] != "Free" || inc[0]["id"] != s.TenantID() {
		t.Fatalf("incidents = %v", inc)
	}
	a := r.get(r.alertPath(alerttypes.InvalidLicense), http.StatusOK)
	if a["isActive"] != true || a["incidentCount"] != 1.0 || a["lastModifiedDateTime"] == "0001-01-01T08:00:00Z" {
		t.Errorf("alert = %v", a)
	}
	// Remediation is not possible: the definition is not remediatable.
	resp := r.do(http.MethodPost, r.alertPath(alerttypes.InvalidLicense, "/alertIncidents/", s.TenantID(), "/remediate"), nil)
	if resp.status != http.StatusBadRequest || errorCode(t, resp) != "BadRequest" {
		t.Errorf("remediate: %d %s", resp.status, resp.body)
	}
}

func TestThresholdChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		alertType string
		props     map[string]any
		want      int
	}{
		{alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 6}, 0},
		{alerttypes.TooManyGlobalAdmins, map[string]any{"globalAdminCountThreshold": 5}, 5},
		// 5 of the seed's 22 role assignments are Global Administrator ones:
		// 22.7%, "out of all the role assignments in the tenant".
		{alerttypes.TooManyGlobalAdmins, map[string]any{"percentageOfGlobalAdminsOutOfRolesThreshold": 23}, 0},
		{alerttypes.TooManyGlobalAdmins, map[string]any{"percentageOfGlobalAdminsOutOfRolesThreshold": 22}, 5},
		{alerttypes.StaleSignIn, map[string]any{"duration": "P9D"}, 5},
		{alerttypes.StaleSignIn, map[string]any{"duration": "P90D"}, 1},
		// Eligible or active privileged assignments older than the
		// duration and not activated within it.
		{alerttypes.RedundantAssignment, map[string]any{"duration": "P4D"}, 17},
		{alerttypes.RedundantAssignment, map[string]any{"duration": "P100D"}, 6},
		{alerttypes.SequentialActivation, map[string]any{"sequentialActivationCounterThreshold": 5}, 0},
		{alerttypes.SequentialActivation, map[string]any{"sequentialActivationCounterThreshold": 4}, 1},
		{alerttypes.SequentialActivation, map[string]any{"timeIntervalBetweenActivations": "PT2S"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.alertType, func(t *testing.T) {
			t.Parallel()
			s, r := newTenant(t, mockgraph.WithClock(newClock().Now))
			body := map[string]any{"@odata.type": typeOf(t, tc.alertType)}
			for k, v := range tc.props {
				body[k] = v
			}
			if resp := r.do(http.MethodPatch, prefix+"/alertConfigurations/"+s.AlertID(tc.alertType), body); resp.status != http.StatusNoContent {
				t.Fatalf("PATCH %v: %d %s", body, resp.status, resp.body)
			}
			r.refresh(tc.alertType)
			a := r.get(r.alertPath(tc.alertType), http.StatusOK)
			if a["incidentCount"] != float64(tc.want) || a["isActive"] != (tc.want > 0) {
				t.Errorf("%v: alert = %v, want %d incidents", tc.props, a, tc.want)
			}
			list := r.get(r.alertPath(tc.alertType, "/alertIncidents"), http.StatusOK)
			if n := len(list["value"].([]any)); n != tc.want {
				t.Errorf("%v: %d incidents listed, want %d", tc.props, n, tc.want)
			}
		})
	}
}

func typeOf(t *testing.T, alertType string) string {
	a, ok := alerttypes.Builtin().Lookup(alertType)
	if !ok {
		t.Fatalf("unknown alert type %s", alertType)
	}
	return a.ConfigurationODataType
}

func TestRemediateThenRefresh(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)

	// Stale account: the assignment goes at once, the incident at the next scan.
	path := r.alertPath(alerttypes.StaleSignIn, "/alertIncidents/", allanAssignment, "/remediate")
	if resp := r.do(http.MethodPost, path, nil); resp.status != http.StatusOK || len(resp.body) != 0 {
		t.Fatalf("remediate: %d %s", resp.status, resp.body)
	}
	if slices.ContainsFunc(s.Assignments(), func(a mockgraph.Assignment) bool { return a.ID == allanAssignment }) {
		t.Error("remediation did not remove the assignment")
	}
	r.get(r.alertPath(alerttypes.StaleSignIn, "/alertIncidents/", allanAssignment), http.StatusOK)
	resp := r.do(http.MethodPost, path, nil)
	if resp.status != http.StatusBadRequest || !contains(resp.body, "no longer exists") {
		t.Errorf("second remediate: %d %s", resp.status, resp.body)
	}
	r.refresh(alerttypes.StaleSignIn)
	if st := s.Alert(alerttypes.StaleSignIn); st.IncidentCount != 1 || slices.Contains(st.IncidentIDs, allanAssignment) {
		t.Errorf("after refresh: %+v", st)
	}
	r.get(r.alertPath(alerttypes.StaleSignIn, "/alertIncidents/", allanAssignment), http.StatusNotFound)

	// Too many global admins: removes every GA assignment of the user.
	path = r.alertPath(alerttypes.TooManyGlobalAdmins, "/alertIncidents/", breakGlassID, "/remediate")
	if resp := r.do(http.MethodPost, path, nil); resp.status != http.StatusOK {
		t.Fatalf("remediate GA: %d %s", resp.status, resp.body)
	}
	if resp := r.do(http.MethodPost, path, nil); resp.status != http.StatusBadRequest {
		t.Errorf("second remediate GA: %d %s", resp.status, resp.body)
	}
	r.refresh("")
	if st := s.Alert(alerttypes.TooManyGlobalAdmins); st.IncidentCount != 4 || !st.IsActive {
		t.Errorf("after GA remediation: %+v", st)
	}
	if st := s.Alert(alerttypes.RolesAssignedOutsidePim); st.IncidentCount != 1 {
		t.Errorf("outside-PIM after removing the break-glass GA assignment: %+v", st)
	}

	// No MFA: remediation turns MFA on for the role.
	path = r.alertPath(alerttypes.NoMfaOnRoleActivation, "/alertIncidents/", helpdeskRoleID, "/remediate")
	if resp := r.do(http.MethodPost, path, nil); resp.status != http.StatusOK {
		t.Fatalf("remediate MFA: %d %s", resp.status, resp.body)
	}
	r.refresh(alerttypes.NoMfaOnRoleActivation)
	if st := s.Alert(alerttypes.NoMfaOnRoleActivation); st.IsActive || st.IncidentCount != 0 {
		t.Errorf("after MFA remediation: %+v", st)
	}

	// Unknown incident and not remediatable.
	if resp := r.do(http.MethodPost, r.alertPath(alerttypes.StaleSignIn, "/alertIncidents/nope/remediate"), nil); resp.status != http.StatusNotFound {
		t.Errorf("remediate unknown: %d %s", resp.status, resp.body)
	}
	seq := s.Alert(alerttypes.SequentialActivation).IncidentIDs[0]
	if resp := r.do(http.MethodPost, r.alertPath(alerttypes.SequentialActivation, "/alertIncidents/", seq, "/remediate"), nil); resp.status != http.StatusBadRequest || !contains(resp.body, "not remediatable") {
		t.Errorf("remediate sequential: %d %s", resp.status, resp.body)
	}
}

func contains(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }

func TestDismissAndReactivate(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	typ := alerttypes.RolesAssignedOutsidePim
	r.dismiss(typ)
	if a := r.get(r.alertPath(typ), http.StatusOK); a["isActive"] != false || a["incidentCount"] != 1.0 {
		t.Errorf("dismissed alert = %v", a)
	}
	if list := r.get(r.alertPath(typ, "/alertIncidents"), http.StatusOK); len(list["value"].([]any)) != 1 {
		t.Errorf("dismissed alert's incidents = %v", list)
	}
	r.refresh(typ)
	if a := r.get(r.alertPath(typ), http.StatusOK); a["isActive"] != true {
		t.Errorf("refresh did not reactivate: %v", a)
	}
	// Out of band, and back through PATCH.
	s.SetAlertActive(typ, false)
	if resp := r.do(http.MethodPatch, r.alertPath(typ), map[string]any{"isActive": true}); resp.status != http.StatusNoContent || !s.Alert(typ).IsActive {
		t.Errorf("reactivate: %d %s", resp.status, resp.body)
	}
}

func TestDisabledConfiguration(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, r := newTenant(t, mockgraph.WithClock(clk.Now))
	typ := alerttypes.StaleSignIn
	before := s.Alert(typ)
	clk.Advance(time.Hour)
	if resp := r.do(http.MethodPatch, prefix+"/alertConfigurations/"+s.AlertID(typ),
		map[string]any{"@odata.type": "#microsoft.graph.staleSignInAlertConfiguration", "isEnabled": false}); resp.status != http.StatusNoContent {
		t.Fatalf("disable: %d %s", resp.status, resp.body)
	}
	r.refresh(typ)
	st := s.Alert(typ)
	if st.IsActive || st.IncidentCount != 0 || !st.LastScanned.Equal(before.LastScanned) {
		t.Errorf("disabled alert after refresh = %+v (before %+v)", st, before)
	}
	disabled := r.get(prefix+"/alerts?"+scopeQuery+"%20and%20alertConfiguration/isEnabled%20eq%20false", http.StatusOK)
	if v := disabled["value"].([]any); len(v) != 1 || v[0].(map[string]any)["id"] != s.AlertID(typ) {
		t.Errorf("filter on isEnabled = %v", disabled)
	}
	// A new stale account does not fire while disabled; re-enabling scans again.
	s.AddAssignment(mockgraph.Assignment{PrincipalID: breakGlassID, RoleDefinitionID: userAdminRoleID, Created: clockStart.AddDate(-1, 0, 0)})
	r.refresh(typ)
	if st := s.Alert(typ); st.IncidentCount != 0 {
		t.Errorf("disabled alert found incidents: %+v", st)
	}
	if err := s.SetConfiguration(typ, map[string]any{"isEnabled": true, "duration": "P14D"}); err != nil {
		t.Fatal(err)
	}
	r.refresh(typ)
	if st := s.Alert(typ); !st.IsActive || st.IncidentCount != 4 {
		t.Errorf("re-enabled alert = %+v", st)
	}
}

func TestLastModifiedOnlyOnChange(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s := mockgraph.New(t, mockgraph.WithClock(clk.Now))
	typ := alerttypes.StaleSignIn
	first := s.Alert(typ)
	clk.Advance(time.Hour)
	s.Scan(typ)
	second := s.Alert(typ)
	if !second.LastModified.Equal(first.LastModified) || !second.LastScanned.After(first.LastScanned) {
		t.Errorf("unchanged scan: before %+v after %+v", first, second)
	}
	clk.Advance(time.Hour)
	s.RemoveAssignment(enricoAssignment)
	s.Scan()
	third := s.Alert(typ)
	if !third.LastModified.Equal(clk.Now()) || third.IncidentCount != 1 {
		t.Errorf("changed scan: %+v", third)
	}
}

func TestOutOfBandModel(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	u, a := s.AddGlobalAdmin("Eve Intruder")
	if u.ID == "" || u.UserPrincipalName != "eve.intruder@contoso.onmicrosoft.com" || a.ViaPIM || a.Eligible || a.RoleDefinitionID != mockgraph.GlobalAdministratorRoleID {
		t.Fatalf("AddGlobalAdmin = %+v, %+v", u, a)
	}
	s.Scan()
	if !slices.Contains(s.Alert(alerttypes.RolesAssignedOutsidePim).IncidentIDs, a.ID) ||
		!slices.Contains(s.Alert(alerttypes.TooManyGlobalAdmins).IncidentIDs, u.ID) {
		t.Errorf("new GA not reported: %+v %+v", s.Alert(alerttypes.RolesAssignedOutsidePim), s.Alert(alerttypes.TooManyGlobalAdmins))
	}
	if !s.RemoveAssignment(a.ID) || s.RemoveAssignment(a.ID) {
		t.Error("RemoveAssignment")
	}

	// A second burst of activations.
	for i := range 3 {
		s.AddActivation(mockgraph.Activation{PrincipalID: u.ID, RoleDefinitionID: exchangeAdminRole, Time: s.Now().Add(time.Duration(i) * time.Second)})
	}
	s.SetRoleRequiresMFA(exchangeAdminRole, false)
	s.AddAssignment(mockgraph.Assignment{PrincipalID: u.ID, RoleDefinitionID: exchangeAdminRole, Eligible: true, ViaPIM: true})
	s.Scan(alerttypes.SequentialActivation, alerttypes.NoMfaOnRoleActivation)
	if n := s.Alert(alerttypes.SequentialActivation).IncidentCount; n != 2 {
		t.Errorf("sequential incidents = %d, want 2", n)
	}
	if got := s.Alert(alerttypes.NoMfaOnRoleActivation).IncidentIDs; !slices.Contains(got, exchangeAdminRole) {
		t.Errorf("NoMfa incidents = %v", got)
	}

	cfg := s.Configuration(alerttypes.TooManyGlobalAdmins)
	if cfg["@odata.type"] != "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration" ||
		cfg["globalAdminCountThreshold"] != 3 || cfg["percentageOfGlobalAdminsOutOfRolesThreshold"] != 10 || cfg["isEnabled"] != true {
		t.Errorf("Configuration = %v", cfg)
	}
	if cfg := s.Configuration(alerttypes.StaleSignIn); cfg["duration"] != "P30D" {
		t.Errorf("stale Configuration = %v", cfg)
	}
	for _, bad := range []map[string]any{
		{"isEnabled": "true"}, {"duration": "P30D"}, {"globalAdminCountThreshold": 1}, {"globalAdminCountThreshold": 3.5},
		{"unknown": 1}, {"id": "other"},
	} {
		if err := s.SetConfiguration(alerttypes.TooManyGlobalAdmins, bad); err == nil {
			t.Errorf("SetConfiguration(%v) succeeded", bad)
		}
	}
	if err := s.SetConfiguration("Nope", map[string]any{}); err == nil {
		t.Error("SetConfiguration of an unknown type succeeded")
	}
	if err := s.SetConfiguration(alerttypes.StaleSignIn, map[string]any{"duration": "PT720H"}); err != nil {
		t.Fatal(err)
	}
	if d := s.Configuration(alerttypes.StaleSignIn)["duration"]; d != "P30D" {
		t.Errorf("PT720H stored as %v, want normalised P30D", d)
	}
}

func TestSeeds(t *testing.T) {
	t.Parallel()
	seed, err := mockgraph.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	seed.LicenseStatus = "Free"
	seed.Configurations = map[string]map[string]any{alerttypes.TooManyGlobalAdmins: {"globalAdminCountThreshold": 10}}
	s := mockgraph.New(t, mockgraph.WithSeed(seed))
	if st := s.Alert(alerttypes.InvalidLicense); !st.IsActive {
		t.Errorf("InvalidLicense with a Free licence: %+v", st)
	}
	// The seed's incident, whose one property is tenantLicenseStatus
	// (invalidLicenseAlertIncident, msgraph-metadata schemas/beta-USNat.csdl).
	want := []map[string]any{{"@odata.type": "#microsoft.graph.invalidLicenseAlertIncident", "id": s.TenantID(), "tenantLicenseStatus": "Free"}}
	if got := s.Incidents(alerttypes.InvalidLicense); !reflect.DeepEqual(got, want) {
		t.Errorf("InvalidLicense incidents of a Free seed = %v, want %v", got, want)
	}
	if st := s.Alert(alerttypes.TooManyGlobalAdmins); st.IsActive {
		t.Errorf("TooManyGlobalAdmins with threshold 10: %+v", st)
	}

	for name, js := range map[string]string{
		"bad tenant":      `{"tenantId":"x"}`,
		"unknown field":   `{"tenantId":"ed642b2d-5971-4448-aef8-d47f8e05322e","nope":1}`,
		"dangling":        `{"tenantId":"ed642b2d-5971-4448-aef8-d47f8e05322e","assignments":[{"id":"a","principalId":"u","roleDefinitionId":"r","created":"-1d"}]}`,
		"bad time":        `{"tenantId":"ed642b2d-5971-4448-aef8-d47f8e05322e","users":[{"id":"u","lastSignIn":"-4x"}]}`,
		"bad config":      `{"tenantId":"ed642b2d-5971-4448-aef8-d47f8e05322e","configurations":{"StaleSignInAlert":{"duration":5}}}`,
		"duplicate users": `{"tenantId":"ed642b2d-5971-4448-aef8-d47f8e05322e","users":[{"id":"u"},{"id":"u"}]}`,
	} {
		if _, err := mockgraph.ParseSeed([]byte(js)); err == nil {
			t.Errorf("%s: ParseSeed succeeded", name)
		}
	}
	minimal, err := mockgraph.ParseSeed([]byte(`{"tenantId":"ed642b2d-5971-4448-aef8-d47f8e05322e","licenseStatus":"Governance",
		"users":[{"id":"u","displayName":"U","userPrincipalName":"u@x","lastSignIn":"-1d12h"}],
		"roles":[{"id":"r","displayName":"R","privileged":true}],
		"assignments":[{"id":"a","principalId":"u","roleDefinitionId":"r","created":"-10d"}],
		"activations":[{"principalId":"u","roleDefinitionId":"r","time":"-2d+3s"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	m := mockgraph.New(t, mockgraph.WithSeed(minimal), mockgraph.WithClock(clk.Now))
	if got := m.Users()[0].LastSignIn; !got.Equal(clockStart.Add(-36 * time.Hour)) {
		t.Errorf("lastSignIn -1d12h = %v", got)
	}
	if st := m.Alert(alerttypes.RolesAssignedOutsidePim); st.IncidentCount != 1 {
		t.Errorf("minimal tenant outside-PIM = %+v", st)
	}
	if id, _ := m.ReadWriteClient(); id != "" {
		t.Errorf("seed without apps has a read-write client %q", id)
	}
}
