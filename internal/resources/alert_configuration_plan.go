package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/thresholds"
)

// ValidateConfig rejects threshold objects that do not belong to alert_type.
func (r *alertConfigurationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m alertConfigurationModel
	resp.Diagnostics.Append(r.read(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() || m.AlertType.IsNull() || m.AlertType.IsUnknown() {
		return
	}
	at, ok := r.Catalogue.Lookup(m.AlertType.ValueString())
	if !ok {
		return // the alert_type validator reports it
	}
	for block, detail := range thresholds.Mismatched(r.Catalogue, at, m.Thresholds) {
		resp.Diagnostics.AddAttributeError(path.Root(block), "Thresholds do not match the alert type", detail)
	}
}

// ModifyPlan plans the blocks of other alert types as null, so plans show
// only the block that applies, and the fixed scope.
func (r *alertConfigurationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan alertConfigurationModel
	resp.Diagnostics.Append(r.read(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() || plan.AlertType.IsUnknown() {
		return
	}
	at, ok := r.Catalogue.Lookup(plan.AlertType.ValueString())
	if !ok {
		return
	}
	for block, obj := range plan.Thresholds {
		if other, ok := r.Catalogue.ByBlock(block); ok && block != at.Block && !obj.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(block), thresholds.Null(other))...)
		}
	}
	if plan.ScopeID.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("scope_id"), types.StringValue("/"))...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("scope_type"), types.StringValue("DirectoryRole"))...)
	}
}
