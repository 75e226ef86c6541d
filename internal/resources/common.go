// Package resources holds the entrapim resources. Each maps its Terraform
// model to internal/graph types; none talks to the SDK directly.
package resources

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// graphErrorDetail formats a Graph failure for a diagnostic: the alert type,
// then Graph's status, code, message and request id.
func graphErrorDetail(alertType string, err error) string {
	var ge *graph.Error
	if errors.As(err, &ge) {
		parts := []string{fmt.Sprintf("Alert type: %s", alertType)}
		if ge.StatusCode != 0 {
			parts = append(parts, fmt.Sprintf("HTTP status: %d", ge.StatusCode))
		}
		if ge.Code != "" {
			parts = append(parts, "Graph error code: "+ge.Code)
		}
		if ge.Message != "" {
			parts = append(parts, "Message: "+ge.Message)
		}
		if ge.RequestID != "" {
			parts = append(parts, "Request ID: "+ge.RequestID)
		}
		if ge.ClientRequestID != "" {
			parts = append(parts, "Client request ID: "+ge.ClientRequestID)
		}
		if len(parts) == 1 {
			parts = append(parts, err.Error())
		}
		return strings.Join(parts, "\n")
	}
	return fmt.Sprintf("Alert type: %s\n%v", alertType, err)
}

// timeString renders a time for state: RFC 3339 in UTC, null when nil.
func timeString(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// addGraphError adds the standard diagnostic for a failed Graph call.
func addGraphError(diags *diag.Diagnostics, summary, alertType string, err error) {
	diags.AddError(summary, graphErrorDetail(alertType, err))
}

// alertTypeAttr is the path of alert_type, the attribute most errors name.
var alertTypeAttr = path.Root("alert_type")
