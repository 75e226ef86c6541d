// Package diagnostics formats Graph failures for Terraform diagnostics, the
// same way in every resource and data source: the alert type first, then
// Graph's HTTP status, error code, message and request ids.
package diagnostics

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// GraphErrorDetail is the detail of a diagnostic about a failed Graph call.
func GraphErrorDetail(alertType string, err error) string {
	parts := []string{"Alert type: " + alertType}
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return strings.Join(append(parts, err.Error()), "\n")
	}
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

// AddGraphError adds the standard error diagnostic for a failed Graph call.
func AddGraphError(diags *diag.Diagnostics, summary, alertType string, err error) {
	diags.AddError(summary, GraphErrorDetail(alertType, err))
}
