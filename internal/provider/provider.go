// Package provider holds the entrapim provider: its schema, Configure and the
// lists of resources, data sources and functions.
package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/remediation"
)

var (
	_ provider.Provider                   = (*entrapimProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*entrapimProvider)(nil)
	_ provider.ProviderWithFunctions      = (*entrapimProvider)(nil)
	_ provider.ProviderWithListResources  = (*entrapimProvider)(nil)
	_ provider.ProviderWithActions        = (*entrapimProvider)(nil)
)

// Option changes how the provider reaches Graph. Tests use options to point
// the provider at the simulated tenant; no test-only schema attributes exist.
type Option func(*entrapimProvider)

// WithTransport sets the HTTP transport for Graph and token requests (for
// example one that trusts the simulated tenant's CA).
func WithTransport(rt http.RoundTripper) Option {
	return func(p *entrapimProvider) { p.transport = rt }
}

// WithGetenv replaces the environment lookup, so tests can run in parallel
// with different ARM_* settings without touching the process environment.
func WithGetenv(getenv func(string) string) Option {
	return func(p *entrapimProvider) { p.getenv = getenv }
}

// WithCatalogue serves the alert types of cat instead of
// alerttypes.Builtin(), for tests of a type Microsoft might add.
func WithCatalogue(cat alerttypes.Catalogue) Option {
	return func(p *entrapimProvider) { p.catalogue = cat }
}

// WithGuardOptions configures the Global Administrator guards the provider
// makes (tests shorten its waits).
func WithGuardOptions(opts ...remediation.Option) Option {
	return func(p *entrapimProvider) { p.guardOptions = append(p.guardOptions, opts...) }
}

// New returns the provider factory for the given version.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &entrapimProvider{version: version, getenv: osGetenv, catalogue: alerttypes.Builtin()}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

type entrapimProvider struct {
	catalogue alerttypes.Catalogue
	version   string
	transport http.RoundTripper
	getenv    func(string) string
	// guardOptions are added to those of each Global Administrator guard.
	guardOptions []remediation.Option
}

func (p *entrapimProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "entrapim"
	resp.Version = p.version
}

func (p *entrapimProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	str := func(desc, attr string, sensitive bool) schema.StringAttribute {
		if h := envHint(attr); h != "" {
			desc += " Can also be set with " + h + "."
		}
		return schema.StringAttribute{Optional: true, Sensitive: sensitive, MarkdownDescription: desc}
	}
	boolean := func(desc, attr string) schema.BoolAttribute {
		if h := envHint(attr); h != "" {
			desc += " Can also be set with " + h + "."
		}
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Microsoft Entra PIM security alerts for Entra roles through Microsoft Graph beta " +
			"(`/identityGovernance/roleManagementAlerts`). Authentication settings use the same names and `ARM_*` " +
			"environment variables as the azuread provider. When several ways to authenticate are configured, the provider " +
			"picks one in azuread's order (client certificate, client secret, OIDC, AKS workload identity, managed identity, " +
			"Azure CLI) and logs which at INFO; the Azure CLI is the last resort unless `use_cli = false`.",
		Attributes: map[string]schema.Attribute{
			attrAllowUnprotectedGA: boolean("Lets an `entrapim_alert_incident_remediation` remove a Global Administrator while "+
				"`protected_principal_ids` lists nobody (default `false`). Microsoft asks every tenant for two or more emergency access "+
				"(break-glass) accounts that hold Global Administrator permanently and are never in automated clean-up for lack of use; "+
				"stale sign-in incidents hit exactly those accounts, so by default no Global Administrator removal is planned until they "+
				"are listed. Set this only for a tenant that has no such accounts: then nothing but `min_global_admins` stands between a "+
				"remediation and the accounts you would recover the tenant with.", attrAllowUnprotectedGA),
			attrADOServiceConnectionID: str("The Azure DevOps service connection ID to use for OIDC workload identity federation in an Azure Pipelines job. Needs `use_oidc = true`; the request URL and token come from `oidc_request_url`/`oidc_request_token` or the pipeline's `SYSTEM_OIDCREQUESTURI`/`SYSTEM_ACCESSTOKEN`.", attrADOServiceConnectionID, false),
			attrAuthorityHost:          str("Overrides the Microsoft Entra authority host chosen by `environment`, for example a proxy. Must be `https` unless the host is loopback.", attrAuthorityHost, false),
			attrClientCertificate:      str("A base64-encoded PKCS#12 (`.pfx`) bundle with the certificate and private key of the application, for client certificate authentication.", attrClientCertificate, true),
			attrClientCertPassword:     str("The password of the PKCS#12 bundle in `client_certificate` or `client_certificate_path`.", attrClientCertPassword, true),
			attrClientCertificatePath:  str("The path of a PKCS#12 (`.pfx`) or PEM file with the certificate and private key of the application.", attrClientCertificatePath, false),
			attrClientID:               str("The application (client) ID of the app registration or user-assigned managed identity.", attrClientID, false),
			attrClientIDFilePath:       str("The path of a file holding the client ID.", attrClientIDFilePath, false),
			attrClientSecret:           str("A client secret of the application, for client secret authentication.", attrClientSecret, true),
			attrClientSecretFilePath:   str("The path of a file holding the client secret.", attrClientSecretFilePath, false),
			attrEnvironment:            str("The cloud, with the azuread provider's names: `global` (also `public`, the default), `usgovernmentl4` (also `usgovernment`), `usgovernmentl5` (also `dod`) or `china`, in any case. Selects both the authority host and the Graph endpoint.", attrEnvironment, false),
			attrGraphEndpoint:          str("Overrides the Microsoft Graph endpoint chosen by `environment` (the host root, without `/beta`), for example a proxy or the simulated tenant. Must be `https` unless the host is loopback.", attrGraphEndpoint, false),
			attrMaxRetries: schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How often a Graph request that was throttled (429), met an unavailable service (503, 504) or lost its connection is retried, " +
					"from 0 (never) to 20. Defaults to 8. Reads, configuration updates and refreshes are retried; a remediation only when Graph cannot have acted on it. " +
					"Waits honour `Retry-After` and otherwise back off exponentially with jitter; every wait ends with the operation's timeout. Can also be set with `ENTRAPIM_MAX_RETRIES`.",
			},
			attrMinGlobalAdmins: schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("The fewest principals that must still be able to administer the tenant with the Global "+
					"Administrator role after remediations; at least 1, default %d (\"Microsoft recommends that organizations have two "+
					"cloud-only emergency access accounts permanently assigned the Global Administrator role\"). Counted are enabled users "+
					"holding the role tenant-wide, actively or through a current eligibility, directly or as members of a role-assignable "+
					"group; not disabled accounts, service principals, administrative-unit scopes, or anyone whose state Graph does not "+
					"show. At plan time all the Global Administrator removals of one Terraform run against a tenant are counted together, "+
					"across provider configurations, and the plan fails when together they would leave fewer; at apply time the removals "+
					"of a tenant take turns across the provider processes of the machine, each re-reading the holders from Graph right "+
					"before its request. Counting needs the `%s` and `%s` application permissions, and `%s` when a group holds the role; "+
					"without them, remediations that would remove a Global Administrator are refused and the others are not affected.",
					remediation.DefaultMinGlobalAdmins, graph.RoleManagementReadPermission, graph.UserReadPermission, graph.GroupMemberReadPermission),
			},
			attrMaxRetryAfter:     str("The longest `Retry-After` the provider waits for before a retry, as a duration such as `10m` (the default) or `90s`. When Graph asks for a longer wait, the request fails with Graph's throttling error instead.", attrMaxRetryAfter, false),
			attrOIDCRequestToken:  str("The bearer token for the OIDC token request URL (GitHub Actions: `ACTIONS_ID_TOKEN_REQUEST_TOKEN`).", attrOIDCRequestToken, true),
			attrOIDCRequestURL:    str("The URL from which to request an OIDC ID token (GitHub Actions: `ACTIONS_ID_TOKEN_REQUEST_URL`).", attrOIDCRequestURL, false),
			attrOIDCToken:         str("An OIDC ID token to exchange for an access token (workload identity federation).", attrOIDCToken, true),
			attrOIDCTokenFilePath: str("The path of a file holding an OIDC ID token, read again for every token request.", attrOIDCTokenFilePath, false),
			attrProtectedPrincipalIDs: schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Object IDs of accounts whose role assignments must never be removed by remediation, such as " +
					"break-glass accounts and service accounts. Planning an `entrapim_alert_incident_remediation` of an incident " +
					"whose assignee is listed fails, and so does applying one planned without the list; while any account is listed, so does " +
					"one that removes a role assignment of an incident that names no assignee. While nobody is listed, no remediation " +
					"may remove a Global Administrator (see `allow_unprotected_global_admin_removal`). Independently, " +
					"`min_global_admins` keeps enough Global Administrators whoever is listed here.",
			},
			attrReadSnapshot: boolean("Whether resources read Graph through one request per run (default `true`): the first time a resource "+
				"reads an alert, a configuration or an incident, the provider lists every alert with its configuration and incidents "+
				"and answers the other resource reads of the run (one `terraform plan` or `apply`) from that list; the provider's own "+
				"writes invalidate what they change, so later reads in the run ask Graph again. Set to `false` to read each resource "+
				"with its own request. Data sources always read Graph directly.", attrReadSnapshot),
			attrTenantID: str("The Microsoft Entra tenant ID (GUID) or primary domain. With a managed identity only a GUID is accepted: the identity signs in to its home tenant whatever `tenant_id` says, and a GUID is what its tokens are checked against.", attrTenantID, false),
			attrUseAKS:   boolean("Authenticate with AKS workload identity (`AZURE_FEDERATED_TOKEN_FILE`, `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` injected by the webhook).", attrUseAKS),
			attrUseCLI:   boolean("Authenticate with the Azure CLI's signed-in account. This is the default when no other way to authenticate is configured.", attrUseCLI),
			attrUseMSI:   boolean("Authenticate with a managed identity (system-assigned, or user-assigned when `client_id` is set).", attrUseMSI),
			attrUseOIDC:  boolean("Authenticate with OIDC workload identity federation (`oidc_token`, `oidc_token_file_path`, GitHub Actions or Azure DevOps).", attrUseOIDC),
		},
	}
}

// ValidateConfig checks what the provider block says on its own; it runs
// during terraform validate, so it ignores the environment.
func (p *entrapimProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	if s := p.settings(ctx, req.Config, false, &resp.Diagnostics); s != nil {
		s.validate(false, p.getenv, &resp.Diagnostics)
	}
}

// settings reads the provider block, merged with the environment when
// useEnv; nil after an error.
func (p *entrapimProvider) settings(ctx context.Context, config tfsdk.Config, useEnv bool, diags *diag.Diagnostics) *settings {
	var block types.Object
	if diags.Append(config.Get(ctx, &block)...); diags.HasError() {
		return nil
	}
	return resolve(block.Attributes(), p.getenv, useEnv)
}

func (p *entrapimProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	s := p.settings(ctx, req.Config, true, &resp.Diagnostics)
	if s == nil {
		return
	}
	if s.hasUnknown {
		tflog.Warn(ctx, "provider configuration has unknown values; resources will be planned without reading Graph")
		data := &framework.Data{}
		resp.ResourceData, resp.DataSourceData, resp.ActionData, resp.ListResourceData = data, data, data, data
		return
	}
	client, kind := p.newClient(ctx, s, &resp.Diagnostics)
	if client == nil || !p.signIn(ctx, client, s, kind, &resp.Diagnostics) {
		return
	}

	// Each configuration of a run by Terraform shares the run's key; one
	// outside Terraform is a run of its own (NewGuard's default, ThisRun).
	guard := remediation.NewGuard(s.minGlobalAdmins(), append([]remediation.Option{
		remediation.WithDir(p.getenv(remediation.GuardDirEnv))}, p.guardOptions...)...)
	data := &framework.Data{Client: client, Guard: guard,
		Protection: remediation.Protection{IDs: map[string]bool{}, AllowUnprotectedGlobalAdminRemoval: s.isTrue(attrAllowUnprotectedGA)}}
	for _, id := range s.protected {
		data.Protection.IDs[strings.ToLower(id)] = true
	}
	resp.ResourceData, resp.DataSourceData, resp.ActionData, resp.ListResourceData = data, data, data, data
}

// forbiddenHint is what a 403 adds for the chosen credential. The Azure
// CLI's own app registration cannot be granted the PIM scopes
// (Azure/azure-cli issue 33778), so with it the fix is another credential.
func forbiddenHint(kind credentialKind) string {
	if kind != kindCLI {
		return ""
	}
	return "the provider signed in with the Azure CLI, whose first-party application cannot be granted the PIM alert scopes " +
		"(Azure/azure-cli issue 33778); authenticate with a service principal (client_secret or client_certificate) or with " +
		"OIDC workload identity federation (use_oidc) of an app registration that has the permission"
}

// newClient checks the settings and builds the Graph client they ask for,
// with the kind of credential it signs in with; nil after an error (at the
// attribute that caused it).
func (p *entrapimProvider) newClient(ctx context.Context, s *settings, diags *diag.Diagnostics) (*graph.Client, credentialKind) {
	kind := s.validate(true, p.getenv, diags)
	if diags.HasError() {
		return nil, kind
	}
	tflog.Info(ctx, "authenticating with "+string(kind), map[string]any{
		"credential":      string(kind),
		"also_configured": s.alsoConfigured(s.kinds(), kind),
	})

	env := environments[defaultEnvironment]
	if v := s.str(attrEnvironment); v != "" {
		env = environments[strings.ToLower(v)]
	}
	graphEndpoint, authorityHost := env.GraphEndpoint, env.AuthorityHost
	if v := s.str(attrGraphEndpoint); v != "" {
		graphEndpoint = v // graph.New checks it again
	}
	if v := s.str(attrAuthorityHost); v != "" {
		authorityHost = authorityURL(v)
	}

	var hc *http.Client
	if p.transport != nil {
		hc = &http.Client{Transport: p.transport}
	}
	cred, attr, err := newCredential(s, kind, credentialInput{authorityHost: authorityHost, httpClient: hc, getenv: p.getenv})
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Unable to set up "+string(kind)+" authentication", err.Error())
		return nil, kind
	}
	tenantID := s.str(attrTenantID)
	if tenantID == "" && kind == kindAKS {
		tenantID = p.getenv("AZURE_TENANT_ID")
	}
	maxRetries, maxRetryAfter := s.retries()
	readSnapshot := true
	if s.get(attrReadSnapshot).set() {
		readSnapshot = s.isTrue(attrReadSnapshot)
	}
	client, err := graph.New(graph.Config{
		Catalogue:     p.catalogue,
		Endpoint:      graphEndpoint,
		Credential:    cred,
		TenantID:      tenantID,
		Transport:     p.transport,
		UserAgent:     fmt.Sprintf("terraform-provider-entrapim/%s", p.version),
		MaxRetries:    maxRetries,
		MaxRetryAfter: maxRetryAfter,
		ReadSnapshot:  readSnapshot,
		ForbiddenHint: forbiddenHint(kind),
	})
	if err != nil {
		diags.AddError("Unable to create the Microsoft Graph client", err.Error())
		return nil, kind
	}
	tflog.Debug(ctx, "configured Microsoft Graph client", map[string]any{
		"graph_endpoint": graphEndpoint,
		"authority_host": authorityHost,
		"credential":     string(kind),
	})

	return client, kind
}

// NewGraphClient builds the Graph client the provider would build from the
// environment alone (ARM_*, ENTRAPIM_GRAPH_ENDPOINT, …), with the options'
// environment lookup and transport. The live acceptance suite reads and
// restores the tenant through it.
func NewGraphClient(ctx context.Context, opts ...Option) (*graph.Client, error) {
	p, _ := New("test", opts...)().(*entrapimProvider)
	var sr provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sr)
	block := map[string]attr.Value{}
	for name, a := range sr.Schema.Attributes {
		switch t := a.GetType().(type) {
		case basetypes.BoolType:
			block[name] = types.BoolNull()
		case basetypes.Int64Type:
			block[name] = types.Int64Null()
		case basetypes.SetType:
			block[name] = types.SetNull(t.ElemType)
		default:
			block[name] = types.StringNull()
		}
	}
	s := resolve(block, p.getenv, true)
	var diags diag.Diagnostics
	client, _ := p.newClient(ctx, s, &diags)
	if diags.HasError() {
		var msgs []string
		for _, d := range diags.Errors() {
			msgs = append(msgs, d.Summary()+": "+d.Detail())
		}
		return nil, fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return client, nil
}

func (p *entrapimProvider) Resources(context.Context) []func() resource.Resource {
	return resourceList(p.catalogue)
}

func (p *entrapimProvider) ListResources(context.Context) []func() list.ListResource {
	return listResourceList(p.catalogue)
}

func (p *entrapimProvider) Actions(context.Context) []func() action.Action {
	return actionList(p.catalogue)
}

func (p *entrapimProvider) DataSources(context.Context) []func() datasource.DataSource {
	return dataSourceList(p.catalogue)
}

func (p *entrapimProvider) Functions(context.Context) []func() function.Function {
	return functionList(p.catalogue)
}
