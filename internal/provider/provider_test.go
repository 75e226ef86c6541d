package provider_test

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider/config"
)

// TestProviderSchema checks the schemas of the provider, every resource and
// every data source are valid as the framework serves them.
func TestProviderSchema(t *testing.T) {
	t.Parallel()
	resp := providerSchema(t)
	for _, name := range []string{"entrapim_alert", "entrapim_alert_configuration", "entrapim_alert_incident_remediation", "entrapim_alert_refresh"} {
		if _, ok := resp.ResourceSchemas[name]; !ok {
			t.Errorf("resource %s is not registered", name)
		}
	}
	if !resp.Provider.Block.Attributes[indexOf(t, resp.Provider.Block.Attributes, "client_secret")].Sensitive {
		t.Error("client_secret must be sensitive")
	}
	// Every attribute is a setting of config.Config, read by its name.
	var names []string
	for _, a := range resp.Provider.Block.Attributes {
		names = append(names, a.Name)
	}
	if want := config.Attributes(); !slices.Equal(slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(want))) {
		t.Errorf("provider attributes %v, config.Config settings %v", names, want)
	}
}

// providerSchema is every schema, as a new provider process serves them
// to Terraform, failing tb on any diagnostic.
func providerSchema(tb testing.TB) *tfprotov6.GetProviderSchemaResponse {
	tb.Helper()
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		tb.Fatalf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	return resp
}

func indexOf(t *testing.T, attrs []*tfprotov6.SchemaAttribute, name string) int {
	t.Helper()
	for i, a := range attrs {
		if a.Name == name {
			return i
		}
	}
	t.Fatalf("provider attribute %s missing", name)
	return -1
}

// alertConfig applies entrapim_alert, which reads Graph in Create, so the
// whole authentication path runs.
const alertConfig = `
resource "entrapim_alert" "probe" {
  alert_type = "InvalidLicenseAlert"
  active     = false
}
`

func providerBlock(body string) string {
	return "provider \"entrapim\" {\n" + body + "\n}\n" + alertConfig
}

// TestAccProvider_clientSecret authenticates through the real client-secret
// flow, every setting in the provider block and none in the environment.
func TestAccProvider_clientSecret(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	id, secret := srv.ReadWriteClient()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(map[string]string{}),
		Steps: []resource.TestStep{{
			Config: providerBlock(fmt.Sprintf(`
  tenant_id      = %q
  client_id      = %q
  client_secret  = %q
  graph_endpoint = %q
  authority_host = %q
`, srv.TenantID(), id, secret, srv.GraphEndpoint(), srv.AuthorityHost())),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("entrapim_alert.probe", tfjsonpath.New("id"), knownvalue.StringExact(srv.AlertID(alerttypes.InvalidLicense))),
			},
		}},
	})
	var tokens int
	for _, r := range srv.Requests() {
		if r.Route == "token" && r.Status == 200 {
			tokens++
		}
	}
	if tokens == 0 {
		t.Error("no token was issued: the client-secret flow did not run")
	}
}

// applyWith applies config with the provider seeing the simulator's
// environment without its client secret, plus set: another way to sign in.
func applyWith(t *testing.T, tn *acctest.Tenant, set map[string]string, config string) {
	t.Helper()
	env := tn.Env()
	delete(env, "ARM_CLIENT_SECRET")
	maps.Copy(env, set)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
		Steps:                    []resource.TestStep{{Config: config}},
	})
}

// TestAccProvider_clientSecretFile reads the secret from a file and the rest
// from ARM_* variables.
func TestAccProvider_clientSecretFile(t *testing.T) {
	tn := acctest.New(t)
	env := tn.Env()
	file := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(file, []byte(env["ARM_CLIENT_SECRET"]+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	applyWith(t, tn, map[string]string{"ARM_CLIENT_SECRET_FILE_PATH": file}, alertConfig)
}

// TestAccProvider_certificate authenticates with a client certificate (PEM
// file with certificate and key), through a signed client assertion.
func TestAccProvider_certificate(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	id, _ := srv.ReadWriteClient()
	cert, key := newCertificate(t, srv, id)
	applyWith(t, tn, map[string]string{"ARM_CLIENT_CERTIFICATE_PATH": pemFile(t, cert, key)}, alertConfig)
}

// TestAccProvider_oidcGitHub authenticates as a GitHub Actions job would:
// ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN give a federated token.
func TestAccProvider_oidcGitHub(t *testing.T) {
	tn := acctest.New(t)
	url, token := tn.Server.GitHubOIDCRequest()
	applyWith(t, tn, map[string]string{
		"ARM_USE_OIDC":                   "true",
		"ACTIONS_ID_TOKEN_REQUEST_URL":   url,
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": token,
	}, alertConfig)
}

// TestAccProvider_oidcTokenFile exchanges a federated token read from a file.
func TestAccProvider_oidcTokenFile(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	id, _ := srv.ReadWriteClient()
	subject := "system:serviceaccount:pim:baseline"
	srv.AddFederatedCredential(id, srv.IssuerURL(), subject)
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(srv.IssueIDToken(subject, "api://AzureADTokenExchange")), 0o600); err != nil {
		t.Fatal(err)
	}
	applyWith(t, tn, nil, providerBlock(fmt.Sprintf(`
  use_oidc             = true
  oidc_token_file_path = %q
`, file)))
}

// TestAccProvider_readOnly: an app without write permission gets Graph's 403
// as a clear error.
func TestAccProvider_readOnly(t *testing.T) {
	tn := acctest.New(t)
	env := tn.Env()
	env["ARM_CLIENT_ID"], env["ARM_CLIENT_SECRET"] = tn.Server.ReadOnlyClient()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
		Steps: []resource.TestStep{{
			Config: `
resource "entrapim_alert" "probe" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  active     = false
}`,
			ExpectError: acctest.ExpectError(`HTTP status: 403`),
		}},
	})
}

// TestAccProvider_invalid: every invalid combination fails at plan time at
// the attribute that causes it, without any Graph request.
func TestAccProvider_invalid(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	id, secret := srv.ReadWriteClient()
	base := fmt.Sprintf("graph_endpoint = %q\nauthority_host = %q\n", srv.GraphEndpoint(), srv.AuthorityHost())
	otherSecret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(otherSecret, []byte("not-"+secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		body string
		want string
	}{
		// Certificate and secret: azuread's order picks the certificate,
		// whose file is missing.
		{"two credential kinds", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_secret = %q\nclient_certificate_path = \"/nonexistent.pfx\"\n", srv.TenantID(), id, secret),
			`(?s)Unable to set up client certificate authentication.*nonexistent.pfx`},
		// A value and a file that disagree (azuread's mismatch rule).
		{"secret and a different secret file", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_secret = %q\nclient_secret_file_path = %q\n", srv.TenantID(), id, secret, otherSecret),
			`(?s)client_secret and the contents of client_secret_file_path.*differ`},
		{"certificate twice", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_certificate = \"AAAA\"\nclient_certificate_path = \"/tmp/x.pfx\"\n", srv.TenantID(), id),
			`Conflicting provider settings.*client_certificate and client_certificate_path`},
		{"missing tenant", fmt.Sprintf("client_id = %q\nclient_secret = %q\n", id, secret),
			`Missing tenant ID.*tenant_id`},
		{"missing client id", fmt.Sprintf("tenant_id = %q\nclient_secret = %q\n", srv.TenantID(), secret),
			`Missing client ID`},
		{"http endpoint on a public host", `graph_endpoint = "http://graph.microsoft.com"`,
			`Invalid Graph endpoint.*only https is allowed`},
		{"endpoint with /beta", `graph_endpoint = "https://graph.microsoft.com/beta"`,
			`Invalid Graph endpoint.*host root`},
		{"http authority", `authority_host = "http://login.example.com/"`,
			`Invalid authority host`},
		{"bad environment", `environment = "germany"`,
			`Invalid environment.*china, dod, global, public, usgovernment, usgovernmentl4, usgovernmentl5`},
		{"bad tenant id", fmt.Sprintf("tenant_id = \"not a tenant\"\nclient_id = %q\nclient_secret = %q\n", id, secret),
			`Invalid tenant ID`},
		{"bad client id", fmt.Sprintf("tenant_id = %q\nclient_id = \"app\"\nclient_secret = %q\n", srv.TenantID(), secret),
			`Invalid client ID`},
		{"password without certificate", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_secret = %q\nclient_certificate_password = \"pw\"\n", srv.TenantID(), id, secret),
			`client_certificate_password is set but neither`},
		{"oidc token without use_oidc", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_secret = %q\noidc_token = \"x\"\n", srv.TenantID(), id, secret),
			`oidc_token is set but use_oidc is not true`},
		{"oidc without a token source", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nuse_oidc = true\n", srv.TenantID(), id),
			`no token source is configured`},
		{"oidc request url without token", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nuse_oidc = true\noidc_request_url = \"https://token.actions.example/\"\n", srv.TenantID(), id),
			`oidc_request_url is set but oidc_request_token is not`},
		{"no credentials", "use_cli = false\n", `No credentials configured`},
		{"negative retries", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_secret = %q\nmax_retries = -1\n", srv.TenantID(), id, secret), `(?s)Invalid retry setting.*max_retries`},
		{"bad retry-after", fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_secret = %q\nmax_retry_after = \"10 minutes\"\n", srv.TenantID(), id, secret), `(?s)Invalid retry setting.*max_retry_after`},
		{"protected id not a guid", "protected_principal_ids = [\"breakglass@contoso.com\"]\n", `Invalid protected principal ID`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		body := c.body
		if !regexp.MustCompile(`graph_endpoint|authority_host`).MatchString(body) {
			body = base + body
		}
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(body),
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(c.want),
		})
	}
	srv.ResetRequests()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(map[string]string{}),
		Steps:                    steps,
	})
	if n := len(srv.GraphRequests()); n != 0 {
		t.Errorf("invalid provider configurations sent %d Graph requests", n)
	}
}

// newCertificate registers a new self-signed certificate for the client.
func newCertificate(t *testing.T, srv *mockgraph.Server, clientID string) (*x509.Certificate, *rsa.PrivateKey) {
	t.Helper()
	cert, key, err := mockgraph.ClientCertificate("entrapim-test")
	if err != nil {
		t.Fatal(err)
	}
	srv.AddClientCertificate(clientID, cert)
	return cert, key
}

// pemFile writes a certificate and its key as one PEM file.
func pemFile(t *testing.T, cert *x509.Certificate, key *rsa.PrivateKey) string {
	t.Helper()
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "client.pem")
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	out = append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...)
	if err := os.WriteFile(file, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}
