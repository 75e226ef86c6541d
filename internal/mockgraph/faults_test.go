package mockgraph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

func TestFaultThrottle(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	id := s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultThrottle, Route: "alerts.get", Count: 1, RetryAfter: 1500 * time.Millisecond})
	if _, ok := s.Faults()[id]; !ok {
		t.Fatal("fault not listed")
	}
	resp := r.do(http.MethodGet, r.alertPath(alerttypes.StaleSignIn), nil)
	if resp.status != http.StatusTooManyRequests || resp.header.Get("Retry-After") != "2" || errorCode(t, resp) != "TooManyRequests" {
		t.Errorf("throttled: %d Retry-After %q %s", resp.status, resp.header.Get("Retry-After"), resp.body)
	}
	if len(s.Faults()) != 0 {
		t.Error("a fault with Count 1 is still listed after firing")
	}
	r.get(r.alertPath(alerttypes.StaleSignIn), http.StatusOK)

	// The SDK's retry handler honours Retry-After and succeeds.
	s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultThrottle, Route: "alerts.get", Count: 1})
	s.ResetRequests()
	start := time.Now()
	if _, err := alertsAPI(t, s).Alerts().ByUnifiedRoleManagementAlertId(s.AlertID(alerttypes.StaleSignIn)).Get(context.Background(), nil); err != nil {
		t.Fatalf("SDK after throttling: %v", err)
	}
	if time.Since(start) < time.Second {
		t.Error("the SDK did not wait for Retry-After")
	}
	var statuses []int
	for _, req := range s.GraphRequests() {
		statuses = append(statuses, req.Status)
	}
	if !slices.Equal(statuses, []int{http.StatusTooManyRequests, http.StatusOK}) {
		t.Errorf("statuses %v", statuses)
	}
}

func TestFaultKinds(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	path := r.alertPath(alerttypes.StaleSignIn)
	for _, tc := range []struct {
		fault  mockgraph.Fault
		status int
		code   string
	}{
		{mockgraph.Fault{Kind: mockgraph.FaultUnavailable}, http.StatusServiceUnavailable, "ServiceNotAvailable"},
		{mockgraph.Fault{Kind: mockgraph.FaultTimeout}, http.StatusGatewayTimeout, "GatewayTimeout"},
		{mockgraph.Fault{Kind: mockgraph.FaultError, Status: http.StatusConflict, Code: "Conflict", Message: "busy"}, http.StatusConflict, "Conflict"},
		{mockgraph.Fault{Kind: mockgraph.FaultError}, http.StatusInternalServerError, "InternalServerError"},
	} {
		tc.fault.Count = 1
		s.AddFault(tc.fault)
		resp := r.do(http.MethodGet, path, nil)
		if resp.status != tc.status || errorCode(t, resp) != tc.code {
			t.Errorf("%s: %d %s", tc.fault.Kind, resp.status, resp.body)
		}
		if tc.status == http.StatusServiceUnavailable && resp.header.Get("Retry-After") != "1" {
			t.Errorf("503 Retry-After %q", resp.header.Get("Retry-After"))
		}
	}

	// Matching by method and alert type; other requests pass.
	faultID := s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Method: http.MethodPatch, AlertType: alerttypes.TooManyGlobalAdmins})
	r.get(path, http.StatusOK)
	if resp := r.do(http.MethodPatch, path, map[string]any{"isActive": false}); resp.status != http.StatusNoContent {
		t.Errorf("PATCH of another alert: %d", resp.status)
	}
	if resp := r.do(http.MethodPatch, r.alertPath(alerttypes.TooManyGlobalAdmins), map[string]any{"isActive": false}); resp.status != http.StatusInternalServerError {
		t.Errorf("PATCH of the faulty alert: %d", resp.status)
	}
	s.RemoveFault(faultID)

	// A route name targets the token endpoint too; "" only Graph routes.
	id, secret := s.ReadWriteClient()
	scope := s.GraphEndpoint() + "/.default"
	s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultUnavailable})
	if status, _ := r.requestToken(id, secret, scope); status != http.StatusOK {
		t.Errorf("token endpoint hit by a Graph-wide fault: %d", status)
	}
	s.ClearFaults()
	s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultUnavailable, Route: "token", Count: 1})
	if status, _ := r.requestToken(id, secret, scope); status != http.StatusServiceUnavailable {
		t.Errorf("token fault: %d", status)
	}

	// Latency, from the option and from a fault.
	s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultLatency, Latency: 150 * time.Millisecond, Route: "alerts.get", Count: 1})
	start := time.Now()
	r.get(path, http.StatusOK)
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("latency fault: answered in %v", d)
	}
	_, rs := newTenant(t, mockgraph.WithLatency(100*time.Millisecond))
	start = time.Now()
	rs.get(rs.alertPath(alerttypes.StaleSignIn), http.StatusOK)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("WithLatency: answered in %v", d)
	}
}

func TestFaultDrop(t *testing.T) {
	t.Parallel()
	s, r := newTenant(t)
	s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultDrop, Route: "alerts.refresh", Count: 1})
	req, _ := http.NewRequest(http.MethodPost, s.GraphEndpoint()+r.alertPath(alerttypes.StaleSignIn, "/refresh"), nil)
	req.Header.Set("Authorization", "Bearer "+r.token)
	if resp, err := s.HTTPClient().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped request answered %d", resp.StatusCode)
	}
	log := s.GraphRequests()
	if last := log[len(log)-1]; last.Route != "alerts.refresh" || last.Status != 0 || !last.Write {
		t.Errorf("log entry of the dropped request: %+v", last)
	}
	if resp := r.do(http.MethodPost, r.alertPath(alerttypes.StaleSignIn, "/refresh"), nil); resp.status != http.StatusAccepted {
		t.Errorf("after the drop: %d", resp.status)
	}
}

func TestFaultFailOperation(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, r := newTenant(t, mockgraph.WithClock(clk.Now))
	before := s.Alert(alerttypes.StaleSignIn)
	s.SetAlertActive(alerttypes.StaleSignIn, false)
	clk.Advance(time.Hour)
	s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultFailOperation, Route: "alerts.refresh", Count: 1, StatusDetail: "The scan timed out."})
	op := r.refresh(alerttypes.StaleSignIn)
	if op["status"] != "failed" || op["statusDetail"] != "The scan timed out." || op["resourceLocation"] != "" {
		t.Errorf("failed operation = %v", op)
	}
	if st := s.Alert(alerttypes.StaleSignIn); st.IsActive || !st.LastScanned.Equal(before.LastScanned) {
		t.Errorf("a failed refresh changed the alert: %+v", st)
	}
	// The next refresh succeeds; refresh-all matches a route-less fault.
	if op := r.refresh(alerttypes.StaleSignIn); op["status"] != "succeeded" {
		t.Errorf("second refresh: %v", op)
	}
	s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultFailOperation})
	if op := r.refresh(""); op["status"] != "failed" || op["statusDetail"] == "" {
		t.Errorf("refresh all with a failOperation fault: %v", op)
	}
}

func TestFaultRateIsReproducible(t *testing.T) {
	t.Parallel()
	run := func() []int {
		s, r := newTenant(t, mockgraph.WithRandSeed(42))
		s.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Route: "alerts.get", Rate: 0.5})
		var out []int
		for range 30 {
			out = append(out, r.do(http.MethodGet, r.alertPath(alerttypes.StaleSignIn), nil).status)
		}
		return out
	}
	a, b := run(), run()
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different faults:\n%v\n%v", a, b)
	}
	failed := 0
	for _, st := range a {
		if st == http.StatusInternalServerError {
			failed++
		}
	}
	if failed < 5 || failed > 25 {
		t.Errorf("rate 0.5 failed %d of 30 requests", failed)
	}
}

func TestParseFault(t *testing.T) {
	t.Parallel()
	f, err := mockgraph.ParseFault("throttle:alerts.list:0.25:3")
	if err != nil || f.Kind != mockgraph.FaultThrottle || f.Route != "alerts.list" || f.Rate != 0.25 || f.Count != 3 || f.RetryAfter != time.Second {
		t.Errorf("ParseFault = %+v, %v", f, err)
	}
	for _, bad := range []string{"explode", "throttle:x:2", "throttle:x:abc", "drop:x:1:-1", "a:b:c:d:e"} {
		if _, err := mockgraph.ParseFault(bad); err == nil {
			t.Errorf("ParseFault(%q) succeeded", bad)
		}
	}
	var back mockgraph.Fault
	b, _ := json.Marshal(mockgraph.Fault{Kind: mockgraph.FaultLatency, Latency: 250 * time.Millisecond, Route: "alerts.get"})
	if err := json.Unmarshal(b, &back); err != nil || back.Latency != 250*time.Millisecond || back.Route != "alerts.get" {
		t.Errorf("JSON round trip %s -> %+v, %v", b, back, err)
	}
	if err := json.Unmarshal([]byte(`{"kind":"throttle","retryAfter":3}`), &back); err != nil || back.RetryAfter != 3*time.Second {
		t.Errorf("retryAfter in seconds: %+v %v", back, err)
	}
}
