// Package resources holds the entrapim resources. Each maps its Terraform
// model to internal/graph types; none talks to the SDK directly.
package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Default timeouts of Graph calls per operation.
const (
	defaultReadTimeout  = 5 * time.Minute
	defaultWriteTimeout = 10 * time.Minute
)

// importFormat explains what an import id may look like.
var importFormat = fmt.Sprintf("an alert type (one of %s) or a Graph alert id of the form %s",
	strings.Join(alerttypes.Names(), ", "), alerttypes.IDFormat)

// parseImportID accepts an alert type ("StaleSignInAlert") or a full Graph
// id ("DirectoryRole_{tenant}_StaleSignInAlert") and returns the alert type
// and, for a full id, its tenant.
func parseImportID(id string) (alerttypes.AlertType, string, error) {
	if at, ok := alerttypes.Lookup(id); ok {
		return at, "", nil
	}
	if strings.HasPrefix(id, "DirectoryRole_") {
		tenant, at, err := alerttypes.ParseID(id)
		if err != nil {
			return alerttypes.AlertType{}, "", fmt.Errorf("unexpected import id: %v; expected %s", err, importFormat)
		}
		return at, tenant, nil
	}
	return alerttypes.AlertType{}, "", fmt.Errorf("unexpected import id %q: expected %s", id, importFormat)
}

// checkImportTenant fails when a full Graph id names another tenant than the
// one the provider is signed in to.
func checkImportTenant(ctx context.Context, client *graph.Client, tenant string, diags *diag.Diagnostics) {
	if tenant == "" {
		return
	}
	own, err := client.TenantID(ctx)
	if err != nil {
		diags.AddError("Error importing", "Could not determine the provider's tenant: "+err.Error())
		return
	}
	if !strings.EqualFold(own, tenant) {
		diags.AddError("Import id names another tenant",
			fmt.Sprintf("The import id belongs to tenant %s, but the provider is signed in to tenant %s.", tenant, own))
	}
}

// alertTypeAttr is the path of alert_type, the attribute most errors name.
var alertTypeAttr = path.Root("alert_type")
