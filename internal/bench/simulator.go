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
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// simulator is one running internal/cmd/mockgraph process: one
// simulated tenant.
type simulator struct {
	cmd  *exec.Cmd
	info simulatorInfo
}

// simulatorInfo is the ready line the simulator prints on stdout.
type simulatorInfo struct {
	GraphEndpoint string `json:"graph_endpoint"`
	AuthorityHost string `json:"authority_host"`
	TenantID      string `json:"tenant_id"`
	ClientID      string `json:"client_id"`
	ClientSecret  string `json:"client_secret"`
	CAFile        string `json:"ca_file"`
}

// request is the part of a simulator request log entry the bench counts.
type request struct {
	Time   time.Time `json:"time"`
	Method string    `json:"method"`
	Route  string    `json:"route"`
	Status int       `json:"status"`
	Write  bool      `json:"write"`
}

// identityRoutes are the routes of the simulator's identity endpoints; every
// other logged route is a Graph request.
var identityRoutes = map[string]bool{
	"token": true, "openid-configuration": true, "instance-discovery": true, "jwks": true,
	"oidc": true, "oidc-github": true, "oidc-ado": true, "oidc-metadata": true, "oidc-keys": true,
	"simulator": true,
}

// fleet is the simulators of one scenario and an HTTP client that trusts
// all of their CAs (for the control API).
type fleet struct {
	sims   []*simulator
	bundle string // PEM file with every simulator's CA
	client *http.Client
}

// startFleet starts n simulators with the given latency, at most 8 starting
// at a time, all with server certificates of one CA, as clients of real
// Graph trust one public chain (with a CA each, every TLS handshake would
// try up to n candidate CAs of the same subject).
func startFleet(ctx context.Context, binary, dir string, n int, latency time.Duration) (*fleet, error) {
	caCert, caKey := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
	if out, err := exec.CommandContext(ctx, binary, "-make-ca", "-ca-cert", caCert, "-ca-key", caKey).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("making the simulators' CA: %v: %s", err, out)
	}
	caPEM, err := os.ReadFile(caCert)
	if err != nil {
		return nil, err
	}
	f := &fleet{sims: make([]*simulator, n)}
	errs := make([]error, n)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			f.sims[i], errs[i] = startSimulator(ctx, binary, filepath.Join(dir, fmt.Sprintf("ca-%d.pem", i)), caCert, caKey, latency)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		f.stop()
		return nil, err
	}

	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		f.stop()
		return nil, fmt.Errorf("no certificate in %s", caCert)
	}
	f.bundle = caCert
	f.client = &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
	}
	return f, nil
}

// startSimulator starts one simulator on a loopback port and waits for its
// ready line.
func startSimulator(ctx context.Context, binary, caFile, caCert, caKey string, latency time.Duration) (*simulator, error) {
	cmd := exec.CommandContext(ctx, binary, "-listen", "127.0.0.1:0", "-ca-file", caFile, "-ca-cert", caCert, "-ca-key", caKey,
		"-latency", latency.String(), "-quiet")
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
		if !sc.Scan() {
			line <- fmt.Errorf("the simulator exited before it was ready: %v", sc.Err())
			return
		}
		line <- json.Unmarshal(sc.Bytes(), &s.info)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case err = <-line:
	case <-time.After(60 * time.Second):
		err = errors.New("the simulator did not print its ready line within 60s")
	}
	if err != nil {
		s.stop()
		return nil, err
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

func (f *fleet) stop() {
	var wg sync.WaitGroup
	for _, s := range f.sims {
		wg.Add(1)
		go func() { defer wg.Done(); s.stop() }()
	}
	wg.Wait()
}

// resetLogs empties every simulator's request log.
func (f *fleet) resetLogs(ctx context.Context) error {
	for _, s := range f.sims {
		req, err := http.NewRequestWithContext(ctx, http.MethodDelete, s.info.GraphEndpoint+"/_simulator/requests", nil)
		if err != nil {
			return err
		}
		resp, err := f.client.Do(req)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			return fmt.Errorf("resetting the request log of %s: %s", s.info.GraphEndpoint, resp.Status)
		}
	}
	return nil
}

// logs returns each simulator's request log.
func (f *fleet) logs(ctx context.Context) ([][]request, error) {
	out := make([][]request, len(f.sims))
	for i, s := range f.sims {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.info.GraphEndpoint+"/_simulator/requests", nil)
		if err != nil {
			return nil, err
		}
		resp, err := f.client.Do(req)
		if err != nil {
			return nil, err
		}
		err = json.NewDecoder(resp.Body).Decode(&out[i])
		_ = resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("reading the request log of %s: %w", s.info.GraphEndpoint, err)
		}
	}
	return out, nil
}
