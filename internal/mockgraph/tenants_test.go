package mockgraph_test

import (
	"crypto/x509"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/golang-jwt/jwt/v5"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// One simulator serves several tenants: each its own tenant id, model and
// alert ids, and a token of one tenant sees only that tenant.
func TestTenants(t *testing.T) {
	t.Parallel()
	if n := len(mockgraph.New(t).Tenants()); n != 1 {
		t.Fatalf("a default simulator serves %d tenants, want 1", n)
	}
	first, _ := newTenant(t, mockgraph.WithTenants(3))
	tenants := first.Tenants()
	if len(tenants) != 3 || tenants[0] != first {
		t.Fatalf("Tenants() = %d tenants (first is Start's: %v)", len(tenants), tenants[0] == first)
	}
	seed, _ := mockgraph.DefaultSeed()
	seen := map[string]bool{}
	for i, tn := range tenants {
		id := tn.TenantID()
		if seen[id] || id != strings.ToLower(mockgraph.TenantIDOf(seed, i)) || !alerttypes.IsGUID(id) {
			t.Errorf("tenant %d has id %q (seen before: %v)", i, id, seen[id])
		}
		seen[id] = true
	}

	// Dismiss an alert of the second tenant only.
	tenants[1].SetAlertActive(alerttypes.TooManyGlobalAdmins, false)
	for i, tn := range tenants {
		r := newRaw(t, tn)
		list := r.get(prefix+"/alerts?"+scopeQuery, http.StatusOK)
		for _, v := range list["value"].([]any) {
			a := v.(map[string]any)
			if !strings.Contains(a["id"].(string), "_"+tn.TenantID()+"_") {
				t.Errorf("tenant %d's token sees alert %v", i, a["id"])
			}
			if a["id"] == tn.AlertID(alerttypes.TooManyGlobalAdmins) && a["isActive"] != (i != 1) {
				t.Errorf("tenant %d: %s isActive = %v, want it dismissed in tenant 1 only", i, a["id"], a["isActive"])
			}
		}
		// Another tenant's alert is not this token's to see.
		other := tenants[(i+1)%len(tenants)]
		if resp := r.do(http.MethodGet, prefix+"/alerts/"+other.AlertID(alerttypes.StaleSignIn), nil); resp.status != http.StatusNotFound {
			t.Errorf("tenant %d's token reads tenant %s's alert: %d %s", i, other.TenantID(), resp.status, resp.body)
		}
	}

	// The log the tenants share says whose token each Graph request carried.
	lists := map[string]int{}
	for _, r := range first.GraphRequests() {
		if r.Route == "alerts.list" {
			lists[r.Tenant]++
		}
	}
	for i, tn := range tenants {
		if lists[tn.TenantID()] != 1 {
			t.Errorf("tenant %d: %d logged alerts.list requests, want 1 (by tenant: %v)", i, lists[tn.TenantID()], lists)
		}
	}
}

// One multi-tenant application signs in to every tenant of the simulator
// with the credentials of its application object in the first tenant (a
// secret, a certificate), with a token for that tenant; a tenant whose
// consent is revoked refuses it with AADSTS700016, and only that tenant.
func TestTenants_multiTenantApp(t *testing.T) {
	t.Parallel()
	first, _ := newTenant(t, mockgraph.WithTenants(3))
	tenants := first.Tenants()
	id, secret := first.ReadWriteClient()
	cert, key := newCertificate(t)
	first.AddClientCertificate(id, cert)
	for i, tn := range tenants {
		if tid, tsecret := tn.ReadWriteClient(); tid != id || tsecret != secret {
			t.Errorf("tenant %d's read-write app is %s with another secret, want the first tenant's %s", i, tid, id)
		}
		r := newRawAs(t, tn, id, secret) // fails the test unless the first tenant's secret signs in here
		claims := jwt.MapClaims{}
		if _, _, err := jwt.NewParser().ParseUnverified(r.token, claims); err != nil || claims["tid"] != tn.TenantID() {
			got := claims["tid"]
			t.Errorf("tenant %d: the token's tid is %q", i, got)
		}
		cred, err := azidentity.NewClientCertificateCredential(tn.TenantID(), id, []*x509.Certificate{cert}, key,
			&azidentity.ClientCertificateCredentialOptions{ClientOptions: credentialOptions(tn), DisableInstanceDiscovery: true})
		if err != nil {
			t.Fatal(err)
		}
		readAlerts(t, tn, cred)
	}

	if !tenants[1].RevokeConsent(id) {
		t.Fatal("tenant 1 had no service principal of the app")
	}
	for i, tn := range tenants {
		r := &raw{t: t, s: tn, http: tn.HTTPClient()}
		status, body := r.requestToken(id, secret, tn.GraphEndpoint()+"/.default")
		refused := false
		if status != http.StatusOK {
			_, codes := aadError(t, body)
			refused = status == http.StatusBadRequest && len(codes) > 0 && codes[0] == float64(700016)
		}
		if refused != (i == 1) {
			t.Errorf("tenant %d after revoking tenant 1's consent: %d %v", i, status, body)
		}
	}
}
