package resources

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/thresholds"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var (
	_ resource.ResourceWithImportState    = (*alertConfigurationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*alertConfigurationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*alertConfigurationResource)(nil)
	_ resource.ResourceWithIdentity       = (*alertConfigurationResource)(nil)
)

// NewAlertConfiguration returns the entrapim_alert_configuration resource
// for the alert types of cat: one threshold object per configurable type.
func NewAlertConfiguration(cat alerttypes.Catalogue) resource.Resource {
	return &alertConfigurationResource{newAlertTypeResource(cat, "alert_configuration")}
}

type alertConfigurationResource struct{ alertTypeResource }

// alertConfigurationModel is the resource; the threshold objects, whose
// attribute names come from the catalogue, are in Thresholds.
type alertConfigurationModel struct {
	AlertType        types.String      `tfsdk:"alert_type"`
	Enabled          types.Bool        `tfsdk:"enabled"`
	ID               types.String      `tfsdk:"id"`
	RestoreOnDestroy types.Bool        `tfsdk:"restore_on_destroy"`
	ScopeID          types.String      `tfsdk:"scope_id"`
	ScopeType        types.String      `tfsdk:"scope_type"`
	TenantID         types.String      `tfsdk:"tenant_id"`
	Timeouts         timeouts.Value    `tfsdk:"timeouts"`
	Thresholds       thresholds.Blocks `tfsdk:"-"`
}

func (r *alertConfigurationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	var configurable []string
	for _, at := range r.Catalogue.Configurable() {
		configurable = append(configurable, fmt.Sprintf("`%s` for `%s`", at.Block, at.Suffix))
	}
	attrs := thresholds.ResourceAttributes(r.Catalogue)
	for name, a := range map[string]schema.Attribute{
		"alert_type": alertTypeAttribute(validators.AlertType(r.Catalogue), typeDescription(r.Catalogue)+" Changing it replaces the resource."),
		"enabled": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(true),
			MarkdownDescription: "Whether PIM scans the tenant for this alert (`isEnabled`). Defaults to `true`: the resource keeps the alert on, " +
				"and someone disabling it in the portal shows as drift. `false` stops the scan and keeps the alert inactive: use it for " +
				"\"never alert me about this\".",
		},
		"id": computedString("The Graph id of the configuration, `" + alerttypes.IDFormat + "`."),
		"restore_on_destroy": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(false),
			MarkdownDescription: "Whether destroying the resource restores the settings the tenant had before Terraform managed it " +
				"(recorded when the resource was created or imported). Defaults to `false`: destroy stops managing the configuration and " +
				"leaves the tenant's settings as they are, so removing a resource never weakens a tenant by surprise. With `true`, " +
				"destroy restores the recorded settings. A create whose request fails (it may still have reached Graph) leaves the resource " +
				"tainted with the record: destroying it restores the recorded settings, but replacing it cannot, because Terraform " +
				"plans the replacement of a tainted resource without its record, so the replacement records the settings as it finds them.",
		},
		"scope_id":   computedString("The scope of the configuration; always `/` (the tenant)."),
		"scope_type": computedString("The scope type of the configuration; always `DirectoryRole`."),
		"tenant_id":  tenantIDAttribute(),
		"timeouts":   timeoutsAttribute(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
	} {
		attrs[name] = a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the tenant's settings for one PIM alert type for Entra roles: whether it is scanned and, " +
			"for configurable alerts, its thresholds (" + strings.Join(configurable, ", ") + "). " +
			"The configuration always exists in the tenant: creating the resource adopts it, records the settings found, " +
			"and changes only what the configuration sets (`enabled` defaults to `true`); thresholds left out stay as they are. " +
			"Destroying leaves the tenant's settings as they are, or restores the recorded settings with `restore_on_destroy = true`.",
		Attributes: attrs,
	}
}

func (r *alertConfigurationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, call := framework.BeginOn[alertConfigurationModel](ctx, &r.ResourceBase, req.Plan, timeouts.Value.Create, defaultWriteTimeout, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	current, err := call.Client.GetConfiguration(ctx, call.Type)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error creating alert configuration", call.Type.Suffix, err)
		return
	}
	update, diags := plan.update(call.Type, nil)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	// The settings found are recorded before the PATCH, which may reach
	// Graph and still fail: Terraform then keeps the resource, tainted,
	// with the settings found, so that its replacement or destroy still
	// knows what to restore.
	if resp.Diagnostics.Append(adopt(ctx, resp.Private, call.Type, current)...); resp.Diagnostics.HasError() {
		return
	}
	plan.TenantID = framework.RecordedTenant(ctx, plan.TenantID, call.Client, &resp.Diagnostics)
	resp.Diagnostics.Append(recordTenantConfigured(ctx, resp.Private, configuresTenant(ctx, req.Config))...)
	if err := call.Client.UpdateConfiguration(ctx, call.Type, update); err != nil {
		found := plan
		found.fromGraph(r.Catalogue, call.Type, current)
		resp.Diagnostics.Append(r.write(ctx, &resp.State, &found)...)
		setIdentity(ctx, call.Client, call.Type, resp.Identity, &resp.Diagnostics)
		framework.AddGraphError(&resp.Diagnostics, "Error creating alert configuration", call.Type.Suffix, err)
		return
	}
	// Graph answered 204: the new settings are the ones found plus the ones sent.
	applied := update.Apply(*current)
	plan.fromGraph(r.Catalogue, call.Type, &applied)
	resp.Diagnostics.Append(r.write(ctx, &resp.State, &plan)...)
	setIdentity(ctx, call.Client, call.Type, resp.Identity, &resp.Diagnostics)
}

func (r *alertConfigurationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, call := beginOnState[alertConfigurationModel](ctx, &r.alertTypeResource, req.State, timeouts.Value.Read, defaultReadTimeout, req.Identity,
		tenantConfigured(ctx, req.Private), &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	cfg, err := call.Client.GetConfiguration(ctx, call.Type)
	if graph.IsNotFound(err) {
		// Configurations are predefined: a 404 is Graph's fault, not a
		// deletion. Removing the resource would make the same apply create
		// it again and record Terraform's values as the tenant's own.
		addBuiltInNotFound(&resp.Diagnostics, "Error reading alert configuration", "the configuration of "+call.Type.Suffix, err)
		return
	}
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error reading alert configuration", call.Type.Suffix, err)
		return
	}
	state.fromGraph(r.Catalogue, call.Type, cfg)
	state.TenantID = framework.RecordedTenant(ctx, state.TenantID, call.Client, &resp.Diagnostics)
	resp.Diagnostics.Append(r.write(ctx, &resp.State, &state)...)
	setIdentity(ctx, call.Client, call.Type, resp.Identity, &resp.Diagnostics)
}

func (r *alertConfigurationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state alertConfigurationModel
	resp.Diagnostics.Append(state.ReadFrom(ctx, r.Catalogue, req.State)...)
	configured := configuresTenant(ctx, req.Config)
	plan, ctx, call := beginOnState[alertConfigurationModel](ctx, &r.alertTypeResource, req.Plan, timeouts.Value.Update, defaultWriteTimeout, req.Identity,
		configured, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	update, diags := plan.update(call.Type, &state)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	if err := call.Client.UpdateConfiguration(ctx, call.Type, update); err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error updating alert configuration", call.Type.Suffix, err)
		return
	}
	plan.TenantID = framework.RecordedTenant(ctx, plan.TenantID, call.Client, &resp.Diagnostics)
	resp.Diagnostics.Append(recordTenantConfigured(ctx, resp.Private, configured)...)
	resp.Diagnostics.Append(r.write(ctx, &resp.State, &plan)...)
	setIdentity(ctx, call.Client, call.Type, resp.Identity, &resp.Diagnostics)
}

// Delete restores the settings recorded when Terraform began managing the
// configuration, unless restore_on_destroy is false.
func (r *alertConfigurationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state alertConfigurationModel
	resp.Diagnostics.Append(state.ReadFrom(ctx, r.Catalogue, req.State)...)
	if resp.Diagnostics.HasError() || !state.RestoreOnDestroy.ValueBool() {
		return
	}
	_, ctx, call := beginOnState[alertConfigurationModel](ctx, &r.alertTypeResource, req.State, timeouts.Value.Delete, defaultWriteTimeout, req.Identity,
		tenantConfigured(ctx, req.Private), &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	update, found, diags := adopted(ctx, req.Private, call.Type)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() || !found {
		return
	}
	if err := call.Client.UpdateConfiguration(ctx, call.Type, update); err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error deleting alert configuration (restoring the recorded settings)", call.Type.Suffix, err)
	}
}

func (r *alertConfigurationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	at, client, ok := importRef(ctx, &r.Base, req, resp)
	if !ok {
		return
	}
	// Record the settings found now: destroying the imported resource
	// restores them when restore_on_destroy is true.
	cfg, err := client.GetConfiguration(ctx, at)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error importing alert configuration", at.Suffix, err)
		return
	}
	resp.Diagnostics.Append(adopt(ctx, resp.Private, at, cfg)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("restore_on_destroy"), false)...)
}

// ReadFrom reads a plan, state or configuration into m: the threshold
// objects by the names the catalogue gives them (framework.SelfReading).
func (m *alertConfigurationModel) ReadFrom(ctx context.Context, cat alerttypes.Catalogue, src framework.Source) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Thresholds, diags = thresholds.Read(ctx, cat, src, m)
	return diags
}

// write sets the state to m.
func (r *alertConfigurationResource) write(ctx context.Context, dst *tfsdk.State, m *alertConfigurationModel) diag.Diagnostics {
	obj, diags := thresholds.Join(ctx, r.Catalogue, dst.Schema.Type(), m, m.Thresholds)
	if diags.HasError() {
		return diags
	}
	return append(diags, dst.Set(ctx, obj)...)
}

// fromGraph sets every attribute from a configuration read from Graph.
func (m *alertConfigurationModel) fromGraph(cat alerttypes.Catalogue, at alerttypes.AlertType, cfg *graph.Configuration) {
	m.ID = types.StringValue(cfg.ID)
	m.AlertType = types.StringValue(at.Suffix)
	m.Enabled = types.BoolValue(cfg.Enabled)
	m.ScopeID = types.StringValue("/")
	m.ScopeType = types.StringValue("DirectoryRole")
	if m.RestoreOnDestroy.IsNull() || m.RestoreOnDestroy.IsUnknown() {
		m.RestoreOnDestroy = types.BoolValue(false)
	}
	m.Thresholds = thresholds.FromGraph(cat, at, cfg.Thresholds)
}

// update is the PATCH the plan m asks for: every known value that differs
// from prior, or on create (prior nil) every known value.
func (m *alertConfigurationModel) update(at alerttypes.AlertType, prior *alertConfigurationModel) (graph.ConfigurationUpdate, diag.Diagnostics) {
	var u graph.ConfigurationUpdate
	if !m.Enabled.IsUnknown() && !m.Enabled.IsNull() && (prior == nil || !prior.Enabled.Equal(m.Enabled)) {
		u.Enabled = m.Enabled.ValueBoolPointer()
	}
	var before thresholds.Blocks
	if prior != nil {
		before = prior.Thresholds
	}
	var diags diag.Diagnostics
	u.Thresholds, diags = thresholds.Changes(at, m.Thresholds, before)
	return u, diags
}
