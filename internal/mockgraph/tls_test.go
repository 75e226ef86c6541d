package mockgraph_test

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// Simulators given one CA (WithCA, or -ca-cert/-ca-key through the files
// of WriteFiles) are all trusted through that one certificate.
func TestSharedCA(t *testing.T) {
	t.Parallel()
	ca, err := mockgraph.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
	if err := ca.WriteFiles(cert, key); err != nil {
		t.Fatal(err)
	}
	loaded, err := mockgraph.LoadCA(cert, key)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.CertPEM())
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	for _, c := range []*mockgraph.CA{ca, loaded} {
		s := mockgraph.New(t, mockgraph.WithCA(c))
		if string(s.CACertPEM()) != string(ca.CertPEM()) {
			t.Error("the simulator does not report the shared CA")
		}
		resp, err := client.Get(s.GraphEndpoint() + "/beta/identityGovernance/roleManagementAlerts/alerts")
		if err != nil {
			t.Fatalf("a client trusting only the shared CA: %v", err)
		}
		_ = resp.Body.Close()
	}
	if _, err := mockgraph.LoadCA(cert, cert); err == nil {
		t.Error("LoadCA accepted a certificate as its key")
	}
}

// TestLoadCARefusesAForeignKey: a CA certificate with another CA's key
// would sign server certificates no client can verify.
func TestLoadCARefusesAForeignKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, err := mockgraph.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	b, err := mockgraph.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	aCert, aKey := filepath.Join(dir, "a.pem"), filepath.Join(dir, "a-key.pem")
	bCert, bKey := filepath.Join(dir, "b.pem"), filepath.Join(dir, "b-key.pem")
	if err := a.WriteFiles(aCert, aKey); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteFiles(bCert, bKey); err != nil {
		t.Fatal(err)
	}
	if _, err := mockgraph.LoadCA(aCert, aKey); err != nil {
		t.Fatalf("LoadCA of a matching pair: %v", err)
	}
	if _, err := mockgraph.LoadCA(aCert, bKey); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Errorf("LoadCA of a's certificate with b's key: %v, want a 'does not belong' error", err)
	}
}
