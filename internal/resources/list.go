package resources

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/thresholds"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// The list resources of entrapim_alert_configuration and entrapim_alert
// (Terraform 1.14 and later, `terraform query`): every alert type of the
// tenant, from one Graph request, each with its identity, a display name
// and, when the query asks (include_resource), the resource object a Read
// would give, so that -generate-config-out writes a configuration that
// plans with no changes against the tenant it came from.

// listResource is one of the two; toResource sets the resource object of
// an alert (listed with expand), whose timeouts are null.
type listResource struct {
	framework.ResourceBase
	what       string
	expand     []graph.Expand
	toResource func(ctx context.Context, cat alerttypes.Catalogue, a *graph.Alert, noTimeouts timeouts.Value, dst *tfsdk.Resource) diag.Diagnostics
}

var _ list.ListResourceWithConfigure = (*listResource)(nil)

// NewAlertConfigurationList returns the list resource of
// entrapim_alert_configuration.
func NewAlertConfigurationList(cat alerttypes.Catalogue) list.ListResource {
	return newListResource(cat, "alert_configuration", listedConfiguration, graph.ExpandDefinition, graph.ExpandConfiguration)
}

// NewAlertList returns the list resource of entrapim_alert.
func NewAlertList(cat alerttypes.Catalogue) list.ListResource {
	return newListResource(cat, "alert", listedAlert, graph.ExpandDefinition, graph.ExpandIncidents)
}

// newListResource returns the list resource of the resource entrapim_{name}.
func newListResource(cat alerttypes.Catalogue, name string, toResource func(context.Context, alerttypes.Catalogue, *graph.Alert, timeouts.Value, *tfsdk.Resource) diag.Diagnostics,
	expand ...graph.Expand) list.ListResource {
	return &listResource{ResourceBase: framework.NewResourceBase(cat, name), what: strings.ReplaceAll(name, "_", " "), expand: expand, toResource: toResource}
}

// listedConfiguration sets dst to the entrapim_alert_configuration of a.
func listedConfiguration(ctx context.Context, cat alerttypes.Catalogue, a *graph.Alert, noTimeouts timeouts.Value, dst *tfsdk.Resource) diag.Diagnostics {
	if a.Configuration == nil {
		return diag.Diagnostics{diag.NewErrorDiagnostic("Error listing alert configurations", "Graph listed "+a.Type.Suffix+" without its configuration.")}
	}
	m := alertConfigurationModel{Timeouts: noTimeouts}
	m.fromGraph(cat, a.Type, a.Configuration)
	// What only repeats a default is left out of the generated
	// configuration: enabled = true and restore_on_destroy = false.
	m.RestoreOnDestroy = types.BoolNull()
	if m.Enabled.ValueBool() {
		m.Enabled = types.BoolNull()
	}
	obj, diags := thresholds.Join(ctx, cat, dst.Schema.Type(), &m, m.Thresholds)
	if diags.HasError() {
		return diags
	}
	return append(diags, dst.Set(ctx, obj)...)
}

// listedAlert sets dst to the entrapim_alert of a.
func listedAlert(ctx context.Context, _ alerttypes.Catalogue, a *graph.Alert, noTimeouts timeouts.Value, dst *tfsdk.Resource) diag.Diagnostics {
	m := alertModel{Timeouts: noTimeouts}
	// With nothing known before, a quiet alert exports as active: the
	// export never writes a dismissal the tenant did not make.
	m.fromGraph(a, types.BoolNull())
	return dst.Set(ctx, m)
}

func (r *listResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists the %s of every alert type of the tenant (%s) with one Graph request, "+
			"for `terraform query`. Each result has the resource's identity (`alert_type`, `tenant_id`) and, with "+
			"`include_resource = true`, the resource as Terraform would import it, so that `terraform query "+
			"-generate-config-out=FILE` writes a configuration that plans with no changes.",
			r.what, alerttypes.CodeList(r.Catalogue.Names())),
		Attributes: map[string]listschema.Attribute{
			"tenant_id": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: tenantArgumentDescription + " The listed resources then have it as their `tenant_id`.",
				Validators:          []validator.String{validators.TenantID()},
			},
		},
	}
}

func (r *listResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	var inTenant types.String
	diags.Append(req.Config.GetAttribute(ctx, framework.TenantIDPath, &inTenant)...)
	client := r.ClientFor(ctx, inTenant, &diags)
	if diags.HasError() || client == nil {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
	defer cancel()
	alerts, err := client.ListAlerts(ctx, r.expand...)
	var tenant string
	if err == nil {
		tenant, err = client.TenantID(ctx)
	}
	if err != nil {
		framework.AddGraphError(&diags, "Error listing "+r.what+"s", "all", err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	slices.SortFunc(alerts, func(a, b graph.Alert) int { return strings.Compare(a.Type.Suffix, b.Type.Suffix) })
	var results []list.ListResult
	for i := range alerts {
		a := &alerts[i]
		if _, known := r.Catalogue.Lookup(a.Type.Suffix); !known {
			continue // an alert type this provider version does not manage
		}
		if req.Limit > 0 && int64(len(results)) >= req.Limit {
			break
		}
		res := req.NewListResult(ctx)
		res.DisplayName = a.Type.Suffix
		if a.Definition != nil && a.Definition.DisplayName != "" {
			res.DisplayName = a.Definition.DisplayName + " (" + a.Type.Suffix + ")"
		}
		res.Diagnostics.Append(res.Identity.Set(ctx, identityModel{
			AlertType: types.StringValue(a.Type.Suffix), TenantID: types.StringValue(tenant),
		})...)
		if req.IncludeResource {
			noTimeouts, diags := nullTimeouts(ctx, res.Resource.Schema)
			if res.Diagnostics.Append(diags...); !diags.HasError() {
				res.Diagnostics.Append(r.toResource(ctx, r.Catalogue, a, noTimeouts, res.Resource)...)
				if !inTenant.IsNull() {
					res.Diagnostics.Append(res.Resource.SetAttribute(ctx, framework.TenantIDPath, inTenant)...)
				}
			}
		}
		results = append(results, res)
	}
	stream.Results = slices.Values(results)
}

// nullTimeouts is a null timeouts value of the schema's timeouts attribute.
func nullTimeouts(ctx context.Context, s interface {
	TypeAtPath(context.Context, path.Path) (attr.Type, diag.Diagnostics)
}) (timeouts.Value, diag.Diagnostics) {
	t, diags := s.TypeAtPath(ctx, path.Root("timeouts"))
	if diags.HasError() {
		return timeouts.Value{}, diags
	}
	withAttrs, ok := t.(attr.TypeWithAttributeTypes)
	if !ok {
		return timeouts.Value{}, append(diags, diag.NewErrorDiagnostic("Unexpected timeouts type", fmt.Sprintf("%T", t)))
	}
	return timeouts.Value{Object: types.ObjectNull(withAttrs.AttributeTypes())}, diags
}
