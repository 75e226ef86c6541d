package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// startRun runs the command with args until the returned stop is called,
// and returns the string fields of its ready line and the line.
func startRun(t *testing.T, args ...string) (ready map[string]string, line []byte, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, pw, log.New(io.Discard, "", 0))
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadBytes('\n')
	if err != nil {
		cancel()
		t.Fatalf("ready line: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	var fields map[string]any
	if err := json.Unmarshal(line, &fields); err != nil {
		cancel()
		t.Fatalf("ready line %q: %v", line, err)
	}
	ready = map[string]string{}
	for k, v := range fields {
		if s, ok := v.(string); ok {
			ready[k] = s
		}
	}
	return ready, line, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("run did not stop")
		}
	}
}

func TestRun(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	ready, _, stop := startRun(t, "-ca-file", caFile, "-quiet", "-fault", "unavailable:alerts.list:1:1", "-latency", "1ms")
	keys := []string{"graph_endpoint", "authority_host", "tenant_id", "client_id", "client_secret", "read_only_client_id",
		"read_only_client_secret", "alerts_only_client_id", "alerts_only_client_secret", "ca_file"}
	for _, k := range keys {
		if ready[k] == "" {
			t.Errorf("ready line lacks %s: %v", k, ready)
		}
	}
	if len(ready) != len(keys) || ready["ca_file"] != caFile || ready["authority_host"] != ready["graph_endpoint"]+"/" {
		t.Errorf("ready line %v", ready)
	}
	if ready["alerts_only_client_id"] == ready["client_id"] || ready["alerts_only_client_id"] == ready["read_only_client_id"] {
		t.Errorf("the alerts-only client is another client: %v", ready)
	}

	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("CA file holds no certificate")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.PostForm(ready["authority_host"]+ready["tenant_id"]+"/oauth2/v2.0/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {ready["client_id"]}, "client_secret": {ready["client_secret"]},
		"scope": {ready["graph_endpoint"] + "/.default"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var tok map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("token: %d %v", resp.StatusCode, tok)
	}
	req, _ := http.NewRequest(http.MethodGet, ready["graph_endpoint"]+"/beta/identityGovernance/roleManagementAlerts/alerts?$filter=scopeId%20eq%20'/'%20and%20scopeType%20eq%20'DirectoryRole'", nil)
	req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
	for _, want := range []int{http.StatusServiceUnavailable, http.StatusOK} {
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("alerts: %d, want %d (the -fault flag fires once)", resp.StatusCode, want)
		}
	}
	client.CloseIdleConnections()
	stop()
	if _, err := os.Stat(caFile); err != nil {
		t.Errorf("the CA file -ca-file named is gone after the simulator stopped: %v", err)
	}
}

// -tenants 2 lists both tenants' clients, and each client gets a token of
// its own tenant.
func TestRunTenants(t *testing.T) {
	ready, raw, stop := startRun(t, "-quiet", "-tenants", "2")
	defer stop()
	var line struct {
		TenantID string              `json:"tenant_id"`
		Tenants  []map[string]string `json:"tenants"`
	}
	if err := json.Unmarshal(raw, &line); err != nil {
		t.Fatal(err)
	}
	if len(line.Tenants) != 2 || line.Tenants[0]["tenant_id"] != line.TenantID || line.Tenants[1]["tenant_id"] == line.TenantID {
		t.Fatalf("ready line tenants: %s", raw)
	}
	pem, err := os.ReadFile(ready["ca_file"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer client.CloseIdleConnections()
	for _, tn := range line.Tenants {
		resp, err := client.PostForm(ready["authority_host"]+tn["tenant_id"]+"/oauth2/v2.0/token", url.Values{
			"grant_type": {"client_credentials"}, "client_id": {tn["client_id"]}, "client_secret": {tn["client_secret"]},
			"scope": {ready["graph_endpoint"] + "/.default"},
		})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("token of tenant %s: %d", tn["tenant_id"], resp.StatusCode)
		}
	}
}

// Without -ca-file the CA goes to a temporary file, which a stopped
// simulator removes.
func TestRunRemovesTemporaryCA(t *testing.T) {
	ready, _, stop := startRun(t, "-quiet")
	if _, err := os.Stat(ready["ca_file"]); err != nil {
		t.Fatalf("temporary CA file: %v", err)
	}
	stop()
	if _, err := os.Stat(ready["ca_file"]); !os.IsNotExist(err) {
		t.Errorf("the temporary CA file %s is still there after the simulator stopped (%v)", ready["ca_file"], err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-listen", "0.0.0.0:0"},
		{"-fault", "explode"},
		{"-seed", filepath.Join(t.TempDir(), "missing.json")},
		{"-ca-cert", filepath.Join(t.TempDir(), "ca.pem")},
		{"-make-ca"},
		{"-permission-errors", "teapot"},
	} {
		if err := run(context.Background(), args, io.Discard, log.New(io.Discard, "", 0)); err == nil {
			t.Errorf("run %v succeeded", args)
		}
	}
}

// -make-ca writes a CA that a simulator started with -ca-cert and -ca-key
// uses.
func TestMakeCA(t *testing.T) {
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
	if err := run(context.Background(), []string{"-make-ca", "-ca-cert", cert, "-ca-key", key}, io.Discard, log.New(io.Discard, "", 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := mockgraph.LoadCA(cert, key); err != nil {
		t.Errorf("the CA -make-ca wrote: %v", err)
	}
}
