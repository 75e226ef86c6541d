package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Time renders a time as RFC 3339 in UTC; nil (absent, or Graph's
// never-fired sentinel, which the Graph layer maps to nil) is null.
func Time(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// StringList is a list of strings, empty (not null) when there are none.
func StringList(ss []string) types.List {
	vals := make([]attr.Value, 0, len(ss))
	for _, s := range ss {
		vals = append(vals, types.StringValue(s))
	}
	return types.ListValueMust(types.StringType, vals)
}

// graphErrorDetail is the detail of a diagnostic about a failed Graph call:
// what it was about first (an alert type; no line when subject is empty),
// then Graph's HTTP status, error code, message and request ids.
func graphErrorDetail(subject string, err error) string {
	var parts []string
	if subject != "" {
		parts = append(parts, "Alert type: "+subject)
	}
	about := len(parts)
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return strings.Join(append(parts, err.Error()), "\n")
	}
	if ge.StatusCode != 0 {
		parts = append(parts, fmt.Sprintf("HTTP status: %d", ge.StatusCode))
	}
	permission := ""
	if ge.Permission != "" {
		permission = "the provider's credential lacks it: grant the application permission " + ge.Permission +
			" (with admin consent) to the identity the provider signs in with"
	}
	for _, p := range [][2]string{
		{"Graph error code", ge.Code}, {"Message", ge.Message}, {"Missing permission", permission}, {"Hint", ge.Hint},
		{"Request ID", ge.RequestID}, {"Client request ID", ge.ClientRequestID},
	} {
		if p[1] != "" {
			parts = append(parts, p[0]+": "+p[1])
		}
	}
	if len(parts) == about {
		parts = append(parts, err.Error())
	}
	return strings.Join(parts, "\n")
}

// AddGraphError adds the standard error diagnostic for a failed Graph call.
func AddGraphError(diags *diag.Diagnostics, summary, subject string, err error) {
	diags.AddError(summary, graphErrorDetail(subject, err))
}

// CheckTenant fails when tenant, the tenant of a Graph id a user wrote, is
// not the one the provider works in. An empty tenant (a bare alert type)
// passes.
func CheckTenant(ctx context.Context, client *graph.Client, tenant string) error {
	if tenant == "" {
		return nil
	}
	own, err := client.TenantID(ctx)
	if err != nil {
		return fmt.Errorf("could not determine the provider's tenant: %w", err)
	}
	if !strings.EqualFold(own, tenant) {
		return fmt.Errorf("the id belongs to tenant %s, but the provider is signed in to tenant %s", tenant, own)
	}
	return nil
}
