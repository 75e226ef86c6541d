package resources

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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

// setIdentity records the identity of at in the provider's tenant. A nil
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

// importRef returns the alert type an import names, by id (an alert type
// or a Graph id: importAlertType) or, in an import block's identity, by
// alert_type and an optional tenant_id that must be the provider's.
func importRef(ctx context.Context, b *framework.Base, req resource.ImportStateRequest, diags *diag.Diagnostics) (alerttypes.AlertType, bool) {
	if req.ID != "" || req.Identity == nil {
		return importAlertType(ctx, b, req.ID, diags)
	}
	var id identityModel
	if diags.Append(req.Identity.Get(ctx, &id)...); diags.HasError() {
		return alerttypes.AlertType{}, false
	}
	at, ok := b.Catalogue.Lookup(id.AlertType.ValueString())
	if !ok {
		diags.AddError("Invalid import identity",
			fmt.Sprintf("alert_type %q is not one of %s.", id.AlertType.ValueString(), alerttypes.CodeList(b.Catalogue.Names())))
		return at, false
	}
	if tenant := id.TenantID.ValueString(); tenant != "" {
		return importAlertType(ctx, b, at.ID(tenant), diags)
	}
	return at, true
}
