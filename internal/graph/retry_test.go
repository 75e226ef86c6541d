package graph_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

func fastRetries(cfg *graph.Config) { graph.SetRetryBase(cfg, 5*time.Millisecond) }

// TestRetryDroppedConnection: a read whose connection drops is retried.
func TestRetryDroppedConnection(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, fastRetries)
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultDrop, Route: "configurations.get", Count: 2})
	if _, err := c.GetConfiguration(context.Background(), builtin(alerttypes.StaleSignIn)); err != nil {
		t.Fatalf("GetConfiguration after two dropped connections: %v", err)
	}
	if n := countRoute(srv, "configurations.get"); n != 3 {
		t.Errorf("configurations.get sent %d times, want 3", n)
	}
}

// TestRetryPatchOnUnavailable: PATCH is idempotent and retried on 503.
func TestRetryPatchOnUnavailable(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, fastRetries)
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultDrop, Route: "configurations.patch", Count: 1})
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultTimeout, Route: "configurations.patch", Count: 1})
	n := int32(7)
	err := c.UpdateConfiguration(context.Background(), builtin(alerttypes.TooManyGlobalAdmins), graph.ConfigurationUpdate{Thresholds: alerttypes.Values{"globalAdminCountThreshold": alerttypes.IntValue(int64(n))}})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Configuration(alerttypes.TooManyGlobalAdmins)["globalAdminCountThreshold"]; got != 7 {
		t.Errorf("threshold = %v after retried PATCH, want 7", got)
	}
}

// remediateAfterFault remediates a StaleSignIn incident of a new simulator
// whose first remediate request meets a fault of kind; it returns how many
// remediate requests were sent and the remediation's error.
func remediateAfterFault(t *testing.T, kind mockgraph.FaultKind) (int, error) {
	t.Helper()
	srv, c := simulated(t, fastRetries)
	inc := srv.Incidents(alerttypes.StaleSignIn)[0]["id"].(string)
	srv.AddFault(mockgraph.Fault{Kind: kind, Route: "incidents.remediate", Count: 1, RetryAfter: time.Millisecond})
	err := c.RemediateIncident(context.Background(), builtin(alerttypes.StaleSignIn), inc)
	return countRoute(srv, "incidents.remediate"), err
}

// TestRemediateNotRetriedWhenItMayHaveArrived: a remediation whose connection
// dropped, or that got a 503, may have been carried out; it is not sent again.
func TestRemediateNotRetriedWhenItMayHaveArrived(t *testing.T) {
	t.Parallel()
	for _, kind := range []mockgraph.FaultKind{mockgraph.FaultDrop, mockgraph.FaultUnavailable} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			sent, err := remediateAfterFault(t, kind)
			if err == nil {
				t.Fatal("remediate after a fault succeeded, want the fault's error")
			}
			if sent != 1 {
				t.Errorf("remediate sent %d times, want 1", sent)
			}
		})
	}
}

// TestRemediateRetriedWhenThrottled: a 429 means Graph did not act on it.
func TestRemediateRetriedWhenThrottled(t *testing.T) {
	t.Parallel()
	sent, err := remediateAfterFault(t, mockgraph.FaultThrottle)
	if err != nil {
		t.Fatal(err)
	}
	if sent != 2 {
		t.Errorf("remediate sent %d times, want 2", sent)
	}
}

// TestRetryBoundedByContext: a persistent fault ends with the context, not
// after an unbounded wait.
func TestRetryBoundedByContext(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, func(cfg *graph.Config) { cfg.MaxRetries = 20 })
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultUnavailable, Route: "alerts.get", RetryAfter: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetAlert(ctx, builtin(alerttypes.StaleSignIn))
	if err == nil {
		t.Fatal("want an error")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("gave up after %v, want about the context's 500ms", d)
	}
}

// TestRetriesExhausted: after MaxRetries the throttling error is returned typed.
func TestRetriesExhausted(t *testing.T) {
	t.Parallel()
	srv, c := simulated(t, fastRetries, func(cfg *graph.Config) { cfg.MaxRetries = 2 })
	srv.AddFault(mockgraph.Fault{Kind: mockgraph.FaultTimeout, Route: "alerts.get"})
	_, err := c.GetAlert(context.Background(), builtin(alerttypes.StaleSignIn))
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.StatusCode != 504 || !graph.IsThrottled(err) {
		t.Fatalf("err = %v, want a typed 504", err)
	}
	if n := countRoute(srv, "alerts.get"); n != 3 {
		t.Errorf("alerts.get sent %d times, want 1 + 2 retries", n)
	}
}

// countingTransport counts the round trips that reach its base transport.
type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

// TestUntrustedCertificateNotRetried: a Graph endpoint whose certificate the
// client does not trust (a TLS-inspecting proxy's, here the simulator's own
// CA left out) fails at once, with a hint, instead of after every retry.
func TestUntrustedCertificateNotRetried(t *testing.T) {
	t.Parallel()
	tr := &countingTransport{base: http.DefaultTransport.(*http.Transport).Clone()}
	_, c := simulated(t, fastRetries, func(cfg *graph.Config) { cfg.Transport = tr })
	_, err := c.GetConfiguration(context.Background(), builtin(alerttypes.StaleSignIn))
	if err == nil {
		t.Fatal("GetConfiguration through an untrusted certificate succeeded")
	}
	if n := tr.n.Load(); n != 1 {
		t.Errorf("%d attempts, want 1: a certificate that is not trusted is not retried", n)
	}
	var ge *graph.Error
	if !errors.As(err, &ge) || !strings.Contains(ge.Hint, "SSL_CERT_FILE") || !strings.Contains(err.Error(), "not trusted") {
		t.Errorf("error %v: want a graph.Error whose hint names SSL_CERT_FILE", err)
	}
}

// TestUntrustedCertificateOfTheTokenEndpoint: when the token request meets
// the untrusted certificate first (a proxy in front of Entra ID too), the
// error has the same hint.
func TestUntrustedCertificateOfTheTokenEndpoint(t *testing.T) {
	t.Parallel()
	srv := mockgraph.New(t)
	id, secret := srv.ReadWriteClient()
	untrustedClient := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	cred, err := azidentity.NewClientSecretCredential(srv.TenantID(), id, secret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions: azcore.ClientOptions{
			Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: srv.AuthorityHost()},
			Transport: untrustedClient,
			Retry:     policy.RetryOptions{MaxRetries: -1},
		},
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, func(cfg *graph.Config) { cfg.Credential = cred; cfg.Transport = untrustedClient.Transport })
	_, err = c.GetConfiguration(context.Background(), builtin(alerttypes.StaleSignIn))
	var ge *graph.Error
	if !errors.As(err, &ge) || !strings.Contains(ge.Hint, "SSL_CERT_FILE") {
		t.Errorf("error %v: want a graph.Error whose hint names SSL_CERT_FILE", err)
	}
}
