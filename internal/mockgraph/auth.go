package mockgraph

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // x5t is defined as a SHA-1 thumbprint
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Application permissions (app roles) of the PIM alerts API.
const (
	roleRead      = "RoleManagementAlert.Read.Directory"
	roleReadWrite = "RoleManagementAlert.ReadWrite.Directory"

	// tokenExchangeAudience is the audience Entra ID requires of federated assertions.
	tokenExchangeAudience = "api://AzureADTokenExchange"
	jwtBearerType         = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	accessTokenLifetime   = time.Hour
)

// app is an app registration with its service principal's app roles.
type app struct {
	clientID    string
	displayName string
	secret      string
	roles       []string
	certs       []*x509.Certificate
	federated   []federatedCredential
}

type federatedCredential struct{ issuer, subject string }

// signingKey is an ES256 key with its JWK key id.
type signingKey struct {
	key *ecdsa.PrivateKey
	kid string
}

func newSigningKey() (*signingKey, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("marshal signing key: %w", err)
	}
	sum := sha256.Sum256(der)
	return &signingKey{key: k, kid: base64.RawURLEncoding.EncodeToString(sum[:12])}, nil
}

func (k *signingKey) sign(claims jwt.MapClaims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	tok.Header["kid"] = k.kid
	s, err := tok.SignedString(k.key)
	if err != nil {
		panic(fmt.Sprintf("mockgraph: sign token: %v", err)) // cannot happen with an ECDSA key
	}
	return s
}

// jwk renders the public key as a JSON Web Key.
func (k *signingKey) jwk() object {
	pub, err := k.key.PublicKey.ECDH()
	if err != nil {
		return object{{"kid", k.kid}}
	}
	b := pub.Bytes() // 0x04 || X || Y
	return object{
		{"kty", "EC"}, {"use", "sig"}, {"alg", "ES256"}, {"kid", k.kid}, {"crv", "P-256"},
		{"x", base64.RawURLEncoding.EncodeToString(b[1:33])},
		{"y", base64.RawURLEncoding.EncodeToString(b[33:])},
	}
}

// signingKeys are the simulator's keys and the secrets of its simulated
// external identity providers.
type signingKeys struct {
	token              *signingKey // access tokens of the tenant
	idp                *signingKey // ID tokens of GitHub Actions, Azure DevOps and IssueIDToken
	githubRequestToken string
	adoSystemToken     string
}

func newSigningKeys() (*signingKeys, error) {
	tok, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	idp, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	return &signingKeys{token: tok, idp: idp, githubRequestToken: randomSecret(), adoSystemToken: randomSecret()}, nil
}

// Subjects of the simulated CI identity providers, pre-registered as
// federated credentials of the read-write client.
const (
	GitHubSubject         = "repo:entrapim/baseline:ref:refs/heads/main"
	AzureDevOpsSubject    = "sc://entrapim/baseline/entrapim-graph"
	AzureDevOpsConnection = "5d6b2c1e-8f3a-4b7d-9e2f-1a3c5e7f9b0d"
)

func (s *Server) registerBuiltinFederation() {
	id, _ := s.ReadWriteClient()
	if id == "" {
		return
	}
	s.AddFederatedCredential(id, s.IssuerURL(), GitHubSubject)
	s.AddFederatedCredential(id, s.IssuerURL(), AzureDevOpsSubject)
}

func (s *Server) appByRole(role string, exclusive bool) (string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.apps {
		if slices.Contains(a.roles, role) && (!exclusive || len(a.roles) == 1) {
			return a.clientID, a.secret
		}
	}
	return "", ""
}

// ReadWriteClient returns the app with RoleManagementAlert.ReadWrite.Directory.
func (s *Server) ReadWriteClient() (clientID, clientSecret string) {
	return s.appByRole(roleReadWrite, false)
}

// ReadOnlyClient returns the app with RoleManagementAlert.Read.Directory only.
func (s *Server) ReadOnlyClient() (clientID, clientSecret string) {
	return s.appByRole(roleRead, true)
}

// appLocked returns the app registration of clientID, registering a new
// read-write app when create is set; the caller holds s.mu.
func (s *Server) appLocked(clientID string, create bool) *app {
	for _, a := range s.apps {
		if strings.EqualFold(a.clientID, clientID) {
			return a
		}
	}
	if !create {
		return nil
	}
	a := &app{clientID: clientID, displayName: "app " + clientID, roles: []string{roleReadWrite}}
	s.apps = append(s.apps, a)
	return a
}

// AddClientCertificate accepts client assertions signed by this
// certificate's key for clientID. An unknown clientID becomes a new app
// registration with RoleManagementAlert.ReadWrite.Directory.
func (s *Server) AddClientCertificate(clientID string, cert *x509.Certificate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.appLocked(clientID, true)
	a.certs = append(a.certs, cert)
}

// AddFederatedCredential accepts federated assertions with this iss/sub
// for clientID (signed by the simulator's external-IdP key, audience
// api://AzureADTokenExchange). An unknown clientID becomes a new app
// registration with RoleManagementAlert.ReadWrite.Directory.
func (s *Server) AddFederatedCredential(clientID, issuer, subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.appLocked(clientID, true)
	a.federated = append(a.federated, federatedCredential{issuer: issuer, subject: subject})
}

// IssuerURL is the issuer of tokens from IssueIDToken and the simulated
// CI identity providers: GraphEndpoint()+"/_simulator/oidc".
func (s *Server) IssuerURL() string { return s.endpoint + "/_simulator/oidc" }

// IssueIDToken returns a JWT signed by the simulator's external-IdP key
// (for OIDC federation tests), valid for ten minutes.
func (s *Server) IssueIDToken(subject, audience string) string {
	return s.issueIDToken(s.IssuerURL(), subject, audience)
}

func (s *Server) issueIDToken(issuer, subject, audience string) string {
	now := time.Now()
	return s.keys.idp.sign(jwt.MapClaims{
		"iss": issuer, "sub": subject, "aud": audience, "jti": newGUID(),
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	})
}

// GitHubOIDCRequest returns a GitHub-Actions style ID-token request
// endpoint (GET requestURL+"&audience=...", bearer requestToken ->
// {"value": jwt}). The jwt's sub is GitHubSubject, iss is IssuerURL(), and
// it is pre-registered as a federated credential of the read-write client.
func (s *Server) GitHubOIDCRequest() (requestURL, requestToken string) {
	return s.IssuerURL() + "/github?api-version=2.0", s.keys.githubRequestToken
}

// AzureDevOpsOIDCRequest returns what azidentity.AzurePipelinesCredential
// needs: the SYSTEM_OIDCREQUESTURI value, the system access token and the
// service connection id. The ID token's sub is AzureDevOpsSubject, iss is
// IssuerURL(), and it is pre-registered as a federated credential of the
// read-write client.
func (s *Server) AzureDevOpsOIDCRequest() (requestURL, systemAccessToken, serviceConnectionID string) {
	return s.IssuerURL() + "/ado", s.keys.adoSystemToken, AzureDevOpsConnection
}

// tokenEndpoint is the token URL of the tenant.
func (s *Server) tokenEndpoint(tenant string) string {
	return s.endpoint + "/" + tenant + "/oauth2/v2.0/token"
}

func (s *Server) tokenIssuer(tenant string) string { return s.endpoint + "/" + tenant + "/v2.0" }

// aadError answers in the shape of an Entra ID token endpoint error.
func (c *call) aadError(status int, code string, aadsts int, format string, args ...any) {
	now := time.Now().UTC()
	msg := fmt.Sprintf(format, args...)
	desc := fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
		aadsts, msg, c.requestID, c.clientRequestID, now.Format("2006-01-02 15:04:05Z"))
	c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.json(status, object{
		{"error", code},
		{"error_description", desc},
		{"error_codes", []int{aadsts}},
		{"timestamp", now.Format("2006-01-02 15:04:05Z")},
		{"trace_id", c.requestID},
		{"correlation_id", c.clientRequestID},
	})
	c.s.logf("token error %s AADSTS%d: %s", code, aadsts, msg)
}

// handleToken is the OAuth2 v2 token endpoint (client credentials grant,
// with a client secret or a client assertion).
func (s *Server) handleToken(c *call) {
	if c.r.Method != http.MethodPost {
		c.aadError(http.StatusMethodNotAllowed, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a %s request.", c.r.Method)
		return
	}
	tenant := c.segs[0]
	if !strings.EqualFold(tenant, s.TenantID()) {
		c.aadError(http.StatusBadRequest, "invalid_request", 90002, "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)
		return
	}
	form, err := url.ParseQuery(string(c.body))
	if err != nil {
		c.aadError(http.StatusBadRequest, "invalid_request", 900144, "The request body must be application/x-www-form-urlencoded: %v.", err)
		return
	}
	if g := form.Get("grant_type"); g != "client_credentials" {
		c.aadError(http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '%s'; this tenant supports only 'client_credentials'.", g)
		return
	}
	clientID, secret := form.Get("client_id"), form.Get("client_secret")
	if user, pass, ok := c.r.BasicAuth(); ok {
		clientID, secret = user, pass
	}
	if clientID == "" {
		c.aadError(http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.")
		return
	}
	s.mu.Lock()
	a := s.appLocked(clientID, false)
	var snapshot app
	if a != nil {
		snapshot = *a
		snapshot.certs = slices.Clone(a.certs)
		snapshot.federated = slices.Clone(a.federated)
	}
	s.mu.Unlock()
	if a == nil {
		c.aadError(http.StatusBadRequest, "unauthorized_client", 700016, "Application with identifier '%s' was not found in the directory '%s'.", clientID, tenant)
		return
	}
	if !s.authenticateClient(c, &snapshot, tenant, secret, form) {
		return
	}
	if !s.checkScope(c, form.Get("scope")) {
		return
	}
	now := time.Now()
	token := s.keys.token.sign(jwt.MapClaims{
		"aud": s.endpoint, "iss": s.tokenIssuer(s.TenantID()), "iat": now.Unix(), "nbf": now.Unix(),
		"exp": now.Add(accessTokenLifetime).Unix(), "tid": s.TenantID(), "appid": snapshot.clientID,
		"azp": snapshot.clientID, "app_displayname": snapshot.displayName, "idtyp": "app", "ver": "1.0",
		"oid": guidFrom("service-principal", snapshot.clientID), "sub": guidFrom("service-principal", snapshot.clientID),
		"roles": snapshot.roles, "uti": newGUID(),
	})
	secs := int(accessTokenLifetime/time.Second) - 1
	c.w.Header().Set("Cache-Control", "no-store, no-cache")
	c.json(http.StatusOK, object{
		{"token_type", "Bearer"}, {"expires_in", secs}, {"ext_expires_in", secs}, {"access_token", token},
	})
}

// authenticateClient checks the client secret or client assertion.
func (s *Server) authenticateClient(c *call, a *app, tenant, secret string, form url.Values) bool {
	assertion := form.Get("client_assertion")
	switch {
	case secret != "":
		if a.secret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(a.secret)) != 1 {
			c.aadError(http.StatusUnauthorized, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", a.clientID)
			return false
		}
		return true
	case assertion != "":
		if t := form.Get("client_assertion_type"); t != jwtBearerType {
			c.aadError(http.StatusBadRequest, "invalid_request", 70002, "The client_assertion_type '%s' is not supported; use '%s'.", t, jwtBearerType)
			return false
		}
		unverified, _, err := jwt.NewParser().ParseUnverified(assertion, jwt.MapClaims{})
		if err != nil {
			c.aadError(http.StatusUnauthorized, "invalid_client", 50027, "JWT token is invalid or malformed: %v.", err)
			return false
		}
		if iss, _ := unverified.Claims.GetIssuer(); iss == a.clientID {
			return s.verifyCertificateAssertion(c, a, tenant, assertion)
		}
		return s.verifyFederatedAssertion(c, a, assertion)
	default:
		c.aadError(http.StatusUnauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
		return false
	}
}

// thumbprintMatches compares a JWT x5t / x5t#S256 header (standard or URL
// base64) with the certificate's thumbprint.
func thumbprintMatches(header any, sum []byte) bool {
	h, ok := header.(string)
	if !ok || h == "" {
		return false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(h); err == nil && subtle.ConstantTimeCompare(b, sum) == 1 {
			return true
		}
	}
	return false
}

// verifyCertificateAssertion checks a client assertion signed with a
// registered certificate: thumbprint header, signature, aud = token
// endpoint, iss = sub = client id, exp.
func (s *Server) verifyCertificateAssertion(c *call, a *app, tenant, assertion string) bool {
	var cert *x509.Certificate
	keyFunc := func(tok *jwt.Token) (any, error) {
		for _, crt := range a.certs {
			s256 := sha256.Sum256(crt.Raw)
			s1 := sha1.Sum(crt.Raw) //nolint:gosec // x5t is SHA-1 by definition
			if thumbprintMatches(tok.Header["x5t#S256"], s256[:]) || thumbprintMatches(tok.Header["x5t"], s1[:]) {
				cert = crt
				return crt.PublicKey, nil
			}
		}
		return nil, errors.New("no registered certificate matches the x5t#S256 / x5t header")
	}
	_, err := jwt.Parse(assertion, keyFunc,
		jwt.WithValidMethods([]string{"PS256", "RS256", "ES256", "PS384", "RS384", "ES384"}),
		jwt.WithAudience(s.tokenEndpoint(tenant), s.tokenEndpoint(s.TenantID())),
		jwt.WithIssuer(a.clientID), jwt.WithSubject(a.clientID), jwt.WithExpirationRequired(),
		jwt.WithLeeway(5*time.Minute))
	switch {
	case err == nil:
		return true
	case cert == nil:
		c.aadError(http.StatusUnauthorized, "invalid_client", 700027, "The certificate with identifier used to sign the client assertion is not registered on application '%s'. %v", a.clientID, err)
	case errors.Is(err, jwt.ErrTokenExpired) || errors.Is(err, jwt.ErrTokenNotValidYet):
		c.aadError(http.StatusUnauthorized, "invalid_client", 700024, "Client assertion is not within its valid time range: %v.", err)
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		c.aadError(http.StatusUnauthorized, "invalid_client", 700212, "The client assertion's audience must be the token endpoint %s.", s.tokenEndpoint(tenant))
	default:
		c.aadError(http.StatusUnauthorized, "invalid_client", 700027, "Client assertion failed signature validation: %v.", err)
	}
	return false
}

// verifyFederatedAssertion checks a federated assertion: signed by the
// simulator's external-IdP key, aud api://AzureADTokenExchange, and an
// iss/sub pair registered on the app.
func (s *Server) verifyFederatedAssertion(c *call, a *app, assertion string) bool {
	tok, err := jwt.Parse(assertion, func(*jwt.Token) (any, error) { return &s.keys.idp.key.PublicKey, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithExpirationRequired(), jwt.WithLeeway(time.Minute))
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) || errors.Is(err, jwt.ErrTokenNotValidYet) {
			c.aadError(http.StatusBadRequest, "invalid_client", 700024, "Client assertion is not within its valid time range: %v.", err)
		} else {
			c.aadError(http.StatusUnauthorized, "invalid_client", 700027, "Client assertion failed signature validation: %v.", err)
		}
		return false
	}
	aud, _ := tok.Claims.GetAudience()
	if !slices.Contains(aud, tokenExchangeAudience) {
		c.aadError(http.StatusBadRequest, "invalid_request", 700212, "No matching federated identity record found for presented assertion audience '%s'; expected '%s'.", strings.Join(aud, ","), tokenExchangeAudience)
		return false
	}
	iss, _ := tok.Claims.GetIssuer()
	sub, _ := tok.Claims.GetSubject()
	for _, f := range a.federated {
		if f.issuer == iss && f.subject == sub {
			return true
		}
	}
	c.aadError(http.StatusBadRequest, "invalid_request", 70021, "No matching federated identity record found for presented assertion. Assertion Issuer: '%s'. Assertion Subject: '%s'. Assertion Audience: '%s'.", iss, sub, strings.Join(aud, ","))
	return false
}

// standardScopes are the OpenID scopes MSAL adds to every request.
var standardScopes = map[string]bool{"openid": true, "profile": true, "offline_access": true, "email": true}

// checkScope requires exactly {GraphEndpoint}/.default (plus OpenID scopes).
func (s *Server) checkScope(c *call, scope string) bool {
	var scopes []string
	for _, sc := range strings.Fields(scope) {
		if !standardScopes[sc] {
			scopes = append(scopes, sc)
		}
	}
	want := s.endpoint + "/.default"
	switch {
	case len(scopes) == 0:
		c.aadError(http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'; use '%s'.", want)
	case len(scopes) > 1:
		c.aadError(http.StatusBadRequest, "invalid_scope", 70011, "The provided request must include a single resource scope; got %q. Use '%s'.", scope, want)
	case !strings.HasSuffix(scopes[0], "/.default"):
		c.aadError(http.StatusBadRequest, "invalid_scope", 1002012, "The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI); use '%s'.", scopes[0], want)
	case scopes[0] != want:
		c.aadError(http.StatusBadRequest, "invalid_scope", 500011, "The resource principal named %s was not found in the tenant. The simulated Microsoft Graph is '%s'.", strings.TrimSuffix(scopes[0], "/.default"), want)
	default:
		return true
	}
	return false
}

// accessClaims are the claims the Graph routes read from a bearer token.
type accessClaims struct {
	jwt.RegisteredClaims
	TenantID string   `json:"tid"`
	AppID    string   `json:"appid"`
	Roles    []string `json:"roles"`
}

// authenticate validates the bearer token of a Graph request and, for
// supported routes, the app role it needs.
func (s *Server) authenticate(c *call, rt route) *apiError {
	h := c.r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(h, " ")
	if h == "" || tok == "" {
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty.")
	}
	if !strings.EqualFold(scheme, "Bearer") {
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "The Authorization header must use the Bearer scheme.")
	}
	tenant := s.TenantID()
	claims := &accessClaims{}
	_, err := jwt.ParseWithClaims(strings.TrimSpace(tok), claims,
		func(*jwt.Token) (any, error) { return &s.keys.token.key.PublicKey, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithAudience(s.endpoint), jwt.WithIssuer(s.tokenIssuer(tenant)),
		jwt.WithExpirationRequired())
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
	case err != nil:
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure: %v.", err)
	case claims.TenantID != tenant:
		return errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure. Invalid tenant.")
	}
	c.roles = claims.Roles
	if rt.name == "unsupported" {
		return nil
	}
	need := []string{roleRead, roleReadWrite}
	if isWrite(c.r.Method) {
		need = []string{roleReadWrite}
	}
	for _, r := range claims.Roles {
		if slices.Contains(need, r) {
			return nil
		}
	}
	return errorf(http.StatusForbidden, "Authorization_RequestDenied",
		"Insufficient privileges to complete the operation. The application '%s' needs the %s application permission.", claims.AppID, need[len(need)-1])
}

// handleOpenIDConfiguration serves the tenant's OpenID Connect metadata.
func (s *Server) handleOpenIDConfiguration(c *call) {
	tenant := c.segs[0]
	if !strings.EqualFold(tenant, s.TenantID()) {
		c.aadError(http.StatusBadRequest, "invalid_tenant", 90002, "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)
		return
	}
	base := s.endpoint + "/" + tenant
	c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.json(http.StatusOK, object{
		{"token_endpoint", base + "/oauth2/v2.0/token"},
		{"token_endpoint_auth_methods_supported", []string{"client_secret_post", "private_key_jwt", "client_secret_basic"}},
		{"jwks_uri", base + "/discovery/v2.0/keys"},
		{"response_modes_supported", []string{"query", "fragment", "form_post"}},
		{"subject_types_supported", []string{"pairwise"}},
		{"id_token_signing_alg_values_supported", []string{"ES256"}},
		{"response_types_supported", []string{"code", "id_token", "code id_token", "id_token token"}},
		{"scopes_supported", []string{"openid", "profile", "email", "offline_access"}},
		{"issuer", s.tokenIssuer(tenant)},
		{"request_uri_parameter_supported", false},
		{"authorization_endpoint", base + "/oauth2/v2.0/authorize"},
		{"device_authorization_endpoint", base + "/oauth2/v2.0/devicecode"},
		{"end_session_endpoint", base + "/oauth2/v2.0/logout"},
		{"tenant_region_scope", "EU"},
		{"cloud_instance_name", "microsoftonline.com"},
		{"cloud_graph_host_name", "graph.windows.net"},
		{"msgraph_host", strings.TrimPrefix(s.endpoint, "https://")},
	})
}

// handleInstanceDiscovery answers MSAL's instance discovery for authorities
// on this server.
func (s *Server) handleInstanceDiscovery(c *call) {
	authz := c.r.URL.Query().Get("authorization_endpoint")
	u, err := url.Parse(authz)
	host := strings.TrimPrefix(s.endpoint, "https://")
	if err != nil || u.Host != host {
		c.aadError(http.StatusBadRequest, "invalid_instance", 50049, "Unknown or invalid instance %q; this simulator serves %s.", authz, s.AuthorityHost())
		return
	}
	tenant := strings.SplitN(strings.TrimPrefix(u.Path, "/"), "/", 2)[0]
	c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.json(http.StatusOK, object{
		{"tenant_discovery_endpoint", s.endpoint + "/" + tenant + "/v2.0/.well-known/openid-configuration"},
		{"api-version", "1.1"},
		{"metadata", []object{{
			{"preferred_network", host}, {"preferred_cache", host}, {"aliases", []string{host}},
		}}},
	})
}

// handleKeys serves a JWKS with one key.
func (s *Server) handleKeys(k *signingKey) func(*call) {
	return func(c *call) {
		c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
		c.json(http.StatusOK, object{{"keys", []object{k.jwk()}}})
	}
}

// oidcRoute resolves the simulated external identity providers below
// /_simulator/oidc.
func (s *Server) oidcRoute(segs []string) route {
	path := strings.Join(segs, "/")
	switch path {
	case "github":
		return route{name: "oidc-github", kind: kindAuth, handle: s.handleGitHubOIDC}
	case "ado":
		return route{name: "oidc-ado", kind: kindAuth, handle: s.handleAzureDevOpsOIDC}
	case ".well-known/openid-configuration":
		return route{name: "oidc-metadata", kind: kindAuth, handle: s.handleIdPMetadata}
	case "keys":
		return route{name: "oidc-keys", kind: kindAuth, handle: s.handleKeys(s.keys.idp)}
	}
	return route{name: "oidc", kind: kindAuth, handle: func(c *call) {
		c.json(http.StatusNotFound, object{{"message", "Not Found: " + c.r.URL.Path}})
	}}
}

func (s *Server) handleIdPMetadata(c *call) {
	c.json(http.StatusOK, object{
		{"issuer", s.IssuerURL()},
		{"jwks_uri", s.IssuerURL() + "/keys"},
		{"subject_types_supported", []string{"public"}},
		{"response_types_supported", []string{"id_token"}},
		{"id_token_signing_alg_values_supported", []string{"ES256"}},
		{"claims_supported", []string{"sub", "aud", "exp", "iat", "iss", "jti", "nbf"}},
	})
}

// bearer reports whether the request carries the given bearer token.
func bearer(r *http.Request, want string) bool {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(want)) == 1
}

// handleGitHubOIDC is a GitHub Actions ID-token request endpoint.
func (s *Server) handleGitHubOIDC(c *call) {
	if c.r.Method != http.MethodGet {
		c.json(http.StatusMethodNotAllowed, object{{"message", "use GET"}})
		return
	}
	if !bearer(c.r, s.keys.githubRequestToken) {
		c.json(http.StatusUnauthorized, object{{"message", "Bad credentials: the request token is missing or wrong"}})
		return
	}
	aud := c.r.URL.Query().Get("audience")
	if aud == "" {
		aud = "https://github.com/entrapim"
	}
	c.json(http.StatusOK, object{{"count", 1}, {"value", s.IssueIDToken(GitHubSubject, aud)}})
}

// handleAzureDevOpsOIDC is the Azure DevOps OIDC token endpoint that
// azidentity.AzurePipelinesCredential calls.
func (s *Server) handleAzureDevOpsOIDC(c *call) {
	if c.r.Method != http.MethodPost {
		c.json(http.StatusMethodNotAllowed, object{{"message", "use POST"}})
		return
	}
	if !bearer(c.r, s.keys.adoSystemToken) {
		c.json(http.StatusUnauthorized, object{{"message", "TF400813: The user is not authorized to access this resource (wrong system access token)."}})
		return
	}
	q := c.r.URL.Query()
	if q.Get("api-version") == "" {
		c.json(http.StatusBadRequest, object{{"message", "No api-version was supplied for the request."}})
		return
	}
	if id := q.Get("serviceConnectionId"); !strings.EqualFold(id, AzureDevOpsConnection) {
		c.json(http.StatusNotFound, object{{"message", fmt.Sprintf("Service connection %q was not found.", id)}})
		return
	}
	c.json(http.StatusOK, object{{"oidcToken", s.IssueIDToken(AzureDevOpsSubject, tokenExchangeAudience)}})
}
