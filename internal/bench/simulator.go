package bench

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// simulator is one running internal/cmd/mockgraph process serving every
// simulated tenant of a scenario (-tenants N), and an HTTP client that
// trusts its CA (for the control API).
type simulator struct {
	cmd    *exec.Cmd
	info   simulatorInfo
	client *http.Client
}

// simulatorInfo is the ready line the simulator prints on stdout.
type simulatorInfo struct {
	GraphEndpoint string `json:"graph_endpoint"`
	AuthorityHost string `json:"authority_host"`
	tenantClient
	CAFile string `json:"ca_file"`
	// Tenants lists every tenant when there are more than one.
	Tenants []tenantClient `json:"tenants"`
}

// tenantClient is one tenant's id and read-write client.
type tenantClient struct {
	TenantID     string `json:"tenant_id"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// tenants returns every tenant the simulator serves, the first first.
func (i simulatorInfo) tenants() []tenantClient {
	if len(i.Tenants) == 0 {
		return []tenantClient{i.tenantClient}
	}
	return i.Tenants
}

// request is the part of a simulator request log entry the bench counts.
type request struct {
	Time   time.Time `json:"time"`
	Method string    `json:"method"`
	Path   string    `json:"path"`
	Route  string    `json:"route"`
	Status int       `json:"status"`
	Write  bool      `json:"write"`
	// Tenant is the tenant of the token of an authorized Graph request.
	Tenant string `json:"tenant"`
}

// identityRoutes are the routes of the simulator's identity endpoints; every
// other logged route is a Graph request.
var identityRoutes = map[string]bool{
	"token": true, "openid-configuration": true, "instance-discovery": true, "jwks": true,
	"oidc": true, "oidc-github": true, "oidc-ado": true, "oidc-metadata": true, "oidc-keys": true,
	"simulator": true,
}

// startSimulator starts one simulator of n tenants on a loopback port and
// waits for its ready line. The per-resource mode signs in to every tenant
// with the first tenant's client and secret, as a multi-tenant application
// consented in each tenant does; each alias uses its tenant's listed client.
func startSimulator(ctx context.Context, binary, caFile string, n int, latency time.Duration) (*simulator, error) {
	cmd := exec.CommandContext(ctx, binary, "-listen", "127.0.0.1:0", "-ca-file", caFile,
		"-tenants", fmt.Sprint(n), "-latency", latency.String(), "-quiet")
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}
	s := &simulator{cmd: cmd}
	line := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		// The ready line lists every tenant: about 600 bytes each.
		sc.Buffer(nil, 64<<20)
		if !sc.Scan() {
			line <- fmt.Errorf("the simulator exited before it was ready: %v", sc.Err())
			return
		}
		line <- json.Unmarshal(sc.Bytes(), &s.info)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case err = <-line:
	case <-time.After(120 * time.Second):
		err = errors.New("the simulator did not print its ready line within 120s")
	}
	if err == nil && len(s.info.tenants()) != n {
		err = fmt.Errorf("the simulator serves %d tenants, want %d", len(s.info.tenants()), n)
	}
	if err != nil {
		s.stop()
		return nil, err
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		s.stop()
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		s.stop()
		return nil, fmt.Errorf("no certificate in %s", caFile)
	}
	s.client = &http.Client{
		Timeout:   60 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
	}
	return s, nil
}

// stop ends the simulator: SIGTERM, then SIGKILL after 10 seconds.
func (s *simulator) stop() {
	if s == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// resetLogs empties the request log (shared by all tenants).
func (s *simulator) resetLogs(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, s.info.GraphEndpoint+"/_simulator/requests", nil)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("resetting the request log: %s", resp.Status)
	}
	return nil
}

// logs returns the request log of every tenant.
func (s *simulator) logs(ctx context.Context) ([]request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.info.GraphEndpoint+"/_simulator/requests", nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	var out []request
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("reading the request log: %w", err)
	}
	return out, nil
}
