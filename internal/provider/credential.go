package provider

import (
	"context"
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

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// federationAudience is the audience Entra expects on federated tokens.
const federationAudience = "api://AzureADTokenExchange"

// credentialInput is what building a credential needs besides the settings.
type credentialInput struct {
	authorityHost string
	httpClient    *http.Client
	getenv        func(string) string
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

// valueOrFile returns a setting given as a value (attr) or as a file
// (fileAttr), as azuread reads client_id, client_secret and oidc_token
// (hashicorp/terraform-provider-azuread internal/provider/helpers.go,
// getClientId, getClientSecret, getOidcToken): the file, when set, is read
// and used, and a value that differs from it is an error. One deliberate
// difference: when one of the two is in the provider block and the other
// comes from the environment, the provider block wins. HCP Terraform's
// dynamic credentials set ARM_CLIENT_ID and ARM_OIDC_TOKEN for the default
// configuration, while an aliased block names its own identity's files
// (tfc_azure_dynamic_credentials); azuread would refuse that block. The
// attribute returned is the one an error is at.
func valueOrFile(s *settings, attr, fileAttr, what string) (string, string, error) {
	value := strings.TrimSpace(s.str(attr))
	file := s.str(fileAttr)
	switch {
	case file == "":
		return value, attr, nil
	case value != "" && s.fromConfig(attr) && !s.fromConfig(fileAttr):
		return value, attr, nil
	case value != "" && !s.fromConfig(attr) && s.fromConfig(fileAttr):
		value = ""
	}
	v, err := readSecretFile(file, what)
	if err != nil {
		return "", fileAttr, err
	}
	if value != "" && value != v {
		return "", fileAttr, fmt.Errorf("%s and the contents of %s (%s) differ: remove one of them or make them match",
			s.get(attr).describe(attr), fileAttr, file)
	}
	return v, fileAttr, nil
}

// newCredential builds the azidentity credential for kind. Errors name the
// attribute at fault; the returned attribute is "" when none applies.
func newCredential(s *settings, kind credentialKind, in credentialInput) (azcore.TokenCredential, string, error) {
	clientOpts := azcore.ClientOptions{
		Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: in.authorityHost},
	}
	// Only a non-nil client: a nil *http.Client in the Transporter interface
	// would not be nil and would crash the first token request.
	if in.httpClient != nil {
		clientOpts.Transport = in.httpClient
	}
	// Instance discovery asks login.microsoftonline.com about the authority;
	// for an authority of our own (a proxy, the simulator) it cannot answer.
	disableDiscovery := !isKnownAuthorityHost(in.authorityHost)

	tenantID := s.str(attrTenantID)
	clientID, attr, err := valueOrFile(s, attrClientID, attrClientIDFilePath, "client ID")
	if err != nil {
		return nil, attr, err
	}
	if attr == attrClientIDFilePath && !guidPattern.MatchString(clientID) {
		return nil, attr, fmt.Errorf("the client ID in %s is not a GUID", s.str(attrClientIDFilePath))
	}

	switch kind {
	case kindSecret:
		secret, attr, err := valueOrFile(s, attrClientSecret, attrClientSecretFilePath, "client secret")
		if err != nil {
			return nil, attr, err
		}
		cred, err := azidentity.NewClientSecretCredential(tenantID, clientID, secret, &azidentity.ClientSecretCredentialOptions{
			ClientOptions:            clientOpts,
			DisableInstanceDiscovery: disableDiscovery,
		})
		return cred, attrClientSecret, err

	case kindCertificate:
		var data []byte
		attr := attrClientCertificate
		if v := s.str(attrClientCertificate); v != "" {
			b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
			if err != nil {
				return nil, attr, fmt.Errorf("client_certificate is not base64-encoded PKCS#12 data: %v", err)
			}
			data = b
		} else {
			attr = attrClientCertificatePath
			b, err := os.ReadFile(s.str(attrClientCertificatePath))
			if err != nil {
				return nil, attr, fmt.Errorf("reading the client certificate: %w", err)
			}
			data = b
		}
		certs, key, err := azidentity.ParseCertificates(data, []byte(s.str(attrClientCertPassword)))
		if err != nil {
			return nil, attr, fmt.Errorf("the client certificate could not be read (wrong client_certificate_password, or not PKCS#12/PEM): %v", err)
		}
		cred, err := azidentity.NewClientCertificateCredential(tenantID, clientID, certs, key, &azidentity.ClientCertificateCredentialOptions{
			ClientOptions:            clientOpts,
			DisableInstanceDiscovery: disableDiscovery,
		})
		return cred, attr, err

	case kindOIDC:
		assertion, attr, err := oidcAssertion(s, in)
		if err != nil {
			return nil, attr, err
		}
		cred, err := azidentity.NewClientAssertionCredential(tenantID, clientID, assertion, &azidentity.ClientAssertionCredentialOptions{
			ClientOptions:            clientOpts,
			DisableInstanceDiscovery: disableDiscovery,
		})
		return cred, attrUseOIDC, err

	case kindAKS:
		if tenantID == "" {
			tenantID = in.getenv("AZURE_TENANT_ID")
		}
		if clientID == "" {
			clientID = in.getenv("AZURE_CLIENT_ID")
		}
		file := in.getenv("AZURE_FEDERATED_TOKEN_FILE")
		assertion := func(context.Context) (string, error) { return readSecretFile(file, "federated token") }
		cred, err := azidentity.NewClientAssertionCredential(tenantID, clientID, assertion, &azidentity.ClientAssertionCredentialOptions{
			ClientOptions:            clientOpts,
			DisableInstanceDiscovery: disableDiscovery,
		})
		return cred, attrUseAKS, err

	case kindMSI:
		opts := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: azcore.ClientOptions{Cloud: clientOpts.Cloud}}
		if clientID != "" {
			opts.ID = azidentity.ClientID(clientID)
		}
		cred, err := azidentity.NewManagedIdentityCredential(opts)
		return cred, attrUseMSI, err

	default: // kindCLI
		cred, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: tenantID})
		return cred, attrUseCLI, err
	}
}

// oidcAssertion returns the function that fetches a federated token, from
// (in order) oidc_token_file_path (checked against oidc_token), oidc_token,
// Azure DevOps, or a GitHub Actions style request URL.
func oidcAssertion(s *settings, in credentialInput) (func(context.Context) (string, error), string, error) {
	if file := s.str(attrOIDCTokenFilePath); file != "" {
		// Read now to check it agrees with oidc_token, then again for every
		// token request (the platform may replace the file).
		tok, attr, err := valueOrFile(s, attrOIDCToken, attrOIDCTokenFilePath, "OIDC token")
		if err != nil {
			return nil, attr, err
		}
		if attr == attrOIDCToken { // oidc_token in the block, the file from the environment
			return func(context.Context) (string, error) { return tok, nil }, attrOIDCToken, nil
		}
		return func(context.Context) (string, error) { return readSecretFile(file, "OIDC token") }, attrOIDCTokenFilePath, nil
	}
	if tok := s.str(attrOIDCToken); tok != "" {
		return func(context.Context) (string, error) { return tok, nil }, attrOIDCToken, nil
	}
	requestURL, requestToken := s.str(attrOIDCRequestURL), s.str(attrOIDCRequestToken)
	if conn := s.str(attrADOServiceConnectionID); conn != "" {
		if requestURL == "" {
			requestURL = in.getenv("SYSTEM_OIDCREQUESTURI")
		}
		if requestToken == "" {
			requestToken = in.getenv("SYSTEM_ACCESSTOKEN")
		}
		if err := checkRequestURL(requestURL); err != nil {
			return nil, attrOIDCRequestURL, fmt.Errorf("the Azure DevOps OIDC request URL: %v", err)
		}
		u, _ := url.Parse(requestURL)
		q := u.Query()
		q.Set("api-version", "7.1")
		q.Set("serviceConnectionId", conn)
		u.RawQuery = q.Encode()
		endpoint := u.String()
		return func(ctx context.Context) (string, error) {
			return fetchFederatedToken(ctx, in.httpClient, http.MethodPost, endpoint, requestToken, "oidcToken")
		}, attrADOServiceConnectionID, nil
	}
	if err := checkRequestURL(requestURL); err != nil {
		return nil, attrOIDCRequestURL, fmt.Errorf("oidc_request_url: %v", err)
	}
	u, _ := url.Parse(requestURL)
	q := u.Query()
	q.Set("audience", federationAudience)
	u.RawQuery = q.Encode()
	endpoint := u.String()
	return func(ctx context.Context) (string, error) {
		return fetchFederatedToken(ctx, in.httpClient, http.MethodGet, endpoint, requestToken, "value")
	}, attrOIDCRequestURL, nil
}

// checkRequestURL checks the URL of a CI system's ID-token endpoint, which
// gets the request token as a bearer: https (http only for a loopback
// host), no credentials, no fragment; unlike a Graph endpoint it may have
// a path and a query.
func checkRequestURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %v", raw, err)
	}
	u.RawQuery, u.ForceQuery = "", false
	_, err = graph.ParseEndpoint(u.String(), true)
	return err
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
