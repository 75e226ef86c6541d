package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var _ action.ActionWithConfigure = (*alertRefreshAction)(nil)

// NewAlertRefreshAction returns the entrapim_alert_refresh action
// (Terraform 1.14 and later): the resource's scan, run on demand
// (terraform apply -invoke) or from an action_trigger, keeping no record.
func NewAlertRefreshAction(cat alerttypes.Catalogue) action.Action {
	return &alertRefreshAction{framework.NewActionBase(cat, "alert_refresh")}
}

type alertRefreshAction struct {
	framework.ActionBase
}

type alertRefreshActionModel struct {
	AlertType types.String   `tfsdk:"alert_type"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (a *alertRefreshAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs a PIM scan (refresh) of one alert type, or of every alert in the tenant, and follows " +
			"the long-running operation to its end, reporting its progress. A refresh reactivates dismissed alerts. " +
			"The action fails with the operation's status when the scan fails, and when it does not end " +
			"within `timeouts.invoke` (default 10 minutes). Run it with `terraform apply -invoke=action.entrapim_alert_refresh.NAME` " +
			"or from a resource's `action_trigger`; unlike the `entrapim_alert_refresh` resource it records nothing in state.",
		Attributes: map[string]schema.Attribute{
			"alert_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The alert type to refresh: " + alerttypes.CodeList(a.Catalogue.Names()) + ". Omit it to refresh every alert in the tenant.",
				Validators:          []validator.String{validators.AlertType(a.Catalogue)},
			},
			"timeouts": actionTimeoutsAttribute(ctx),
		},
	}
}

func (a *alertRefreshAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	// An action block without a config block refreshes every alert.
	m := alertRefreshActionModel{AlertType: types.StringNull()}
	if !req.Config.Raw.IsNull() {
		resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	}
	ctx, call := a.Begin(ctx, m.Timeouts.Invoke, defaultRefreshTimeout, m.AlertType, &resp.Diagnostics)
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
