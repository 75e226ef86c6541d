package resources

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// refresh starts a PIM refresh of call.Type (every alert when it is the
// zero AlertType) and follows its long-running operation to the end,
// telling progress (when set) about the start and every status read. The
// error of a refresh that did not end in time says how long the wait was
// (call.Timeout) and what to raise (timeoutSetting). It is the shared body
// of the entrapim_alert_refresh resource and action.
func refresh(ctx context.Context, call *framework.Call, timeoutSetting string, progress func(string)) (*graph.Operation, string, diag.Diagnostics) {
	client, at, timeout := call.Client, call.Type, call.Timeout
	var diags diag.Diagnostics
	if progress == nil {
		progress = func(string) {}
	}
	target := "all alerts"
	var opID string
	var err error
	if at.Suffix == "" {
		opID, err = client.RefreshAll(ctx)
	} else {
		target = at.Suffix
		opID, err = client.RefreshAlert(ctx, at)
	}
	if err != nil {
		framework.AddGraphError(&diags, "Error refreshing alerts", target, err)
		return nil, "", diags
	}
	progress(fmt.Sprintf("PIM is scanning %s (operation %s)", target, opID))
	last := ""
	op, err := client.WaitOperation(ctx, opID, func(o *graph.Operation) {
		if o.Status != last {
			last = o.Status
			progress(fmt.Sprintf("refresh of %s: %s", target, o.Status))
		}
	})
	if err == nil {
		return op, opID, diags
	}
	var failed *graph.OperationFailedError
	switch {
	case errors.As(err, &failed):
		detail := failed.Operation.StatusDetail
		if detail == "" {
			detail = "(no status detail)"
		}
		diags.AddError("Error refreshing alerts",
			fmt.Sprintf("Alert type: %s\nThe refresh operation %s ended with status %q: %s", target, opID, failed.Operation.Status, detail))
	case errors.Is(err, context.Canceled):
		diags.AddError("Error refreshing alerts",
			fmt.Sprintf("Alert type: %s\nWaiting for the refresh operation %s was interrupted; the scan may still finish in the tenant: %v", target, opID, err))
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		status := "unknown"
		if op != nil {
			status = op.Status
		}
		diags.AddError("Error refreshing alerts",
			fmt.Sprintf("Alert type: %s\nThe refresh operation %s did not finish within %s (last status %q). "+
				"Raise %s or retry later. (%v)", target, opID, timeout, status, timeoutSetting, err))
	default:
		framework.AddGraphError(&diags, "Error refreshing alerts", target, fmt.Errorf("polling operation %s: %w", opID, err))
	}
	return nil, opID, diags
}
