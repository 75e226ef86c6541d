package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// The resource identity of entrapim_alert_configuration and entrapim_alert
// (Terraform 1.12 and later): the alert type and the tenant, which together
// name the alert, its configuration and its definition
// (DirectoryRole_{tenant_id}_{alert_type}).

// alertTypeResource is the base of the resources that manage what every
// tenant has once per alert type (entrapim_alert,
// entrapim_alert_configuration): their identity is the alert type and the
// tenant, and their state may only be used in the tenant it was recorded
// in.
type alertTypeResource struct {
	framework.ResourceBase
	// what names the resource in messages ("alert configuration").
	what string
}

// newAlertTypeResource returns the base of the resource entrapim_{name}.
func newAlertTypeResource(cat alerttypes.Catalogue, name string) alertTypeResource {
	return alertTypeResource{framework.NewResourceBase(cat, name), strings.ReplaceAll(name, "_", " ")}
}

func (r *alertTypeResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = alertIdentitySchema(r.Catalogue, r.what)
}

// ImportState imports the alert type the import id or identity names into
// its tenant (importRef). A resource that records more on import has its
// own ImportState.
func (r *alertTypeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importRef(ctx, &r.Base, req, resp)
}

// The resources' models name their alert type, tenant and timeouts for
// framework.BeginOn, and those with state in one tenant their Graph id and
// tenant_id for beginOnState.

func (m alertModel) Operand() (types.String, types.String, timeouts.Value) {
	return m.AlertType, m.TenantID, m.Timeouts
}
func (m alertRefreshModel) Operand() (types.String, types.String, timeouts.Value) {
	return m.AlertType, m.TenantID, m.Timeouts
}
func (m alertConfigurationModel) Operand() (types.String, types.String, timeouts.Value) {
	return m.AlertType, m.TenantID, m.Timeouts
}
func (m alertIncidentRemediationModel) Operand() (types.String, types.String, timeouts.Value) {
	return m.AlertType, m.TenantID, m.Timeouts
}

func (m alertModel) stateID() types.String              { return m.ID }
func (m alertConfigurationModel) stateID() types.String { return m.ID }

// stateModel is the model of a resource with state of its own in one
// tenant: its Graph id names the tenant.
type stateModel interface {
	framework.Model
	stateID() types.String
}

// beginOnState is the preamble of an operation on the resource's state
// (Read, Update, Delete): it reads the model from src and begins the
// operation (framework.BeginModel) in the model's tenant_id when
// configured says the resource's configuration sets it, otherwise in the
// provider's tenant; then it checks that the state, whose Graph id the
// model holds (the planned id is the state's), belongs to that tenant
// (ownState). It returns the model, and a nil Call after adding an error;
// otherwise the caller defers Call.End.
func beginOnState[M any, P interface {
	*M
	stateModel
}](ctx context.Context, r *alertTypeResource, src framework.Source, which framework.TimeoutOf, def time.Duration,
	identity *tfsdk.ResourceIdentity, configured bool, diags *diag.Diagnostics) (M, context.Context, *framework.Call) {
	var m M
	diags.Append(r.ReadModel(ctx, src, P(&m))...)
	tenant := types.StringNull()
	if configured {
		_, tenant, _ = P(&m).Operand()
	}
	ctx, call := r.BeginModel(ctx, P(&m), tenant, which, def, diags)
	if call == nil {
		return m, ctx, nil
	}
	if !ownState(ctx, call.Client, call.Type, r.what, P(&m).stateID(), identity, diags) {
		call.End()
		return m, ctx, nil
	}
	return m, ctx, call
}

// identityModel is the identity of an alert-type resource.
type identityModel struct {
	AlertType types.String `tfsdk:"alert_type"`
	TenantID  types.String `tfsdk:"tenant_id"`
}

// alertIdentitySchema is the identity schema of what names an alert type in
// a tenant; what names it is the same for the alert and its configuration.
func alertIdentitySchema(cat alerttypes.Catalogue, what string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"alert_type": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The alert type of the " + what + ": " + strings.Join(cat.Names(), ", ") + ".",
			},
			"tenant_id": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "The tenant's GUID. Optional for import: the provider's tenant by default; another tenant's is an error.",
			},
		},
	}
}

// setIdentity records the identity of at in the tenant of client. A nil
// identity (a Terraform without resource identity) is left alone.
func setIdentity(ctx context.Context, client *graph.Client, at alerttypes.AlertType, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	tenant, err := client.TenantID(ctx)
	if err != nil {
		framework.AddGraphError(diags, "Error recording the resource identity", at.Suffix, err)
		return
	}
	diags.Append(identity.Set(ctx, identityModel{AlertType: types.StringValue(at.Suffix), TenantID: types.StringValue(tenant)})...)
}

// importRef imports what an import names, by id (an alert type or a Graph
// id: importAlertType) or, in an import block's identity, by alert_type and
// an optional tenant_id: it sets alert_type and, for a tenant other than
// the provider's, tenant_id and privateTenantConfigured, so that the
// resource is read and written in that tenant. It returns the alert type
// and the client of its tenant, or false after adding an error.
func importRef(ctx context.Context, b *framework.Base, req resource.ImportStateRequest, resp *resource.ImportStateResponse) (alerttypes.AlertType, *graph.Client, bool) {
	diags := &resp.Diagnostics
	ref := req.ID
	if ref == "" && req.Identity != nil {
		var id identityModel
		if diags.Append(req.Identity.Get(ctx, &id)...); diags.HasError() {
			return alerttypes.AlertType{}, nil, false
		}
		at, ok := b.Catalogue.Lookup(id.AlertType.ValueString())
		if !ok {
			diags.AddError("Invalid import identity",
				fmt.Sprintf("alert_type %q is not one of %s.", id.AlertType.ValueString(), alerttypes.CodeList(b.Catalogue.Names())))
			return at, nil, false
		}
		ref = at.Suffix
		if tenant := id.TenantID.ValueString(); tenant != "" {
			ref = at.ID(tenant)
		}
	}
	at, tenant, client, ok := importAlertType(ctx, b, ref, diags)
	if !ok {
		return at, nil, false
	}
	diags.Append(resp.State.SetAttribute(ctx, framework.AlertTypePath, at.Suffix)...)
	if other := client != b.Configured(); other {
		diags.Append(resp.State.SetAttribute(ctx, framework.TenantIDPath, tenant)...)
		diags.Append(recordTenantConfigured(ctx, resp.Private, true)...)
	}
	return at, client, !diags.HasError()
}

// pathID is the path of the id attribute.
var pathID = path.Root("id")

// ownState reports whether the state of a resource whose Graph id is id
// (and whose identity, when Terraform keeps one, is identity) belongs to
// the tenant the provider is signed in to. Otherwise it adds an error
// naming both tenants and returns false: nothing may be read, changed or
// restored through another tenant, which is what changing a resource's
// provider or a pipeline's ARM_* would do. A state without an id yet (an
// import in progress) passes.
func ownState(ctx context.Context, client *graph.Client, at alerttypes.AlertType, what string, id types.String, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) bool {
	recorded := ""
	if tenant, _, ok := alerttypes.SplitID(id.ValueString()); ok {
		recorded = tenant
	}
	if identity != nil && !identity.Raw.IsNull() {
		var m identityModel
		if !identity.Get(ctx, &m).HasError() && recorded == "" {
			recorded = m.TenantID.ValueString()
		}
	}
	if recorded == "" {
		return true
	}
	own, err := client.TenantID(ctx)
	if err != nil {
		framework.AddGraphError(diags, "Error checking the tenant of the state", at.Suffix, err)
		return false
	}
	if strings.EqualFold(own, recorded) {
		return true
	}
	diags.AddAttributeError(pathID, "The state belongs to another tenant",
		fmt.Sprintf("The state of this %s was recorded in tenant %s (its id is %s), but the provider is signed in to tenant %s "+
			"(the provider's tenant, or the resource's tenant_id). "+
			"Nothing was read or written. If the provider configuration changed by mistake (another provider alias, or ARM_TENANT_ID "+
			"and credentials of another tenant), change it back. To manage the alert type in tenant %s instead, remove this resource "+
			"from the state (terraform state rm, or a removed block) and import it with the new provider configuration; "+
			"restore_on_destroy never writes one tenant's recorded settings into another.",
			what, recorded, id.ValueString(), own, own))
	return false
}
