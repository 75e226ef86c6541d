package graph_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

const otherTenant = "0badc0de-0000-4000-8000-000000000001"

// wantWrongTenant fails unless err is a *WrongTenantError naming both
// tenants.
func wantWrongTenant(t *testing.T, what string, err error, configured, actual string) {
	t.Helper()
	var wt *graph.WrongTenantError
	if !errors.As(err, &wt) {
		t.Fatalf("%s: err = %v, want a WrongTenantError", what, err)
	}
	if !strings.Contains(err.Error(), configured) || !strings.Contains(err.Error(), actual) {
		t.Errorf("%s: the error does not name both tenants %s and %s: %v", what, configured, actual, err)
	}
}

// A token for another tenant than tenant_id (as a managed identity or an
// Azure CLI login gets in its home tenant) fails every read and write
// before any Graph request.
func TestWrongTenantToken(t *testing.T) {
	srv := mockgraph.New(t)
	c := newClient(t, srv, func(cfg *graph.Config) { cfg.TenantID = otherTenant; cfg.ReadSnapshot = true })
	ctx := t.Context()
	stale := builtin(alerttypes.StaleSignIn)
	_, err := c.GetAlert(ctx, stale)
	wantWrongTenant(t, "GetAlert", err, otherTenant, srv.TenantID())
	_, err = c.ListAlerts(ctx)
	wantWrongTenant(t, "ListAlerts", err, otherTenant, srv.TenantID())
	err = c.SetAlertActive(ctx, stale, false)
	wantWrongTenant(t, "SetAlertActive", err, otherTenant, srv.TenantID())
	err = c.RemediateIncident(ctx, stale, "x")
	wantWrongTenant(t, "RemediateIncident", err, otherTenant, srv.TenantID())
	if n := len(srv.GraphRequests()); n != 0 {
		t.Errorf("%d Graph requests were sent with the other tenant's token", n)
	}
}

// rewriteTenant is a transport that makes Graph's answers name another
// tenant in their alert ids, as a misconfigured proxy or endpoint would.
type rewriteTenant struct {
	base     http.RoundTripper
	from, to string
}

func (r rewriteTenant) RoundTrip(req *http.Request) (*http.Response, error) {
	return rewriteBody(r.base, req, func(b []byte) []byte {
		return bytes.ReplaceAll(b, []byte("DirectoryRole_"+r.from), []byte("DirectoryRole_"+r.to))
	})
}

// rewriteBody sends req through base and replaces the answer's body with
// what rewrite makes of it.
func rewriteBody(base http.RoundTripper, req *http.Request, rewrite func([]byte) []byte) (*http.Response, error) {
	resp, err := base.RoundTrip(req)
	if err != nil || resp.Body == nil {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = rewrite(b)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// With tenant_id a domain, the token's tenant is the expected one, and an
// answer whose alert ids name another tenant is refused.
func TestWrongTenantAlertIDs(t *testing.T) {
	srv := mockgraph.New(t)
	c := newClient(t, srv, func(cfg *graph.Config) {
		cfg.TenantID = "contoso.onmicrosoft.com"
		cfg.Transport = rewriteTenant{base: srv.HTTPClient().Transport, from: srv.TenantID(), to: otherTenant}
	})
	_, err := c.ListAlerts(t.Context())
	wantWrongTenant(t, "ListAlerts", err, srv.TenantID(), otherTenant)
	if _, err := c.TenantID(t.Context()); err == nil {
		t.Error("TenantID resolved from alert ids of another tenant")
	}

	// Unchanged answers pass: the tenant comes from the token and the ids.
	ok := newClient(t, srv, func(cfg *graph.Config) { cfg.TenantID = "contoso.onmicrosoft.com" })
	if got, err := ok.TenantID(t.Context()); err != nil || got != srv.TenantID() {
		t.Errorf("TenantID = %q, %v; want %s", got, err, srv.TenantID())
	}
}

// opaqueTokens stands for a credential whose access tokens are not JWTs
// (Microsoft documents Graph's token format as one clients must not rely
// on): it hands out an opaque token, and its transport swaps in the real
// token, so Graph accepts what the client cannot read.
type opaqueTokens struct {
	azcore.TokenCredential
	base http.RoundTripper

	mu   sync.Mutex
	real string
}

const opaque = "opaque-access-token"

func (o *opaqueTokens) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := o.TokenCredential.GetToken(ctx, opts)
	if err != nil {
		return tok, err
	}
	o.mu.Lock()
	o.real = tok.Token
	o.mu.Unlock()
	tok.Token = opaque
	return tok, nil
}

func (o *opaqueTokens) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") == "Bearer "+opaque {
		req = req.Clone(req.Context())
		o.mu.Lock()
		req.Header.Set("Authorization", "Bearer "+o.real)
		o.mu.Unlock()
	}
	return o.base.RoundTrip(req)
}

// With tokens whose tid cannot be read, the first write of a client is
// preceded by a read of the alert ids: a tenant they name other than
// tenant_id fails the write before it is sent, and the configured tenant
// lets it through.
func TestWrongTenantOpaqueToken(t *testing.T) {
	for _, c := range []struct {
		name  string
		wrong bool // the alert ids name another tenant
	}{
		{"answers of the configured tenant", false},
		{"answers of another tenant", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mockgraph.New(t)
			id, secret := srv.ReadWriteClient()
			transport := srv.HTTPClient().Transport
			if c.wrong {
				transport = rewriteTenant{base: transport, from: srv.TenantID(), to: otherTenant}
			}
			o := &opaqueTokens{TokenCredential: credential(t, srv, id, secret), base: transport}
			client := newClient(t, srv, func(cfg *graph.Config) { cfg.Credential, cfg.Transport = o, o })
			srv.ResetRequests()
			err := client.SetAlertActive(t.Context(), builtin(alerttypes.StaleSignIn), false)
			var writes int
			for _, r := range srv.GraphRequests() {
				if r.Method != http.MethodGet {
					writes++
				}
			}
			if c.wrong {
				wantWrongTenant(t, "SetAlertActive", err, srv.TenantID(), otherTenant)
				if writes != 0 {
					t.Errorf("%d writes reached the tenant", writes)
				}
				return
			}
			if err != nil || writes != 1 || len(srv.GraphRequests()) != 2 {
				t.Errorf("err %v, %d requests (%d writes): want the alert ids read, then the write", err, len(srv.GraphRequests()), writes)
			}
		})
	}
}

// freshTokens hands out a new opaque token at every call and records which
// one each request carried; its transport swaps in the real token.
type freshTokens struct {
	opaqueTokens
	calls int
	sent  []string
}

func (f *freshTokens) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := f.opaqueTokens.GetToken(ctx, opts)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	tok.Token = fmt.Sprintf("%s-%d", opaque, f.calls)
	return tok, err
}

func (f *freshTokens) RoundTrip(req *http.Request) (*http.Response, error) {
	if auth := req.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer "+opaque) {
		f.mu.Lock()
		f.sent = append(f.sent, strings.TrimPrefix(auth, "Bearer "))
		f.mu.Unlock()
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+opaque)
	}
	return f.opaqueTokens.RoundTrip(req)
}

// A retried request asks the credential for its token again: after a long
// Retry-After wait the first one may have expired.
func TestRetryGetsAFreshToken(t *testing.T) {
	srv := mockgraph.New(t)
	id, secret := srv.ReadWriteClient()
	f := &freshTokens{opaqueTokens: opaqueTokens{TokenCredential: credential(t, srv, id, secret), base: srv.HTTPClient().Transport}}
	c := newClient(t, srv, func(cfg *graph.Config) { cfg.Credential, cfg.Transport = f, f })
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultThrottle, Route: "alerts.get", Count: 2, RetryAfter: time.Millisecond})
	if _, err := c.GetAlert(t.Context(), builtin(alerttypes.StaleSignIn)); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sent) != 3 || f.sent[0] == f.sent[1] || f.sent[1] == f.sent[2] {
		t.Errorf("the three attempts carried %v; want a token of its own for each retry", f.sent)
	}
}

// onlyContext is a transport that makes the @odata.context of Graph's
// answers, and nothing else, name another tenant, and counts how often it
// did: the ids the wire types decode stay right, so only a check of the
// whole body sees it.
type onlyContext struct {
	base     http.RoundTripper
	from, to string
	rewrote  *int
}

func (o onlyContext) RoundTrip(req *http.Request) (*http.Response, error) {
	return rewriteBody(o.base, req, func(b []byte) []byte {
		ctxKey := []byte(`"@odata.context":"`)
		i := bytes.Index(b, ctxKey)
		if i < 0 {
			return b
		}
		end := i + len(ctxKey) + bytes.IndexByte(b[i+len(ctxKey):], '"')
		value := bytes.ReplaceAll(b[i:end], []byte("DirectoryRole_"+o.from), []byte("DirectoryRole_"+o.to))
		if bytes.Equal(value, b[i:end]) {
			return b
		}
		*o.rewrote++
		return append(append(append([]byte(nil), b[:i]...), value...), b[end:]...)
	})
}

// An answer is read only when every alert id in it names the client's
// tenant, also where the wire types do not look: the @odata.context of a
// single incident, the read remediation plans with.
func TestWrongTenantIncidentContext(t *testing.T) {
	srv := mockgraph.New(t)
	stale := builtin(alerttypes.StaleSignIn)
	incidents := srv.Incidents(stale.Suffix)
	if len(incidents) == 0 {
		t.Fatal("the seed has no StaleSignInAlert incident")
	}
	id, _ := incidents[0]["id"].(string)
	var rewrote int
	c := newClient(t, srv, func(cfg *graph.Config) {
		cfg.Transport = onlyContext{base: srv.HTTPClient().Transport, from: srv.TenantID(), to: otherTenant, rewrote: &rewrote}
	})
	_, err := c.GetIncident(t.Context(), stale, id)
	if rewrote == 0 {
		t.Fatal("the answer had no @odata.context naming the tenant: the test checks nothing")
	}
	wantWrongTenant(t, "GetIncident", err, srv.TenantID(), otherTenant)
}

// One sign-in serves every request of a client: the client's own token
// requests (SignIn, the tenant check before a write, Permissions) ask for
// the same kind of token (CAE) as Kiota's authentication provider, which
// azidentity caches apart from non-CAE tokens. With a plan of hundreds of
// tenants, a second kind would be a second token and metadata request per
// tenant and provider process.
func TestOneTokenRequestPerClient(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, func(cfg *graph.Config) { cfg.TenantID = "" })
	ctx := context.Background()
	if err := c.SignIn(ctx); err != nil {
		t.Fatal(err)
	}
	getConfiguration(t, c, "StaleSignInAlert")
	if err := c.SetAlertActive(ctx, builtin("StaleSignInAlert"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Permissions(ctx); err != nil {
		t.Fatal(err)
	}
	tokens, metadata := 0, 0
	for _, r := range srv.Requests() {
		switch r.Route {
		case "token":
			tokens++
		case "openid-configuration":
			metadata++
		}
	}
	if tokens != 1 || metadata != 1 {
		t.Errorf("%d token and %d OpenID metadata requests, want 1 each", tokens, metadata)
	}
}
