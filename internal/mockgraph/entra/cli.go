package entra

import (
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// This file is the simulated Azure CLI sign-in: the access token
// `az account get-access-token --resource https://graph.microsoft.com`
// prints for a signed-in administrator, and what Graph's PIM APIs answer
// to it.

// AzureCLIAppID is the application id of the Azure CLI, a first-party app
// (go-azure-sdk environments.PublishedApis["MicrosoftAzureCli"], which the
// azuread provider reports as the client id of CLI sign-ins).
const AzureCLIAppID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"

// azureCLIScopes are delegated scopes the Azure CLI's tokens for Graph
// carry. The Azure CLI's app registration cannot be granted the PIM
// scopes (Azure/azure-cli issue 33778, "This is due to missing delegated
// permissions"), so none of them is a RoleManagementAlert or
// RoleManagement scope.
var azureCLIScopes = []string{"AuditLog.Read.All", "Directory.AccessAsUser.All", "email", "Group.ReadWrite.All", "openid", "profile", "User.ReadWrite.All"}

// AzureCLIToken returns an access token for Graph as the Azure CLI holds
// it for a signed-in user of this tenant: delegated (scp), issued to the
// Azure CLI's app id, valid for an hour. A fake `az` in tests prints it.
func (d *Directory) AzureCLIToken(userPrincipalName string) string {
	now := time.Now()
	oid := tenant.GUIDFrom("user", userPrincipalName)
	return d.keys.token.sign(jwt.MapClaims{
		"aud": d.endpoint, "iss": d.tokenIssuer(d.tenantID), "iat": now.Unix(), "nbf": now.Unix(),
		"exp": now.Add(accessTokenLifetime).Unix(), "tid": d.tenantID, "appid": AzureCLIAppID,
		"app_displayname": "Microsoft Azure CLI", "idtyp": "user", "ver": "1.0", "oid": oid, "sub": oid,
		"upn": userPrincipalName, "scp": strings.Join(azureCLIScopes, " "), "uti": tenant.NewGUID(),
	})
}
