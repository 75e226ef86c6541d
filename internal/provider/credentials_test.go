package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// fakeAzureCLI puts an `az` on PATH that answers `az account get-access-token`
// as the Azure CLI does, with token, ignoring --tenant as a CLI login in
// its home tenant would, and records every call in the returned file. The
// Azure CLI credential runs az from the process environment, so tests that
// use it set PATH and cannot run in parallel.
func fakeAzureCLI(t *testing.T, token, tenant string) (calls string) {
	t.Helper()
	dir := t.TempDir()
	calls = filepath.Join(dir, "calls")
	exp := time.Now().Add(time.Hour)
	script := fmt.Sprintf(`#!/bin/sh
echo "$*" >> %q
cat <<'JSON'
{"accessToken": %q, "expiresOn": %q, "expires_on": %d, "subscription": "", "tenant": %q, "tokenType": "Bearer"}
JSON
`, calls, token, exp.Format("2006-01-02 15:04:05.000000"), exp.Unix(), tenant)
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return calls
}

// cliEnv is the simulator's environment without any credential: the
// provider falls back to the Azure CLI.
func cliEnv(tn *acctest.Tenant) map[string]string {
	env := tn.Env()
	delete(env, "ARM_CLIENT_ID")
	delete(env, "ARM_CLIENT_SECRET")
	return env
}

const readAtPlan = `
data "entrapim_alert" "probe" {
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
}
`

// TestAccProvider_wrongTenant: an Azure CLI login lands in its home tenant
// whatever tenant_id says. The token is for another tenant than tenant_id:
// plan (a data source) and apply (a resource) fail naming both tenants,
// and the tenant receives no Graph request at all.
func TestAccProvider_wrongTenant(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	calls := fakeAzureCLI(t, srv.AzureCLIToken("admin@contoso.onmicrosoft.com"), srv.TenantID())
	configured := "0badc0de-0000-4000-8000-000000000002"
	env := cliEnv(tn)
	env["ARM_TENANT_ID"] = configured
	wrong := acctest.ExpectError(`Graph answers for tenant ` + srv.TenantID() + `.*configured for tenant ` + configured + `.*nothing was read or written`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
		Steps: []resource.TestStep{
			{Config: readAtPlan, PlanOnly: true, ExpectError: wrong},
			{Config: alertConfig, ExpectError: wrong},
		},
	})
	if n := len(srv.GraphRequests()); n != 0 {
		t.Errorf("the tenant received %d Graph requests with another tenant's token", n)
	}
	if b, _ := os.ReadFile(calls); !strings.Contains(string(b), "--tenant "+configured) {
		t.Errorf("the provider did not ask the Azure CLI for tenant_id's tenant: %q", b)
	}
}

// TestAccProvider_azureCLIPermissionScopeNotGranted: the Azure CLI's app
// cannot hold the PIM scopes; Graph's PermissionScopeNotGranted 403 becomes
// an error naming the missing permission and the way out.
func TestAccProvider_azureCLIPermissionScopeNotGranted(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	fakeAzureCLI(t, srv.AzureCLIToken("admin@contoso.onmicrosoft.com"), srv.TenantID())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(cliEnv(tn)),
		Steps: []resource.TestStep{{
			Config:   readAtPlan,
			PlanOnly: true,
			ExpectError: acctest.ExpectError(`HTTP status: 403.*Graph error code: PermissionScopeNotGranted.*` +
				`Missing permission: .*RoleManagementAlert\.Read\.Directory.*Hint: the provider signed in with the Azure CLI.*service principal`),
		}},
	})
}

// TestAccProvider_noCLIWhenDisabled: ARM_USE_CLI=false with no other
// credential is a clear error at plan time, and the Azure CLI is not run.
func TestAccProvider_noCLIWhenDisabled(t *testing.T) {
	tn := acctest.New(t)
	srv := tn.Server
	calls := fakeAzureCLI(t, srv.AzureCLIToken("admin@contoso.onmicrosoft.com"), srv.TenantID())
	env := cliEnv(tn)
	env["ARM_USE_CLI"] = "false"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
		Steps: []resource.TestStep{{
			Config:      readAtPlan,
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(`No credentials configured.*use_cli \(from ARM_USE_CLI\) is false`),
		}},
	})
	if _, err := os.Stat(calls); err == nil {
		t.Error("the Azure CLI ran although ARM_USE_CLI=false")
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the simulator", n)
	}
}

// TestAccProvider_severalCredentials: with several credentials configured
// the provider takes azuread's choice, so a broken credential later in the
// order does not matter: a certificate before a (wrong) secret, a secret
// before an (invalid) OIDC token.
func TestAccProvider_severalCredentials(t *testing.T) {
	for name, set := range map[string]func(srv *mockgraph.Server) map[string]string{
		"certificate before a wrong secret": func(srv *mockgraph.Server) map[string]string {
			id, _ := srv.ReadWriteClient()
			cert, key := newCertificate(t, srv, id)
			return map[string]string{"ARM_CLIENT_CERTIFICATE_PATH": pemFile(t, cert, key), "ARM_CLIENT_SECRET": "wrong"}
		},
		"secret before an invalid OIDC token": func(srv *mockgraph.Server) map[string]string {
			_, secret := srv.ReadWriteClient()
			return map[string]string{"ARM_CLIENT_SECRET": secret, "ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN": "not-a-token"}
		},
	} {
		t.Run(name, func(t *testing.T) {
			tn := acctest.New(t)
			applyWith(t, tn, set(tn.Server), alertConfig)
		})
	}
}

// TestAccProvider_hcpTerraformDynamicCredentials signs in as an HCP
// Terraform run with dynamic provider credentials for Azure does: by
// default the platform sets ARM_USE_OIDC, ARM_CLIENT_ID and ARM_OIDC_TOKEN
// ("Make sure that you're not setting values for client_id, use_oidc, or
// oidc_token ... ARM_CLIENT_ID, ARM_USE_OIDC, ARM_OIDC_TOKEN",
// hashicorp/terraform-docs-common, dynamic-provider-credentials/
// azure-configuration.mdx); with several configurations, the provider
// block reads the files of var.tfc_azure_dynamic_credentials through
// client_id_file_path and oidc_token_file_path.
func TestAccProvider_hcpTerraformDynamicCredentials(t *testing.T) {
	newToken := func(tn *acctest.Tenant) (clientID, token string) {
		srv := tn.Server
		clientID, _ = srv.ReadWriteClient()
		subject := "organization:contoso:project:pim:workspace:tenant-contoso:run_phase:plan"
		srv.AddFederatedCredential(clientID, srv.IssuerURL(), subject)
		return clientID, srv.IssueIDToken(subject, "api://AzureADTokenExchange")
	}
	t.Run("environment", func(t *testing.T) {
		tn := acctest.New(t)
		clientID, token := newToken(tn)
		applyWith(t, tn, map[string]string{"ARM_USE_OIDC": "true", "ARM_CLIENT_ID": clientID, "ARM_OIDC_TOKEN": token, "ARM_USE_CLI": "false"}, alertConfig)
	})
	// files writes the client ID and token files of one configuration of
	// var.tfc_azure_dynamic_credentials and returns the provider block that
	// reads them.
	files := func(t *testing.T, clientID, token string) string {
		dir := t.TempDir()
		idFile, tokenFile := filepath.Join(dir, "client-id"), filepath.Join(dir, "token")
		if err := os.WriteFile(idFile, []byte(clientID), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(tokenFile, []byte(token), 0o600); err != nil {
			t.Fatal(err)
		}
		return providerBlock(fmt.Sprintf(`
  use_cli              = false
  use_oidc             = true
  client_id_file_path  = %q
  oidc_token_file_path = %q
`, idFile, tokenFile))
	}
	t.Run("several configurations", func(t *testing.T) {
		tn := acctest.New(t)
		clientID, token := newToken(tn)
		applyWith(t, tn, map[string]string{"ARM_CLIENT_ID": ""}, files(t, clientID, token))
	})
	// The run may also carry the default configuration's variables; as in
	// azuread, values that agree with the files are accepted...
	t.Run("several configurations and the default's variables", func(t *testing.T) {
		tn := acctest.New(t)
		clientID, token := newToken(tn)
		applyWith(t, tn, map[string]string{"ARM_CLIENT_ID": clientID, "ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN": token}, files(t, clientID, token))
	})
	// ...and where they disagree, the block's files win over the variables
	// (the default configuration's identity): the aliased configuration's
	// read-write app, not the read-only one in ARM_CLIENT_ID, applies.
	t.Run("an aliased configuration's files and the default's variables", func(t *testing.T) {
		tn := acctest.New(t)
		clientID, token := newToken(tn)
		readOnly, _ := tn.Server.ReadOnlyClient()
		applyWith(t, tn, map[string]string{"ARM_CLIENT_ID": readOnly, "ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN": "not-the-files-token"}, files(t, clientID, token))
	})
	// Both in the block and different: refused before any request.
	t.Run("a client ID in the block that disagrees with the file", func(t *testing.T) {
		tn := acctest.New(t)
		clientID, token := newToken(tn)
		env := tn.Env()
		delete(env, "ARM_CLIENT_SECRET")
		delete(env, "ARM_CLIENT_ID")
		readOnly, _ := tn.Server.ReadOnlyClient()
		block := strings.Replace(files(t, clientID, token), "use_cli ", fmt.Sprintf("client_id = %q\n  use_cli ", readOnly), 1)
		tn.Server.ResetRequests()
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: tn.FactoriesWithEnv(env),
			Steps: []resource.TestStep{{
				Config:      block,
				PlanOnly:    true,
				ExpectError: acctest.ExpectError(`(?s)client_id and the contents of\s+client_id_file_path.*differ`),
			}},
		})
		if n := len(tn.Server.Requests()); n != 0 {
			t.Errorf("a mismatched client ID sent %d requests, want none", n)
		}
	})
}
