package config

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

const (
	testTenant = "3b0e753b-22fa-4c16-9bf2-470b80be80d6"
	testClient = "11111111-1111-1111-1111-111111111111"
)

// model returns the attributes of a provider block with the given
// string, bool and string-list attributes set; Resolve takes every other
// one as null.
func model(set map[string]any) map[string]attr.Value {
	m := map[string]attr.Value{}
	for k, v := range set {
		switch x := v.(type) {
		case string:
			m[k] = types.StringValue(x)
		case bool:
			m[k] = types.BoolValue(x)
		case int64:
			m[k] = types.Int64Value(x)
		case []string:
			var elems []attr.Value
			for _, s := range x {
				elems = append(elems, types.StringValue(s))
			}
			m[k] = types.SetValueMust(types.StringType, elems)
		}
	}
	return m
}

// check resolves a provider block with the environment env and validates
// it; complete says whether the environment is read and everything the
// credential needs is required (Configure) or not (terraform validate).
func check(block map[string]any, env map[string]string, complete bool) (*Config, Kind, diag.Diagnostics) {
	getenv := func(k string) string { return env[k] }
	c := Resolve(model(block), getenv, complete)
	var diags diag.Diagnostics
	kind := c.Validate(complete, getenv, &diags)
	return c, kind, diags
}

func errorPaths(diags diag.Diagnostics) []string {
	var out []string
	for _, d := range diags.Errors() {
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			out = append(out, wp.Path().String())
		} else {
			out = append(out, "<no path>")
		}
	}
	return out
}

func TestValidate(t *testing.T) {
	t.Parallel()
	secret := map[string]any{"tenant_id": testTenant, "client_id": testClient, "client_secret": "s"}
	with := func(base map[string]any, extra map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	cases := []struct {
		name     string
		config   map[string]any
		env      map[string]string
		wantKind Kind
		want     []string // attribute paths with errors
	}{
		{"secret", secret, nil, KindSecret, nil},
		{"secret from env", nil, map[string]string{"ARM_TENANT_ID": testTenant, "ARM_CLIENT_ID": testClient, "ARM_CLIENT_SECRET": "s"}, KindSecret, nil},
		{"cli default", nil, nil, KindCLI, nil},
		{"cli with ARM_USE_CLI and a secret", secret, map[string]string{"ARM_USE_CLI": "true"}, KindSecret, nil},
		// Several credentials: azuread's order picks one (go-azure-sdk
		// NewAuthorizerFromCredentials).
		{"secret and certificate: certificate", with(secret, map[string]any{"client_certificate_path": "/x.pfx"}), nil, KindCertificate, nil},
		{"secret from env and oidc in config: secret", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true, "oidc_token": "t"},
			map[string]string{"ARM_CLIENT_SECRET": "s"}, KindSecret, nil},
		{"oidc and msi: oidc", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true, "oidc_token": "t", "use_msi": true}, nil, KindOIDC, nil},
		{"aks and msi: aks", map[string]any{"use_aks_workload_identity": true, "use_msi": true},
			map[string]string{"AZURE_CLIENT_ID": testClient, "AZURE_TENANT_ID": testTenant, "AZURE_FEDERATED_TOKEN_FILE": "/t"}, KindAKS, nil},
		{"msi and explicit cli: msi", map[string]any{"use_msi": true, "use_cli": true}, nil, KindMSI, nil},
		{"cli off in config, nothing else", map[string]any{"use_cli": false}, nil, "", []string{"use_cli"}},
		{"cli off through ARM_USE_CLI, nothing else", nil, map[string]string{"ARM_USE_CLI": "false"}, "", []string{"use_cli"}},
		{"cli off through ARM_USE_CLI, a secret", secret, map[string]string{"ARM_USE_CLI": "false"}, KindSecret, nil},
		{"ARM_USE_CLI=false overridden by the block", map[string]any{"use_cli": true}, map[string]string{"ARM_USE_CLI": "false"}, KindCLI, nil},
		{"missing tenant", map[string]any{"client_id": testClient, "client_secret": "s"}, nil, KindSecret, []string{"tenant_id"}},
		{"missing client", map[string]any{"tenant_id": testTenant, "client_secret": "s"}, nil, KindSecret, []string{"client_id"}},
		{"client id from file", map[string]any{"tenant_id": testTenant, "client_id_file_path": "/f", "client_secret": "s"}, nil, KindSecret, nil},
		{"oidc with github env", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true},
			map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": "https://token.example/", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "x"}, KindOIDC, nil},
		{"oidc without source", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true}, nil, KindOIDC, []string{"use_oidc"}},
		{"ado without pipeline env", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true, "ado_pipeline_service_connection_id": "c"}, nil, KindOIDC,
			[]string{"ado_pipeline_service_connection_id", "ado_pipeline_service_connection_id"}},
		{"aks without token file", map[string]any{"use_aks_workload_identity": true}, map[string]string{"AZURE_CLIENT_ID": testClient, "AZURE_TENANT_ID": testTenant}, KindAKS, []string{"use_aks_workload_identity"}},
		{"aks", map[string]any{"use_aks_workload_identity": true}, map[string]string{"AZURE_CLIENT_ID": testClient, "AZURE_TENANT_ID": testTenant, "AZURE_FEDERATED_TOKEN_FILE": "/t"}, KindAKS, nil},
		{"http endpoint", with(secret, map[string]any{"graph_endpoint": "http://graph.example.com"}), nil, KindSecret, []string{"graph_endpoint"}},
		{"http loopback endpoint", with(secret, map[string]any{"graph_endpoint": "http://127.0.0.1:8080"}), nil, KindSecret, nil},
		{"env endpoint checked too", secret, map[string]string{"ENTRAPIM_GRAPH_ENDPOINT": "ftp://x"}, KindSecret, []string{"graph_endpoint"}},
		{"environment", with(secret, map[string]any{"environment": "mars"}), nil, KindSecret, []string{"environment"}},
		{"environment case-insensitive", with(secret, map[string]any{"environment": "USGovernment"}), nil, KindSecret, nil},
		{"environment germany (azuread documents it, its SDK rejects it)", with(secret, map[string]any{"environment": "germany"}), nil, KindSecret, []string{"environment"}},
		{"environment from ARM_ENVIRONMENT", secret, map[string]string{"ARM_ENVIRONMENT": "martian"}, KindSecret, []string{"environment"}},
		{"domain tenant", with(secret, map[string]any{"tenant_id": "contoso.onmicrosoft.com"}), nil, KindSecret, nil},
		// A managed identity signs in to its home tenant: only a GUID can
		// be checked against its tokens.
		{"msi with a domain tenant", map[string]any{"use_msi": true, "tenant_id": "contoso.onmicrosoft.com"}, nil, KindMSI, []string{"tenant_id"}},
		{"msi with a tenant GUID", map[string]any{"use_msi": true, "tenant_id": testTenant}, nil, KindMSI, nil},
		{"msi without a tenant", map[string]any{"use_msi": true}, nil, KindMSI, nil},
		// The ID-token endpoint gets the request token as a bearer.
		{"oidc request url over http, with a query", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true,
			"oidc_request_url": "http://token.example/?query=1", "oidc_request_token": "x"}, nil, KindOIDC, []string{"oidc_request_url"}},
		{"oidc request url from env over http", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true},
			map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": "http://token.example/x?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "x"}, KindOIDC, []string{"oidc_request_url"}},
		{"oidc request url with credentials", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true,
			"oidc_request_url": "https://u:p@token.example/x", "oidc_request_token": "x"}, nil, KindOIDC, []string{"oidc_request_url"}},
		{"oidc request url with a path and query", map[string]any{"tenant_id": testTenant, "client_id": testClient, "use_oidc": true,
			"oidc_request_url": "https://token.example/_apis/x?api-version=2.0", "oidc_request_token": "x"}, nil, KindOIDC, nil},
		{"retry after from env", secret, map[string]string{"ENTRAPIM_MAX_RETRY_AFTER": "soon"}, KindSecret, []string{"max_retry_after"}},
		{"too many retries from env", secret, map[string]string{"ENTRAPIM_MAX_RETRIES": "99"}, KindSecret, []string{"max_retries"}},
		{"no concurrency", with(secret, map[string]any{"max_concurrent_requests_per_tenant": int64(0)}), nil, KindSecret, []string{"max_concurrent_requests_per_tenant"}},
		{"too much concurrency from env", secret, map[string]string{"ENTRAPIM_MAX_CONCURRENT_REQUESTS_PER_TENANT": "65"}, KindSecret, []string{"max_concurrent_requests_per_tenant"}},
		{"concurrency", with(secret, map[string]any{"max_concurrent_requests_per_tenant": int64(64)}), nil, KindSecret, nil},
		{"protected not a guid", with(secret, map[string]any{"protected_principal_ids": []string{"bob"}}), nil, KindSecret, []string{"protected_principal_ids"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, kind, diags := check(c.config, c.env, true)
			got := errorPaths(diags)
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("errors at %v, want %v: %v", got, c.want, diags)
			}
			if len(c.want) == 0 && kind != c.wantKind {
				t.Errorf("kind = %q, want %q", kind, c.wantKind)
			}
		})
	}
}

// TestValidateIgnoresEnvironment: terraform validate must not depend on the
// environment of the machine it runs on.
func TestValidateIgnoresEnvironment(t *testing.T) {
	t.Parallel()
	_, _, diags := check(nil, map[string]string{"ARM_CLIENT_SECRET": "s", "ARM_USE_OIDC": "true"}, false)
	if diags.HasError() {
		t.Fatalf("validate without the environment: %v", diags)
	}
}

// TestValidateLeavesEnvironmentSettingsToPlan: a block that sets only the
// certificate password or an OIDC token file, with the certificate or
// use_oidc in ARM_* variables, passes terraform validate (which does not
// read the environment) and plan; without those variables, plan fails at
// the attribute.
func TestValidateLeavesEnvironmentSettingsToPlan(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		attr  string
		value string
		env   map[string]string
	}{
		{"client_certificate_password", "pw", map[string]string{"ARM_CLIENT_CERTIFICATE_PATH": "/c.pfx"}},
		{"oidc_token_file_path", "/token", map[string]string{"ARM_USE_OIDC": "true"}},
	} {
		t.Run(c.attr, func(t *testing.T) {
			t.Parallel()
			base := map[string]string{"ARM_TENANT_ID": "00000000-0000-0000-0000-000000000001", "ARM_CLIENT_ID": "00000000-0000-0000-0000-000000000002"}
			for name, env := range map[string]map[string]string{"with": c.env, "without": nil} {
				all := maps.Clone(base)
				maps.Copy(all, env)
				block := map[string]any{c.attr: c.value}
				if _, _, diags := check(block, all, false); diags.HasError() {
					t.Errorf("%s the variables: terraform validate failed: %v", name, diags)
				}
				_, _, diags := check(block, all, true)
				got := strings.Join(errorPaths(diags), ",")
				if want := map[string]string{"with": "", "without": c.attr}[name]; got != want {
					t.Errorf("%s the variables: plan errors at %q, want %q: %v", name, got, want, diags)
				}
			}
		})
	}
}

func TestErrorNamesEnvironmentVariable(t *testing.T) {
	t.Parallel()
	_, _, diags := check(nil, map[string]string{"ARM_CLIENT_CERTIFICATE": "AAAA", "ARM_CLIENT_CERTIFICATE_PATH": "/f"}, true)
	if !strings.Contains(diags.Errors()[0].Detail(), "(from ARM_CLIENT_CERTIFICATE)") {
		t.Errorf("detail should name the variable: %s", diags.Errors()[0].Detail())
	}
	if p := diags.Errors()[0].(diag.DiagnosticWithPath).Path(); !p.Equal(path.Root("client_certificate")) {
		t.Errorf("path = %s", p)
	}
}

// TestEnvironments: every value azuread accepts for environment (and
// ARM_ENVIRONMENT), in any case, maps to that cloud's Graph and authority
// hosts (hashicorp/go-azure-sdk sdk/environments).
func TestEnvironments(t *testing.T) {
	t.Parallel()
	for name, want := range map[string][2]string{
		"global":         {"https://graph.microsoft.com", "https://login.microsoftonline.com/"},
		"Public":         {"https://graph.microsoft.com", "https://login.microsoftonline.com/"},
		"usgovernmentl4": {"https://graph.microsoft.us", "https://login.microsoftonline.us/"},
		"USGovernment":   {"https://graph.microsoft.us", "https://login.microsoftonline.us/"},
		"usgovernmentl5": {"https://dod-graph.microsoft.us", "https://login.microsoftonline.us/"},
		"dod":            {"https://dod-graph.microsoft.us", "https://login.microsoftonline.us/"},
		"china":          {"https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn/"},
	} {
		for _, fromEnv := range []bool{false, true} {
			config, env := map[string]any{"environment": name}, map[string]string{}
			if fromEnv {
				config, env = nil, map[string]string{"ARM_ENVIRONMENT": name}
			}
			s, _, diags := check(config, env, true)
			if diags.HasError() {
				t.Errorf("%s: %v", name, diags)
				continue
			}
			got := s.Cloud()
			if got.GraphEndpoint != want[0] || got.AuthorityHost != want[1] {
				t.Errorf("%s (from env %v): %+v, want %v", name, fromEnv, got, want)
			}
		}
	}
	if (&Config{}).Cloud() != Clouds["public"] {
		t.Error("the default environment is not the public cloud")
	}
}

// TestTypedValues: Resolve parses each value once into its type, and the
// accessors give the defaults of what is unset.
func TestTypedValues(t *testing.T) {
	t.Parallel()
	c, _, diags := check(map[string]any{"max_retries": int64(0), "min_global_admins": int64(3)},
		map[string]string{"ENTRAPIM_MAX_RETRY_AFTER": "90s", "ARM_USE_MSI": "yes", "ENTRAPIM_READ_SNAPSHOT": "false"}, true)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if n, d := c.Retries(); n != -1 || d != 90*time.Second {
		t.Errorf("Retries() = %d, %s; want -1 (max_retries = 0 turns retries off), 1m30s", n, d)
	}
	if c.MinimumGlobalAdmins() != 3 || c.UseMSI.Value || c.ReadsSnapshot() {
		t.Errorf("min %d, use_msi %v (ARM_USE_MSI=yes is not a boolean), read snapshot %v", c.MinimumGlobalAdmins(), c.UseMSI.Value, c.ReadsSnapshot())
	}
	c, _, _ = check(nil, nil, true)
	if n, d := c.Retries(); n != 0 || d != 0 || c.MinimumGlobalAdmins() != remediation.DefaultMinGlobalAdmins || !c.ReadsSnapshot() {
		t.Errorf("defaults: Retries() = %d, %s, min %d, read snapshot %v", n, d, c.MinimumGlobalAdmins(), c.ReadsSnapshot())
	}
	_, _, diags = check(map[string]any{"min_global_admins": int64(0)}, nil, false)
	if got := strings.Join(errorPaths(diags), ","); got != "min_global_admins" {
		t.Errorf("min_global_admins = 0: errors at %q", got)
	}
}
