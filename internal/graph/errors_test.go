package graph_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// TestMissingProvider: a list without the scope filter gets Graph's bare
// {"errorCode","message"} body, which makes the SDK's ODataError.Error panic;
// the client returns a typed error instead.
func TestMissingProvider(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)

	err := c.ListAlertsWithoutScopeFilter(t.Context())
	ge := asError(t, err)
	if ge.StatusCode != http.StatusBadRequest || ge.Code != "MissingProvider" || ge.Message != "The provider is missing." {
		t.Errorf("got %+v", ge)
	}
	if want := srv.GraphRequests()[0].RequestID; want != "" && ge.RequestID != want {
		t.Errorf("request id %q, simulator answered %q", ge.RequestID, want)
	}
	_ = err.Error() // must not panic
}

func TestReadOnlyApp(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	c := newClient(t, srv, readOnly(t, srv))

	if _, err := c.GetAlert(t.Context(), builtin(alerttypes.StaleSignIn)); err != nil {
		t.Fatalf("read with the read-only app: %v", err)
	}
	activeBefore := srv.Alert(alerttypes.StaleSignIn).IsActive
	enabledBefore := srv.Configuration(alerttypes.StaleSignIn)["isEnabled"]
	writes := map[string]error{
		"update alert":               c.SetAlertActive(t.Context(), builtin(alerttypes.StaleSignIn), false),
		"update alert configuration": c.UpdateConfiguration(t.Context(), builtin(alerttypes.StaleSignIn), graph.ConfigurationUpdate{Enabled: ptr(false)}),
	}
	for op, err := range writes {
		ge := asError(t, err)
		if ge.StatusCode != http.StatusForbidden || ge.Operation != op || ge.Code == "" || ge.RequestID == "" {
			t.Errorf("%s: got %+v", op, ge)
		}
		if graph.IsNotFound(err) || graph.IsThrottled(err) {
			t.Errorf("%s: 403 classified as not found or throttled", op)
		}
	}
	if srv.Alert(alerttypes.StaleSignIn).IsActive != activeBefore || srv.Configuration(alerttypes.StaleSignIn)["isEnabled"] != enabledBefore {
		t.Error("the read-only app changed the tenant")
	}
}

// TestErrorEnvelope: code, message and ids of the standard envelope.
func TestErrorEnvelope(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Route: "alerts.get", Status: http.StatusConflict, Code: "Conflict", Message: "try later", Count: 1})

	_, err := c.GetAlert(t.Context(), builtin(alerttypes.StaleSignIn))
	ge := asError(t, err)
	reqs := srv.GraphRequests()
	last := reqs[len(reqs)-1]
	if ge.StatusCode != http.StatusConflict || ge.Code != "Conflict" || ge.Message != "try later" || ge.Operation != "get alert" {
		t.Errorf("got %+v", ge)
	}
	if ge.RequestID == "" || ge.RequestID != last.RequestID || ge.ClientRequestID == "" || ge.ClientRequestID != last.ClientRequestID {
		t.Errorf("ids %q/%q, simulator %q/%q", ge.RequestID, ge.ClientRequestID, last.RequestID, last.ClientRequestID)
	}
	want := "get alert: 409 Conflict: try later (request-id " + last.RequestID + ")"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

// TestThrottling: Retry-After is honoured by the retry handler, also for a
// gzip-compressed PATCH; with retries off the 429 surfaces as IsThrottled.
func TestThrottling(t *testing.T) {
	t.Parallel()

	t.Run("retried", func(t *testing.T) {
		t.Parallel()
		srv, c := simulated(t)
		srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultThrottle, Route: "alerts.get", Count: 1, RetryAfter: time.Second})
		start := time.Now()
		getAlert(t, c, alerttypes.StaleSignIn)
		if elapsed := time.Since(start); elapsed < time.Second {
			t.Errorf("retried after %v, before Retry-After", elapsed)
		}
		reqs := srv.GraphRequests()
		if len(reqs) != 2 || reqs[0].Status != http.StatusTooManyRequests || reqs[1].Status != http.StatusOK {
			t.Errorf("requests %+v", reqs)
		}
	})

	t.Run("patch retried compressed", func(t *testing.T) {
		t.Parallel()
		srv, c := simulated(t)
		srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultUnavailable, Route: "configurations.patch", Count: 1, RetryAfter: time.Second})
		update := graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"globalAdminCountThreshold": alerttypes.IntValue(6)}}
		if err := c.UpdateConfiguration(t.Context(), builtin(alerttypes.TooManyGlobalAdmins), update); err != nil {
			t.Fatal(err)
		}
		writes := srv.WriteRequests()
		if len(writes) != 2 || writes[0].Status != http.StatusServiceUnavailable || writes[1].Status != http.StatusNoContent {
			t.Fatalf("writes %+v", writes)
		}
		if string(writes[0].Body) != string(writes[1].Body) {
			t.Errorf("retry body %q differs from %q", writes[1].Body, writes[0].Body)
		}
		if got := srv.Configuration(alerttypes.TooManyGlobalAdmins)["globalAdminCountThreshold"]; got != 6 {
			t.Errorf("threshold = %v after the retried PATCH", got)
		}
	})

	t.Run("retries off", func(t *testing.T) {
		t.Parallel()
		srv, c := simulated(t, func(cfg *graph.Config) { cfg.MaxRetries = -1 })
		srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultThrottle, Route: "alerts.get", RetryAfter: time.Second})
		_, err := c.GetAlert(t.Context(), builtin(alerttypes.StaleSignIn))
		if !graph.IsThrottled(err) || graph.IsNotFound(err) {
			t.Fatalf("error %v, want throttled", err)
		}
		if ge := asError(t, err); ge.StatusCode != http.StatusTooManyRequests || ge.Code != "TooManyRequests" {
			t.Errorf("got %+v", ge)
		}
		if n := countRoute(srv, "alerts.get"); n != 1 {
			t.Errorf("%d attempts with retries off", n)
		}
	})

	t.Run("Retry-After too long", func(t *testing.T) {
		t.Parallel()
		srv, c := simulated(t, func(cfg *graph.Config) { cfg.MaxRetryAfter = time.Second })
		srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultUnavailable, Route: "alerts.get", RetryAfter: 30 * time.Second})
		start := time.Now()
		_, err := c.GetAlert(t.Context(), builtin(alerttypes.StaleSignIn))
		if !graph.IsThrottled(err) || time.Since(start) > 10*time.Second {
			t.Fatalf("error %v after %v, want an immediate 503", err, time.Since(start))
		}
	})
}

func TestTransportError(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, fastRetries)
	// Unlimited: net/http itself retries an idempotent GET once on a
	// reused connection.
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultDrop, Route: "alerts.get"})
	_, err := c.GetAlert(t.Context(), builtin(alerttypes.StaleSignIn))
	ge := asError(t, err)
	if ge.StatusCode != 0 || ge.Err == nil || graph.IsNotFound(err) || graph.IsThrottled(err) {
		t.Errorf("got %+v", ge)
	}
}
