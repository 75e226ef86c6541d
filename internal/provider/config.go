package provider

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Attribute names, used in diagnostics and in the env table.
const (
	attrADOServiceConnectionID = "ado_pipeline_service_connection_id"
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
	if s.fromConfig(attrUseCLI) && s.isTrue(attrUseCLI) {
		k[kindCLI] = []string{attrUseCLI}
	}
	return k
}

// kindOrder is the order in which conflicting kinds are reported.
var kindOrder = []credentialKind{kindCertificate, kindSecret, kindOIDC, kindMSI, kindAKS, kindCLI}

// validate checks the settings and returns the chosen credential kind. With
// complete false (terraform validate) it checks only what the provider block
// itself says; with complete true (Configure, at plan and apply) it also
// requires everything the chosen credential needs, from the block or the
// environment. Every problem is an attribute error at the attribute that
// causes it.
func (s *settings) validate(complete bool, getenv func(string) string, diags *diag.Diagnostics) credentialKind {
	attrErr := func(attr, summary, detail string) {
		diags.AddAttributeError(path.Root(attr), summary, detail)
	}

	// Pairs that say the same thing twice.
	for _, pair := range [][2]string{
		{attrClientSecret, attrClientSecretFilePath},
		{attrClientCertificate, attrClientCertificatePath},
		{attrOIDCToken, attrOIDCTokenFilePath},
		{attrClientID, attrClientIDFilePath},
	} {
		a, b := s.get(pair[0]), s.get(pair[1])
		if a.set() && b.set() {
			for _, attr := range pair {
				attrErr(attr, "Conflicting provider settings",
					fmt.Sprintf("%s and %s are both set; set only one of them.", a.describe(pair[0]), b.describe(pair[1])))
			}
		}
	}

	// Exactly one way to authenticate.
	kinds := s.kinds()
	if len(kinds) > 1 {
		var names []string
		var attrs []string
		for _, k := range kindOrder {
			if as, ok := kinds[k]; ok {
				names = append(names, string(k))
				attrs = append(attrs, as...)
			}
		}
		var described []string
		for _, a := range attrs {
			described = append(described, s.get(a).describe(a))
		}
		for _, a := range attrs {
			attrErr(a, "Conflicting credentials",
				fmt.Sprintf("The provider configuration asks for more than one way to authenticate (%s, set by %s). Configure exactly one.",
					strings.Join(names, ", "), strings.Join(described, ", ")))
		}
		return ""
	}
	kind := kindCLI
	for k := range kinds {
		kind = k
	}

	// Values that are malformed wherever they come from.
	if v := s.get(attrTenantID); v.set() && !guidPattern.MatchString(v.value) && !domainPattern.MatchString(v.value) {
		attrErr(attrTenantID, "Invalid tenant ID",
			fmt.Sprintf("%s = %q is neither a GUID nor a domain name such as contoso.onmicrosoft.com.", v.describe(attrTenantID), v.value))
	}
	if v := s.get(attrClientID); v.set() && !guidPattern.MatchString(v.value) {
		attrErr(attrClientID, "Invalid client ID",
			fmt.Sprintf("%s = %q is not a GUID (the application (client) ID of the app registration).", v.describe(attrClientID), v.value))
	}
	if v := s.get(attrEnvironment); v.set() {
		if _, ok := environments[strings.ToLower(v.value)]; !ok {
			attrErr(attrEnvironment, "Invalid environment",
				fmt.Sprintf("%s = %q; expected one of %s.", v.describe(attrEnvironment), v.value, strings.Join(environmentNames(), ", ")))
		}
	}
	if v := s.get(attrGraphEndpoint); v.set() {
		if _, err := graph.ParseEndpoint(v.value, false); err != nil {
			attrErr(attrGraphEndpoint, "Invalid Graph endpoint", fmt.Sprintf("%s: %v", v.describe(attrGraphEndpoint), err))
		}
	}
	if v := s.get(attrAuthorityHost); v.set() {
		if _, err := graph.ParseEndpoint(v.value, true); err != nil {
			attrErr(attrAuthorityHost, "Invalid authority host", fmt.Sprintf("%s: %v", v.describe(attrAuthorityHost), err))
		}
	}
	if v := s.get(attrOIDCRequestURL); v.set() && s.fromConfig(attrOIDCRequestURL) {
		if _, err := graph.ParseEndpoint(v.value, true); err != nil && !strings.Contains(err.Error(), "query") {
			attrErr(attrOIDCRequestURL, "Invalid OIDC request URL", fmt.Sprintf("%s: %v", v.describe(attrOIDCRequestURL), err))
		}
	}
	if v := s.get(attrMaxRetries); v.set() {
		if n, err := strconv.Atoi(v.value); err != nil || n < 0 || n > graph.MaxRetriesLimit {
			attrErr(attrMaxRetries, "Invalid retry setting",
				fmt.Sprintf("%s = %q; expected a whole number from 0 (no retries) to %d.", v.describe(attrMaxRetries), v.value, graph.MaxRetriesLimit))
		}
	}
	if v := s.get(attrMaxRetryAfter); v.set() {
		if d, err := time.ParseDuration(v.value); err != nil || d <= 0 {
			attrErr(attrMaxRetryAfter, "Invalid retry setting",
				fmt.Sprintf("%s = %q; expected a positive duration such as \"10m\" or \"90s\".", v.describe(attrMaxRetryAfter), v.value))
		}
	}
	for _, id := range s.protected {
		if !alerttypes.IsGUID(id) {
			attrErr(attrProtectedPrincipalIDs, "Invalid protected principal ID",
				fmt.Sprintf("%q is not a GUID; list the object IDs of the accounts to protect.", id))
		}
	}

	// Settings that only make sense with a kind that is not chosen.
	if s.fromConfig(attrClientCertPassword) && kind != kindCertificate {
		attrErr(attrClientCertPassword, "Incomplete provider settings",
			"client_certificate_password is set but neither client_certificate nor client_certificate_path is.")
	}
	for _, a := range []string{attrOIDCToken, attrOIDCTokenFilePath, attrOIDCRequestURL, attrOIDCRequestToken, attrADOServiceConnectionID} {
		if s.fromConfig(a) && kind != kindOIDC {
			attrErr(a, "Incomplete provider settings", fmt.Sprintf("%s is set but use_oidc is not true.", a))
		}
	}
	if kind == kindOIDC {
		tok, file := s.get(attrOIDCToken), s.get(attrOIDCTokenFilePath)
		url, rtok := s.get(attrOIDCRequestURL), s.get(attrOIDCRequestToken)
		ado := s.get(attrADOServiceConnectionID)
		if s.fromConfig(attrOIDCRequestURL) && !rtok.set() && complete && !ado.set() {
			attrErr(attrOIDCRequestToken, "Incomplete provider settings",
				"oidc_request_url is set but oidc_request_token is not (in GitHub Actions it comes from ACTIONS_ID_TOKEN_REQUEST_TOKEN).")
		}
		requestFlow := url.set() && rtok.set()
		if complete && !tok.set() && !file.set() && !requestFlow && !ado.set() {
			attrErr(attrUseOIDC, "Incomplete provider settings",
				"use_oidc is true but no token source is configured: set oidc_token, oidc_token_file_path, "+
					"oidc_request_url with oidc_request_token (GitHub Actions), or ado_pipeline_service_connection_id (Azure DevOps).")
		}
		if ado.set() && complete {
			if !url.set() && getenv("SYSTEM_OIDCREQUESTURI") == "" {
				attrErr(attrADOServiceConnectionID, "Incomplete provider settings",
					"ado_pipeline_service_connection_id needs the pipeline's OIDC request URL: set oidc_request_url or run in an Azure DevOps pipeline (SYSTEM_OIDCREQUESTURI).")
			}
			if !rtok.set() && getenv("SYSTEM_ACCESSTOKEN") == "" {
				attrErr(attrADOServiceConnectionID, "Incomplete provider settings",
					"ado_pipeline_service_connection_id needs the pipeline's access token: set oidc_request_token or map SYSTEM_ACCESSTOKEN into the step's environment.")
			}
		}
	}
	if !complete {
		return kind
	}

	// What the chosen kind needs.
	switch kind {
	case kindCertificate, kindSecret, kindOIDC:
		if !s.get(attrTenantID).set() {
			attrErr(attrTenantID, "Missing tenant ID",
				fmt.Sprintf("Authenticating with a %s needs tenant_id (or %s).", kind, envHint(attrTenantID)))
		}
		if !s.get(attrClientID).set() && !s.get(attrClientIDFilePath).set() {
			attrErr(attrClientID, "Missing client ID",
				fmt.Sprintf("Authenticating with a %s needs client_id or client_id_file_path (or %s).", kind, envHint(attrClientID)))
		}
	case kindAKS:
		if !s.get(attrTenantID).set() && getenv("AZURE_TENANT_ID") == "" {
			attrErr(attrTenantID, "Missing tenant ID", "AKS workload identity needs tenant_id, ARM_TENANT_ID or AZURE_TENANT_ID.")
		}
		if !s.get(attrClientID).set() && !s.get(attrClientIDFilePath).set() && getenv("AZURE_CLIENT_ID") == "" {
			attrErr(attrClientID, "Missing client ID", "AKS workload identity needs client_id, ARM_CLIENT_ID or AZURE_CLIENT_ID.")
		}
		if getenv("AZURE_FEDERATED_TOKEN_FILE") == "" {
			attrErr(attrUseAKS, "Incomplete provider settings",
				"use_aks_workload_identity is true but AZURE_FEDERATED_TOKEN_FILE is not set; is the pod labelled azure.workload.identity/use=true?")
		}
	}
	if s.fromConfig(attrUseCLI) && !s.isTrue(attrUseCLI) && len(kinds) == 0 {
		attrErr(attrUseCLI, "No credentials configured",
			"use_cli is false and no other way to authenticate is configured: set client_secret, client_certificate, use_oidc, use_msi or use_aks_workload_identity.")
	}
	return kind
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

// osGetenv is the default environment lookup.
func osGetenv(name string) string { return os.Getenv(name) }
