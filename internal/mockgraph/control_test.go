package mockgraph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// control calls the /_simulator/ control API (no token) and decodes the answer into out.
func control(t *testing.T, s *mockgraph.Server, method, path, body string, status int, out any) {
	t.Helper()
	req, err := http.NewRequest(method, s.GraphEndpoint()+"/_simulator/"+path, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != status {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		t.Fatalf("%s /_simulator/%s: %d %s, want %d", method, path, resp.StatusCode, b.String(), status)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s /_simulator/%s: %v", method, path, err)
		}
	}
}

func TestControlAPI(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	r.get(r.alertPath(alerttypes.StaleSignIn), http.StatusOK)

	var routes map[string][]string
	control(t, s, http.MethodGet, "", "", http.StatusOK, &routes)
	if len(routes["routes"]) == 0 {
		t.Error("no routes listed")
	}

	var log []map[string]any
	control(t, s, http.MethodGet, "requests", "", http.StatusOK, &log)
	if len(log) < 2 || log[len(log)-1]["route"] != "alerts.get" {
		t.Errorf("request log = %v", log)
	}
	control(t, s, http.MethodDelete, "requests", "", http.StatusNoContent, nil)
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests after DELETE (control calls must not be logged)", n)
	}

	var alert mockgraph.AlertState
	control(t, s, http.MethodPatch, "alerts/StaleSignInAlert", `{"isActive":false}`, http.StatusOK, &alert)
	if alert.IsActive || s.Alert(alerttypes.StaleSignIn).IsActive {
		t.Errorf("PATCH alert: %+v", alert)
	}
	var alerts []mockgraph.AlertState
	control(t, s, http.MethodGet, "alerts", "", http.StatusOK, &alerts)
	if len(alerts) != 7 {
		t.Errorf("%d alerts", len(alerts))
	}
	control(t, s, http.MethodGet, "alerts/Nope", "", http.StatusNotFound, nil)

	var cfg map[string]any
	control(t, s, http.MethodPatch, "configurations/TooManyGlobalAdminsAssignedToTenantAlert", `{"globalAdminCountThreshold":6}`, http.StatusOK, &cfg)
	if cfg["globalAdminCountThreshold"] != 6.0 {
		t.Errorf("configuration = %v", cfg)
	}
	control(t, s, http.MethodPatch, "configurations/TooManyGlobalAdminsAssignedToTenantAlert", `{"globalAdminCountThreshold":"6"}`, http.StatusBadRequest, nil)
	control(t, s, http.MethodPost, "scan", `{"alertTypes":["TooManyGlobalAdminsAssignedToTenantAlert"]}`, http.StatusOK, &alerts)
	if st := s.Alert(alerttypes.TooManyGlobalAdmins); st.IsActive {
		t.Errorf("scan with threshold 6: %+v", st)
	}
	control(t, s, http.MethodPost, "scan", `{"alertTypes":["Nope"]}`, http.StatusBadRequest, nil)

	var added struct {
		User       mockgraph.User       `json:"user"`
		Assignment mockgraph.Assignment `json:"assignment"`
	}
	control(t, s, http.MethodPost, "global-admins", `{"displayName":"Rogue Admin"}`, http.StatusCreated, &added)
	control(t, s, http.MethodPost, "scan", "", http.StatusOK, nil)
	var incidents []map[string]any
	control(t, s, http.MethodGet, "incidents/RolesAssignedOutsidePimAlert", "", http.StatusOK, &incidents)
	// Isaiah's 20-day-old assignment and the new one; the break-glass
	// account's 400-day-old one is outside the 30-day look-back.
	if len(incidents) != 2 {
		t.Errorf("outside-PIM incidents after adding a GA: %v", incidents)
	}
	control(t, s, http.MethodDelete, "assignments/"+added.Assignment.ID, "", http.StatusNoContent, nil)
	control(t, s, http.MethodDelete, "assignments/"+added.Assignment.ID, "", http.StatusNotFound, nil)

	var user mockgraph.User
	control(t, s, http.MethodPost, "users", `{"displayName":"Old Account","lastSignIn":"-400d"}`, http.StatusCreated, &user)
	if ago := s.Now().Sub(user.LastSignIn); ago < 400*24*time.Hour || ago > 400*24*time.Hour+time.Minute {
		t.Errorf("lastSignIn -400d is %v ago", ago)
	}
	control(t, s, http.MethodPost, "users", `{"displayName":"Bad Time","lastSignIn":"-4x"}`, http.StatusBadRequest, nil)
	var asg mockgraph.Assignment
	control(t, s, http.MethodPost, "assignments",
		`{"principalId":"`+user.ID+`","roleDefinitionId":"`+mockgraph.GlobalAdministratorRoleID+`","viaPim":true,"created":"-365d"}`, http.StatusCreated, &asg)
	control(t, s, http.MethodPost, "assignments", `{"principalId":"nobody","roleDefinitionId":"x"}`, http.StatusBadRequest, nil)
	control(t, s, http.MethodPost, "activations", `{"principalId":"`+user.ID+`","roleDefinitionId":"`+mockgraph.GlobalAdministratorRoleID+`","time":"-1h"}`, http.StatusCreated, nil)
	control(t, s, http.MethodPut, "roles/"+mockgraph.GlobalAdministratorRoleID+"/mfa", `{"require":false}`, http.StatusNoContent, nil)
	control(t, s, http.MethodPut, "license", `{"status":"Free"}`, http.StatusNoContent, nil)
	var lic map[string]string
	control(t, s, http.MethodGet, "license", "", http.StatusOK, &lic)
	if lic["status"] != "Free" {
		t.Errorf("license = %v", lic)
	}
	// The daily scan leaves the dismissed StaleSignIn alert alone (the
	// default DailyScan); a refresh reactivates it.
	control(t, s, http.MethodPost, "scan", "{}", http.StatusOK, nil)
	for typ, want := range map[string]bool{
		alerttypes.InvalidLicense: true, alerttypes.StaleSignIn: false, alerttypes.NoMfaOnRoleActivation: true,
	} {
		if st := s.Alert(typ); st.IsActive != want {
			t.Errorf("%s after control changes and a daily scan: %+v", typ, st)
		}
	}
	control(t, s, http.MethodPost, "refresh", `{"alertTypes":["StaleSignInAlert"]}`, http.StatusOK, nil)
	if st := s.Alert(alerttypes.StaleSignIn); !st.IsActive {
		t.Errorf("StaleSignIn after a refresh: %+v", st)
	}
	var users []mockgraph.User
	control(t, s, http.MethodGet, "users", "", http.StatusOK, &users)
	var roles []mockgraph.Role
	control(t, s, http.MethodGet, "roles", "", http.StatusOK, &roles)
	if len(users) != len(s.Users()) || len(roles) != len(s.Roles()) {
		t.Errorf("%d users, %d roles", len(users), len(roles))
	}

	var fault map[string]string
	control(t, s, http.MethodPost, "faults", `{"kind":"throttle","route":"alerts.get","count":1,"retryAfter":"2s"}`, http.StatusCreated, &fault)
	var faults map[string]mockgraph.Fault
	control(t, s, http.MethodGet, "faults", "", http.StatusOK, &faults)
	if f := faults[fault["id"]]; f.Kind != mockgraph.FaultThrottle || f.RetryAfter.Seconds() != 2 {
		t.Errorf("faults = %v", faults)
	}
	resp := r.do(http.MethodGet, r.alertPath(alerttypes.StaleSignIn), nil)
	if resp.status != http.StatusTooManyRequests || resp.header.Get("Retry-After") != "2" {
		t.Errorf("fault from the control API: %d %v", resp.status, resp.header)
	}
	control(t, s, http.MethodPost, "faults", `{"kind":"explode"}`, http.StatusBadRequest, nil)
	control(t, s, http.MethodPost, "faults", `{"kind":"drop"}`, http.StatusCreated, &fault)
	control(t, s, http.MethodDelete, "faults/"+fault["id"], "", http.StatusNoContent, nil)
	control(t, s, http.MethodDelete, "faults", "", http.StatusNoContent, nil)
	if len(s.Faults()) != 0 {
		t.Error("faults left")
	}
	control(t, s, http.MethodGet, "nope", "", http.StatusNotFound, nil)
}
