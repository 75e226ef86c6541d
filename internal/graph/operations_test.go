package graph_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// TestRefreshAlert: the operation id comes from the Location header and
// round-trips through GetOperation although it contains ':'.
func TestRefreshAlert(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	name := alerttypes.StaleSignIn

	opID, err := c.RefreshAlert(t.Context(), builtin(name))
	if err != nil {
		t.Fatal(err)
	}
	if want := "refresh:" + srv.AlertID(name); opID != want {
		t.Errorf("operation id = %q, want %q", opID, want)
	}
	writes := srv.WriteRequests()
	if len(writes) != 1 || writes[0].Route != "alerts.refresh" || writes[0].Status != 202 || len(writes[0].Body) != 0 {
		t.Fatalf("writes %+v", writes)
	}

	op, err := c.GetOperation(t.Context(), opID)
	if err != nil {
		t.Fatal(err)
	}
	if op.ID != opID || op.Status == graph.StatusSucceeded {
		t.Errorf("first poll %+v", op)
	}
	last := srv.GraphRequests()[len(srv.GraphRequests())-1]
	if last.Route != "operations.get" || !strings.HasSuffix(last.Path, "/operations/"+opID) {
		t.Errorf("operation read as %s %s", last.Route, last.Path)
	}

	op, err = c.WaitOperation(t.Context(), opID)
	if err != nil {
		t.Fatal(err)
	}
	if op.Status != graph.StatusSucceeded || op.ResourceLocation == "" || op.Created == nil {
		t.Errorf("final %+v", op)
	}
	if n := countRoute(srv, "operations.get"); n < 3 {
		t.Errorf("%d operation polls, want notStarted, running, succeeded", n)
	}
}

func TestRefreshAll(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)

	opID, err := c.RefreshAll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if opID == "" {
		t.Fatal("empty operation id")
	}
	writes := srv.WriteRequests()
	if len(writes) != 1 || writes[0].Route != "alerts.refreshAll" || writes[0].Status != 202 {
		t.Fatalf("writes %+v", writes)
	}
	body := jsonBody(t, writes[0].Body)
	if len(body) != 2 || body["scopeId"] != "/" || body["scopeType"] != "DirectoryRole" {
		t.Errorf("body = %s", writes[0].Body)
	}
	op, err := c.WaitOperation(t.Context(), opID)
	if err != nil || op.Status != graph.StatusSucceeded {
		t.Fatalf("WaitOperation = %+v, %v", op, err)
	}
}

func TestWaitOperationFailed(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultFailOperation, StatusDetail: "scan aborted"})

	opID, err := c.RefreshAlert(t.Context(), builtin(alerttypes.RedundantAssignment))
	if err != nil {
		t.Fatal(err)
	}
	op, err := c.WaitOperation(t.Context(), opID)
	var failed *graph.OperationFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("error %v (%T), want *OperationFailedError", err, err)
	}
	if op == nil || failed.Operation != op || op.Status != graph.StatusFailed || op.StatusDetail != "scan aborted" {
		t.Errorf("operation %+v", op)
	}
	if !strings.Contains(err.Error(), "scan aborted") {
		t.Errorf("message %q lacks the status detail", err)
	}
}

func TestWaitOperationContext(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t, mockgraph.WithScanDuration(time.Hour))
	c := newClient(t, srv)
	opID, err := c.RefreshAlert(t.Context(), builtin(alerttypes.StaleSignIn))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	op, err := c.WaitOperation(ctx, opID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the context's deadline", err)
	}
	if op != nil && op.Status == graph.StatusSucceeded {
		t.Errorf("operation %+v", op)
	}
}

func TestGetOperationNotFound(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t)
	_, err := c.GetOperation(t.Context(), "refresh:DirectoryRole_"+srv.TenantID()+"_Nope")
	if !graph.IsNotFound(err) {
		t.Fatalf("error %v, want a 404", err)
	}
}
