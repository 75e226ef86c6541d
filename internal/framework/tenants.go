package framework

import (
	"context"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// TenantIDPath is the path of the tenant_id attribute of resources, data
// sources, list resources and actions.
var TenantIDPath = path.Root("tenant_id")

// Tenants is the Graph client of every tenant one provider configuration
// works in: the provider's own (Home), and any other a resource names in
// its tenant_id, made and signed in on first use by open, from the same
// credential configuration. Each client has its own token, read snapshot
// and wrong-tenant check (graph.Config.TenantID is its tenant), so nothing
// one tenant reads or is refused is used for another. A tenant whose
// client cannot be made (its sign-in is refused, for example) keeps that
// error: its resources fail with it, the other tenants' go on.
type Tenants struct {
	home *graph.Client
	open func(ctx context.Context, tenantID string) (*graph.Client, error)

	mu     sync.Mutex
	others map[string]*tenantClient
}

// tenantClient is one other tenant's client, made once.
type tenantClient struct {
	once   sync.Once
	client *graph.Client
	err    error
}

// NewTenants returns the clients of a provider configuration whose own
// tenant's client is home; open makes (and signs in) the client of
// another tenant.
func NewTenants(home *graph.Client, open func(ctx context.Context, tenantID string) (*graph.Client, error)) *Tenants {
	return &Tenants{home: home, open: open, others: map[string]*tenantClient{}}
}

// Home is the client of the provider's own tenant.
func (t *Tenants) Home() *graph.Client { return t.home }

// For returns the client of tenantID (a GUID; "" is the provider's
// tenant). The provider's own tenant, however it is configured (a GUID or
// a domain, once Graph named its GUID), is Home; every other is made once,
// and its error, if any, is returned to each caller.
func (t *Tenants) For(ctx context.Context, tenantID string) (*graph.Client, error) {
	if tenantID == "" {
		return t.home, nil
	}
	key := strings.ToLower(tenantID)
	if own, err := t.home.TenantID(ctx); err == nil && own == key {
		return t.home, nil
	}
	t.mu.Lock()
	tc, ok := t.others[key]
	if !ok {
		tc = &tenantClient{}
		t.others[key] = tc
	}
	t.mu.Unlock()
	tc.once.Do(func() {
		// Not bound to the first caller's cancellation: the client and
		// its error serve every resource of the tenant.
		tc.client, tc.err = t.open(context.WithoutCancel(ctx), key)
	})
	return tc.client, tc.err
}

// TenantOf is the value of the tenant_id attribute of what a model read
// from configuration, a plan or a state names: "" (the provider's tenant)
// for null or unknown.
func TenantOf(v types.String) string {
	if v.IsNull() || v.IsUnknown() {
		return ""
	}
	return v.ValueString()
}

// addTenantError adds the error of a tenant whose client could not be
// made, at tenant_id: the same for every resource of that tenant.
func addTenantError(diags *diag.Diagnostics, tenant string, err error) {
	diags.AddAttributeError(TenantIDPath, "Tenant "+tenant+" is not available",
		"The provider could not work in tenant "+tenant+" (tenant_id), so nothing was read or written there; "+
			"resources of other tenants are not affected.\n\n"+err.Error())
}

// RecordedTenant is the tenant_id a resource's state records after an
// operation through client in tenant (the configured tenant_id): the
// configured value as written, so that the state agrees with the
// configuration, or else the GUID of the client's tenant, the provider's.
func RecordedTenant(ctx context.Context, tenant types.String, client *graph.Client, diags *diag.Diagnostics) types.String {
	if id := TenantOf(tenant); id != "" {
		return tenant
	}
	own, err := client.TenantID(ctx)
	if err != nil {
		AddGraphError(diags, "Error recording the tenant", "", err)
		return types.StringUnknown()
	}
	return types.StringValue(own)
}
