package resources

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// A resource's tenant, as terraform-provider-aws's per-resource region:
// tenant_id overrides the provider's tenant, and the state records the
// tenant the resource is in (the provider's when tenant_id is not set).
// Whether the state's tenant came from tenant_id or from the provider is
// kept in private state (privateTenantConfigured): a state recorded in
// the provider's tenant must keep failing when the provider is pointed at
// another tenant (ownState), while one whose tenant_id names its tenant is
// read and written there, whatever the provider's tenant.

// privateTenantConfigured is the private state key that says whether the
// resource's tenant_id was set in its configuration ("true"), rather than
// taken from the provider ("false", or absent in states written before
// tenant_id existed).
const privateTenantConfigured = "tenant_id_configured"

// tenantIDAttribute is the tenant_id of a resource: optional, the
// provider's tenant when not set (planTenant); changing it replaces the
// resource.
func tenantIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "The tenant (GUID) the resource is in, overriding the provider's `tenant_id` so that one provider " +
			"configuration can manage many tenants (for example a module with `for_each` over tenants and `tenant_id = each.key`). " +
			"The provider signs in to it with its own credential configuration: a multi-tenant application must be consented " +
			"there. Defaults to the provider's tenant, which the state then records. Changing it replaces the resource.",
		Validators: []validator.String{validators.TenantID()},
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(),
			stringplanmodifier.RequiresReplaceIf(tenantChanged, "Changing the tenant replaces the resource.", "Changing the tenant replaces the resource."),
		},
	}
}

// tenantChanged: a tenant_id configured that differs from the state's
// replaces the resource (one not configured is planned by planTenant). A
// state without tenant_id (written before it existed) is in the provider's
// tenant, which Read records.
func tenantChanged(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() && !req.StateValue.IsNull() &&
		!strings.EqualFold(req.StateValue.ValueString(), req.ConfigValue.ValueString())
}

// planTenant plans the tenant_id of a resource of b that its configuration
// does not set: the provider's tenant (replacing the resource when the
// state records another one), or unknown until apply when the provider is
// not configured yet or Graph cannot name its tenant at plan time. It runs
// in the resource's ModifyPlan, whose resource is configured (attribute
// plan modifiers may belong to an instance that never is). It returns the
// planned tenant_id; null on destroy.
func planTenant(ctx context.Context, b *framework.ResourceBase, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) types.String {
	var configured, state, planned types.String
	if req.Plan.Raw.IsNull() {
		return types.StringNull()
	}
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, framework.TenantIDPath, &planned)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, framework.TenantIDPath, &configured)...)
	if !configured.IsNull() || resp.Diagnostics.HasError() {
		return planned
	}
	client := b.Configured()
	if client == nil {
		return planned
	}
	own, err := client.TenantID(ctx)
	if err != nil {
		return planned
	}
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, framework.TenantIDPath, &state)...)
		if !state.IsNull() && !strings.EqualFold(state.ValueString(), own) {
			resp.RequiresReplace = append(resp.RequiresReplace, framework.TenantIDPath)
		}
	}
	planned = types.StringValue(own)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, framework.TenantIDPath, planned)...)
	return planned
}

// tenantConfigured reports whether the state's tenant_id came from the
// resource's configuration (privateTenantConfigured).
func tenantConfigured(ctx context.Context, private interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}) bool {
	raw, diags := private.GetKey(ctx, privateTenantConfigured)
	return !diags.HasError() && string(raw) == "true"
}

// recordTenantConfigured records whether tenant_id is set in the
// configuration (privateTenantConfigured).
func recordTenantConfigured(ctx context.Context, private privateState, configured bool) diag.Diagnostics {
	v := "false"
	if configured {
		v = "true"
	}
	return private.SetKey(ctx, privateTenantConfigured, []byte(v))
}

// configuresTenant reports whether the configuration cfg sets tenant_id.
func configuresTenant(ctx context.Context, cfg tfsdk.Config) bool {
	var v types.String
	return !cfg.GetAttribute(ctx, framework.TenantIDPath, &v).HasError() && !v.IsNull()
}
