package provider

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

// Attribute names, used in diagnostics and in the env table.
const (
	attrADOServiceConnectionID = "ado_pipeline_service_connection_id"
	attrAllowUnprotectedGA     = "allow_unprotected_global_admin_removal"
	attrAuthorityHost          = "authority_host"
	attrClientCertificate      = "client_certificate"
	attrClientCertPassword     = "client_certificate_password"
	attrClientCertificatePath  = "client_certificate_path"
	attrClientID               = "client_id"
	attrClientIDFilePath       = "client_id_file_path"
	attrClientSecret           = "client_secret"
	attrClientSecretFilePath   = "client_secret_file_path"
	attrEnvironment            = "environment"
	attrGraphEndpoint          = "graph_endpoint"
	attrMaxRetries             = "max_retries"
	attrMaxRetryAfter          = "max_retry_after"
	attrMinGlobalAdmins        = "min_global_admins"
	attrOIDCRequestToken       = "oidc_request_token"
	attrOIDCRequestURL         = "oidc_request_url"
	attrOIDCToken              = "oidc_token"
	attrOIDCTokenFilePath      = "oidc_token_file_path"
	attrProtectedPrincipalIDs  = "protected_principal_ids"
	attrReadSnapshot           = "read_snapshot"
	attrTenantID               = "tenant_id"
	attrUseAKS                 = "use_aks_workload_identity"
	attrUseCLI                 = "use_cli"
	attrUseMSI                 = "use_msi"
	attrUseOIDC                = "use_oidc"
)

// envVars lists, per attribute, the environment variables read when the
// attribute is not set, in order of precedence. Same names as azuread.
var envVars = map[string][]string{
	attrADOServiceConnectionID: {"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"},
	attrAuthorityHost:          {"ENTRAPIM_AUTHORITY_HOST"},
	attrClientCertificate:      {"ARM_CLIENT_CERTIFICATE"},
	attrClientCertPassword:     {"ARM_CLIENT_CERTIFICATE_PASSWORD"},
	attrClientCertificatePath:  {"ARM_CLIENT_CERTIFICATE_PATH"},
	attrClientID:               {"ARM_CLIENT_ID"},
	attrClientIDFilePath:       {"ARM_CLIENT_ID_FILE_PATH"},
	attrClientSecret:           {"ARM_CLIENT_SECRET"},
	attrClientSecretFilePath:   {"ARM_CLIENT_SECRET_FILE_PATH"},
	attrEnvironment:            {"ARM_ENVIRONMENT"},
	attrGraphEndpoint:          {"ENTRAPIM_GRAPH_ENDPOINT"},
	attrMaxRetries:             {"ENTRAPIM_MAX_RETRIES"},
	attrMaxRetryAfter:          {"ENTRAPIM_MAX_RETRY_AFTER"},
	attrOIDCRequestToken:       {"ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"},
	attrOIDCRequestURL:         {"ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"},
	attrOIDCToken:              {"ARM_OIDC_TOKEN"},
	attrOIDCTokenFilePath:      {"ARM_OIDC_TOKEN_FILE_PATH"},
	attrReadSnapshot:           {"ENTRAPIM_READ_SNAPSHOT"},
	attrTenantID:               {"ARM_TENANT_ID"},
	attrUseAKS:                 {"ARM_USE_AKS_WORKLOAD_IDENTITY"},
	attrUseCLI:                 {"ARM_USE_CLI"},
	attrUseMSI:                 {"ARM_USE_MSI"},
	attrUseOIDC:                {"ARM_USE_OIDC"},
}

// envHint returns " (or the X environment variable)" for descriptions and errors.
func envHint(attr string) string {
	names := envVars[attr]
	switch len(names) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("`%s`", names[0])
	default:
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = "`" + n + "`"
		}
		return strings.Join(quoted, " or ")
	}
}

// credentialKind is one way of authenticating.
type credentialKind string

const (
	kindCertificate credentialKind = "client certificate"
	kindSecret      credentialKind = "client secret"
	kindOIDC        credentialKind = "OIDC workload identity federation"
	kindMSI         credentialKind = "managed identity"
	kindAKS         credentialKind = "AKS workload identity"
	kindCLI         credentialKind = "Azure CLI"
)

// setting is one resolved string or bool value and where it came from.
type setting struct {
	value  string
	source string // "" when unset, "config", or the environment variable name
}

func (s setting) set() bool { return s.source != "" }

// describe names the setting for error messages: the attribute, plus the
// environment variable when the value came from one.
func (s setting) describe(attr string) string {
	if s.source != "" && s.source != "config" {
		return fmt.Sprintf("%s (from %s)", attr, s.source)
	}
	return attr
}

// settings is the provider configuration after merging the provider block
// with the environment.
type settings struct {
	values     map[string]setting
	protected  []string
	hasUnknown bool
}

func (s *settings) get(attr string) setting { return s.values[attr] }
func (s *settings) str(attr string) string  { return s.values[attr].value }
func (s *settings) isTrue(attr string) bool {
	b, _ := strconv.ParseBool(s.values[attr].value)
	return b
}

// fromConfig reports whether attr was set in the provider block (not the environment).
func (s *settings) fromConfig(attr string) bool { return s.values[attr].source == "config" }

// resolve merges the attributes of the provider block with the
// environment. With useEnv false only the block is read (terraform validate
// must not depend on the environment).
func resolve(block map[string]attr.Value, getenv func(string) string, useEnv bool) *settings {
	s := &settings{values: map[string]setting{}}
	fromEnv := func(attr string) setting {
		if !useEnv {
			return setting{}
		}
		for _, name := range envVars[attr] {
			if v := strings.TrimSpace(getenv(name)); v != "" {
				return setting{value: v, source: name}
			}
		}
		return setting{}
	}
	for attr, v := range block {
		if v.IsUnknown() {
			s.hasUnknown = true
			continue
		}
		config := setting{source: "config"}
		switch v := v.(type) {
		case types.String:
			config.value = v.ValueString()
		case types.Bool:
			config.value = strconv.FormatBool(v.ValueBool())
		case types.Int64:
			config.value = strconv.FormatInt(v.ValueInt64(), 10)
		case types.Set:
			if attr == attrProtectedPrincipalIDs {
				s.protected, s.hasUnknown = stringElements(v, s.hasUnknown)
			}
			continue
		}
		if !v.IsNull() && config.value != "" {
			s.values[attr] = config
			continue
		}
		e := fromEnv(attr)
		if _, isBool := v.(types.Bool); isBool && e.set() {
			if _, err := strconv.ParseBool(e.value); err != nil {
				e.value = "false"
			}
		}
		s.values[attr] = e
	}
	return s
}

// stringElements returns the known strings of a set; unknown is true when
// an element is unknown (or was before).
func stringElements(set types.Set, unknown bool) ([]string, bool) {
	var out []string
	for _, e := range set.Elements() {
		if sv, ok := e.(types.String); ok && sv.IsUnknown() {
			unknown = true
		} else if ok && !sv.IsNull() {
			out = append(out, sv.ValueString())
		}
	}
	return out, unknown
}

var (
	guidPattern   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	domainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$`)
)

// kinds returns the credential kinds the settings ask for, with the
// attributes that ask for each. use_cli counts only when set to true in the
// provider block: it is the default, and ARM_USE_CLI is often exported.
func (s *settings) kinds() map[credentialKind][]string {
	k := map[credentialKind][]string{}
	for _, a := range []string{attrClientCertificate, attrClientCertificatePath} {
		if s.get(a).set() {
			k[kindCertificate] = append(k[kindCertificate], a)
		}
	}
	for _, a := range []string{attrClientSecret, attrClientSecretFilePath} {
		if s.get(a).set() {
			k[kindSecret] = append(k[kindSecret], a)
		}
	}
	if s.isTrue(attrUseOIDC) {
		k[kindOIDC] = []string{attrUseOIDC}
	}
	if s.isTrue(attrUseMSI) {
		k[kindMSI] = []string{attrUseMSI}
	}
	if s.isTrue(attrUseAKS) {
		k[kindAKS] = []string{attrUseAKS}
	}
	// use_cli defaults to true, in the block or through ARM_USE_CLI, as in
	// azuread ("DefaultFunc: pluginsdk.EnvDefaultFunc(\"ARM_USE_CLI\", true)").
	if v := s.get(attrUseCLI); !v.set() || s.isTrue(attrUseCLI) {
		k[kindCLI] = []string{attrUseCLI}
	}
	return k
}

// kindOrder is the order in which a credential is chosen when several are
// configured: azuread's (hashicorp/go-azure-sdk sdk/auth/auth.go,
// NewAuthorizerFromCredentials: client certificate, client secret, OIDC,
// managed identity, Azure CLI), with AKS workload identity, which azuread
// treats as OIDC, right after OIDC.
var kindOrder = []credentialKind{kindCertificate, kindSecret, kindOIDC, kindAKS, kindMSI, kindCLI}

// chosen returns the first of kinds in kindOrder, or "" when there is none
// (use_cli false and nothing else configured).
func (s *settings) chosen(kinds map[credentialKind][]string) credentialKind {
	for _, k := range kindOrder {
		if _, ok := kinds[k]; ok {
			return k
		}
	}
	return ""
}

// alsoConfigured returns the kinds of kinds other than the chosen one, in
// kindOrder, as names.
func (s *settings) alsoConfigured(kinds map[credentialKind][]string, chosen credentialKind) []string {
	var out []string
	for _, k := range kindOrder {
		if _, ok := kinds[k]; ok && k != chosen && k != kindCLI {
			out = append(out, string(k))
		}
	}
	return out
}

// retries returns the graph.Config retry settings: max_retries (0 turns
// retries off) and max_retry_after; zero values mean the client's defaults.
func (s *settings) retries() (int, time.Duration) {
	n := 0
	if v := s.get(attrMaxRetries); v.set() {
		n, _ = strconv.Atoi(v.value)
		if n == 0 {
			n = -1 // graph.Config: negative disables retries
		}
	}
	var d time.Duration
	if v := s.get(attrMaxRetryAfter); v.set() {
		d, _ = time.ParseDuration(v.value)
	}
	return n, d
}

// minGlobalAdmins returns min_global_admins, or its default.
func (s *settings) minGlobalAdmins() int {
	if n, err := strconv.Atoi(s.str(attrMinGlobalAdmins)); err == nil && n >= 1 {
		return n
	}
	return remediation.DefaultMinGlobalAdmins
}

// osGetenv is the default environment lookup.
func osGetenv(name string) string { return os.Getenv(name) }
