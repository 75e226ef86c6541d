package resources

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var _ resource.ResourceWithConfigure = (*alertRefreshResource)(nil)

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
type alertRefreshResource struct {
	framework.RecordBase
}

type alertRefreshModel struct {
	AlertType   types.String   `tfsdk:"alert_type"`
	CompletedAt types.String   `tfsdk:"completed_at"`
	ID          types.String   `tfsdk:"id"`
	OperationID types.String   `tfsdk:"operation_id"`
	Status      types.String   `tfsdk:"status"`
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
			"alert_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The alert type to refresh: " + alerttypes.CodeList(r.Catalogue.Names()) + ". Omit it to refresh every alert in the tenant.",
				Validators:          []validator.String{validators.AlertType(r.Catalogue)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"completed_at": computedString("When the operation reached its final status (RFC 3339)."),
			"id":           computedString("The id of the refresh operation."),
			"operation_id": computedString("The id of the long-running operation Graph returned in the `Location` header."),
			"status":       computedString("The final status of the operation: `succeeded`."),
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

func (r *alertRefreshResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan alertRefreshModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, call := r.Begin(ctx, plan.Timeouts.Create, defaultRefreshTimeout, plan.AlertType, &resp.Diagnostics)
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
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}
