package resources

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/durationtype"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/isoduration"
	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
	"github.com/entrapim/terraform-provider-entrapim/internal/thresholds"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var (
	_ resource.ResourceWithConfigure      = (*alertConfigurationResource)(nil)
	_ resource.ResourceWithImportState    = (*alertConfigurationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*alertConfigurationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*alertConfigurationResource)(nil)
)

// NewAlertConfiguration returns the entrapim_alert_configuration resource.
func NewAlertConfiguration() resource.Resource { return &alertConfigurationResource{} }

type alertConfigurationResource struct {
	providerdata.Base
}

type alertConfigurationModel struct {
	AlertType                    types.String   `tfsdk:"alert_type"`
	Enabled                      types.Bool     `tfsdk:"enabled"`
	ID                           types.String   `tfsdk:"id"`
	RedundantAssignment          types.Object   `tfsdk:"redundant_assignment"`
	RestoreOnDestroy             types.Bool     `tfsdk:"restore_on_destroy"`
	ScopeID                      types.String   `tfsdk:"scope_id"`
	ScopeType                    types.String   `tfsdk:"scope_type"`
	SequentialActivationRenewals types.Object   `tfsdk:"sequential_activation_renewals"`
	StaleSignIn                  types.Object   `tfsdk:"stale_sign_in"`
	Timeouts                     timeouts.Value `tfsdk:"timeouts"`
	TooManyGlobalAdmins          types.Object   `tfsdk:"too_many_global_admins"`
}

// privateAdopted is the private-state key of the settings Create found.
const privateAdopted = "adopted"

// adoptedSettings are the tenant's settings before Terraform managed them,
// restored by Delete.
type adoptedSettings struct {
	Enabled   bool              `json:"enabled"`
	Ints      map[string]int32  `json:"ints,omitempty"`
	Durations map[string]string `json:"durations,omitempty"`
}

func (r *alertConfigurationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alert_configuration"
}

func (r *alertConfigurationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	var configurable []string
	for _, at := range alerttypes.Configurable() {
		configurable = append(configurable, fmt.Sprintf("`%s` for `%s`", at.Block, at.Suffix))
	}
	attrs := map[string]schema.Attribute{
		"alert_type": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The alert type, spelled as the suffix of its Graph id: " + alerttypes.CodeList(alerttypes.Names()) + ". Changing it replaces the resource.",
			Validators:          []validator.String{validators.AlertType(false)},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"enabled": schema.BoolAttribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: "Whether PIM scans the tenant for this alert (`isEnabled`). `false` stops the scan and keeps the alert inactive: use it for \"never alert me about this\". Left as it is in the tenant when omitted.",
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The Graph id of the configuration, `" + alerttypes.IDFormat + "`.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"restore_on_destroy": schema.BoolAttribute{
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(true),
			MarkdownDescription: "Whether destroying the resource restores the settings the tenant had before Terraform managed it (recorded when the resource was created or imported). Defaults to `true`; with `false`, destroy only stops managing the configuration.",
		},
		"scope_id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The scope of the configuration; always `/` (the tenant).",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"scope_type": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The scope type of the configuration; always `DirectoryRole`.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
	}
	for _, at := range alerttypes.Configurable() {
		attrs[at.Block] = thresholdAttribute(at)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the tenant's settings for one PIM alert type for Entra roles: whether it is scanned and, " +
			"for configurable alerts, its thresholds (" + strings.Join(configurable, ", ") + "). " +
			"The configuration always exists in the tenant: creating the resource adopts it, records the settings found, " +
			"and changes only what the configuration sets; thresholds left out stay as they are. Destroying restores the recorded " +
			"settings unless `restore_on_destroy = false`.",
		Attributes: attrs,
	}
}

// thresholdAttribute is the nested object of one configurable alert type.
func thresholdAttribute(at alerttypes.AlertType) schema.SingleNestedAttribute {
	attrs := map[string]schema.Attribute{}
	for _, f := range at.Fields {
		desc := f.Description + " Graph property `" + f.GraphName + "`. Left as it is in the tenant when omitted."
		if f.Kind == alerttypes.Duration {
			attrs[f.Attribute] = schema.StringAttribute{
				CustomType:          durationtype.Type{},
				Optional:            true,
				Computed:            true,
				MarkdownDescription: desc,
				Validators:          []validator.String{validators.DurationBetween(f.MinDuration, f.MaxDuration)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			}
			continue
		}
		attrs[f.Attribute] = schema.Int64Attribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: desc,
			Validators:          []validator.Int64{int64validator.Between(f.Min, f.Max)},
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		}
	}
	return schema.SingleNestedAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: fmt.Sprintf("Thresholds of `%s` (%s). Only valid with `alert_type = \"%s\"`.",
			at.Suffix, strings.TrimSuffix(at.Summary, "."), at.Suffix),
		Attributes:    attrs,
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
	}
}

// ValidateConfig rejects threshold objects that do not belong to alert_type.
func (r *alertConfigurationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m alertConfigurationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.AlertType.IsNull() || m.AlertType.IsUnknown() {
		return
	}
	at, ok := alerttypes.Lookup(m.AlertType.ValueString())
	if !ok {
		return // the alert_type validator reports it
	}
	for block, obj := range m.blocks() {
		if obj.IsNull() || block == at.Block {
			continue
		}
		owner := blockOwner(block)
		detail := fmt.Sprintf("%s sets thresholds of %s, but alert_type is %s.", block, owner, at.Suffix)
		if at.Configurable {
			detail += fmt.Sprintf(" Use %s for %s.", at.Block, at.Suffix)
		} else {
			detail += fmt.Sprintf(" %s has no configurable thresholds; only enabled can be set.", at.Suffix)
		}
		resp.Diagnostics.AddAttributeError(path.Root(block), "Thresholds do not match the alert type", detail)
	}
}

// ModifyPlan plans the blocks of other alert types as null, so plans show
// only the block that applies.
func (r *alertConfigurationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan alertConfigurationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.AlertType.IsUnknown() {
		return
	}
	at, ok := alerttypes.Lookup(plan.AlertType.ValueString())
	if !ok {
		return
	}
	for block, obj := range plan.blocks() {
		if block != at.Block && !obj.IsNull() {
			other, _ := blockAlertType(block)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(block), thresholds.Null(other))...)
		}
	}
	if plan.ScopeID.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("scope_id"), types.StringValue("/"))...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("scope_type"), types.StringValue("DirectoryRole"))...)
	}
}

func (r *alertConfigurationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (r *alertConfigurationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan alertConfigurationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.Client(&resp.Diagnostics)
	if client == nil {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultWriteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	at, _ := alerttypes.Lookup(plan.AlertType.ValueString())
	current, err := client.GetConfiguration(ctx, at.Suffix)
	if err != nil {
		diagnostics.AddGraphError(&resp.Diagnostics, "Error creating alert configuration", at.Suffix, err)
		return
	}
	adopted := adoptedSettings{Enabled: current.Enabled, Ints: current.Ints, Durations: current.Durations}
	raw, err := json.Marshal(adopted)
	if err != nil {
		resp.Diagnostics.AddError("Error creating alert configuration", err.Error())
		return
	}

	update, diags := plan.toUpdate(at, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !update.empty() {
		if err := client.UpdateConfiguration(ctx, at.Suffix, update.ConfigurationUpdate); err != nil {
			diagnostics.AddGraphError(&resp.Diagnostics, "Error creating alert configuration", at.Suffix, err)
			return
		}
	}
	// Graph answered 204: the new settings are the ones found plus the ones sent.
	plan.fromGraph(at, update.apply(current))
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAdopted, raw)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *alertConfigurationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state alertConfigurationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.Client(&resp.Diagnostics)
	if client == nil {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	at, ok := alerttypes.Lookup(state.AlertType.ValueString())
	if !ok {
		resp.Diagnostics.AddAttributeError(alertTypeAttr, "Error reading alert configuration",
			fmt.Sprintf("The state holds the unknown alert type %q.", state.AlertType.ValueString()))
		return
	}
	cfg, err := client.GetConfiguration(ctx, at.Suffix)
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Alert configuration not found",
			fmt.Sprintf("Graph no longer has a configuration for %s; removing it from the state.", at.Suffix))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddGraphError(&resp.Diagnostics, "Error reading alert configuration", at.Suffix, err)
		return
	}
	state.fromGraph(at, cfg)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *alertConfigurationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state alertConfigurationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.Client(&resp.Diagnostics)
	if client == nil {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultWriteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	at, _ := alerttypes.Lookup(plan.AlertType.ValueString())
	update, diags := plan.toUpdate(at, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !update.empty() {
		if err := client.UpdateConfiguration(ctx, at.Suffix, update.ConfigurationUpdate); err != nil {
			diagnostics.AddGraphError(&resp.Diagnostics, "Error updating alert configuration", at.Suffix, err)
			return
		}
	}
	// Unknown computed values (none are expected) take the prior state.
	if plan.Enabled.IsUnknown() {
		plan.Enabled = state.Enabled
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *alertConfigurationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state alertConfigurationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.RestoreOnDestroy.ValueBool() {
		return
	}
	raw, diags := req.Private.GetKey(ctx, privateAdopted)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	at, _ := alerttypes.Lookup(state.AlertType.ValueString())
	if len(raw) == 0 {
		resp.Diagnostics.AddWarning("Nothing to restore",
			fmt.Sprintf("No settings of %s were recorded before Terraform managed them, so the current settings stay.", at.Suffix))
		return
	}
	var adopted adoptedSettings
	if err := json.Unmarshal(raw, &adopted); err != nil {
		resp.Diagnostics.AddError("Error deleting alert configuration", "The recorded settings are unreadable: "+err.Error())
		return
	}
	client := r.Client(&resp.Diagnostics)
	if client == nil {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultWriteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	update, err := adopted.toUpdate(at)
	if err != nil {
		resp.Diagnostics.AddError("Error deleting alert configuration", fmt.Sprintf("Restoring %s: %v", at.Suffix, err))
		return
	}
	if err := client.UpdateConfiguration(ctx, at.Suffix, update); err != nil {
		diagnostics.AddGraphError(&resp.Diagnostics, "Error deleting alert configuration (restoring the recorded settings)", at.Suffix, err)
	}
}

func (r *alertConfigurationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	at, tenant, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	client := r.Client(&resp.Diagnostics)
	if client == nil {
		return
	}
	checkImportTenant(ctx, client, tenant, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// Record the settings found now: destroying the imported resource
	// restores them.
	cfg, err := client.GetConfiguration(ctx, at.Suffix)
	if err != nil {
		diagnostics.AddGraphError(&resp.Diagnostics, "Error importing alert configuration", at.Suffix, err)
		return
	}
	raw, err := json.Marshal(adoptedSettings{Enabled: cfg.Enabled, Ints: cfg.Ints, Durations: cfg.Durations})
	if err != nil {
		resp.Diagnostics.AddError("Error importing alert configuration", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateAdopted, raw)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("alert_type"), at.Suffix)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("restore_on_destroy"), true)...)
}

// blocks returns the threshold objects keyed by attribute name.
func (m *alertConfigurationModel) blocks() map[string]*types.Object {
	return map[string]*types.Object{
		"redundant_assignment":           &m.RedundantAssignment,
		"sequential_activation_renewals": &m.SequentialActivationRenewals,
		"stale_sign_in":                  &m.StaleSignIn,
		"too_many_global_admins":         &m.TooManyGlobalAdmins,
	}
}

// blockAlertType returns the alert type a threshold block belongs to.
func blockAlertType(block string) (alerttypes.AlertType, bool) {
	for _, at := range alerttypes.Configurable() {
		if at.Block == block {
			return at, true
		}
	}
	return alerttypes.AlertType{}, false
}

func blockOwner(block string) string {
	if at, ok := blockAlertType(block); ok {
		return at.Suffix
	}
	return "another alert type"
}

// fromGraph sets every attribute from a configuration read from Graph.
// Duration strings semantically equal to the model's keep the model's form.
func (m *alertConfigurationModel) fromGraph(at alerttypes.AlertType, cfg *graph.Configuration) {
	m.ID = types.StringValue(cfg.ID)
	m.AlertType = types.StringValue(at.Suffix)
	m.Enabled = types.BoolValue(cfg.Enabled)
	m.ScopeID = types.StringValue("/")
	m.ScopeType = types.StringValue("DirectoryRole")
	if m.RestoreOnDestroy.IsNull() || m.RestoreOnDestroy.IsUnknown() {
		m.RestoreOnDestroy = types.BoolValue(true)
	}
	for block, obj := range m.blocks() {
		if block != at.Block {
			other, _ := blockAlertType(block)
			*obj = thresholds.Null(other)
			continue
		}
		*obj = thresholds.FromGraph(at, cfg)
	}
}

// configurationChange is a PATCH to send, built from the plan.
type configurationChange struct {
	graph.ConfigurationUpdate
}

func (c configurationChange) empty() bool {
	return c.Enabled == nil && len(c.Ints) == 0 && len(c.Durations) == 0
}

// apply returns cfg with the change applied, as Graph stores it after a 204.
func (c configurationChange) apply(cfg *graph.Configuration) *graph.Configuration {
	out := *cfg
	out.Ints = map[string]int32{}
	out.Durations = map[string]string{}
	for k, v := range cfg.Ints {
		out.Ints[k] = v
	}
	for k, v := range cfg.Durations {
		out.Durations[k] = v
	}
	if c.Enabled != nil {
		out.Enabled = *c.Enabled
	}
	for k, v := range c.Ints {
		out.Ints[k] = v
	}
	for k, v := range c.Durations {
		out.Durations[k] = isoduration.Format(v)
	}
	return &out
}

// toUpdate builds the PATCH for the plan: every known value that differs
// from prior (or, on create, every known value).
func (m *alertConfigurationModel) toUpdate(at alerttypes.AlertType, prior *alertConfigurationModel) (configurationChange, diag.Diagnostics) {
	var diags diag.Diagnostics
	var c configurationChange
	if !m.Enabled.IsUnknown() && !m.Enabled.IsNull() && (prior == nil || !prior.Enabled.Equal(m.Enabled)) {
		v := m.Enabled.ValueBool()
		c.Enabled = &v
	}
	if !at.Configurable {
		return c, diags
	}
	planned := *m.blocks()[at.Block]
	if planned.IsNull() || planned.IsUnknown() {
		return c, diags
	}
	var before map[string]attr.Value
	if prior != nil {
		if obj := *prior.blocks()[at.Block]; !obj.IsNull() && !obj.IsUnknown() {
			before = obj.Attributes()
		}
	}
	after := planned.Attributes()
	keys := make([]string, 0, len(after))
	for k := range after {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := at.Field(k)
		if !ok {
			continue
		}
		v := after[k]
		if v.IsNull() || v.IsUnknown() {
			continue
		}
		if old, ok := before[k]; ok && sameThreshold(f, old, v) {
			continue
		}
		switch f.Kind {
		case alerttypes.Int:
			iv, ok := v.(basetypes.Int64Value)
			if !ok {
				diags.AddError("Unexpected value type", fmt.Sprintf("%s.%s is %T; this is a bug in the provider", at.Block, k, v))
				continue
			}
			if c.Ints == nil {
				c.Ints = map[string]int32{}
			}
			c.Ints[f.GraphName] = int32(iv.ValueInt64())
		case alerttypes.Duration:
			dv, ok := v.(durationtype.Value)
			if !ok {
				diags.AddError("Unexpected value type", fmt.Sprintf("%s.%s is %T; this is a bug in the provider", at.Block, k, v))
				continue
			}
			d, err := isoduration.Parse(dv.ValueString())
			if err != nil {
				diags.AddAttributeError(path.Root(at.Block).AtName(k), "Invalid ISO-8601 duration", err.Error())
				continue
			}
			if c.Durations == nil {
				c.Durations = map[string]time.Duration{}
			}
			c.Durations[f.GraphName] = d
		}
	}
	return c, diags
}

// sameThreshold compares two values of one threshold, durations semantically.
func sameThreshold(f alerttypes.Field, a, b attr.Value) bool {
	if f.Kind == alerttypes.Duration {
		da, okA := a.(durationtype.Value)
		db, okB := b.(durationtype.Value)
		return okA && okB && !da.IsNull() && !db.IsNull() && isoduration.Equal(da.ValueString(), db.ValueString())
	}
	return a.Equal(b)
}

// toUpdate is the PATCH that puts the adopted settings back.
func (a adoptedSettings) toUpdate(at alerttypes.AlertType) (graph.ConfigurationUpdate, error) {
	enabled := a.Enabled
	u := graph.ConfigurationUpdate{Enabled: &enabled}
	for _, f := range at.Fields {
		switch f.Kind {
		case alerttypes.Int:
			if v, ok := a.Ints[f.GraphName]; ok {
				if u.Ints == nil {
					u.Ints = map[string]int32{}
				}
				u.Ints[f.GraphName] = v
			}
		case alerttypes.Duration:
			if s, ok := a.Durations[f.GraphName]; ok {
				d, err := isoduration.Parse(s)
				if err != nil {
					return u, fmt.Errorf("recorded %s %q: %w", f.GraphName, s, err)
				}
				if u.Durations == nil {
					u.Durations = map[string]time.Duration{}
				}
				u.Durations[f.GraphName] = d
			}
		}
	}
	return u, nil
}
