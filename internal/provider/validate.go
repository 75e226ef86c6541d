package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// validate checks the settings and returns the chosen credential kind. With
// complete false (terraform validate) it checks only what the provider block
// itself says; with complete true (Configure, at plan and apply) it also
// requires everything the chosen credential needs, from the block or the
// environment. Every problem is an attribute error at the attribute that
// causes it.
func (s *settings) validate(complete bool, getenv func(string) string, diags *diag.Diagnostics) credentialKind {
	attrErr := func(attr, summary, detail string) {
		diags.AddAttributeError(path.Root(attr), summary, detail)
	}

	// The certificate given twice. (A client ID, secret or OIDC token given
	// both as a value and as a file is accepted when the two agree, as in
	// azuread; valueOrFile checks that when it reads the file.)
	if a, b := s.get(attrClientCertificate), s.get(attrClientCertificatePath); a.set() && b.set() {
		for _, attr := range []string{attrClientCertificate, attrClientCertificatePath} {
			attrErr(attr, "Conflicting provider settings",
				fmt.Sprintf("%s and %s are both set; set only one of them.", a.describe(attrClientCertificate), b.describe(attrClientCertificatePath)))
		}
	}

	kinds := s.kinds()
	kind := s.chosen(kinds)

	// Values that are malformed wherever they come from.
	if v := s.get(attrTenantID); v.set() && !guidPattern.MatchString(v.value) && !domainPattern.MatchString(v.value) {
		attrErr(attrTenantID, "Invalid tenant ID",
			fmt.Sprintf("%s = %q is neither a GUID nor a domain name such as contoso.onmicrosoft.com.", v.describe(attrTenantID), v.value))
	}
	if v := s.get(attrClientID); v.set() && !guidPattern.MatchString(v.value) {
		attrErr(attrClientID, "Invalid client ID",
			fmt.Sprintf("%s = %q is not a GUID (the application (client) ID of the app registration).", v.describe(attrClientID), v.value))
	}
	if v := s.get(attrEnvironment); v.set() {
		if _, ok := environments[strings.ToLower(v.value)]; !ok {
			attrErr(attrEnvironment, "Invalid environment",
				fmt.Sprintf("%s = %q; expected one of %s.", v.describe(attrEnvironment), v.value, strings.Join(environmentNames(), ", ")))
		}
	}
	if v := s.get(attrGraphEndpoint); v.set() {
		if _, err := graph.ParseEndpoint(v.value, false); err != nil {
			attrErr(attrGraphEndpoint, "Invalid Graph endpoint", fmt.Sprintf("%s: %v", v.describe(attrGraphEndpoint), err))
		}
	}
	if v := s.get(attrAuthorityHost); v.set() {
		if _, err := graph.ParseEndpoint(v.value, true); err != nil {
			attrErr(attrAuthorityHost, "Invalid authority host", fmt.Sprintf("%s: %v", v.describe(attrAuthorityHost), err))
		}
	}
	if v := s.get(attrOIDCRequestURL); v.set() && (s.fromConfig(attrOIDCRequestURL) || complete) {
		if err := checkRequestURL(v.value); err != nil {
			attrErr(attrOIDCRequestURL, "Invalid OIDC request URL", fmt.Sprintf("%s: %v", v.describe(attrOIDCRequestURL), err))
		}
	}
	if v := s.get(attrMaxRetries); v.set() {
		if n, err := strconv.Atoi(v.value); err != nil || n < 0 || n > graph.MaxRetriesLimit {
			attrErr(attrMaxRetries, "Invalid retry setting",
				fmt.Sprintf("%s = %q; expected a whole number from 0 (no retries) to %d.", v.describe(attrMaxRetries), v.value, graph.MaxRetriesLimit))
		}
	}
	if v := s.get(attrMaxRetryAfter); v.set() {
		if d, err := time.ParseDuration(v.value); err != nil || d <= 0 {
			attrErr(attrMaxRetryAfter, "Invalid retry setting",
				fmt.Sprintf("%s = %q; expected a positive duration such as \"10m\" or \"90s\".", v.describe(attrMaxRetryAfter), v.value))
		}
	}
	if v := s.get(attrMinGlobalAdmins); v.set() {
		if n, err := strconv.Atoi(v.value); err != nil || n < 1 {
			attrErr(attrMinGlobalAdmins, "Invalid Global Administrator minimum",
				fmt.Sprintf("%s = %q; expected a whole number of at least 1: a remediation may never remove the last Global Administrator.",
					v.describe(attrMinGlobalAdmins), v.value))
		}
	}
	for _, id := range s.protected {
		if !alerttypes.IsGUID(id) {
			attrErr(attrProtectedPrincipalIDs, "Invalid protected principal ID",
				fmt.Sprintf("%q is not a GUID; list the object IDs of the accounts to protect.", id))
		}
	}

	// Settings that only make sense with a kind that is not chosen. Only
	// with the environment known: terraform validate does not read it, and
	// the certificate or use_oidc may come from ARM_* variables.
	if s.fromConfig(attrClientCertPassword) && kind != kindCertificate && complete {
		attrErr(attrClientCertPassword, "Incomplete provider settings",
			"client_certificate_password is set but neither client_certificate nor client_certificate_path is.")
	}
	for _, a := range []string{attrOIDCToken, attrOIDCTokenFilePath, attrOIDCRequestURL, attrOIDCRequestToken, attrADOServiceConnectionID} {
		if s.fromConfig(a) && !s.isTrue(attrUseOIDC) && (complete || s.fromConfig(attrUseOIDC)) {
			attrErr(a, "Incomplete provider settings", fmt.Sprintf("%s is set but use_oidc is not true.", a))
		}
	}
	if kind == kindOIDC {
		tok, file := s.get(attrOIDCToken), s.get(attrOIDCTokenFilePath)
		url, rtok := s.get(attrOIDCRequestURL), s.get(attrOIDCRequestToken)
		ado := s.get(attrADOServiceConnectionID)
		if s.fromConfig(attrOIDCRequestURL) && !rtok.set() && complete && !ado.set() {
			attrErr(attrOIDCRequestToken, "Incomplete provider settings",
				"oidc_request_url is set but oidc_request_token is not (in GitHub Actions it comes from ACTIONS_ID_TOKEN_REQUEST_TOKEN).")
		}
		requestFlow := url.set() && rtok.set()
		if complete && !tok.set() && !file.set() && !requestFlow && !ado.set() {
			attrErr(attrUseOIDC, "Incomplete provider settings",
				"use_oidc is true but no token source is configured: set oidc_token, oidc_token_file_path, "+
					"oidc_request_url with oidc_request_token (GitHub Actions), or ado_pipeline_service_connection_id (Azure DevOps).")
		}
		if ado.set() && complete {
			if !url.set() && getenv("SYSTEM_OIDCREQUESTURI") == "" {
				attrErr(attrADOServiceConnectionID, "Incomplete provider settings",
					"ado_pipeline_service_connection_id needs the pipeline's OIDC request URL: set oidc_request_url or run in an Azure DevOps pipeline (SYSTEM_OIDCREQUESTURI).")
			}
			if !rtok.set() && getenv("SYSTEM_ACCESSTOKEN") == "" {
				attrErr(attrADOServiceConnectionID, "Incomplete provider settings",
					"ado_pipeline_service_connection_id needs the pipeline's access token: set oidc_request_token or map SYSTEM_ACCESSTOKEN into the step's environment.")
			}
		}
	}
	if !complete {
		return kind
	}

	// What the chosen kind needs.
	switch kind {
	case kindCertificate, kindSecret, kindOIDC:
		if !s.get(attrTenantID).set() {
			attrErr(attrTenantID, "Missing tenant ID",
				fmt.Sprintf("Authenticating with a %s needs tenant_id (or %s).", kind, envHint(attrTenantID)))
		}
		if !s.get(attrClientID).set() && !s.get(attrClientIDFilePath).set() {
			attrErr(attrClientID, "Missing client ID",
				fmt.Sprintf("Authenticating with a %s needs client_id or client_id_file_path (or %s).", kind, envHint(attrClientID)))
		}
	case kindMSI:
		// A managed identity signs in to its home tenant whatever tenant_id
		// says; only a GUID can be checked against its tokens' tid.
		if v := s.get(attrTenantID); v.set() && !guidPattern.MatchString(v.value) {
			attrErr(attrTenantID, "Invalid tenant ID",
				fmt.Sprintf("%s = %q is a domain name, but a managed identity signs in to the tenant where it is homed whatever "+
					"tenant_id says, and only a tenant GUID can be checked against its tokens: set the tenant's ID (a GUID), "+
					"or omit tenant_id to use the identity's home tenant.", v.describe(attrTenantID), v.value))
		}
	case kindAKS:
		if !s.get(attrTenantID).set() && getenv("AZURE_TENANT_ID") == "" {
			attrErr(attrTenantID, "Missing tenant ID", "AKS workload identity needs tenant_id, ARM_TENANT_ID or AZURE_TENANT_ID.")
		}
		if !s.get(attrClientID).set() && !s.get(attrClientIDFilePath).set() && getenv("AZURE_CLIENT_ID") == "" {
			attrErr(attrClientID, "Missing client ID", "AKS workload identity needs client_id, ARM_CLIENT_ID or AZURE_CLIENT_ID.")
		}
		if getenv("AZURE_FEDERATED_TOKEN_FILE") == "" {
			attrErr(attrUseAKS, "Incomplete provider settings",
				"use_aks_workload_identity is true but AZURE_FEDERATED_TOKEN_FILE is not set; is the pod labelled azure.workload.identity/use=true?")
		}
	}
	if kind == "" {
		attrErr(attrUseCLI, "No credentials configured",
			fmt.Sprintf("%s is false and no other way to authenticate is configured: set client_secret, client_certificate, use_oidc, "+
				"use_msi or use_aks_workload_identity (or their ARM_* environment variables).", s.get(attrUseCLI).describe(attrUseCLI)))
	}
	return kind
}
