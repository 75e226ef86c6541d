package graph_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

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
	resp, err := r.base.RoundTrip(req)
	if err != nil || resp.Body == nil {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = bytes.ReplaceAll(b, []byte("DirectoryRole_"+r.from), []byte("DirectoryRole_"+r.to))
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
