// Package config is the provider block after merging it with the
// environment: one typed Config, whose fields declare the attribute they
// come from and the environment variables read when it is not set, and the
// checks of those values, each error at the attribute it is about.
package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

// Config is the provider configuration. Each setting names its attribute
// (tfsdk) and, in order of precedence, the environment variables read when
// the attribute is not set (env: the azuread provider's names, and
// ENTRAPIM_* for what azuread does not have).
type Config struct {
	ADOServiceConnectionID    String   `tfsdk:"ado_pipeline_service_connection_id" env:"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID,ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"`
	AuthorityHost             String   `tfsdk:"authority_host" env:"ENTRAPIM_AUTHORITY_HOST"`
	ClientCertificate         String   `tfsdk:"client_certificate" env:"ARM_CLIENT_CERTIFICATE"`
	ClientCertificatePassword String   `tfsdk:"client_certificate_password" env:"ARM_CLIENT_CERTIFICATE_PASSWORD"`
	ClientCertificatePath     String   `tfsdk:"client_certificate_path" env:"ARM_CLIENT_CERTIFICATE_PATH"`
	ClientID                  String   `tfsdk:"client_id" env:"ARM_CLIENT_ID"`
	ClientIDFilePath          String   `tfsdk:"client_id_file_path" env:"ARM_CLIENT_ID_FILE_PATH"`
	ClientSecret              String   `tfsdk:"client_secret" env:"ARM_CLIENT_SECRET"`
	ClientSecretFilePath      String   `tfsdk:"client_secret_file_path" env:"ARM_CLIENT_SECRET_FILE_PATH"`
	Environment               String   `tfsdk:"environment" env:"ARM_ENVIRONMENT"`
	GraphEndpoint             String   `tfsdk:"graph_endpoint" env:"ENTRAPIM_GRAPH_ENDPOINT"`
	MaxConcurrentRequests     Int      `tfsdk:"max_concurrent_requests_per_tenant" env:"ENTRAPIM_MAX_CONCURRENT_REQUESTS_PER_TENANT"`
	MaxRetries                Int      `tfsdk:"max_retries" env:"ENTRAPIM_MAX_RETRIES"`
	MaxRetryAfter             Duration `tfsdk:"max_retry_after" env:"ENTRAPIM_MAX_RETRY_AFTER"`
	OIDCRequestToken          String   `tfsdk:"oidc_request_token" env:"ARM_OIDC_REQUEST_TOKEN,ACTIONS_ID_TOKEN_REQUEST_TOKEN"`
	OIDCRequestURL            String   `tfsdk:"oidc_request_url" env:"ARM_OIDC_REQUEST_URL,ACTIONS_ID_TOKEN_REQUEST_URL"`
	OIDCToken                 String   `tfsdk:"oidc_token" env:"ARM_OIDC_TOKEN"`
	OIDCTokenFilePath         String   `tfsdk:"oidc_token_file_path" env:"ARM_OIDC_TOKEN_FILE_PATH"`
	ReadSnapshot              Bool     `tfsdk:"read_snapshot" env:"ENTRAPIM_READ_SNAPSHOT"`
	TenantID                  String   `tfsdk:"tenant_id" env:"ARM_TENANT_ID"`
	UseAKSWorkloadIdentity    Bool     `tfsdk:"use_aks_workload_identity" env:"ARM_USE_AKS_WORKLOAD_IDENTITY"`
	UseCLI                    Bool     `tfsdk:"use_cli" env:"ARM_USE_CLI"`
	UseMSI                    Bool     `tfsdk:"use_msi" env:"ARM_USE_MSI"`
	UseOIDC                   Bool     `tfsdk:"use_oidc" env:"ARM_USE_OIDC"`

	Remediation

	// Unknown is true when the block has a value known only after apply.
	Unknown bool `tfsdk:"-"`
}

// Remediation is what keeps remediations from locking the tenant out;
// these settings have no environment variables.
type Remediation struct {
	AllowUnprotectedGlobalAdminRemoval Bool `tfsdk:"allow_unprotected_global_admin_removal"`
	MinGlobalAdmins                    Int  `tfsdk:"min_global_admins"`
	ProtectedPrincipalIDs              IDs  `tfsdk:"protected_principal_ids"`
}

// Setting is one resolved value and where it came from.
type Setting[T any] struct {
	// Name is the attribute.
	Name string
	// Source is "" when unset, "config" (the provider block), or the
	// environment variable the value came from.
	Source string
	// Raw is the value as written, for error messages.
	Raw string
	// Value is Raw parsed; the zero value when unset or malformed.
	Value T
	// Malformed is true when Raw does not parse as a T.
	Malformed bool
}

// The settings of the provider block, by the type of their value.
type (
	String   = Setting[string]
	Bool     = Setting[bool]
	Int      = Setting[int64]
	Duration = Setting[time.Duration]
)

// IsSet reports whether the block or the environment sets the value.
func (s Setting[T]) IsSet() bool { return s.Source != "" }

// FromConfig reports whether the value is set in the provider block (not
// the environment).
func (s Setting[T]) FromConfig() bool { return s.Source == "config" }

// Path is the path of the attribute, where errors about the value go.
func (s Setting[T]) Path() path.Path { return path.Root(s.Name) }

// Describe names the setting for error messages: the attribute, plus the
// environment variable when the value came from one.
func (s Setting[T]) Describe() string {
	if s.IsSet() && !s.FromConfig() {
		return fmt.Sprintf("%s (from %s)", s.Name, s.Source)
	}
	return s.Name
}

// resolver is a Setting of any type.
type resolver interface {
	resolve(name, raw, source string)
}

// resolve sets the value from raw, as read from source.
func (s *Setting[T]) resolve(name, raw, source string) {
	s.Name, s.Raw, s.Source = name, raw, source
	if source == "" {
		return
	}
	var err error
	switch v := any(&s.Value).(type) {
	case *string:
		*v = raw
	case *bool:
		// A variable that is not a boolean is false, as a missing one.
		*v, _ = strconv.ParseBool(raw)
	case *int64:
		*v, err = strconv.ParseInt(raw, 10, 64)
	case *time.Duration:
		*v, err = time.ParseDuration(raw)
	}
	s.Malformed = err != nil
}

// IDs is a set of ids from the provider block only (no environment).
type IDs struct {
	Name  string
	Value []string
}

// Path is the path of the attribute.
func (s IDs) Path() path.Path { return path.Root(s.Name) }

// field is one setting of Config: its index, attribute and variables.
type field struct {
	index []int
	name  string
	env   []string
}

// fields are the settings of Config, in field order.
var fields = func() []field {
	var out []field
	for _, f := range reflect.VisibleFields(reflect.TypeOf(Config{})) {
		name := f.Tag.Get("tfsdk")
		if name == "" || name == "-" {
			continue // a group, or Unknown
		}
		var env []string
		if e := f.Tag.Get("env"); e != "" {
			env = strings.Split(e, ",")
		}
		out = append(out, field{index: f.Index, name: name, env: env})
	}
	return out
}()

// Attributes returns the names of the settings.
func Attributes() []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.name
	}
	return out
}

// EnvVars returns the environment variables of the attribute name, in
// order of precedence.
func EnvVars(name string) []string {
	for _, f := range fields {
		if f.name == name {
			return f.env
		}
	}
	return nil
}

// EnvHint names the environment variables of the attribute name for
// descriptions and errors ("`A` or `B`"); "" when it has none.
func EnvHint(name string) string {
	quoted := make([]string, 0, 2)
	for _, n := range EnvVars(name) {
		quoted = append(quoted, "`"+n+"`")
	}
	return strings.Join(quoted, " or ")
}

// Resolve merges the attributes of the provider block (by name; a missing
// one is null) with the environment. With useEnv false only the block is
// read: terraform validate must not depend on the environment.
func Resolve(block map[string]attr.Value, getenv func(string) string, useEnv bool) *Config {
	c := &Config{}
	v := reflect.ValueOf(c).Elem()
	for _, f := range fields {
		value := block[f.name]
		if value != nil && value.IsUnknown() {
			c.Unknown = true
		}
		if ids, ok := v.FieldByIndex(f.index).Addr().Interface().(*IDs); ok {
			ids.Name = f.name
			if set, ok := value.(types.Set); ok {
				ids.Value = c.elements(set)
			}
			continue
		}
		raw, source := configValue(value)
		if source == "" && useEnv {
			raw, source = envValue(f.env, getenv)
		}
		r, ok := v.FieldByIndex(f.index).Addr().Interface().(resolver)
		if !ok {
			panic("config: field " + f.name + " is not a setting; this is always a bug in the provider")
		}
		r.resolve(f.name, raw, source)
	}
	return c
}

// configValue is the text of a value of the block and "config", or "", ""
// when it is null, unknown or an empty string.
func configValue(v attr.Value) (string, string) {
	if v == nil || v.IsNull() || v.IsUnknown() {
		return "", ""
	}
	raw := ""
	switch v := v.(type) {
	case types.String:
		raw = v.ValueString()
	case types.Bool:
		raw = strconv.FormatBool(v.ValueBool())
	case types.Int64:
		raw = strconv.FormatInt(v.ValueInt64(), 10)
	}
	if raw == "" {
		return "", ""
	}
	return raw, "config"
}

// envValue is the first of the variables names that is set, and its name.
func envValue(names []string, getenv func(string) string) (string, string) {
	for _, name := range names {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v, name
		}
	}
	return "", ""
}

// elements returns the known strings of a set, noting an unknown element.
func (c *Config) elements(set types.Set) []string {
	var out []string
	for _, e := range set.Elements() {
		if sv, ok := e.(types.String); ok && sv.IsUnknown() {
			c.Unknown = true
		} else if ok && !sv.IsNull() {
			out = append(out, sv.ValueString())
		}
	}
	return out
}

// Retries returns the graph.Config retry settings: max_retries (0 turns
// retries off, which graph.Config spells as a negative number) and
// max_retry_after; zero values mean the client's defaults.
func (c *Config) Retries() (int, time.Duration) {
	n := 0
	if c.MaxRetries.IsSet() {
		n = int(c.MaxRetries.Value)
		if n == 0 {
			n = -1
		}
	}
	return n, c.MaxRetryAfter.Value
}

// MaxConcurrentRequestsPerTenant returns max_concurrent_requests_per_tenant,
// or 0 (the client's default) when unset.
func (c *Config) MaxConcurrentRequestsPerTenant() int {
	if c.MaxConcurrentRequests.IsSet() {
		return int(c.MaxConcurrentRequests.Value)
	}
	return 0
}

// MinimumGlobalAdmins returns min_global_admins, or its default when unset
// (Validate rejects a value below 1).
func (c *Config) MinimumGlobalAdmins() int {
	if c.MinGlobalAdmins.IsSet() {
		return int(c.MinGlobalAdmins.Value)
	}
	return remediation.DefaultMinGlobalAdmins
}

// ReadsSnapshot reports read_snapshot, true by default.
func (c *Config) ReadsSnapshot() bool { return !c.ReadSnapshot.IsSet() || c.ReadSnapshot.Value }
