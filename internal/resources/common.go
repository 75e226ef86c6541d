// Package resources holds the entrapim resources. Each maps its Terraform
// model to internal/graph types; none talks to the SDK directly.
package resources

import (
	"context"
	"fmt"
	"time"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/validators"
)

// Default timeouts of Graph calls per operation.
const (
	defaultReadTimeout  = 5 * time.Minute
	defaultWriteTimeout = 10 * time.Minute
)

// importAlertType parses an import id, an alert type ("StaleSignInAlert")
// or a full Graph id ("DirectoryRole_{tenant}_StaleSignInAlert"); a full id
// must name the provider's tenant.
func importAlertType(ctx context.Context, b *framework.Base, id string, diags *diag.Diagnostics) (alerttypes.AlertType, bool) {
	at, tenant, err := b.Catalogue.ParseRef(id)
	if err != nil {
		diags.AddError("Invalid import id", "Unexpected import id: "+err.Error())
		return at, false
	}
	if tenant == "" {
		return at, true
	}
	client := b.Client(diags)
	if client == nil {
		return at, false
	}
	if err := framework.CheckTenant(ctx, client, tenant); err != nil {
		diags.AddError("Import id names another tenant", "The import id "+id+": "+err.Error()+".")
		return at, false
	}
	return at, true
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
// type it is about and the timeouts of the invocation.
type actionModel struct {
	AlertType types.String         `tfsdk:"alert_type"`
	Timeouts  actiontimeouts.Value `tfsdk:"timeouts"`
}

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
