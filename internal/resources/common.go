// Package resources holds the entrapim resources. Each maps its Terraform
// model to internal/graph types; none talks to the SDK directly.
package resources

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
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
