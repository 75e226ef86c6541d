package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
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

// tenantRecord is the one record of the tenant a client is for.
type tenantRecord struct {
	mu         sync.Mutex
	configured string // Config.TenantID as given
	// id is the tenant, lower case as Graph writes it in alert ids, and
	// from where it came from; "" until known.
	id, from string
	// confirmed is set once Graph named id: a token's tid or an answer's
	// alert ids.
	confirmed bool
	// resolved is set once alert ids may be computed from id: it was
	// configured as a GUID, or Graph's alert ids named it. A token's tid
	// alone does not resolve it: TenantID then reads the alert ids.
	resolved bool

	// lookup is held while TenantID reads the alert ids, so concurrent
	// first reads send one request.
	lookup sync.Mutex
}

func newTenantRecord(configured string) *tenantRecord {
	r := &tenantRecord{configured: configured}
	if alerttypes.IsGUID(configured) {
		// Lower case: the resource identity's tenant_id must not change
		// with how tenant_id is written.
		r.id, r.from, r.resolved = strings.ToLower(configured), "tenant_id", true
	}
	return r
}

// check compares a tenant Graph named (inAlertIDs: in alert ids, otherwise
// in a token) with the record; the first tenant seen becomes the client's
// when tenant_id is not a GUID.
func (r *tenantRecord) check(actual, from string, inAlertIDs bool) error {
	actual = strings.ToLower(actual)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.id == "" {
		r.id, r.from = actual, from
		if r.configured != "" {
			r.from = fmt.Sprintf("%s, first seen for tenant_id %q", from, r.configured)
		}
	}
	if actual != r.id {
		return &WrongTenantError{Configured: r.configured, Expected: r.id, ExpectedFrom: r.from, Actual: actual, From: from}
	}
	r.confirmed = true
	r.resolved = r.resolved || inAlertIDs
	return nil
}

// resolvedID returns the tenant once alert ids may be computed from it.
func (r *tenantRecord) resolvedID() (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.id, r.resolved
}

func (r *tenantRecord) isConfirmed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.confirmed
}

// confirmTenant returns nil once Graph has named the client's tenant, and
// otherwise finds out before a write: it gets a token (the same one the
// write then uses) and checks its tid; for a token whose tid cannot be
// read, it reads the alert list's ids. When neither names a tenant, no
// write is sent.
func (c *Client) confirmTenant(ctx context.Context) error {
	if c.tenant.isConfirmed() {
		return nil
	}
	if _, err := c.cred.GetToken(ctx, tokenOptions(c.scope)); err != nil {
		return c.wrapError(opConfirmTenant, err)
	}
	if c.tenant.isConfirmed() {
		return nil
	}
	if _, err := c.listAlertIDs(ctx, opConfirmTenant); err != nil {
		return err
	}
	if c.tenant.isConfirmed() {
		return nil
	}
	err := errors.New("neither the access token (no readable tid claim) nor Graph's alert list names the tenant, " +
		"so the provider cannot check that it writes to the configured tenant; nothing was written")
	return &Error{Operation: opConfirmTenant.name, Message: err.Error(), Err: err}
}

// checkBody checks the tenant of every alert id in an answer's body,
// wherever it stands: a scan of the bytes, not a decode, so that no field
// the wire types leave out (an @odata.context, a next link) escapes it.
func (c *Client) checkBody(body []byte) error {
	var err error
	last := ""
	tenantsIn(string(body), func(t string) {
		if err == nil && t != last {
			last = t
			err = c.tenant.check(t, "the alert ids in Graph's answer", true)
		}
	})
	return err
}

// tenantCredential checks the tid claim of every token of its credential.
// A token that is not a readable JWT is passed on unchecked: the alert ids
// of the answers are checked still, and before a write confirmTenant reads
// them first.
type tenantCredential struct {
	azcore.TokenCredential
	tenant *tenantRecord
}

func (c tenantCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := c.TokenCredential.GetToken(ctx, opts)
	if err != nil {
		return tok, err
	}
	if tid := tokenTenant(tok.Token); tid != "" {
		if err := c.tenant.check(tid, "the tid claim of the access token", false); err != nil {
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
	tok, err := c.cred.GetToken(ctx, tokenOptions(c.scope))
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
	_, err := c.cred.GetToken(ctx, tokenOptions(c.scope))
	return err
}
