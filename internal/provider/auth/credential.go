// Package auth signs the provider in to Microsoft Entra ID: it builds the
// azidentity credential the configuration chooses, finds the cloud's
// endpoints, and turns a refused first sign-in into one error that says
// what to check.
package auth

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider/config"
)

// federationAudience is the audience Entra expects on federated tokens.
const federationAudience = "api://AzureADTokenExchange"

// Input is what building a credential needs besides the configuration.
type Input struct {
	AuthorityHost string
	// HTTPClient sends the token requests; nil for the default.
	HTTPClient *http.Client
	Getenv     func(string) string
}

// readSecretFile reads a file holding one secret value, trimming whitespace.
func readSecretFile(path, what string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading %s from %s: %w", what, path, err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("%s file %s is empty", what, path)
	}
	return v, nil
}

// valueOrFile returns a setting given as a value or as a file, as azuread
// reads client_id, client_secret and oidc_token
// (hashicorp/terraform-provider-azuread internal/provider/helpers.go,
// getClientId, getClientSecret, getOidcToken): the file, when set, is read
// and used, and a value that differs from it is an error. One deliberate
// difference: when one of the two is in the provider block and the other
// comes from the environment, the provider block wins. HCP Terraform's
// dynamic credentials set ARM_CLIENT_ID and ARM_OIDC_TOKEN for the default
// configuration, while an aliased block names its own identity's files
// (tfc_azure_dynamic_credentials); azuread would refuse that block. The
// attribute returned is the one an error is at.
func valueOrFile(value, file config.String, what string) (string, string, error) {
	v := strings.TrimSpace(value.Value)
	switch {
	case !file.IsSet():
		return v, value.Name, nil
	case v != "" && value.FromConfig() && !file.FromConfig():
		return v, value.Name, nil
	case v != "" && !value.FromConfig() && file.FromConfig():
		v = ""
	}
	fromFile, err := readSecretFile(file.Value, what)
	if err != nil {
		return "", file.Name, err
	}
	if v != "" && v != fromFile {
		return "", file.Name, fmt.Errorf("%s and the contents of %s (%s) differ: remove one of them or make them match",
			value.Describe(), file.Name, file.Value)
	}
	return fromFile, file.Name, nil
}

// NewCredential builds the azidentity credential for kind. Errors name the
// attribute at fault.
func NewCredential(c *config.Config, kind config.Kind, in Input) (azcore.TokenCredential, string, error) {
	clientOpts := azcore.ClientOptions{
		Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: in.AuthorityHost},
	}
	// Only a non-nil client: a nil *http.Client in the Transporter interface
	// would not be nil and would crash the first token request.
	if in.HTTPClient != nil {
		clientOpts.Transport = in.HTTPClient
	}
	// Instance discovery asks login.microsoftonline.com about the authority;
	// for an authority of our own (a proxy, the simulator) it cannot answer.
	disableDiscovery := !isKnownAuthorityHost(in.AuthorityHost)

	tenantID := c.TenantID.Value
	clientID, attr, err := valueOrFile(c.ClientID, c.ClientIDFilePath, "client ID")
	if err != nil {
		return nil, attr, err
	}
	if attr == c.ClientIDFilePath.Name && !alerttypes.IsGUID(clientID) {
		return nil, attr, fmt.Errorf("the client ID in %s is not a GUID", c.ClientIDFilePath.Value)
	}

	// The federated kinds: a token from the CI system or the AKS webhook,
	// exchanged for an access token.
	var assertion func(context.Context) (string, error)
	switch kind {
	case config.KindSecret:
		secret, attr, err := valueOrFile(c.ClientSecret, c.ClientSecretFilePath, "client secret")
		if err != nil {
			return nil, attr, err
		}
		cred, err := azidentity.NewClientSecretCredential(tenantID, clientID, secret, &azidentity.ClientSecretCredentialOptions{
			ClientOptions:            clientOpts,
			DisableInstanceDiscovery: disableDiscovery,
		})
		return cred, c.ClientSecret.Name, err

	case config.KindCertificate:
		certs, key, attr, err := certificate(c)
		if err != nil {
			return nil, attr, err
		}
		cred, err := azidentity.NewClientCertificateCredential(tenantID, clientID, certs, key, &azidentity.ClientCertificateCredentialOptions{
			ClientOptions:            clientOpts,
			DisableInstanceDiscovery: disableDiscovery,
		})
		return cred, attr, err

	case config.KindOIDC:
		if assertion, attr, err = oidcAssertion(c, in); err != nil {
			return nil, attr, err
		}
		attr = c.UseOIDC.Name

	case config.KindAKS:
		if tenantID == "" {
			tenantID = in.Getenv("AZURE_TENANT_ID")
		}
		if clientID == "" {
			clientID = in.Getenv("AZURE_CLIENT_ID")
		}
		file := in.Getenv("AZURE_FEDERATED_TOKEN_FILE")
		assertion = func(context.Context) (string, error) { return readSecretFile(file, "federated token") }
		attr = c.UseAKSWorkloadIdentity.Name

	case config.KindMSI:
		opts := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: azcore.ClientOptions{Cloud: clientOpts.Cloud}}
		if clientID != "" {
			opts.ID = azidentity.ClientID(clientID)
		}
		cred, err := azidentity.NewManagedIdentityCredential(opts)
		return cred, c.UseMSI.Name, err

	default: // config.KindCLI
		cred, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: tenantID})
		return cred, c.UseCLI.Name, err
	}
	cred, err := azidentity.NewClientAssertionCredential(tenantID, clientID, assertion, &azidentity.ClientAssertionCredentialOptions{
		ClientOptions:            clientOpts,
		DisableInstanceDiscovery: disableDiscovery,
	})
	return cred, attr, err
}

// certificate reads the client certificate and its key from
// client_certificate (base64) or client_certificate_path; the attribute
// returned is the one that gave it.
func certificate(c *config.Config) ([]*x509.Certificate, crypto.PrivateKey, string, error) {
	var data []byte
	attr := c.ClientCertificate.Name
	if v := c.ClientCertificate.Value; v != "" {
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
		if err != nil {
			return nil, nil, attr, fmt.Errorf("client_certificate is not base64-encoded PKCS#12 data: %v", err)
		}
		data = b
	} else {
		attr = c.ClientCertificatePath.Name
		b, err := os.ReadFile(c.ClientCertificatePath.Value)
		if err != nil {
			return nil, nil, attr, fmt.Errorf("reading the client certificate: %w", err)
		}
		data = b
	}
	certs, key, err := azidentity.ParseCertificates(data, []byte(c.ClientCertificatePassword.Value))
	if err != nil {
		return nil, nil, attr, fmt.Errorf("the client certificate could not be read (wrong client_certificate_password, or not PKCS#12/PEM): %v", err)
	}
	return certs, key, attr, nil
}

// oidcAssertion returns the function that fetches a federated token, from
// (in order) oidc_token_file_path (checked against oidc_token), oidc_token,
// Azure DevOps, or a GitHub Actions style request URL.
func oidcAssertion(c *config.Config, in Input) (func(context.Context) (string, error), string, error) {
	if file := c.OIDCTokenFilePath; file.IsSet() {
		// Read now to check it agrees with oidc_token, then again for every
		// token request (the platform may replace the file).
		tok, attr, err := valueOrFile(c.OIDCToken, file, "OIDC token")
		if err != nil {
			return nil, attr, err
		}
		if attr == c.OIDCToken.Name { // oidc_token in the block, the file from the environment
			return func(context.Context) (string, error) { return tok, nil }, attr, nil
		}
		return func(context.Context) (string, error) { return readSecretFile(file.Value, "OIDC token") }, attr, nil
	}
	if tok := c.OIDCToken.Value; tok != "" {
		return func(context.Context) (string, error) { return tok, nil }, c.OIDCToken.Name, nil
	}
	requestURL, requestToken := c.OIDCRequestURL.Value, c.OIDCRequestToken.Value
	method, field, attr := http.MethodGet, "value", c.OIDCRequestURL.Name
	query := url.Values{"audience": {federationAudience}}
	if conn := c.ADOServiceConnectionID.Value; conn != "" {
		if requestURL == "" {
			requestURL = in.Getenv("SYSTEM_OIDCREQUESTURI")
		}
		if requestToken == "" {
			requestToken = in.Getenv("SYSTEM_ACCESSTOKEN")
		}
		method, field, attr = http.MethodPost, "oidcToken", c.ADOServiceConnectionID.Name
		query = url.Values{"api-version": {"7.1"}, "serviceConnectionId": {conn}}
	}
	if err := config.CheckRequestURL(requestURL); err != nil {
		what := "oidc_request_url"
		if attr == c.ADOServiceConnectionID.Name {
			what = "the Azure DevOps OIDC request URL"
		}
		return nil, c.OIDCRequestURL.Name, fmt.Errorf("%s: %v", what, err)
	}
	u, _ := url.Parse(requestURL)
	q := u.Query()
	for k, v := range query {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	endpoint := u.String()
	return func(ctx context.Context) (string, error) {
		return fetchFederatedToken(ctx, in.HTTPClient, method, endpoint, requestToken, field)
	}, attr, nil
}

// fetchFederatedToken asks a CI system's ID-token endpoint for a token and
// returns the JSON field that holds it.
func fetchFederatedToken(ctx context.Context, hc *http.Client, method, endpoint, bearer, field string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, endpoint, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	req.Header.Set("Accept", "application/json")
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("requesting an OIDC token: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("reading the OIDC token response: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return "", fmt.Errorf("the OIDC token endpoint answered %s", resp.Status)
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		return "", fmt.Errorf("the OIDC token response is not JSON: %v", err)
	}
	tok, _ := out[field].(string)
	if tok == "" {
		return "", fmt.Errorf("the OIDC token response has no %q field", field)
	}
	return tok, nil
}
