package mockgraph_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/golang-jwt/jwt/v5"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

func TestOpenIDMetadataAndInstanceDiscovery(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	r := &raw{t: t, s: s, http: s.HTTPClient()}
	meta := r.get(s.AuthorityHost()+s.TenantID()+"/v2.0/.well-known/openid-configuration", http.StatusOK)
	for _, k := range []string{"issuer", "token_endpoint", "authorization_endpoint", "jwks_uri"} {
		if v, _ := meta[k].(string); !strings.HasPrefix(v, s.GraphEndpoint()+"/") {
			t.Errorf("%s = %v", k, meta[k])
		}
	}
	keys := r.get(meta["jwks_uri"].(string), http.StatusOK)
	if k := keys["keys"].([]any); len(k) != 1 || k[0].(map[string]any)["kty"] != "EC" {
		t.Errorf("jwks = %v", keys)
	}

	// azidentity with instance discovery enabled: HTTPClient routes MSAL's
	// discovery host to the simulator.
	id, secret := s.ReadWriteClient()
	cred, err := azidentity.NewClientSecretCredential(s.TenantID(), id, secret, &azidentity.ClientSecretCredentialOptions{ClientOptions: credentialOptions(s)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := getToken(cred, s); err != nil {
		t.Fatalf("with instance discovery: %v", err)
	}
	if !slices.ContainsFunc(s.Requests(), func(r mockgraph.Request) bool { return r.Route == "instance-discovery" && r.Status == http.StatusOK }) {
		t.Error("no instance discovery request was answered")
	}
	bad := r.do(http.MethodGet, s.AuthorityHost()+"common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.example.com/x/oauth2/v2.0/authorize", nil)
	if bad.status != http.StatusBadRequest || !strings.Contains(string(bad.body), "invalid_instance") {
		t.Errorf("foreign instance: %d %s", bad.status, bad.body)
	}
}

func TestGitHubOIDC(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	reqURL, reqToken := s.GitHubOIDCRequest()
	fetch := func(token string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, reqURL+"&audience="+url.QueryEscape("api://AzureADTokenExchange"), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct {
			Value string `json:"value"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body.Value
	}
	if status, _ := fetch("wrong"); status != http.StatusUnauthorized {
		t.Errorf("wrong request token: %d", status)
	}
	status, idToken := fetch(reqToken)
	if status != http.StatusOK {
		t.Fatalf("GitHub OIDC: %d", status)
	}
	claims := jwt.MapClaims{}
	_, _, _ = jwt.NewParser().ParseUnverified(idToken, claims)
	if claims["sub"] != mockgraph.GitHubSubject || claims["iss"] != s.IssuerURL() {
		t.Errorf("claims %v", claims)
	}
	id, _ := s.ReadWriteClient()
	readAlerts(t, s, assertionCredential(t, s, id, func() string { return idToken }))
	meta := (&raw{t: t, s: s, http: s.HTTPClient()}).get(s.IssuerURL()+"/.well-known/openid-configuration", http.StatusOK)
	if meta["issuer"] != s.IssuerURL() {
		t.Errorf("IdP metadata %v", meta)
	}
}

// TestAzureDevOpsOIDC sets SYSTEM_OIDCREQUESTURI, so it cannot run in parallel.
func TestAzureDevOpsOIDC(t *testing.T) {
	s := mockgraph.New(t)
	reqURL, systemToken, connection := s.AzureDevOpsOIDCRequest()
	t.Setenv("SYSTEM_OIDCREQUESTURI", reqURL)
	id, _ := s.ReadWriteClient()
	opts := &azidentity.AzurePipelinesCredentialOptions{ClientOptions: credentialOptions(s), DisableInstanceDiscovery: true}
	cred, err := azidentity.NewAzurePipelinesCredential(s.TenantID(), id, connection, systemToken, opts)
	if err != nil {
		t.Fatal(err)
	}
	readAlerts(t, s, cred)
	bad, err := azidentity.NewAzurePipelinesCredential(s.TenantID(), id, connection, "wrong", opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := getToken(bad, s); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("wrong system token: %v", err)
	}
}
