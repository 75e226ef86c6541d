package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Validate checks the settings and returns the chosen credential kind.
// With complete false (terraform validate) it checks only what the
// provider block itself says; with complete true (Configure, at plan and
// apply) it also requires everything the chosen credential needs, from
// the block or the environment (getenv, for the variables a CI system or
// AKS sets). Every problem is an attribute error at the attribute that
// causes it.
func (c *Config) Validate(complete bool, getenv func(string) string, diags *diag.Diagnostics) Kind {
	c.checkCertificateGivenOnce(diags)
	c.checkValues(complete, diags)
	return c.checkCredential(complete, getenv, diags)
}

// domainPattern is a DNS name of two or more labels, such as
// contoso.onmicrosoft.com.
var domainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$`)

// checkValues reports the values that are malformed wherever they come
// from.
func (c *Config) checkValues(complete bool, diags *diag.Diagnostics) {
	if v := c.TenantID; v.IsSet() && !alerttypes.IsGUID(v.Value) && !domainPattern.MatchString(v.Value) {
		diags.AddAttributeError(v.Path(), "Invalid tenant ID",
			fmt.Sprintf("%s = %q is neither a GUID nor a domain name such as contoso.onmicrosoft.com.", v.Describe(), v.Raw))
	}
	if v := c.ClientID; v.IsSet() && !alerttypes.IsGUID(v.Value) {
		diags.AddAttributeError(v.Path(), "Invalid client ID",
			fmt.Sprintf("%s = %q is not a GUID (the application (client) ID of the app registration).", v.Describe(), v.Raw))
	}
	if v := c.Environment; v.IsSet() {
		if _, ok := Clouds[strings.ToLower(v.Value)]; !ok {
			diags.AddAttributeError(v.Path(), "Invalid environment",
				fmt.Sprintf("%s = %q; expected one of %s.", v.Describe(), v.Raw, strings.Join(cloudNames(), ", ")))
		}
	}
	for _, e := range []struct {
		v         String
		summary   string
		authority bool
	}{{c.GraphEndpoint, "Invalid Graph endpoint", false}, {c.AuthorityHost, "Invalid authority host", true}} {
		if !e.v.IsSet() {
			continue
		}
		if _, err := graph.ParseEndpoint(e.v.Value, e.authority); err != nil {
			diags.AddAttributeError(e.v.Path(), e.summary, fmt.Sprintf("%s: %v", e.v.Describe(), err))
		}
	}
	// From the environment only at plan: terraform validate does not know
	// whether use_oidc will be true.
	if v := c.OIDCRequestURL; v.IsSet() && (v.FromConfig() || complete) {
		if err := CheckRequestURL(v.Value); err != nil {
			diags.AddAttributeError(v.Path(), "Invalid OIDC request URL", fmt.Sprintf("%s: %v", v.Describe(), err))
		}
	}
	if v := c.MaxRetries; v.IsSet() && (v.Malformed || v.Value < 0 || v.Value > graph.MaxRetriesLimit) {
		diags.AddAttributeError(v.Path(), "Invalid retry setting",
			fmt.Sprintf("%s = %q; expected a whole number from 0 (no retries) to %d.", v.Describe(), v.Raw, graph.MaxRetriesLimit))
	}
	if v := c.MaxConcurrentRequests; v.IsSet() && (v.Malformed || v.Value < 1 || v.Value > graph.MaxConcurrentRequestsLimit) {
		diags.AddAttributeError(v.Path(), "Invalid concurrency setting",
			fmt.Sprintf("%s = %q; expected a whole number from 1 to %d.", v.Describe(), v.Raw, graph.MaxConcurrentRequestsLimit))
	}
	if v := c.MaxRetryAfter; v.IsSet() && (v.Malformed || v.Value <= 0) {
		diags.AddAttributeError(v.Path(), "Invalid retry setting",
			fmt.Sprintf("%s = %q; expected a positive duration such as \"10m\" or \"90s\".", v.Describe(), v.Raw))
	}
	if v := c.MinGlobalAdmins; v.IsSet() && (v.Malformed || v.Value < 1) {
		diags.AddAttributeError(v.Path(), "Invalid Global Administrator minimum",
			fmt.Sprintf("%s = %q; expected a whole number of at least 1: a remediation may never remove the last Global Administrator.",
				v.Describe(), v.Raw))
	}
	for _, id := range c.ProtectedPrincipalIDs.Value {
		if !alerttypes.IsGUID(id) {
			diags.AddAttributeError(c.ProtectedPrincipalIDs.Path(), "Invalid protected principal ID",
				fmt.Sprintf("%q is not a GUID; list the object IDs of the accounts to protect.", id))
		}
	}
}
