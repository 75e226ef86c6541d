package resources

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alertschema"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var (
	_ resource.ResourceWithImportState = (*alertResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*alertResource)(nil)
	_ resource.ResourceWithIdentity    = (*alertResource)(nil)
)

// pathActive is the path of the active attribute.
var pathActive = path.Root("active")

// NewAlert returns the entrapim_alert resource for the alert types of cat.
func NewAlert(cat alerttypes.Catalogue) resource.Resource {
	return &alertResource{newAlertTypeResource(cat, "alert")}
}

type alertResource struct{ alertTypeResource }

// alertModel is the resource: what it manages (active), what PIM last
// found (alertschema.Fields, incident_ids) and its timeouts.
type alertModel struct {
	alertschema.Fields
	Active      types.Bool     `tfsdk:"active"`
	AlertType   types.String   `tfsdk:"alert_type"`
	ID          types.String   `tfsdk:"id"`
	IncidentIDs types.List     `tfsdk:"incident_ids"`
	TenantID    types.String   `tfsdk:"tenant_id"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (r *alertResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := alertschema.ResourceAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"active": schema.BoolAttribute{
			Required: true,
			MarkdownDescription: "`true`: the alert must not be silenced (a dismissal while it has incidents is drift, and the " +
				"apply re-enables it). `false`: the alert is kept dismissed (`isActive = false`). An alert that is inactive without " +
				"incidents (quiet) matches either value.",
		},
		"alert_type": alertTypeAttribute(validators.AlertType(r.Catalogue), typeDescription(r.Catalogue)+" Changing it replaces the resource."),
		"id":         computedString("The Graph id of the alert, `" + alerttypes.IDFormat + "`."),
		"incident_ids": schema.ListAttribute{
			Computed:            true,
			ElementType:         types.StringType,
			MarkdownDescription: "The ids of the alert's incidents, for `entrapim_alert_incident_remediation`.",
			PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		},
		"tenant_id": tenantIDAttribute(),
		"timeouts":  timeoutsAttribute(ctx, timeouts.Opts{Create: true, Read: true, Update: true}),
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages whether a PIM alert for Entra roles may be silenced. `active = true` means the alert " +
			"must not be silenced: the plan shows drift only when someone dismisses it while it has incidents, never because PIM " +
			"found nothing or the alert's configuration is disabled. `active = false` keeps it dismissed, and PIM then no longer " +
			"scans it for incidents; when PIM reactivates it (a refresh does, as Microsoft documents; what PIM's own periodic scan " +
			"does to a dismissed alert is not documented), the next plan shows `active: true -> false` with a warning that says " +
			"what PIM found (the number of incidents and, for up to five, who and which role). To stop an alert for good, set " +
			"`enabled = false` on its `entrapim_alert_configuration` instead. Destroying the resource only stops managing " +
			"the alert; it makes no API call.",
		Attributes: attrs,
	}
}

func (r *alertResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, call := framework.BeginOn[alertModel](ctx, &r.ResourceBase, req.Plan, timeouts.Value.Create, defaultWriteTimeout, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	alert, err := call.Client.GetAlert(ctx, call.Type, graph.ExpandIncidents)
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error creating alert", call.Type.Suffix, err)
		return
	}
	if want := plan.Active.ValueBool(); createChanges(alert, want) {
		if err := call.Client.SetAlertActive(ctx, call.Type, want); err != nil {
			framework.AddGraphError(&resp.Diagnostics, "Error creating alert", call.Type.Suffix, err)
			return
		}
		alert.IsActive = want
	}
	plan.fromGraph(alert, plan.Active)
	plan.TenantID = framework.RecordedTenant(ctx, plan.TenantID, call.Client, &resp.Diagnostics)
	resp.Diagnostics.Append(recordTenantConfigured(ctx, resp.Private, configuresTenant(ctx, req.Config))...)
	resp.Diagnostics.Append(recordDismissal(ctx, resp.Private, plan.Active.ValueBool())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, call.Client, call.Type, resp.Identity, &resp.Diagnostics)
}

func (r *alertResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, call := beginOnState[alertModel](ctx, &r.alertTypeResource, req.State, timeouts.Value.Read, defaultReadTimeout, req.Identity,
		tenantConfigured(ctx, req.Private), &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	alert, err := call.Client.GetAlert(ctx, call.Type, graph.ExpandIncidents)
	if graph.IsNotFound(err) {
		// Alerts are built into every tenant: a 404 is Graph's fault, not
		// a deletion, and the resource stays.
		addBuiltInNotFound(&resp.Diagnostics, "Error reading alert", "the alert "+call.Type.Suffix, err)
		return
	}
	if err != nil {
		framework.AddGraphError(&resp.Diagnostics, "Error reading alert", call.Type.Suffix, err)
		return
	}
	state.fromGraph(alert, state.Active)
	state.TenantID = framework.RecordedTenant(ctx, state.TenantID, call.Client, &resp.Diagnostics)
	// An imported alert (or a state without the record) is kept as it is
	// found: one found dismissed is one this resource keeps dismissed, so
	// that PIM reactivating it later is named in the plan.
	if raw, diags := req.Private.GetKey(ctx, privateDismissed); !diags.HasError() && raw == nil {
		resp.Diagnostics.Append(recordDismissal(ctx, resp.Private, state.Active.ValueBool())...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	setIdentity(ctx, call.Client, call.Type, resp.Identity, &resp.Diagnostics)
}

func (r *alertResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state alertModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	configured := configuresTenant(ctx, req.Config)
	plan, ctx, call := beginOnState[alertModel](ctx, &r.alertTypeResource, req.Plan, timeouts.Value.Update, defaultWriteTimeout, req.Identity,
		configured, &resp.Diagnostics)
	if call == nil {
		return
	}
	defer call.End()
	if !plan.Active.Equal(state.Active) {
		if err := call.Client.SetAlertActive(ctx, call.Type, plan.Active.ValueBool()); err != nil {
			framework.AddGraphError(&resp.Diagnostics, "Error updating alert", call.Type.Suffix, err)
			return
		}
	}
	// Graph answered 204; the computed attributes are those last read.
	plan.ID, plan.Fields, plan.IncidentIDs = state.ID, state.Fields, state.IncidentIDs
	plan.TenantID = framework.RecordedTenant(ctx, plan.TenantID, call.Client, &resp.Diagnostics)
	resp.Diagnostics.Append(recordTenantConfigured(ctx, resp.Private, configured)...)
	resp.Diagnostics.Append(recordDismissal(ctx, resp.Private, plan.Active.ValueBool())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, call.Client, call.Type, resp.Identity, &resp.Diagnostics)
}

// Delete stops managing the alert: alerts are built into the tenant.
func (r *alertResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// dismissed reports whether a is dismissed as far as Graph can tell: not
// active while it has incidents (PIM makes an alert active when its scan
// finds incidents; a dismissal keeps them readable but the alert inactive).
func dismissed(a *graph.Alert) bool { return !a.IsActive && a.IncidentCount > 0 }

// createChanges reports whether creating the resource with active = want
// changes a: only what the setting forbids is changed, a dismissal of an
// alert that must not be silenced or an active alert that must stay
// dismissed. A quiet alert (inactive without incidents) is left as it is
// either way.
func createChanges(a *graph.Alert, want bool) bool {
	return want && dismissed(a) || !want && a.IsActive
}

// activeOf is the value of active for a, read as a person means it:
// true for an active alert, false for a dismissed one, and for a quiet one
// (inactive without incidents: PIM found nothing, its configuration is
// disabled, or it was dismissed and its incidents resolved, which Graph
// does not tell apart) the value known before, or true when there is none.
func activeOf(a *graph.Alert, before types.Bool) types.Bool {
	switch {
	case a.IsActive:
		return types.BoolValue(true)
	case dismissed(a):
		return types.BoolValue(false)
	case !before.IsNull() && !before.IsUnknown():
		return before
	}
	return types.BoolValue(true)
}

// fromGraph sets the model from an alert read from Graph; before is the
// value of active known before the read (null when none).
func (m *alertModel) fromGraph(a *graph.Alert, before types.Bool) {
	m.FromGraph(a)
	m.AlertType, m.ID = types.StringValue(a.Type.Suffix), types.StringValue(a.ID)
	m.Active = activeOf(a, before)
	m.IncidentIDs = alertschema.IncidentIDs(a)
}

// alertTypeAttribute is the required alert_type of a resource, checked by
// valid (validators.AlertType or RemediatableAlertType); changing it
// replaces the resource.
func alertTypeAttribute(valid validator.String, desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: desc,
		Validators:          []validator.String{valid},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// typeDescription describes an alert_type attribute.
func typeDescription(cat alerttypes.Catalogue) string {
	return "The alert type, spelled as the suffix of its Graph id: " + alerttypes.CodeList(cat.Names()) + "."
}

// computedString is a computed string that keeps its state value in plans.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}
