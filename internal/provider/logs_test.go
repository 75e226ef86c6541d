package provider_test

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// jwtPattern matches a JSON Web Token (access tokens and OIDC ID tokens).
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+`)

// TestAccProviderLogs_noSecrets runs the provider with TF_LOG=trace and
// checks that neither the Terraform CLI's nor the provider's log holds the
// client secret, the certificate password, the OIDC token or a bearer token.
// It sets process environment variables, so it does not run in parallel.
func TestAccProviderLogs_noSecrets(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	id, secret := srv.ReadWriteClient()

	password := "pfx-" + strings.Repeat("p4ss", 4)
	pfx := newPKCS12(t, srv, id, password)
	subject := "repo:entrapim/baseline:environment:prod"
	srv.AddFederatedCredential(id, srv.IssuerURL(), subject)
	oidcToken := srv.IssueIDToken(subject, "api://AzureADTokenExchange")

	endpoints := fmt.Sprintf("tenant_id = %q\n  client_id = %q\n  graph_endpoint = %q\n  authority_host = %q\n",
		srv.TenantID(), id, srv.GraphEndpoint(), srv.AuthorityHost())
	// Secrets reach the configuration as sensitive variables, as in a real
	// pipeline (a literal in the test's HCL would be echoed by the test
	// harness's own log of the configuration).
	cases := []struct {
		name, block, secret string
	}{
		{"client secret", "client_secret = var.secret", secret},
		{"certificate password", fmt.Sprintf("client_certificate = %q\n  client_certificate_password = var.secret", base64.StdEncoding.EncodeToString(pfx)), password},
		{"oidc token", "use_oidc = true\n  oidc_token = var.secret", oidcToken},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logFile := filepath.Join(t.TempDir(), "terraform.log")
			t.Setenv("TF_LOG", "trace")
			t.Setenv("TF_ACC_LOG_PATH", logFile)
			t.Setenv("TF_LOG_PATH_MASK", "")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: tn.FactoriesWithEnv(map[string]string{}),
				Steps: []resource.TestStep{{
					ConfigVariables: config.Variables{"secret": config.StringVariable(c.secret)},
					Config: "variable \"secret\" {\n  type = string\n  sensitive = true\n}\n" +
						fmt.Sprintf("provider \"entrapim\" {\n  %s  %s\n}\n", endpoints, c.block) + `
resource "entrapim_alert" "probe" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  active     = false
}`,
				}},
			})
			raw, err := os.ReadFile(logFile)
			if err != nil {
				t.Fatal(err)
			}
			log := string(raw)
			// The log must hold the provider's Graph requests, or this test proves nothing.
			if !strings.Contains(log, "sending Graph request") || !strings.Contains(log, "ConfigureProvider") {
				t.Fatalf("the captured log (%d bytes) lacks the provider's or Terraform's trace lines", len(raw))
			}
			if strings.Contains(log, c.secret) {
				t.Errorf("the %s appears in the log", c.name)
			}
			if m := jwtPattern.FindString(log); m != "" {
				t.Errorf("a bearer or OIDC token appears in the log: %.24s…", m)
			}
			if regexp.MustCompile(`(?i)bearer [A-Za-z0-9]`).MatchString(log) {
				t.Error("an Authorization header value appears in the log")
			}
		})
	}
}

// newPKCS12 registers a new certificate for the client and returns it as a
// password-protected PKCS#12 bundle.
func newPKCS12(t *testing.T, srv *mockgraph.Server, clientID, password string) []byte {
	t.Helper()
	cert, key := newCertificate(t, srv, clientID)
	// azidentity reads PKCS#12 through golang.org/x/crypto/pkcs12, which
	// knows only the legacy (3DES/SHA-1) encryption.
	pfx, err := pkcs12.LegacyDES.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	return pfx
}
