package resources

import (
	"context"
	"fmt"
	"github.com/entrapim/terraform-provider-entrapim/internal/diagnostics"
	"github.com/entrapim/terraform-provider-entrapim/internal/tfvalues"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/providerdata"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

var (
	_ resource.ResourceWithConfigure   = (*alertResource)(nil)
	_ resource.ResourceWithImportState = (*alertResource)(nil)
)

// NewAlert returns the entrapim_alert resource.
func NewAlert() resource.Resource { return &alertResource{} }

type alertResource struct {
	providerdata.Base
}

type alertModel struct {
	Active               types.Bool     `tfsdk:"active"`
	AlertType            types.String   `tfsdk:"alert_type"`
	ID                   types.String   `tfsdk:"id"`
	IncidentCount        types.Int64    `tfsdk:"incident_count"`
	IncidentIDs          types.List     `tfsdk:"incident_ids"`
	LastModifiedDateTime types.String   `tfsdk:"last_modified_date_time"`
	LastScannedDateTime  types.String   `tfsdk:"last_scanned_date_time"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

func (r *alertResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_alert"
}

func (r *alertResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages whether a PIM alert for Entra roles is active; `active = false` dismisses it. " +
			"PIM reactivates a dismissed alert when a later scan (a refresh, or its own daily scan) finds incidents: " +
			"the next plan then shows `active: true -> false`, which is the drift signal to review. To stop an alert " +
			"for good, set `enabled = false` on its `entrapim_alert_configuration` instead. Destroying the resource " +
			"only stops managing the alert; it makes no API call.",
		Attributes: map[string]schema.Attribute{
			"active": schema.BoolAttribute{
				Required:            true,
				MarkdownDescription: "Whether the alert is active (`isActive`). `false` dismisses it.",
			},
			"alert_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The alert type, spelled as the suffix of its Graph id: " + alerttypes.CodeList(alerttypes.Names()) + ". Changing it replaces the resource.",
				Validators:          []validator.String{validators.AlertType(false)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The Graph id of the alert, `" + alerttypes.IDFormat + "`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"incident_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "The number of incidents PIM found at its last scan.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"incident_ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The ids of the alert's incidents, for `entrapim_alert_incident_remediation`.",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"last_modified_date_time": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the alert last changed (RFC 3339); null when it never fired.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_scanned_date_time": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When PIM last scanned the tenant for this alert (RFC 3339); null when never.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true}),
		},
	}
}

func (r *alertResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.Base.Configure(req.ProviderData, &resp.Diagnostics)
}

func (r *alertResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan alertModel
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

	alertType := plan.AlertType.ValueString()
	alert, err := client.GetAlert(ctx, alertType, graph.ExpandIncidents)
	if err != nil {
		diagnostics.AddGraphError(&resp.Diagnostics, "Error creating alert", alertType, err)
		return
	}
	want := plan.Active.ValueBool()
	if alert.IsActive != want {
		if err := client.SetAlertActive(ctx, alertType, want); err != nil {
			diagnostics.AddGraphError(&resp.Diagnostics, "Error creating alert", alertType, err)
			return
		}
		alert.IsActive = want
	}
	resp.Diagnostics.Append(plan.fromGraph(ctx, alert)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *alertResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state alertModel
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

	alertType := state.AlertType.ValueString()
	alert, err := client.GetAlert(ctx, alertType, graph.ExpandIncidents)
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Alert not found",
			fmt.Sprintf("Graph no longer has the alert %s; removing it from the state.", alertType))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		diagnostics.AddGraphError(&resp.Diagnostics, "Error reading alert", alertType, err)
		return
	}
	resp.Diagnostics.Append(state.fromGraph(ctx, alert)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *alertResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state alertModel
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

	alertType := plan.AlertType.ValueString()
	if !plan.Active.Equal(state.Active) {
		if err := client.SetAlertActive(ctx, alertType, plan.Active.ValueBool()); err != nil {
			diagnostics.AddGraphError(&resp.Diagnostics, "Error updating alert", alertType, err)
			return
		}
	}
	// Graph answered 204; the computed attributes are those last read.
	plan.ID, plan.IncidentCount, plan.IncidentIDs = state.ID, state.IncidentCount, state.IncidentIDs
	plan.LastModifiedDateTime, plan.LastScannedDateTime = state.LastModifiedDateTime, state.LastScannedDateTime
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete stops managing the alert: alerts are built into the tenant.
func (r *alertResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func (r *alertResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	at, tenant, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	if tenant != "" {
		client := r.Client(&resp.Diagnostics)
		if client == nil {
			return
		}
		checkImportTenant(ctx, client, tenant, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("alert_type"), at.Suffix)...)
}

// fromGraph sets the model from an alert read from Graph.
func (m *alertModel) fromGraph(ctx context.Context, a *graph.Alert) (diags diag.Diagnostics) {
	m.ID = types.StringValue(a.ID)
	m.AlertType = types.StringValue(a.AlertType)
	m.Active = types.BoolValue(a.IsActive)
	m.IncidentCount = types.Int64Value(int64(a.IncidentCount))
	ids := make([]string, 0, len(a.Incidents))
	for _, inc := range a.Incidents {
		ids = append(ids, inc.ID)
	}
	m.IncidentIDs, diags = types.ListValueFrom(ctx, types.StringType, ids)
	m.LastModifiedDateTime = tfvalues.Time(a.LastModified)
	m.LastScannedDateTime = tfvalues.Time(a.LastScanned)
	return diags
}
