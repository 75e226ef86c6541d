package resources

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/thresholds"
)

// ValidateConfig rejects threshold objects that do not belong to alert_type.
func (r *alertConfigurationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m alertConfigurationModel
	resp.Diagnostics.Append(m.ReadFrom(ctx, r.Catalogue, req.Config)...)
	if resp.Diagnostics.HasError() || m.AlertType.IsNull() || m.AlertType.IsUnknown() {
		return
	}
	at, ok := r.Catalogue.Lookup(m.AlertType.ValueString())
	if !ok {
		return // the alert_type validator reports it
	}
	for attribute, detail := range thresholds.Mismatched(r.Catalogue, at, m.Thresholds) {
		resp.Diagnostics.AddAttributeError(path.Root(attribute), "Thresholds do not match the alert type", detail)
	}
}

// ModifyPlan plans the threshold objects of other alert types as null, so
// plans show only the one that applies, and the fixed scope.
func (r *alertConfigurationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	planTenant(ctx, &r.ResourceBase, req, resp)
	var plan alertConfigurationModel
	resp.Diagnostics.Append(plan.ReadFrom(ctx, r.Catalogue, resp.Plan)...)
	if resp.Diagnostics.HasError() || plan.AlertType.IsUnknown() {
		return
	}
	at, ok := r.Catalogue.Lookup(plan.AlertType.ValueString())
	if !ok {
		return
	}
	for attribute, obj := range plan.Thresholds {
		if other, ok := r.Catalogue.ByBlock(attribute); ok && attribute != at.Block && !obj.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attribute), thresholds.Null(other))...)
		}
	}
	if plan.ScopeID.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("scope_id"), types.StringValue("/"))...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("scope_type"), types.StringValue("DirectoryRole"))...)
	}
	if req.State.Raw.IsNull() {
		r.warnOverwrites(ctx, at, &plan, &resp.Diagnostics)
	}
}

// warnOverwrites says, when a create would change the tenant's settings it
// adopts, each value the tenant has now next to the planned one: a create
// plans "+ duration = P30D" with no trace of the P14D it overwrites. The
// current settings come from the run's read snapshot (one Graph request
// for every resource of the run). A read that fails only skips the
// warning: the create reads the settings again before it changes them.
func (r *alertConfigurationResource) warnOverwrites(ctx context.Context, at alerttypes.AlertType, plan *alertConfigurationModel, diags *diag.Diagnostics) {
	client := r.ConfiguredFor(ctx, plan.TenantID, diags)
	if client == nil {
		return
	}
	update, ds := plan.update(at, nil)
	if ds.HasError() || update.Empty() {
		return
	}
	current, err := client.GetConfiguration(ctx, at)
	if err != nil {
		return
	}
	var changes []string
	if update.Enabled != nil && *update.Enabled != current.Enabled {
		changes = append(changes, fmt.Sprintf("enabled: %t -> %t", current.Enabled, *update.Enabled))
	}
	for _, f := range at.Fields {
		want, ok := update.Thresholds[f.GraphName]
		if !ok {
			continue
		}
		have, known := current.Thresholds[f.GraphName]
		switch {
		case !known:
			changes = append(changes, fmt.Sprintf("%s.%s: (not set) -> %s", at.Block, f.Attribute, f.Format(want)))
		case have != want:
			changes = append(changes, fmt.Sprintf("%s.%s: %s -> %s", at.Block, f.Attribute, f.Format(have), f.Format(want)))
		}
	}
	if len(changes) == 0 {
		return
	}
	tenant, _ := client.TenantID(ctx)
	diags.AddWarning(fmt.Sprintf("Creating adopts %s and changes the tenant's settings", at.Suffix),
		fmt.Sprintf("Tenant %s has its own settings for %s; creating this resource adopts them (recorded for restore_on_destroy) "+
			"and changes, the tenant's value first:\n- %s\nTo see these in the plan as changes of an existing resource, import the "+
			"configuration first (an import block with id = %q).", tenant, at.Suffix, strings.Join(changes, "\n- "), at.Suffix))
}
