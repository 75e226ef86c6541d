// Package providerdata holds what the provider hands to every resource and
// data source in Configure: the one Graph client and the provider-wide
// settings that resources enforce.
package providerdata

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Data is the value of ConfigureResponse.ResourceData and DataSourceData.
type Data struct {
	// Client talks to Microsoft Graph. Nil when the provider configuration
	// had unknown values at plan time.
	Client *graph.Client
	// ProtectedPrincipalIDs are object ids of accounts (break-glass, service
	// accounts) whose role assignments the provider must never remediate.
	ProtectedPrincipalIDs map[string]bool
}

// Base is embedded by resources and data sources. It stores the provider
// data handed over in Configure and reports a wrong type as a provider bug.
type Base struct {
	Data *Data
}

// Configure stores providerData, which is nil until the provider itself is
// configured (Terraform calls Configure on resources before that, too).
func (b *Base) Configure(providerData any, diags *diag.Diagnostics) {
	if providerData == nil {
		return
	}
	d, ok := providerData.(*Data)
	if !ok {
		diags.AddError(
			"Unexpected Provider Data Type",
			fmt.Sprintf("Expected *providerdata.Data, got %T. This is always a bug in the provider; please report it.", providerData),
		)
		return
	}
	b.Data = d
}

// Client returns the Graph client, or adds an error and returns nil when the
// provider is not configured yet (for example because its configuration
// depends on values known only after apply).
func (b *Base) Client(diags *diag.Diagnostics) *graph.Client {
	if b.Data == nil || b.Data.Client == nil {
		diags.AddError(
			"Provider not configured",
			"The entrapim provider has no Graph client yet. This happens when the provider configuration "+
				"uses values that are unknown until apply; make them known at plan time.",
		)
		return nil
	}
	return b.Data.Client
}

// IsProtected reports whether principalID is listed in the provider's
// protected_principal_ids.
func (b *Base) IsProtected(principalID string) bool {
	return b.Data != nil && b.Data.ProtectedPrincipalIDs[principalID]
}
