package mockgraph_test

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/golang-jwt/jwt/v5"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

func getToken(cred azcore.TokenCredential, s *mockgraph.Server) (azcore.AccessToken, error) {
	return cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{s.GraphEndpoint() + "/.default"}})
}

// readAlerts checks that cred can read through the SDK.
func readAlerts(t *testing.T, s *mockgraph.Server, cred azcore.TokenCredential) {
	t.Helper()
	a, err := alertsAPIWith(t, s, cred).Alerts().ByUnifiedRoleManagementAlertId(s.AlertID(alerttypes.StaleSignIn)).Get(context.Background(), nil)
	if err != nil {
		t.Fatalf("read with %T: %v", cred, err)
	}
	if *a.GetIncidentCount() != 2 {
		t.Errorf("incidentCount = %d", *a.GetIncidentCount())
	}
}

// aadError checks the shape of a token endpoint error and returns its fields.
func aadError(t *testing.T, body map[string]any) (string, []any) {
	t.Helper()
	for _, k := range []string{"error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id"} {
		if _, ok := body[k]; !ok {
			t.Errorf("token error lacks %q: %v", k, body)
		}
	}
	codes, _ := body["error_codes"].([]any)
	code, _ := body["error"].(string)
	return code, codes
}

func TestTokenEndpointErrors(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	id, secret := s.ReadWriteClient()
	r := &raw{t: t, s: s, http: s.HTTPClient()}
	scope := s.GraphEndpoint() + "/.default"
	for _, tc := range []struct {
		name             string
		id, secret, scop string
		status           int
		code             string
		aadsts           float64
	}{
		{"wrong secret", id, "wrong", scope, http.StatusUnauthorized, "invalid_client", 7000215},
		{"unknown client", "00000000-0000-0000-0000-000000000001", secret, scope, http.StatusBadRequest, "unauthorized_client", 700016},
		{"real Graph scope", id, secret, "https://graph.microsoft.com/.default", http.StatusBadRequest, "invalid_scope", 500011},
		{"no .default", id, secret, s.GraphEndpoint() + "/RoleManagementAlert.Read.Directory", http.StatusBadRequest, "invalid_scope", 1002012},
		{"no scope", id, secret, "openid profile", http.StatusBadRequest, "invalid_request", 900144},
		{"MSAL scopes", id, secret, scope + " openid offline_access profile", http.StatusOK, "", 0},
	} {
		status, body := r.requestToken(tc.id, tc.secret, tc.scop)
		if status != tc.status {
			t.Errorf("%s: status %d %v, want %d", tc.name, status, body, tc.status)
			continue
		}
		if tc.status == http.StatusOK {
			if body["token_type"] != "Bearer" || body["expires_in"] == nil {
				t.Errorf("%s: %v", tc.name, body)
			}
			continue
		}
		code, codes := aadError(t, body)
		if code != tc.code || len(codes) != 1 || codes[0] != tc.aadsts {
			t.Errorf("%s: %s %v, want %s %v", tc.name, code, codes, tc.code, tc.aadsts)
		}
	}

	// Wrong tenant and grant type.
	form := url.Values{"grant_type": {"password"}, "client_id": {id}, "client_secret": {secret}, "scope": {scope}}
	resp, err := s.HTTPClient().PostForm(s.AuthorityHost()+s.TenantID()+"/oauth2/v2.0/token", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("password grant: %d", resp.StatusCode)
	}
	form.Set("grant_type", "client_credentials")
	resp, err = s.HTTPClient().PostForm(s.AuthorityHost()+"contoso.onmicrosoft.com/oauth2/v2.0/token", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("wrong tenant: %d", resp.StatusCode)
	}

	// azidentity surfaces the error.
	_, err = getToken(secretCredential(t, s, id, "wrong"), s)
	var authErr *azidentity.AuthenticationFailedError
	if !errors.As(err, &authErr) || !strings.Contains(err.Error(), "AADSTS7000215") {
		t.Errorf("azidentity with a wrong secret: %v", err)
	}
	for _, r := range s.Requests() {
		if r.Route == "token" && strings.Contains(string(r.Body), secret) {
			t.Error("the request log holds a client secret")
		}
	}

	// The access token carries what the provider and Graph rely on.
	tok, err := getToken(secretCredential(t, s, id, secret), s)
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(tok.Token, claims); err != nil {
		t.Fatal(err)
	}
	if claims["tid"] != s.TenantID() || claims["appid"] != id || claims["aud"] != s.GraphEndpoint() ||
		!slices.Contains(claims["roles"].([]any), any("RoleManagementAlert.ReadWrite.Directory")) {
		t.Errorf("claims = %v", claims)
	}
	if d := time.Until(tok.ExpiresOn); d < 50*time.Minute || d > time.Hour {
		t.Errorf("token lifetime %v", d)
	}
}

// newCertificate returns a self-signed RSA certificate and its key.
func newCertificate(t *testing.T) (*x509.Certificate, *rsa.PrivateKey) {
	t.Helper()
	cert, key, err := mockgraph.ClientCertificate("entrapim test")
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func TestCertificateAssertion(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	id, _ := s.ReadWriteClient()
	cert, key := newCertificate(t)
	newCred := func(c *x509.Certificate, sendChain bool) azcore.TokenCredential {
		cred, err := azidentity.NewClientCertificateCredential(s.TenantID(), id, []*x509.Certificate{c}, key,
			&azidentity.ClientCertificateCredentialOptions{ClientOptions: credentialOptions(s), DisableInstanceDiscovery: true, SendCertificateChain: sendChain})
		if err != nil {
			t.Fatal(err)
		}
		return cred
	}
	if _, err := getToken(newCred(cert, false), s); err == nil || !strings.Contains(err.Error(), "AADSTS700027") {
		t.Errorf("unregistered certificate: %v", err)
	}
	s.AddClientCertificate(id, cert)
	readAlerts(t, s, newCred(cert, false))
	readAlerts(t, s, newCred(cert, true))

	// A certificate for a new app registration.
	cert2, key2 := newCertificate(t)
	newID := "9f3c2b1a-0000-4000-8000-000000000001"
	s.AddClientCertificate(newID, cert2)
	cred, err := azidentity.NewClientCertificateCredential(s.TenantID(), newID, []*x509.Certificate{cert2}, key2,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: credentialOptions(s), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	readAlerts(t, s, cred)
}

func TestFederatedAssertion(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	id, _ := s.ReadWriteClient()
	assertion := func(token func() string) azcore.TokenCredential { return assertionCredential(t, s, id, token) }
	const subject = "system:serviceaccount:entrapim:terraform"
	token := func() string { return s.IssueIDToken(subject, "api://AzureADTokenExchange") }
	if _, err := getToken(assertion(token), s); err == nil || !strings.Contains(err.Error(), "AADSTS70021") {
		t.Errorf("unregistered subject: %v", err)
	}
	s.AddFederatedCredential(id, s.IssuerURL(), subject)
	readAlerts(t, s, assertion(token))
	if _, err := getToken(assertion(func() string { return s.IssueIDToken(subject, "api://other") }), s); err == nil {
		t.Error("wrong audience accepted")
	}
	forged := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": s.IssuerURL(), "sub": subject,
		"aud": "api://AzureADTokenExchange", "exp": time.Now().Add(time.Minute).Unix()})
	signed, _ := forged.SignedString([]byte("k"))
	if _, err := getToken(assertion(func() string { return signed }), s); err == nil {
		t.Error("forged assertion accepted")
	}
	other := mockgraph.New(t)
	if _, err := getToken(assertion(func() string { return other.IssueIDToken(subject, "api://AzureADTokenExchange") }), s); err == nil {
		t.Error("assertion from another simulator's IdP accepted")
	}
}

// assertionCredential returns a credential of clientID that presents
// token() as its client assertion.
func assertionCredential(t *testing.T, s *mockgraph.Server, clientID string, token func() string) azcore.TokenCredential {
	t.Helper()
	cred, err := azidentity.NewClientAssertionCredential(s.TenantID(), clientID,
		func(context.Context) (string, error) { return token(), nil },
		&azidentity.ClientAssertionCredentialOptions{ClientOptions: credentialOptions(s), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}
