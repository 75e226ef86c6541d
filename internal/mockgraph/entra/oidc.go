package entra

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// This file serves the identity metadata of the simulated Entra ID tenant
// (OpenID configuration, instance discovery, JWKS) and the simulated CI
// identity providers below /_simulator/oidc (GitHub Actions, Azure
// DevOps), whose ID tokens the token endpoint accepts as federated
// assertions.

// Subjects of the simulated CI identity providers, pre-registered as
// federated credentials of the read-write client.
const (
	GitHubSubject         = "repo:entrapim/baseline:ref:refs/heads/main"
	AzureDevOpsSubject    = "sc://entrapim/baseline/entrapim-graph"
	AzureDevOpsConnection = "5d6b2c1e-8f3a-4b7d-9e2f-1a3c5e7f9b0d"
)

// registerBuiltinFederation registers GitHubSubject and AzureDevOpsSubject
// as federated credentials of the read-write client, if the seed has one.
func (d *Directory) registerBuiltinFederation() {
	id, _ := d.ReadWriteClient()
	if id == "" {
		return
	}
	d.AddFederatedCredential(id, d.IssuerURL(), GitHubSubject)
	d.AddFederatedCredential(id, d.IssuerURL(), AzureDevOpsSubject)
}

// IssuerURL is the issuer of tokens from IssueIDToken and the simulated
// CI identity providers: GraphEndpoint()+"/_simulator/oidc".
func (d *Directory) IssuerURL() string { return d.endpoint + "/_simulator/oidc" }

// IssueIDToken returns a JWT signed by the simulator's external-IdP key
// (for OIDC federation tests), valid for ten minutes.
func (d *Directory) IssueIDToken(subject, audience string) string {
	now := time.Now()
	return d.keys.idp.sign(jwt.MapClaims{
		"iss": d.IssuerURL(), "sub": subject, "aud": audience, "jti": tenant.NewGUID(),
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	})
}

// GitHubOIDCRequest returns a GitHub-Actions style ID-token request
// endpoint (GET requestURL+"&audience=...", bearer requestToken ->
// {"value": jwt}). The jwt's sub is GitHubSubject, iss is IssuerURL(), and
// it is pre-registered as a federated credential of the read-write client.
func (d *Directory) GitHubOIDCRequest() (requestURL, requestToken string) {
	return d.IssuerURL() + "/github?api-version=2.0", d.keys.githubRequestToken
}

// AzureDevOpsOIDCRequest returns what azidentity.AzurePipelinesCredential
// needs: the SYSTEM_OIDCREQUESTURI value, the system access token and the
// service connection id. The ID token's sub is AzureDevOpsSubject, iss is
// IssuerURL(), and it is pre-registered as a federated credential of the
// read-write client.
func (d *Directory) AzureDevOpsOIDCRequest() (requestURL, systemAccessToken, serviceConnectionID string) {
	return d.IssuerURL() + "/ado", d.keys.adoSystemToken, AzureDevOpsConnection
}

// handleOpenIDConfiguration serves the tenant's OpenID Connect metadata.
func (d *Directory) handleOpenIDConfiguration(c *Call) {
	tenantID := c.segs[0]
	if !strings.EqualFold(tenantID, d.tenantID) {
		c.aadError(http.StatusBadRequest, "invalid_tenant", 90002, "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenantID)
		return
	}
	base := d.endpoint + "/" + tenantID
	c.W.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.json(http.StatusOK, map[string]any{
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"ES256"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"issuer":                                d.tokenIssuer(tenantID),
		"request_uri_parameter_supported":       false,
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"tenant_region_scope":                   "EU",
		"cloud_instance_name":                   "microsoftonline.com",
		"cloud_graph_host_name":                 "graph.windows.net",
		"msgraph_host":                          strings.TrimPrefix(d.endpoint, "https://"),
	})
}

// handleInstanceDiscovery answers MSAL's instance discovery for authorities
// on this server.
func (d *Directory) handleInstanceDiscovery(c *Call) {
	authz := c.R.URL.Query().Get("authorization_endpoint")
	u, err := url.Parse(authz)
	host := strings.TrimPrefix(d.endpoint, "https://")
	if err != nil || u.Host != host {
		c.aadError(http.StatusBadRequest, "invalid_instance", 50049, "Unknown or invalid instance %q; this simulator serves %s.", authz, d.endpoint+"/")
		return
	}
	tenantID := strings.SplitN(strings.TrimPrefix(u.Path, "/"), "/", 2)[0]
	c.W.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.json(http.StatusOK, map[string]any{
		"tenant_discovery_endpoint": d.endpoint + "/" + tenantID + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata":                  []map[string]any{{"preferred_network": host, "preferred_cache": host, "aliases": []string{host}}},
	})
}

// handleKeys serves a JWKS with one key.
func (d *Directory) handleKeys(k *signingKey) func(*Call) {
	return func(c *Call) {
		c.W.Header().Set("Content-Type", "application/json; charset=utf-8")
		c.json(http.StatusOK, map[string]any{"keys": []map[string]any{k.jwk()}})
	}
}

// handleIdPMetadata serves the OpenID metadata of the simulated CI
// identity providers' issuer, IssuerURL.
func (d *Directory) handleIdPMetadata(c *Call) {
	c.json(http.StatusOK, map[string]any{
		"issuer":                                d.IssuerURL(),
		"jwks_uri":                              d.IssuerURL() + "/keys",
		"subject_types_supported":               []string{"public"},
		"response_types_supported":              []string{"id_token"},
		"id_token_signing_alg_values_supported": []string{"ES256"},
		"claims_supported":                      []string{"sub", "aud", "exp", "iat", "iss", "jti", "nbf"},
	})
}

// bearer reports whether the request carries the given bearer token.
func bearer(r *http.Request, want string) bool {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(want)) == 1
}

// admitIdP admits a request to a simulated CI identity provider: it must
// use method and carry token as its bearer token. Otherwise it answers
// 405, or 401 with wrongToken as the message, and reports false.
func (c *Call) admitIdP(method, token, wrongToken string) bool {
	switch {
	case c.R.Method != method:
		c.json(http.StatusMethodNotAllowed, map[string]any{"message": "use " + method})
	case !bearer(c.R, token):
		c.json(http.StatusUnauthorized, map[string]any{"message": wrongToken})
	default:
		return true
	}
	return false
}

// handleGitHubOIDC is a GitHub Actions ID-token request endpoint.
func (d *Directory) handleGitHubOIDC(c *Call) {
	if !c.admitIdP(http.MethodGet, d.keys.githubRequestToken, "Bad credentials: the request token is missing or wrong") {
		return
	}
	aud := c.R.URL.Query().Get("audience")
	if aud == "" {
		aud = "https://github.com/entrapim"
	}
	c.json(http.StatusOK, map[string]any{"count": 1, "value": d.IssueIDToken(GitHubSubject, aud)})
}

// handleAzureDevOpsOIDC is the Azure DevOps OIDC token endpoint that
// azidentity.AzurePipelinesCredential calls.
func (d *Directory) handleAzureDevOpsOIDC(c *Call) {
	if !c.admitIdP(http.MethodPost, d.keys.adoSystemToken, "TF400813: The user is not authorized to access this resource (wrong system access token).") {
		return
	}
	q := c.R.URL.Query()
	if q.Get("api-version") == "" {
		c.json(http.StatusBadRequest, map[string]any{"message": "No api-version was supplied for the request."})
		return
	}
	if id := q.Get("serviceConnectionId"); !strings.EqualFold(id, AzureDevOpsConnection) {
		c.json(http.StatusNotFound, map[string]any{"message": fmt.Sprintf("Service connection %q was not found.", id)})
		return
	}
	c.json(http.StatusOK, map[string]any{"oidcToken": d.IssueIDToken(AzureDevOpsSubject, tokenExchangeAudience)})
}
