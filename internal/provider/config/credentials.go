package config

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Kind is one way of authenticating.
type Kind string

// The ways of authenticating.
const (
	KindCertificate Kind = "client certificate"
	KindSecret      Kind = "client secret"
	KindOIDC        Kind = "OIDC workload identity federation"
	KindMSI         Kind = "managed identity"
	KindAKS         Kind = "AKS workload identity"
	KindCLI         Kind = "Azure CLI"
)

// kindOrder is the order in which a credential is chosen when several are
// configured: azuread's (hashicorp/go-azure-sdk sdk/auth/auth.go,
// NewAuthorizerFromCredentials: client certificate, client secret, OIDC,
// managed identity, Azure CLI), with AKS workload identity, which azuread
// treats as OIDC, right after OIDC.
var kindOrder = []Kind{KindCertificate, KindSecret, KindOIDC, KindAKS, KindMSI, KindCLI}

// kinds returns the credential kinds the settings ask for. use_cli counts
// unless set to false: it is the default, in the block or through
// ARM_USE_CLI, as in azuread ("DefaultFunc:
// pluginsdk.EnvDefaultFunc(\"ARM_USE_CLI\", true)").
func (c *Config) kinds() map[Kind]bool {
	return map[Kind]bool{
		KindCertificate: c.ClientCertificate.IsSet() || c.ClientCertificatePath.IsSet(),
		KindSecret:      c.ClientSecret.IsSet() || c.ClientSecretFilePath.IsSet(),
		KindOIDC:        c.UseOIDC.Value,
		KindMSI:         c.UseMSI.Value,
		KindAKS:         c.UseAKSWorkloadIdentity.Value,
		KindCLI:         !c.UseCLI.IsSet() || c.UseCLI.Value,
	}
}

// Chosen returns the credential kind the provider signs in with: the first
// configured one in kindOrder, or "" when there is none (use_cli false and
// nothing else configured).
func (c *Config) Chosen() Kind {
	kinds := c.kinds()
	for _, k := range kindOrder {
		if kinds[k] {
			return k
		}
	}
	return ""
}

// AlsoConfigured returns the configured kinds other than the chosen one
// and the Azure CLI, in kindOrder, as names.
func (c *Config) AlsoConfigured() []string {
	kinds, chosen := c.kinds(), c.Chosen()
	var out []string
	for _, k := range kindOrder {
		if kinds[k] && k != chosen && k != KindCLI {
			out = append(out, string(k))
		}
	}
	return out
}

// checkCertificateGivenOnce reports the certificate given both as data
// and as a file. (A client ID, secret or OIDC token given both as a value
// and as a file is accepted when the two agree, as in azuread; the auth
// package checks that when it reads the file.)
func (c *Config) checkCertificateGivenOnce(diags *diag.Diagnostics) {
	a, b := c.ClientCertificate, c.ClientCertificatePath
	if !a.IsSet() || !b.IsSet() {
		return
	}
	for _, v := range []String{a, b} {
		diags.AddAttributeError(v.Path(), "Conflicting provider settings",
			fmt.Sprintf("%s and %s are both set; set only one of them.", a.Describe(), b.Describe()))
	}
}

// checkCredential reports settings that belong to a credential kind that
// is not chosen and, when complete, what the chosen kind lacks; it
// returns the chosen kind.
func (c *Config) checkCredential(complete bool, getenv func(string) string, diags *diag.Diagnostics) Kind {
	kind := c.Chosen()
	incomplete := func(p path.Path, detail string) {
		diags.AddAttributeError(p, "Incomplete provider settings", detail)
	}

	// Settings that only make sense with a kind that is not chosen. Only
	// with the environment known: terraform validate does not read it, and
	// the certificate or use_oidc may come from ARM_* variables.
	if c.ClientCertificatePassword.FromConfig() && kind != KindCertificate && complete {
		incomplete(c.ClientCertificatePassword.Path(), "client_certificate_password is set but neither client_certificate nor client_certificate_path is.")
	}
	for _, v := range []String{c.OIDCToken, c.OIDCTokenFilePath, c.OIDCRequestURL, c.OIDCRequestToken, c.ADOServiceConnectionID} {
		if v.FromConfig() && !c.UseOIDC.Value && (complete || c.UseOIDC.FromConfig()) {
			incomplete(v.Path(), fmt.Sprintf("%s is set but use_oidc is not true.", v.Name))
		}
	}
	if kind == KindOIDC && complete {
		c.checkOIDC(getenv, diags)
	}
	if !complete {
		return kind
	}

	// What the chosen kind needs.
	missing := func(v String, summary, detail string) { diags.AddAttributeError(v.Path(), summary, detail) }
	hasClientID := c.ClientID.IsSet() || c.ClientIDFilePath.IsSet()
	switch kind {
	case KindCertificate, KindSecret, KindOIDC:
		if !c.TenantID.IsSet() {
			missing(c.TenantID, "Missing tenant ID",
				fmt.Sprintf("Authenticating with a %s needs tenant_id (or %s).", kind, EnvHint(c.TenantID.Name)))
		}
		if !hasClientID {
			missing(c.ClientID, "Missing client ID",
				fmt.Sprintf("Authenticating with a %s needs client_id or client_id_file_path (or %s).", kind, EnvHint(c.ClientID.Name)))
		}
	case KindMSI:
		// A managed identity signs in to its home tenant whatever tenant_id
		// says; only a GUID can be checked against its tokens' tid.
		if v := c.TenantID; v.IsSet() && !alerttypes.IsGUID(v.Value) {
			diags.AddAttributeError(v.Path(), "Invalid tenant ID",
				fmt.Sprintf("%s = %q is a domain name, but a managed identity signs in to the tenant where it is homed whatever "+
					"tenant_id says, and only a tenant GUID can be checked against its tokens: set the tenant's ID (a GUID), "+
					"or omit tenant_id to use the identity's home tenant.", v.Describe(), v.Raw))
		}
	case KindAKS:
		if !c.TenantID.IsSet() && getenv("AZURE_TENANT_ID") == "" {
			missing(c.TenantID, "Missing tenant ID", "AKS workload identity needs tenant_id, ARM_TENANT_ID or AZURE_TENANT_ID.")
		}
		if !hasClientID && getenv("AZURE_CLIENT_ID") == "" {
			missing(c.ClientID, "Missing client ID", "AKS workload identity needs client_id, ARM_CLIENT_ID or AZURE_CLIENT_ID.")
		}
		if getenv("AZURE_FEDERATED_TOKEN_FILE") == "" {
			incomplete(c.UseAKSWorkloadIdentity.Path(),
				"use_aks_workload_identity is true but AZURE_FEDERATED_TOKEN_FILE is not set; is the pod labelled azure.workload.identity/use=true?")
		}
	case "":
		diags.AddAttributeError(c.UseCLI.Path(), "No credentials configured",
			fmt.Sprintf("%s is false and no other way to authenticate is configured: set client_secret, client_certificate, use_oidc, "+
				"use_msi or use_aks_workload_identity (or their ARM_* environment variables).", c.UseCLI.Describe()))
	}
	return kind
}

// checkOIDC reports what the chosen OIDC credential lacks to get its
// federated token.
func (c *Config) checkOIDC(getenv func(string) string, diags *diag.Diagnostics) {
	tok, file, url, rtok, ado := c.OIDCToken, c.OIDCTokenFilePath, c.OIDCRequestURL, c.OIDCRequestToken, c.ADOServiceConnectionID
	if url.FromConfig() && !rtok.IsSet() && !ado.IsSet() {
		diags.AddAttributeError(rtok.Path(), "Incomplete provider settings",
			"oidc_request_url is set but oidc_request_token is not (in GitHub Actions it comes from ACTIONS_ID_TOKEN_REQUEST_TOKEN).")
	}
	requestFlow := url.IsSet() && rtok.IsSet()
	if !tok.IsSet() && !file.IsSet() && !requestFlow && !ado.IsSet() {
		diags.AddAttributeError(c.UseOIDC.Path(), "Incomplete provider settings",
			"use_oidc is true but no token source is configured: set oidc_token, oidc_token_file_path, "+
				"oidc_request_url with oidc_request_token (GitHub Actions), or ado_pipeline_service_connection_id (Azure DevOps).")
	}
	if ado.IsSet() {
		if !url.IsSet() && getenv("SYSTEM_OIDCREQUESTURI") == "" {
			diags.AddAttributeError(ado.Path(), "Incomplete provider settings",
				"ado_pipeline_service_connection_id needs the pipeline's OIDC request URL: set oidc_request_url or run in an Azure DevOps pipeline (SYSTEM_OIDCREQUESTURI).")
		}
		if !rtok.IsSet() && getenv("SYSTEM_ACCESSTOKEN") == "" {
			diags.AddAttributeError(ado.Path(), "Incomplete provider settings",
				"ado_pipeline_service_connection_id needs the pipeline's access token: set oidc_request_token or map SYSTEM_ACCESSTOKEN into the step's environment.")
		}
	}
}
