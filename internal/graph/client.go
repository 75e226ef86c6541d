// Package graph is the provider's client for the PIM security alerts of Entra
// roles in Microsoft Graph beta (/identityGovernance/roleManagementAlerts).
//
// It builds and sends its requests with the Kiota-generated
// msgraph-beta-sdk-go request builders and Graph's middleware pipeline (the
// identitygovernance and models packages only, never the SDK's root
// package), and reads the answers into wire types of its own (wire.go),
// each body decoded once (do.go). It adds what the SDK leaves to its
// callers: the mandatory scope filter on collection lists, alert ids
// resolved from the alert type, checked against the one tenant the client
// is for (tenant.go), fresh derived objects for configuration updates, the
// Location header of refresh actions, nil-safe typed errors naming the
// permission a call needs, paging, operation polling, the read snapshot
// (reads.go, snapshot.go) and tflog logging. It knows nothing of Terraform.
//
// One file per entity (alerts.go, configurations.go, definitions.go,
// incidents.go, operations.go, roles.go) holds one method per operation;
// ids.go resolves alert ids and the tenant, reads.go chooses between Graph
// and the read snapshot.
package graph

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	abs "github.com/microsoft/kiota-abstractions-go"
	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	kiotaauth "github.com/microsoft/kiota-authentication-azure-go"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	textserialization "github.com/microsoft/kiota-serialization-text-go"
	ig "github.com/microsoftgraph/msgraph-beta-sdk-go/identitygovernance"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

const (
	// apiVersion is the Graph version segment the client talks to.
	apiVersion = "beta"
	// sdkVersion is the msgraph-beta-sdk-go version whose builders and models
	// the client uses; it is sent in the SdkVersion telemetry header.
	sdkVersion = "0.165.0"
	// scopeID and scopeType are the only scope PIM alerts support: Entra roles
	// of the whole tenant.
	scopeID   = "/"
	scopeType = "DirectoryRole"
	// scopeFilter is mandatory on the alerts, alertConfigurations and
	// alertDefinitions lists: without it Graph answers 400 MissingProvider.
	scopeFilter = "scopeId eq '" + scopeID + "' and scopeType eq '" + scopeType + "'"
	// defaultUserAgent is sent when Config.UserAgent is empty.
	defaultUserAgent = "terraform-provider-entrapim"
	// defaultMaxRetries and defaultMaxRetryAfter apply when the Config fields are zero.
	defaultMaxRetries    = 8
	defaultMaxRetryAfter = 10 * time.Minute
	// MaxRetriesLimit is the largest Config.MaxRetries that counts; larger
	// values are capped.
	MaxRetriesLimit = 20
	// DefaultMaxConcurrentRequests is Config.MaxConcurrentRequests when
	// unset: half of Terraform's default -parallelism (10), so that one
	// tenant of a run with many tenants in one provider process never
	// receives every request Terraform runs at once.
	DefaultMaxConcurrentRequests = 5
	// MaxConcurrentRequestsLimit is the largest Config.MaxConcurrentRequests.
	MaxConcurrentRequestsLimit = 64
	// defaultPollStart and defaultPollMax bound WaitOperation's backoff.
	defaultPollStart = 500 * time.Millisecond
	defaultPollMax   = 10 * time.Second
)

// ErrNoAlertType is wrapped by the error of every method given the zero
// AlertType; no request is sent in that case.
var ErrNoAlertType = errors.New("no alert type given")

// Config configures a Client.
type Config struct {
	// Endpoint is the Graph host root, for example "https://graph.microsoft.com"
	// (without "/beta"). It must use https unless the host is loopback.
	// Required.
	Endpoint string
	// Credential obtains tokens for Endpoint + "/.default". Required.
	Credential azcore.TokenCredential
	// Catalogue names the alert types the client reads and writes; the zero
	// value means alerttypes.Builtin().
	Catalogue alerttypes.Catalogue
	// TenantID is optional. When it is a GUID, alert ids are computed from it
	// without a request; otherwise (empty, or a domain name) the tenant id is
	// taken from the alert ids of Graph's first answer that has any, reading
	// the alert list when no answer had them yet.
	TenantID string
	// Transport is the base transport under the Graph middleware, for example
	// one that trusts a test server's CA. Default: a clone of
	// http.DefaultTransport.
	Transport http.RoundTripper
	// UserAgent is sent as the User-Agent header, for example
	// "terraform-provider-entrapim/0.1.0". Default: "terraform-provider-entrapim".
	UserAgent string
	// MaxRetries is how often a request answered 429, 503 or 504, or whose
	// connection dropped, is retried (see retryHandler for which writes are
	// safe to retry). 0 means 8, a negative value disables retries, values
	// above MaxRetriesLimit are capped.
	MaxRetries int
	// MaxRetryAfter is the longest Retry-After the client waits for; a longer
	// one ends retrying and the throttling error is returned. 0 means 10 minutes.
	MaxRetryAfter time.Duration
	// ReadSnapshot serves reads from one list of every alert per Client
	// (see snapshot.go): the first GetAlert, GetConfiguration, GetIncident or
	// TenantID lists all alerts with their configurations and incidents
	// expanded, and later reads are answered from that list until a write
	// of this Client invalidates what it touched. Create one Client per
	// Terraform run when this is set. Data-source reads (ListAlerts,
	// ListConfigurations, ListDefinitions, GetDefinition, ListIncidents, and
	// GetAlert with ExpandDefinition) always go to Graph.
	ReadSnapshot bool

	// MaxConcurrentRequests is how many requests the client sends at
	// once; more wait for a turn (retries and their waits keep theirs).
	// One Client talks to one tenant, so this is a per-tenant limit. 0
	// means DefaultMaxConcurrentRequests.
	MaxConcurrentRequests int

	// ForbiddenHint is added to every 403 error: what to do when the
	// credential lacks a permission (for example, for an Azure CLI sign-in,
	// to use a service principal).
	ForbiddenHint string

	// retryBase shortens the backoff in tests.
	retryBase time.Duration
	// authorize returns a current access token for a retried request (set
	// by New).
	authorize func(ctx context.Context) (string, error)
}

// Client calls the PIM alerts API of one tenant. It is safe for concurrent
// use; create one per provider configuration.
type Client struct {
	cat     alerttypes.Catalogue
	adapter abs.RequestAdapter
	// decode decodes a response body into a wire type (json.Unmarshal;
	// tests count its calls).
	decode func(body []byte, v any) error

	// pollStart and pollMax bound WaitOperation's exponential backoff.
	pollStart, pollMax time.Duration

	// tenant is the tenant the client is for (tenant.go).
	tenant *tenantRecord
	// reads serves GetAlert, GetConfiguration and GetIncident: Graph
	// directly, or the read snapshot (Config.ReadSnapshot).
	reads reader
	// endpoint is the Graph endpoint (without the API version).
	endpoint string
	// forbiddenHint is Config.ForbiddenHint.
	forbiddenHint string
	// cred and scope obtain the client's access tokens.
	cred  azcore.TokenCredential
	scope string
}

// tokenOptions are the options of every token the client asks for. Kiota's
// authentication provider (NewAzureIdentityAuthenticationProviderWithScopesAndValidHosts)
// asks for tokens with EnableCAE, and azidentity keeps a CAE and a non-CAE
// MSAL client apart, each with its own token cache and its own
// authority-metadata request (confidentialClient.client in azidentity
// v1.15.0): so the client's own requests (sign-in, tenant check,
// permissions) ask for a CAE token too, and one sign-in per tenant serves
// them all.
func tokenOptions(scope string) policy.TokenRequestOptions {
	return policy.TokenRequestOptions{Scopes: []string{scope}, EnableCAE: true}
}

// New builds a Client: an azidentity bearer-token provider for
// Endpoint + "/.default" restricted to the endpoint's host, Graph's middleware
// pipeline over cfg.Transport, and a Graph request adapter with JSON and text
// serialisation and no backing store.
func New(cfg Config) (*Client, error) {
	if cfg.Endpoint == "" {
		return nil, errors.New("graph: an endpoint is required, for example https://graph.microsoft.com")
	}
	u, err := ParseEndpoint(cfg.Endpoint, false)
	if err != nil {
		return nil, fmt.Errorf("graph: endpoint %w", err)
	}
	endpoint, host := u.String(), u.Hostname()
	if cfg.Credential == nil {
		return nil, errors.New("graph: a credential is required")
	}
	scope := endpoint + "/.default"
	// Explicit scope and allowed host: without the host in the list the
	// provider silently sends no token; without the scope it would ask for
	// "<scheme>://<host:port>/.default".
	tenant := newTenantRecord(cfg.TenantID)
	cred := tenantCredential{TokenCredential: cfg.Credential, tenant: tenant}
	auth, err := kiotaauth.NewAzureIdentityAuthenticationProviderWithScopesAndValidHosts(cred, []string{scope}, []string{host})
	if err != nil {
		return nil, fmt.Errorf("graph: setting up authentication: %w", err)
	}
	// A retry can follow a wait of up to max_retry_after, longer than the
	// few minutes a token may have left: each retry asks the credential
	// again (its cache answers while the token is fresh).
	cfg.authorize = func(ctx context.Context) (string, error) {
		tok, err := cred.GetToken(ctx, tokenOptions(scope))
		return tok.Token, err
	}

	// Private registries instead of the SDK root package's global
	// RegisterDefaultSerializer calls: nothing global is mutated, so clients
	// can be created concurrently (tests do).
	writers := absser.NewSerializationWriterFactoryRegistry()
	writers.ContentTypeAssociatedFactories["application/json"] = jsonserialization.NewJsonSerializationWriterFactory()
	writers.ContentTypeAssociatedFactories["text/plain"] = textserialization.NewTextSerializationWriterFactory()
	parseNodes := absser.NewParseNodeFactoryRegistry()
	parseNodes.ContentTypeAssociatedFactories["application/json"] = jsonserialization.NewJsonParseNodeFactory()
	parseNodes.ContentTypeAssociatedFactories["text/plain"] = textserialization.NewTextParseNodeFactory()

	options := msgraphgocore.GraphClientOptions{GraphServiceVersion: apiVersion, GraphServiceLibraryVersion: sdkVersion}
	adapter, err := msgraphgocore.NewGraphRequestAdapterBaseWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(
		auth, options, parseNodes, writers, newHTTPClient(cfg, &options))
	if err != nil {
		return nil, fmt.Errorf("graph: creating the request adapter: %w", err)
	}
	// The base adapter starts with an empty base URL; the SDK's root client
	// is what normally sets it. No EnableBackingStore: with it a PATCH only
	// carries properties changed after construction (see UpdateConfiguration).
	adapter.SetBaseUrl(endpoint + "/" + apiVersion)

	c := &Client{
		cat:       cfg.Catalogue,
		adapter:   adapter,
		decode:    decodeJSON,
		pollStart: defaultPollStart,
		pollMax:   defaultPollMax,
		tenant:    tenant,
		endpoint:  endpoint,
		cred:      cred,
		scope:     scope,

		forbiddenHint: cfg.ForbiddenHint,
	}
	if len(c.cat.Names()) == 0 {
		c.cat = alerttypes.Builtin()
	}
	c.reads = direct{c}
	if cfg.ReadSnapshot {
		c.reads = newSnapshot(c)
	}
	return c, nil
}

// ParseEndpoint checks a Graph endpoint (allowPath false: the host root,
// to which the client adds /beta) or an authority host (allowPath true): an
// absolute URL without credentials, query or fragment that uses https, or
// http for a loopback host. It returns the URL without a trailing slash;
// the error names the value and what is wrong with it. The provider checks
// its settings with it at plan time; New checks its endpoint again.
func ParseEndpoint(raw string, allowPath bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL: %v", raw, err)
	}
	if u.Scheme == "" || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("%q is not an absolute URL; expected for example https://graph.microsoft.com", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%q uses http; only https is allowed, except for a loopback host (127.0.0.1, ::1, localhost)", raw)
		}
	default:
		return nil, fmt.Errorf("%q has scheme %q; expected https", raw, u.Scheme)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%q must not contain credentials", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q must not have a query or fragment", raw)
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	if !allowPath && path != "" {
		return nil, fmt.Errorf("%q has the path %q; give the Graph host root only (the provider adds /%s), for example https://graph.microsoft.com", raw, path, apiVersion)
	}
	return &url.URL{Scheme: strings.ToLower(u.Scheme), Host: u.Host, Path: path}, nil
}

// IsLoopback reports whether host is localhost or a loopback IP address,
// the only hosts allowed over plain http.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Endpoint returns the Graph endpoint the client calls, without the API
// version (for example https://graph.microsoft.com).
func (c *Client) Endpoint() string { return c.endpoint }

// Catalogue returns the alert types the client knows.
func (c *Client) Catalogue() alerttypes.Catalogue { return c.cat }

// root returns a fresh builder for /identityGovernance/roleManagementAlerts.
// Builders are cheap and not shared: the adapter writes the base URL into the
// path-parameter map of each request.
func (c *Client) root() *ig.RoleManagementAlertsRequestBuilder {
	return ig.NewRoleManagementAlertsRequestBuilderInternal(map[string]string{}, c.adapter)
}

func (c *Client) alertsRoot() *ig.RoleManagementAlertsAlertsRequestBuilder {
	return c.root().Alerts()
}

func ptr[T any](v T) *T { return &v }
