// Package resources holds the entrapim resources. Each maps its Terraform
// model to internal/graph types; none talks to the SDK directly.
package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// Default timeouts of Graph calls per operation.
const (
	defaultReadTimeout  = 5 * time.Minute
	defaultWriteTimeout = 10 * time.Minute
)

// importAlertType parses an import id, an alert type ("StaleSignInAlert")
// or a full Graph id ("DirectoryRole_{tenant}_StaleSignInAlert"), and
// returns the alert type, the tenant the id names ("" for the provider's)
// and the client of that tenant. A full id of another tenant than the
// provider's imports into that tenant, which the provider must be able to
// sign in to.
func importAlertType(ctx context.Context, b *framework.Base, id string, diags *diag.Diagnostics) (alerttypes.AlertType, string, *graph.Client, bool) {
	at, tenant, err := b.Catalogue.ParseRef(id)
	if err != nil {
		diags.AddError("Invalid import id", "Unexpected import id: "+err.Error())
		return at, "", nil, false
	}
	if tenant == "" {
		client := b.Client(diags)
		return at, "", client, client != nil
	}
	var tds diag.Diagnostics
	client := b.ClientFor(ctx, types.StringValue(tenant), &tds)
	if client == nil {
		var msgs []string
		for _, d := range tds.Errors() {
			msgs = append(msgs, d.Detail())
		}
		diags.AddError("Import id names another tenant", "The import id "+id+" names tenant "+tenant+
			", which is not the provider's tenant, and the provider cannot work in it:\n\n"+strings.Join(msgs, "\n\n"))
		return at, tenant, nil, false
	}
	return at, tenant, client, true
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// timeoutsAttribute is the timeouts attribute of a resource for the
// operations of opts, whose durations must be positive.
func timeoutsAttribute(ctx context.Context, opts timeouts.Opts) schema.Attribute {
	a, _ := timeouts.Attributes(ctx, opts).(schema.SingleNestedAttribute)
	for name, nested := range a.Attributes {
		if s, ok := nested.(schema.StringAttribute); ok {
			s.Validators = append(s.Validators, validators.PositiveTimeout())
			a.Attributes[name] = s
		}
	}
	return a
}

// actionModel is what the configuration of every action holds: the alert
// type it is about, the tenant it acts in and the timeouts of the
// invocation.
type actionModel struct {
	AlertType types.String         `tfsdk:"alert_type"`
	TenantID  types.String         `tfsdk:"tenant_id"`
	Timeouts  actiontimeouts.Value `tfsdk:"timeouts"`
}

// actionTenantIDAttribute is the tenant_id of an action: the tenant to act
// in, the provider's when not set.
func actionTenantIDAttribute() actionschema.Attribute {
	return actionschema.StringAttribute{
		Optional:            true,
		MarkdownDescription: tenantArgumentDescription,
		Validators:          []validator.String{validators.TenantID()},
	}
}

// tenantArgumentDescription describes the tenant_id of an action or list
// resource.
const tenantArgumentDescription = "The tenant (GUID) to work in, overriding the provider's `tenant_id`; the provider signs in " +
	"to it with its own credential configuration (a multi-tenant application must be consented there). Defaults to the provider's tenant."

// actionTimeoutsAttribute is the timeouts attribute of an action, whose
// invoke duration must be positive.
func actionTimeoutsAttribute(ctx context.Context) actionschema.Attribute {
	a, _ := actiontimeouts.Attributes(ctx).(actionschema.SingleNestedAttribute)
	for name, nested := range a.Attributes {
		if s, ok := nested.(actionschema.StringAttribute); ok {
			s.Validators = append(s.Validators, validators.PositiveTimeout())
			a.Attributes[name] = s
		}
	}
	return a
}

// addBuiltInNotFound reports Graph's 404 of what, an object every tenant
// has (an alert, an alert configuration): Graph's fault, not a deletion,
// so the resource stays in the state.
func addBuiltInNotFound(diags *diag.Diagnostics, summary, what string, err error) {
	diags.AddError(summary, fmt.Sprintf("Graph answered 404 for %s, which every tenant has: the resource is kept in the state. "+
		"Try again; if it persists, check graph_endpoint and the tenant, and to stop managing it, remove it from the state "+
		"(terraform state rm, or a removed block). %v", what, err))
}
