package entra

import (
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

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// This file is the OAuth2 v2 token endpoint of the simulated Entra ID
// tenant (client credentials grant) and the verification of the client
// secrets and assertions it accepts.

// Constants of the token endpoint.
const (
	// tokenExchangeAudience is the audience Entra ID requires of federated assertions.
	tokenExchangeAudience = "api://AzureADTokenExchange"
	jwtBearerType         = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	accessTokenLifetime   = time.Hour
)

// tokenEndpoint is the token URL of the tenant.
func (d *Directory) tokenEndpoint(tenantID string) string {
	return d.endpoint + "/" + tenantID + "/oauth2/v2.0/token"
}

func (d *Directory) tokenIssuer(tenantID string) string { return d.endpoint + "/" + tenantID + "/v2.0" }

// aadError answers in the shape of an Entra ID token endpoint error.
func (c *Call) aadError(status int, code string, aadsts int, format string, args ...any) {
	now := time.Now().UTC()
	msg := fmt.Sprintf(format, args...)
	desc := fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
		aadsts, msg, c.W.Header().Get("request-id"), c.W.Header().Get("client-request-id"), now.Format("2006-01-02 15:04:05Z"))
	c.W.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.json(status, map[string]any{
		"error":             code,
		"error_description": desc,
		"error_codes":       []int{aadsts},
		"timestamp":         now.Format("2006-01-02 15:04:05Z"),
		"trace_id":          c.W.Header().Get("request-id"),
		"correlation_id":    c.W.Header().Get("client-request-id"),
	})
	c.d.logf("token error %s AADSTS%d: %s", code, aadsts, msg)
}

// handleToken is the OAuth2 v2 token endpoint (client credentials grant,
// with a client secret or a client assertion).
func (d *Directory) handleToken(c *Call) {
	if c.R.Method != http.MethodPost {
		c.aadError(http.StatusMethodNotAllowed, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a %s request.", c.R.Method)
		return
	}
	tenantID := c.segs[0]
	if !strings.EqualFold(tenantID, d.tenantID) {
		c.aadError(http.StatusBadRequest, "invalid_request", 90002, "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenantID)
		return
	}
	form, err := url.ParseQuery(string(c.Body))
	if err != nil {
		c.aadError(http.StatusBadRequest, "invalid_request", 900144, "The request body must be application/x-www-form-urlencoded: %v.", err)
		return
	}
	if g := form.Get("grant_type"); g != "client_credentials" {
		c.aadError(http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '%s'; this tenant supports only 'client_credentials'.", g)
		return
	}
	clientID, secret := form.Get("client_id"), form.Get("client_secret")
	if user, pass, ok := c.R.BasicAuth(); ok {
		clientID, secret = user, pass
	}
	if clientID == "" {
		c.aadError(http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.")
		return
	}
	snapshot, ok := d.apps.snapshot(clientID)
	if !ok {
		c.aadError(http.StatusBadRequest, "unauthorized_client", 700016, "Application with identifier '%s' was not found in the directory '%s'.", clientID, tenantID)
		return
	}
	snapshot = d.credentials(snapshot)
	if !d.authenticateClient(c, &snapshot, tenantID, secret, form) {
		return
	}
	if !d.checkScope(c, form.Get("scope")) {
		return
	}
	now := time.Now()
	token := d.keys.token.sign(jwt.MapClaims{
		"aud": d.endpoint, "iss": d.tokenIssuer(d.tenantID), "iat": now.Unix(), "nbf": now.Unix(),
		"exp": now.Add(accessTokenLifetime).Unix(), "tid": d.tenantID, "appid": snapshot.clientID,
		"azp": snapshot.clientID, "app_displayname": snapshot.displayName, "idtyp": "app", "ver": "1.0",
		"oid": tenant.GUIDFrom("service-principal", snapshot.clientID), "sub": tenant.GUIDFrom("service-principal", snapshot.clientID),
		"roles": snapshot.roles, "uti": tenant.NewGUID(),
	})
	secs := int(accessTokenLifetime/time.Second) - 1
	c.W.Header().Set("Cache-Control", "no-store, no-cache")
	c.json(http.StatusOK, map[string]any{
		"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": token,
	})
}

// authenticateClient checks the client secret or client assertion.
func (d *Directory) authenticateClient(c *Call, a *app, tenantID, secret string, form url.Values) bool {
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
			return d.verifyCertificateAssertion(c, a, tenantID, assertion)
		}
		return d.verifyFederatedAssertion(c, a, assertion)
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
func (d *Directory) verifyCertificateAssertion(c *Call, a *app, tenantID, assertion string) bool {
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
		jwt.WithAudience(d.tokenEndpoint(tenantID), d.tokenEndpoint(d.tenantID)),
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
		c.aadError(http.StatusUnauthorized, "invalid_client", 700212, "The client assertion's audience must be the token endpoint %s.", d.tokenEndpoint(tenantID))
	default:
		c.aadError(http.StatusUnauthorized, "invalid_client", 700027, "Client assertion failed signature validation: %v.", err)
	}
	return false
}

// verifyFederatedAssertion checks a federated assertion: signed by the
// simulator's external-IdP key, aud api://AzureADTokenExchange, and an
// iss/sub pair registered on the app.
func (d *Directory) verifyFederatedAssertion(c *Call, a *app, assertion string) bool {
	tok, err := jwt.Parse(assertion, func(*jwt.Token) (any, error) { return &d.keys.idp.key.PublicKey, nil },
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
func (d *Directory) checkScope(c *Call, scope string) bool {
	var scopes []string
	for _, sc := range strings.Fields(scope) {
		if !standardScopes[sc] {
			scopes = append(scopes, sc)
		}
	}
	want := d.endpoint + "/.default"
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
