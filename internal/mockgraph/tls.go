package mockgraph

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tlsca"
)

// CA is a certificate authority that signs simulators' server
// certificates (see tlsca.CA).
type CA = tlsca.CA

// NewCA makes a CA valid for a week.
func NewCA() (*CA, error) { return tlsca.NewCA() }

// LoadCA reads a CA written by CA.WriteFiles.
func LoadCA(certPath, keyPath string) (*CA, error) { return tlsca.LoadCA(certPath, keyPath) }

// HTTPClient returns a client whose (fresh, unshared) transport trusts the
// simulator's CA and ignores proxy settings. It also routes MSAL's instance
// discovery host to the simulator.
func (s *Server) HTTPClient() *http.Client {
	addr := s.srv.Listener.Addr().String()
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{
		Transport: &http.Transport{
			Proxy: nil,
			DialContext: func(ctx context.Context, network, target string) (net.Conn, error) {
				if target == tlsca.InstanceDiscoveryHost+":443" {
					target = addr
				}
				return dialer.DialContext(ctx, network, target)
			},
			TLSClientConfig:     &tls.Config{RootCAs: s.CertPool(), MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout: 10 * time.Second,
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     30 * time.Second,
		},
		Timeout: 2 * time.Minute,
	}
}
