package resources

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// defaultRefreshTimeout bounds the wait for a refresh operation.
const defaultRefreshTimeout = 10 * time.Minute

// NewAlertRefresh returns the entrapim_alert_refresh resource for the alert
// types of cat.
func NewAlertRefresh(cat alerttypes.Catalogue) resource.Resource {
	return &alertRefreshResource{framework.NewRecordBase(cat, "alert_refresh")}
}

// alertRefreshResource runs the scan in Create; the embedded RecordBase
// keeps the record of the finished operation (Read), takes a timeouts
// change (Update) and forgets it on destroy (Delete).
type alertRefreshResource struct{ framework.RecordBase }

type alertRefreshModel struct {
	AlertType   types.String   `tfsdk:"alert_type"`
	CompletedAt types.String   `tfsdk:"completed_at"`
	ID          types.String   `tfsdk:"id"`
	OperationID types.String   `tfsdk:"operation_id"`
	Status      types.String   `tfsdk:"status"`
	TenantID    types.String   `tfsdk:"tenant_id"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
	Triggers    types.Map      `tfsdk:"triggers"`
}

func (r *alertRefreshResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs a PIM scan (refresh) of one alert type, or of every alert in the tenant, and waits " +
			"for the long-running operation to succeed. A refresh reactivates dismissed alerts. " +
			"Creating the resource runs the scan; change `triggers` to run it again. A failed or timed-out operation " +
			"fails the apply and records nothing. Destroying the resource only forgets the record.",
		Attributes: map[string]schema.Attribute{
			"alert_type":   refreshTypeAttribute(r.Catalogue),
			"completed_at": computedString("When the operation reached its final status (RFC 3339)."),
			"id":           computedString("The id of the refresh operation."),
			"operation_id": computedString("The id of the long-running operation Graph returned in the `Location` header."),
			"status":       computedString("The final status of the operation: `succeeded`."),
			"tenant_id":    tenantIDAttribute(),
			"timeouts":     timeoutsAttribute(ctx, timeouts.Opts{Create: true}),
			"triggers": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Arbitrary values that, when changed, run the refresh again (for example a timestamp or the ids of resources whose change should be followed by a scan).",
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
		},
	}
}

// ModifyPlan plans tenant_id (planTenant).
func (r *alertRefreshResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planTenant(ctx, &r.ResourceBase, req, resp)
}

func (r *alertRefreshResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, call := framework.BeginOn[alertRefreshModel](ctx, &r.ResourceBase, req.Plan, timeouts.Value.Create, defaultRefreshTimeout, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	op, opID, diags := refresh(ctx, call, "timeouts.create", nil)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	plan.ID = types.StringValue(opID)
	plan.OperationID = types.StringValue(opID)
	plan.Status = types.StringValue(op.Status)
	completed := time.Now().UTC()
	if op.LastAction != nil {
		completed = op.LastAction.UTC()
	}
	plan.CompletedAt = types.StringValue(completed.Format(time.RFC3339))
	plan.TenantID = framework.RecordedTenant(ctx, plan.TenantID, call.Client, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// NewAlertRefreshAction returns the entrapim_alert_refresh action
// (Terraform 1.14 and later): the resource's scan, run on demand
// (terraform apply -invoke) or from an action_trigger, keeping no record.
func NewAlertRefreshAction(cat alerttypes.Catalogue) action.Action {
	return &alertRefreshAction{framework.NewActionBase(cat, "alert_refresh")}
}

type alertRefreshAction struct{ framework.ActionBase }

func (a *alertRefreshAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Runs a PIM scan (refresh) of one alert type, or of every alert in the tenant, and follows " +
			"the long-running operation to its end, reporting its progress. A refresh reactivates dismissed alerts. " +
			"The action fails with the operation's status when the scan fails, and when it does not end " +
			"within `timeouts.invoke` (default 10 minutes). Run it with `terraform apply -invoke=action.entrapim_alert_refresh.NAME` " +
			"or from a resource's `action_trigger`; unlike the `entrapim_alert_refresh` resource it records nothing in state.",
		Attributes: map[string]actionschema.Attribute{
			"alert_type": refreshTypeArgument(a.Catalogue),
			"tenant_id":  actionTenantIDAttribute(),
			"timeouts":   actionTimeoutsAttribute(ctx),
		},
	}
}

func (a *alertRefreshAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	// An action block without a config block refreshes every alert.
	m := actionModel{AlertType: types.StringNull(), TenantID: types.StringNull()}
	if !req.Config.Raw.IsNull() {
		resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	}
	ctx, call := a.Begin(ctx, m.Timeouts.Invoke, defaultRefreshTimeout, m.AlertType, m.TenantID, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	progress := func(msg string) { resp.SendProgress(action.InvokeProgressEvent{Message: msg}) }
	op, opID, diags := refresh(ctx, call, "timeouts.invoke", progress)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	progress(fmt.Sprintf("refresh operation %s %s", opID, op.Status))
}

// refreshTypeAttribute is the resource's alert_type: one alert type, or
// none for every alert; changing it runs a new refresh.
func refreshTypeAttribute(cat alerttypes.Catalogue) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "The alert type to refresh: " + alerttypes.CodeList(cat.Names()) + ". Omit it to refresh every alert in the tenant.",
		Validators:          []validator.String{validators.AlertType(cat)},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// refreshTypeArgument is the action's alert_type: the resource's, without
// replacement, which an action that keeps no state has no use for.
func refreshTypeArgument(cat alerttypes.Catalogue) actionschema.StringAttribute {
	a := refreshTypeAttribute(cat)
	return actionschema.StringAttribute{Optional: a.Optional, MarkdownDescription: a.MarkdownDescription, Validators: a.Validators}
}

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
