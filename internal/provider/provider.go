// Package provider holds the entrapim provider: its schema, Configure and the
// lists of resources, data sources and functions.
package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/framework"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider/auth"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider/config"
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
		p := &entrapimProvider{version: version, getenv: os.Getenv, catalogue: alerttypes.Builtin()}
		for _, o := range opts {
			o(p)
		}
		p.graphTransport = p.transport
		if p.graphTransport == nil {
			p.graphTransport = graph.NewTransport()
		}
		return p
	}
}

type entrapimProvider struct {
	catalogue alerttypes.Catalogue
	version   string
	transport http.RoundTripper
	// graphTransport carries the Graph requests of every tenant's client:
	// transport, or else one graph.NewTransport per provider instance.
	graphTransport http.RoundTripper
	getenv         func(string) string
	// guardOptions are added to those of each Global Administrator guard.
	guardOptions []remediation.Option
}

func (p *entrapimProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "entrapim"
	resp.Version = p.version
}

func (p *entrapimProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: desc}
	}
	secret := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: desc}
	}
	boolean := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Microsoft Entra PIM security alerts for Entra roles through Microsoft Graph beta " +
			"(`/identityGovernance/roleManagementAlerts`). Authentication settings use the same names and `ARM_*` " +
			"environment variables as the azuread provider. When several ways to authenticate are configured, the provider " +
			"picks one in azuread's order (client certificate, client secret, OIDC, AKS workload identity, managed identity, " +
			"Azure CLI) and logs which at INFO; the Azure CLI is the last resort unless `use_cli = false`.",
		Attributes: map[string]schema.Attribute{
			"allow_unprotected_global_admin_removal": boolean("Lets an `entrapim_alert_incident_remediation` remove a Global Administrator while " +
				"`protected_principal_ids` lists nobody (default `false`). Microsoft asks every tenant for two or more emergency access " +
				"(break-glass) accounts that hold Global Administrator permanently and are never in automated clean-up for lack of use; " +
				"stale sign-in incidents hit exactly those accounts, so by default no Global Administrator removal is planned until they " +
				"are listed. Set this only for a tenant that has no such accounts: then nothing but `min_global_admins` stands between a " +
				"remediation and the accounts you would recover the tenant with."),
			"ado_pipeline_service_connection_id": str("The Azure DevOps service connection ID to use for OIDC workload identity federation in an Azure Pipelines job. Needs `use_oidc = true`; the request URL and token come from `oidc_request_url`/`oidc_request_token` or the pipeline's `SYSTEM_OIDCREQUESTURI`/`SYSTEM_ACCESSTOKEN`."),
			"authority_host":                     str("Overrides the Microsoft Entra authority host chosen by `environment`, for example a proxy. Must be `https` unless the host is loopback."),
			"client_certificate":                 secret("A base64-encoded PKCS#12 (`.pfx`) bundle with the certificate and private key of the application, for client certificate authentication."),
			"client_certificate_password":        secret("The password of the PKCS#12 bundle in `client_certificate` or `client_certificate_path`."),
			"client_certificate_path":            str("The path of a PKCS#12 (`.pfx`) or PEM file with the certificate and private key of the application."),
			"client_id":                          str("The application (client) ID of the app registration or user-assigned managed identity."),
			"client_id_file_path":                str("The path of a file holding the client ID."),
			"client_secret":                      secret("A client secret of the application, for client secret authentication."),
			"client_secret_file_path":            str("The path of a file holding the client secret."),
			"environment":                        str("The cloud, with the azuread provider's names: `global` (also `public`, the default), `usgovernmentl4` (also `usgovernment`), `usgovernmentl5` (also `dod`) or `china`, in any case. Selects both the authority host and the Graph endpoint."),
			"graph_endpoint":                     str("Overrides the Microsoft Graph endpoint chosen by `environment` (the host root, without `/beta`), for example a proxy or the simulated tenant. Must be `https` unless the host is loopback."),
			"max_concurrent_requests_per_tenant": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many Graph requests the provider sends to one tenant at once, from 1 to %d; "+
					"default %d. Each tenant (the provider's, and each one a resource names in `tenant_id`) has its own limit, so a run "+
					"over many tenants does not burst any one of them; more requests wait for a turn, within their operation's timeout.",
					graph.MaxConcurrentRequestsLimit, graph.DefaultMaxConcurrentRequests),
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How often a Graph request that was throttled (429), met an unavailable service (503, 504) or lost its connection is retried, " +
					"from 0 (never) to 20. Defaults to 8. Reads, configuration updates and refreshes are retried; a remediation only when Graph cannot have acted on it. " +
					"Waits honour `Retry-After` and otherwise back off exponentially with jitter; every wait ends with the operation's timeout.",
			},
			"min_global_admins": schema.Int64Attribute{
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
			"max_retry_after":      str("The longest `Retry-After` the provider waits for before a retry, as a duration such as `10m` (the default) or `90s`. When Graph asks for a longer wait, the request fails with Graph's throttling error instead."),
			"oidc_request_token":   secret("The bearer token for the OIDC token request URL (GitHub Actions: `ACTIONS_ID_TOKEN_REQUEST_TOKEN`)."),
			"oidc_request_url":     str("The URL from which to request an OIDC ID token (GitHub Actions: `ACTIONS_ID_TOKEN_REQUEST_URL`)."),
			"oidc_token":           secret("An OIDC ID token to exchange for an access token (workload identity federation)."),
			"oidc_token_file_path": str("The path of a file holding an OIDC ID token, read again for every token request."),
			"protected_principal_ids": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Object IDs of accounts whose role assignments must never be removed by remediation, such as " +
					"break-glass accounts and service accounts. Planning an `entrapim_alert_incident_remediation` of an incident " +
					"whose assignee is listed fails, and so does applying one planned without the list; while any account is listed, so does " +
					"one that removes a role assignment of an incident that names no assignee. While nobody is listed, no remediation " +
					"may remove a Global Administrator (see `allow_unprotected_global_admin_removal`). Independently, " +
					"`min_global_admins` keeps enough Global Administrators whoever is listed here.",
			},
			"read_snapshot": boolean("Whether resources read Graph through one request per run (default `true`): the first time a resource " +
				"reads an alert, a configuration or an incident, the provider lists every alert with its configuration and incidents " +
				"and answers the other resource reads of the run (one `terraform plan` or `apply`) from that list; the provider's own " +
				"writes invalidate what they change, so later reads in the run ask Graph again. Set to `false` to read each resource " +
				"with its own request. Data sources always read Graph directly."),
			"tenant_id":                 str("The Microsoft Entra tenant ID (GUID) or primary domain. With a managed identity only a GUID is accepted: the identity signs in to its home tenant whatever `tenant_id` says, and a GUID is what its tokens are checked against."),
			"use_aks_workload_identity": boolean("Authenticate with AKS workload identity (`AZURE_FEDERATED_TOKEN_FILE`, `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` injected by the webhook)."),
			"use_cli":                   boolean("Authenticate with the Azure CLI's signed-in account. This is the default when no other way to authenticate is configured."),
			"use_msi":                   boolean("Authenticate with a managed identity (system-assigned, or user-assigned when `client_id` is set)."),
			"use_oidc":                  boolean("Authenticate with OIDC workload identity federation (`oidc_token`, `oidc_token_file_path`, GitHub Actions or Azure DevOps)."),
		},
	}
	// The environment variables of each setting, from its field in
	// config.Config.
	for name, a := range resp.Schema.Attributes {
		hint := config.EnvHint(name)
		if hint == "" {
			continue
		}
		switch a := a.(type) {
		case schema.StringAttribute:
			a.MarkdownDescription += " Can also be set with " + hint + "."
			resp.Schema.Attributes[name] = a
		case schema.BoolAttribute:
			a.MarkdownDescription += " Can also be set with " + hint + "."
			resp.Schema.Attributes[name] = a
		case schema.Int64Attribute:
			a.MarkdownDescription += " Can also be set with " + hint + "."
			resp.Schema.Attributes[name] = a
		}
	}
}

// ValidateConfig checks what the provider block says on its own; it runs
// during terraform validate, so it ignores the environment.
func (p *entrapimProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	if c := p.config(ctx, req.Config, false, &resp.Diagnostics); c != nil {
		c.Validate(false, p.getenv, &resp.Diagnostics)
	}
}

// config reads the provider block, merged with the environment when
// useEnv; nil after an error.
func (p *entrapimProvider) config(ctx context.Context, block tfsdk.Config, useEnv bool, diags *diag.Diagnostics) *config.Config {
	var obj types.Object
	if diags.Append(block.Get(ctx, &obj)...); diags.HasError() {
		return nil
	}
	return config.Resolve(obj.Attributes(), p.getenv, useEnv)
}

func (p *entrapimProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	c := p.config(ctx, req.Config, true, &resp.Diagnostics)
	if c == nil {
		return
	}
	if c.Unknown {
		tflog.Warn(ctx, "provider configuration has unknown values; resources will be planned without reading Graph")
		data := &framework.Data{}
		resp.ResourceData, resp.DataSourceData, resp.ActionData, resp.ListResourceData = data, data, data, data
		return
	}
	client, kind := p.newClient(ctx, c, &resp.Diagnostics)
	if client == nil || !auth.SignIn(ctx, client, c, kind, &resp.Diagnostics) {
		return
	}
	// Another tenant a resource names in tenant_id is signed in to on
	// first use, with the same credential configuration built for that
	// tenant: a multi-tenant application's credentials work in every
	// tenant that consented to it.
	tenants := framework.NewTenants(client, func(ctx context.Context, tenantID string) (*graph.Client, error) {
		return p.tenantClient(ctx, c, tenantID)
	})

	// Each configuration of a run by Terraform shares the run's key; one
	// outside Terraform is a run of its own (NewGuard's default, ThisRun).
	guard := remediation.NewGuard(c.MinimumGlobalAdmins(), append([]remediation.Option{
		remediation.WithDir(p.getenv(remediation.GuardDirEnv))}, p.guardOptions...)...)
	data := &framework.Data{Tenants: tenants, Guard: guard,
		Protection: remediation.Protection{IDs: map[string]bool{}, AllowUnprotectedGlobalAdminRemoval: c.AllowUnprotectedGlobalAdminRemoval.Value}}
	for _, id := range c.ProtectedPrincipalIDs.Value {
		data.Protection.IDs[strings.ToLower(id)] = true
	}
	resp.ResourceData, resp.DataSourceData, resp.ActionData, resp.ListResourceData = data, data, data, data
}

// tenantClient builds and signs in the Graph client of tenantID (a GUID)
// from the provider configuration c: the same credential configuration,
// with tenantID as its tenant. A multi-tenant application's credentials
// live on its application object in its home tenant, and each tenant that
// consented has a service principal of it ("A service principal is
// created in every tenant where the application is used",
// learn.microsoft.com/entra/identity-platform/app-objects-and-service-principals),
// so the one secret, certificate or federated credential signs in to every
// consenting tenant. A credential per tenant (azidentity's
// NewClientSecretCredential(tenantID, …) and its siblings ask tenantID for
// tokens) keeps each tenant's token cache apart and needs no
// AdditionallyAllowedTenants ("additional tenants for which the credential
// may acquire tokens", ClientSecretCredentialOptions), which would let one
// credential ask several tenants through TokenRequestOptions.TenantID. The
// client's TenantID is tenantID: its tokens' tid and the alert ids it reads
// must name that tenant (graph's wrong-tenant check). A refused sign-in is
// one error that says what to check, as in Configure.
func (p *entrapimProvider) tenantClient(ctx context.Context, c *config.Config, tenantID string) (*graph.Client, error) {
	tc := *c
	tc.TenantID.Value = tenantID
	var diags diag.Diagnostics
	client, kind := p.newClient(ctx, &tc, &diags)
	if client != nil && auth.SignIn(ctx, client, &tc, kind, &diags) {
		return client, nil
	}
	var msgs []string
	for _, d := range diags.Errors() {
		msgs = append(msgs, d.Summary()+": "+d.Detail())
	}
	return nil, errors.New(strings.Join(msgs, "\n\n"))
}

// newClient checks the configuration and builds the Graph client it asks
// for, with the kind of credential it signs in with; nil after an error
// (at the attribute that caused it).
func (p *entrapimProvider) newClient(ctx context.Context, c *config.Config, diags *diag.Diagnostics) (*graph.Client, config.Kind) {
	kind := c.Validate(true, p.getenv, diags)
	if diags.HasError() {
		return nil, kind
	}
	tflog.Info(ctx, "authenticating with "+string(kind), map[string]any{
		"credential":      string(kind),
		"also_configured": c.AlsoConfigured(),
	})

	graphEndpoint, authorityHost := auth.Endpoints(c)
	var hc *http.Client
	if p.transport != nil {
		hc = &http.Client{Transport: p.transport}
	}
	cred, attr, err := auth.NewCredential(c, kind, auth.Input{AuthorityHost: authorityHost, HTTPClient: hc, Getenv: p.getenv})
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Unable to set up "+string(kind)+" authentication", err.Error())
		return nil, kind
	}
	tenantID := c.TenantID.Value
	if tenantID == "" && kind == config.KindAKS {
		tenantID = p.getenv("AZURE_TENANT_ID")
	}
	maxRetries, maxRetryAfter := c.Retries()
	client, err := graph.New(graph.Config{
		Catalogue:             p.catalogue,
		Endpoint:              graphEndpoint,
		Credential:            cred,
		TenantID:              tenantID,
		Transport:             p.graphTransport,
		UserAgent:             fmt.Sprintf("terraform-provider-entrapim/%s", p.version),
		MaxRetries:            maxRetries,
		MaxRetryAfter:         maxRetryAfter,
		MaxConcurrentRequests: c.MaxConcurrentRequestsPerTenant(),
		ReadSnapshot:          c.ReadsSnapshot(),
		ForbiddenHint:         auth.ForbiddenHint(kind),
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
	var diags diag.Diagnostics
	client, _ := p.newClient(ctx, config.Resolve(nil, p.getenv, true), &diags)
	if diags.HasError() {
		var msgs []string
		for _, d := range diags.Errors() {
			msgs = append(msgs, d.Summary()+": "+d.Detail())
		}
		return nil, fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return client, nil
}
