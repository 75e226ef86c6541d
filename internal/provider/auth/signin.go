package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider/config"
)

// signInTimeout bounds the sign-in of Configure.
const signInTimeout = 2 * time.Minute

// SignIn gets the provider configuration's first access token, so that a
// credential Entra refuses fails once, in Configure, with one error that
// says what to check: otherwise every resource of the run fails with the
// same raw dump. azidentity caches the token, so the first Graph request
// does not ask again.
func SignIn(ctx context.Context, client *graph.Client, c *config.Config, kind config.Kind, diags *diag.Diagnostics) bool {
	ctx, cancel := context.WithTimeout(ctx, signInTimeout)
	defer cancel()
	err := client.SignIn(ctx)
	if err == nil {
		return true
	}
	tenant, clientID := c.TenantID.Value, c.ClientID.Value
	if tenant == "" {
		tenant = "(the credential's default tenant)"
	}
	who := "as client " + clientID
	switch {
	case kind == config.KindCLI:
		who = "with the Azure CLI's signed-in account"
	case clientID == "":
		who = "with " + string(kind)
	}
	var wrong *graph.WrongTenantError
	if errors.As(err, &wrong) {
		diags.AddError("Signed in to the wrong tenant", err.Error())
		return false
	}
	diags.AddError(fmt.Sprintf("Sign-in to tenant %s %s failed", tenant, who), signInDetail(err, kind))
	return false
}

// ForbiddenHint is what a 403 adds for the chosen credential. The Azure
// CLI's own app registration cannot be granted the PIM scopes
// (Azure/azure-cli issue 33778), so with it the fix is another credential.
func ForbiddenHint(kind config.Kind) string {
	if kind != config.KindCLI {
		return ""
	}
	return "the provider signed in with the Azure CLI, whose first-party application cannot be granted the PIM alert scopes " +
		"(Azure/azure-cli issue 33778); authenticate with a service principal (client_secret or client_certificate) or with " +
		"OIDC workload identity federation (use_oidc) of an app registration that has the permission"
}

// entraError is the body of Entra's token endpoint when it refuses a
// request.
type entraError struct {
	Description   string `json:"error_description"`
	Codes         []int  `json:"error_codes"`
	TraceID       string `json:"trace_id"`
	CorrelationID string `json:"correlation_id"`
}

// whatToCheck is what an AADSTS code of the token endpoint means for the
// provider's settings. The codes and their meaning are Microsoft's
// (MicrosoftDocs/entra-docs, docs/identity-platform/reference-error-codes.md;
// the federated-credential ones from azidentity's TROUBLESHOOTING.md).
var whatToCheck = map[int]string{
	7000215: "the client secret is wrong: use the secret's value (not its ID) of this app registration (client_secret, ARM_CLIENT_SECRET)",
	7000222: "the client secret has expired: create a new one on the app registration and update client_secret (ARM_CLIENT_SECRET)",
	700016: "the application is not in this tenant: a multi-tenant application must be consented there by an administrator " +
		"(the admin consent URL in the permissions guide), or client_id or tenant_id is wrong",
	7000112: "the application is disabled in this tenant",
	90002:   "the tenant was not found: check tenant_id (ARM_TENANT_ID) and environment",
	900023:  "tenant_id is neither a tenant GUID nor a verified domain of the tenant",
	700027: "the client certificate was not accepted: the certificate uploaded to the app registration must be the one whose " +
		"private key client_certificate_path holds, and not expired",
	70021: "the federated token was rejected: no federated identity credential of the application matches its issuer, subject and " +
		"audience (for GitHub Actions, a subject such as repo:ORG/REPO:environment:NAME); see the OIDC guides",
	700211: "the federated token was rejected: no federated identity credential of the application has its issuer",
	700212: "the federated token was rejected: its audience is not the federated credential's (api://AzureADTokenExchange)",
	700213: "the federated token was rejected: no federated identity credential of the application has its subject",
	700024: "the federated token or client assertion is expired or not yet valid: get a fresh token, and check the clock",
	500011: "the Microsoft Graph service principal was not found in the tenant: check environment and graph_endpoint",
}

// signInDetail explains a failed sign-in: Entra's code and what to check
// for the common ones, Entra's message and ids for Microsoft support.
func signInDetail(err error, kind config.Kind) string {
	var afe *azidentity.AuthenticationFailedError
	if errors.As(err, &afe) && afe.RawResponse != nil {
		var e entraError
		if body, rerr := runtime.Payload(afe.RawResponse); rerr == nil && json.Unmarshal(body, &e) == nil && e.Description != "" {
			var b strings.Builder
			description, _, _ := strings.Cut(e.Description, " Trace ID:")
			description, _, _ = strings.Cut(description, "\r\n")
			if len(e.Codes) > 0 {
				if check, ok := whatToCheck[e.Codes[0]]; ok {
					fmt.Fprintf(&b, "Entra ID refused the sign-in (AADSTS%d): %s.\n\n", e.Codes[0], check)
				}
			}
			fmt.Fprintf(&b, "Entra ID said: %s", strings.TrimSpace(description))
			if e.TraceID != "" || e.CorrelationID != "" {
				fmt.Fprintf(&b, " (trace ID %s, correlation ID %s)", e.TraceID, e.CorrelationID)
			}
			return b.String()
		}
	}
	msg := err.Error()
	if kind == config.KindCLI {
		return "No other way to authenticate is configured, so the provider tried the Azure CLI, which failed: " + msg +
			"\n\nConfigure a service principal (client_id with client_secret or client_certificate_path), OIDC (use_oidc), a managed " +
			"identity (use_msi) or AKS workload identity, for example through the ARM_* environment variables; set ARM_USE_CLI=false " +
			"to be told which setting is missing instead. The Azure CLI's own application most likely cannot be granted the PIM " +
			"alert permissions anyway."
	}
	return msg
}
