// Package entra is the simulated Entra ID of the tenant: the OAuth2 token
// endpoint (client secrets, certificate and federated assertions), the
// OpenID metadata and signing keys, the app registrations, the simulated
// CI identity providers (GitHub Actions, Azure DevOps) whose ID tokens it
// accepts, the Azure CLI's delegated tokens, and the verification of the
// bearer token of every Graph request.
package entra

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// Directory is the identity side of one simulated tenant.
type Directory struct {
	endpoint string
	tenantID string
	keys     *Keys
	apps     apps
	logf     func(format string, args ...any)
	// home is the directory whose application objects hold the
	// credentials of the apps this tenant has service principals of (a
	// multi-tenant application, ConsentTo); nil for the home tenant.
	home *Directory
}

// New returns the directory of tenantID served at endpoint
// ("https://127.0.0.1:PORT"), signing with keys, with the app
// registrations of the seed and the built-in federated credentials of its
// read-write client.
func New(endpoint, tenantID string, seedApps []tenant.SeedApp, keys *Keys, logf func(format string, args ...any)) *Directory {
	d := &Directory{endpoint: endpoint, tenantID: tenantID, keys: keys, logf: logf}
	d.apps.load(seedApps)
	d.registerBuiltinFederation()
	return d
}

// TenantOf returns the tid claim of the bearer token in an Authorization
// header, unverified: which tenant's directory is to verify it.
func TenantOf(authorization string) string {
	_, tok, _ := strings.Cut(authorization, " ")
	claims := &accessClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(strings.TrimSpace(tok), claims); err != nil {
		return ""
	}
	return claims.TenantID
}

// Call is one request to the identity endpoints. Its answer already
// carries the request-id and client-request-id headers, which token
// errors repeat.
type Call struct {
	W    http.ResponseWriter
	R    *http.Request
	Body []byte
	// segs are the path segments the handler reads (see Route).
	segs []string
	d    *Directory
}

// json writes v, a map of JSON values, as the JSON body.
func (c *Call) json(status int, v map[string]any) {
	c.W.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.W.WriteHeader(status)
	_ = json.NewEncoder(c.W).Encode(v)
}

// Route resolves an identity path (its decoded segments) to its stable
// name (Request.Route) and handler; ok is false for other paths. Paths
// below /_simulator/oidc are the simulated CI identity providers.
func (d *Directory) Route(segs []string) (name string, handle func(*Call), ok bool) {
	n := len(segs)
	with := func(name string, keep []string, h func(*Call)) (string, func(*Call), bool) {
		return name, func(c *Call) { c.d, c.segs = d, keep; h(c) }, true
	}
	switch {
	case n >= 2 && segs[0] == "_simulator" && segs[1] == "oidc":
		switch strings.Join(segs[2:], "/") {
		case "github":
			return with("oidc-github", nil, d.handleGitHubOIDC)
		case "ado":
			return with("oidc-ado", nil, d.handleAzureDevOpsOIDC)
		case ".well-known/openid-configuration":
			return with("oidc-metadata", nil, d.handleIdPMetadata)
		case "keys":
			return with("oidc-keys", nil, d.handleKeys(d.keys.idp))
		}
		return with("oidc", nil, func(c *Call) {
			c.json(http.StatusNotFound, map[string]any{"message": "Not Found: " + c.R.URL.Path})
		})
	case n == 3 && segs[0] == "common" && segs[1] == "discovery" && segs[2] == "instance":
		return with("instance-discovery", nil, d.handleInstanceDiscovery)
	case n == 4 && segs[1] == "oauth2" && segs[2] == "v2.0" && segs[3] == "token":
		return with("token", segs[:1], d.handleToken)
	case n == 4 && segs[1] == "v2.0" && segs[2] == ".well-known" && segs[3] == "openid-configuration":
		return with("openid-configuration", segs[:1], d.handleOpenIDConfiguration)
	case n == 4 && segs[1] == "discovery" && segs[2] == "v2.0" && segs[3] == "keys":
		return with("jwks", nil, d.handleKeys(d.keys.token))
	}
	return "", nil, false
}
