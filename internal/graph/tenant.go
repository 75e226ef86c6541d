package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// The right tenant, or nothing. A managed identity only reaches the tenant
// where it is homed ("When using a managed identity, you can only manage
// resources in the tenant where the corresponding service principal is
// homed", azuread docs/guides/managed_service_identity.md), and a copied
// provider alias can point at another tenant's app. Two things name the
// tenant Graph answers for: the tid claim of every access token, and the
// tenant GUID in every alert id (DirectoryRole_{tenant}_{type}). The client
// checks both against the tenant it is for (Config.TenantID when it is a
// GUID, otherwise the first tenant it sees) and fails every request that
// disagrees with a *WrongTenantError, before anything is sent with that
// token: no read is used and no write happens.

// WrongTenantError says Graph answered for another tenant than the one the
// client is for.
type WrongTenantError struct {
	// Configured is Config.TenantID as given (a GUID or a domain).
	Configured string
	// Expected is the tenant the client is for and ExpectedFrom where that
	// came from.
	Expected, ExpectedFrom string
	// Actual is the tenant Graph answered for and From where it was seen.
	Actual, From string
}

func (e *WrongTenantError) Error() string {
	want := fmt.Sprintf("tenant %s (%s)", e.Expected, e.ExpectedFrom)
	return fmt.Sprintf("Graph answers for tenant %s (%s), but the provider is configured for %s, so nothing was read or written. "+
		"A managed identity only reaches the tenant where it is homed, and a credential of another tenant's app "+
		"registration or Azure CLI account signs in to that tenant; use a credential of tenant %s, or correct tenant_id",
		e.Actual, e.From, want, e.Expected)
}

// tenantGuard holds the tenant a client is for.
type tenantGuard struct {
	mu             sync.Mutex
	configured     string
	expected, from string
	// confirmed is set once Graph named the expected tenant: a token's tid
	// or an answer's alert ids.
	confirmed bool
}

func newTenantGuard(configured string) *tenantGuard {
	g := &tenantGuard{configured: configured}
	if alerttypes.IsGUID(configured) {
		g.expected, g.from = strings.ToLower(configured), "tenant_id"
	}
	return g
}

// check compares a tenant Graph answered for with the expected one; the
// first tenant seen becomes the expected one when tenant_id is not a GUID.
func (g *tenantGuard) check(actual, from string) error {
	actual = strings.ToLower(actual)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.expected == "" {
		g.expected, g.from, g.confirmed = actual, from, true
		if g.configured != "" {
			g.from = fmt.Sprintf("%s, first seen for tenant_id %q", from, g.configured)
		}
		return nil
	}
	if actual == g.expected {
		g.confirmed = true
		return nil
	}
	return &WrongTenantError{Configured: g.configured, Expected: g.expected, ExpectedFrom: g.from, Actual: actual, From: from}
}

func (g *tenantGuard) isConfirmed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.confirmed
}

// confirmTenant returns nil once Graph has named the client's tenant, and
// otherwise finds out before a write: it gets a token (the same one the
// write then uses) and checks its tid; for a token whose tid cannot be
// read, it reads the alert list's ids. When neither names a tenant, no
// write is sent.
func (c *Client) confirmTenant(ctx context.Context) error {
	const op = "confirm tenant"
	if c.tenant.isConfirmed() {
		return nil
	}
	if _, err := c.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{c.scope}}); err != nil {
		return c.wrapError(op, err)
	}
	if c.tenant.isConfirmed() {
		return nil
	}
	if _, err := c.listAlertIDs(ctx, op); err != nil {
		return err
	}
	if c.tenant.isConfirmed() {
		return nil
	}
	err := errors.New("neither the access token (no readable tid claim) nor Graph's alert list names the tenant, " +
		"so the provider cannot check that it writes to the configured tenant; nothing was written")
	return &Error{Operation: op, Message: err.Error(), Err: err}
}

// alertIDTenants matches the tenant part of alert ids in a response body.
var alertIDTenants = regexp.MustCompile(`DirectoryRole_([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})_`)

// checkBody checks the tenant of every alert id in a response body.
func (g *tenantGuard) checkBody(body []byte) error {
	seen := map[string]bool{}
	for _, m := range alertIDTenants.FindAllSubmatch(body, -1) {
		t := strings.ToLower(string(m[1]))
		if seen[t] {
			continue
		}
		seen[t] = true
		if err := g.check(t, "the alert ids in Graph's answer"); err != nil {
			return err
		}
	}
	return nil
}

// tenantCredential checks the tid claim of every token of its credential.
// A token that is not a readable JWT is passed on unchecked: the alert ids
// of the answers are checked still, and before a write confirmTenant reads
// them first.
type tenantCredential struct {
	azcore.TokenCredential
	guard *tenantGuard
}

func (c tenantCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := c.TokenCredential.GetToken(ctx, opts)
	if err != nil {
		return tok, err
	}
	if tid := tokenTenant(tok.Token); tid != "" {
		if err := c.guard.check(tid, "the tid claim of the access token"); err != nil {
			return azcore.AccessToken{}, err
		}
	}
	return tok, nil
}

// tokenClaims are the claims of an access token the client reads.
type tokenClaims struct {
	TenantID string   `json:"tid"`
	Roles    []string `json:"roles"`
	Scope    string   `json:"scp"`
}

// claimsOf decodes the payload of a JWT; ok is false for anything else.
func claimsOf(token string) (c tokenClaims, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return c, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return c, false
	}
	return c, json.Unmarshal(payload, &c) == nil
}

// tokenTenant returns the tid claim of a JWT, or "" when it has none.
func tokenTenant(token string) string {
	c, ok := claimsOf(token)
	if !ok || !alerttypes.IsGUID(c.TenantID) {
		return ""
	}
	return c.TenantID
}

// Permissions returns what the client's access token grants: its
// application roles (roles) or, for a delegated token, its scopes (scp).
// It fails when the token cannot be obtained or is not a readable JWT.
func (c *Client) Permissions(ctx context.Context) ([]string, error) {
	tok, err := c.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{c.scope}})
	if err != nil {
		return nil, err
	}
	claims, ok := claimsOf(tok.Token)
	if !ok {
		return nil, fmt.Errorf("the access token is not a JWT whose claims can be read")
	}
	return append(claims.Roles, strings.Fields(claims.Scope)...), nil
}

// SignIn gets an access token for the client's scope, which the client's
// credential caches for its requests. It fails as the first request would:
// with the credential's error (Entra's refusal), or a *WrongTenantError
// when the token names another tenant.
func (c *Client) SignIn(ctx context.Context) error {
	_, err := c.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{c.scope}})
	return err
}
