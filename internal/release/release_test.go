// Package release_test checks a signed snapshot release that make
// release-check built with GoReleaser: what came out, and that terraform
// init and tofu init install it the way they install a provider from a
// registry (service discovery, versions, download, checksums, signature)
// and from a filesystem mirror, with no dev_overrides. Then the installed
// provider plans against the simulated tenant.
//
// make release-check sets RELEASE_DIST (GoReleaser's dist directory),
// RELEASE_VERSION, RELEASE_GNUPGHOME (the keyring of the throwaway signing
// key), TF_ACC_TERRAFORM_PATH and ENTRAPIM_TOFU; without them the tests
// skip.
package release_test

import (
	"archive/zip"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

const project = "terraform-provider-entrapim"

// release is what make release-check built.
type release struct {
	dist, version, gnupgHome string
}

func (r release) name(suffix string) string { return project + "_" + r.version + "_" + suffix }
func (r release) zip() string               { return r.name(runtime.GOOS + "_" + runtime.GOARCH + ".zip") }
func (r release) sums() string              { return r.name("SHA256SUMS") }
func (r release) file(name string) string   { return filepath.Join(r.dist, name) }

func built(t *testing.T) release {
	t.Helper()
	r := release{dist: os.Getenv("RELEASE_DIST"), version: os.Getenv("RELEASE_VERSION"), gnupgHome: os.Getenv("RELEASE_GNUPGHOME")}
	if r.dist == "" || r.version == "" || r.gnupgHome == "" {
		t.Skip("make release-check builds the release these tests check (RELEASE_DIST, RELEASE_VERSION, RELEASE_GNUPGHOME)")
	}
	return r
}

// TestReleaseArtifacts checks what GoReleaser made, as the Terraform
// Registry requires it: the archive and binary names, SHA256SUMS covering
// every archive and the manifest, a binary (not armoured) detached
// signature that verifies, and the manifest's protocol version.
func TestReleaseArtifacts(t *testing.T) {
	r := built(t)
	zr, err := zip.OpenReader(r.file(r.zip()))
	if err != nil {
		t.Fatalf("the archive for this platform: %v", err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	_ = zr.Close()
	if want := project + "_v" + r.version; !slices.Contains(names, want) {
		t.Errorf("%s holds %v, want the binary %s", r.zip(), names, want)
	}

	sums := readFile(t, r.file(r.sums()))
	listed := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(sums), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("%s: line %q is not 'SHA256  NAME'", r.sums(), line)
		}
		listed[name] = sum
	}
	zips, _ := filepath.Glob(r.file(project + "_" + r.version + "_*.zip"))
	if len(zips) == 0 {
		t.Fatal("no archive")
	}
	for _, want := range append(zips, r.file(r.name("manifest.json"))) {
		name := filepath.Base(want)
		if got := sha256File(t, want); listed[name] != got {
			t.Errorf("%s lists %s with %q, want %s", r.sums(), name, listed[name], got)
		}
	}
	if len(listed) != len(zips)+1 {
		t.Errorf("%s lists %d files, want the %d archives and the manifest: %v", r.sums(), len(listed), len(zips), listed)
	}

	sig := readFile(t, r.file(r.sums()+".sig"))
	if strings.HasPrefix(sig, "-----BEGIN") {
		t.Error("the signature is ASCII-armoured; the registry needs a binary detached signature")
	}
	if out, err := gpg(r, "--verify", r.file(r.sums()+".sig"), r.file(r.sums())); err != nil {
		t.Errorf("the signature does not verify: %v\n%s", err, out)
	}

	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal([]byte(readFile(t, r.file(r.name("manifest.json")))), &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Version != 1 || !slices.Equal(manifest.Metadata.ProtocolVersions, []string{"6.0"}) {
		t.Errorf("manifest %+v, want version 1 and protocol 6.0", manifest)
	}
}

// TestAccReleaseInstall installs the release through the provider registry
// protocol, as terraform init and tofu init do from a registry: service
// discovery on a loopback TLS host, versions, download with the checksums
// and their signature and the signing key. The CLI verifies both and
// writes the lock file; the installed provider then plans against the
// simulated tenant. A tampered archive or signature makes init fail.
func TestAccReleaseInstall(t *testing.T) {
	r := built(t)
	for _, cli := range clis(t) {
		t.Run(filepath.Base(cli), func(t *testing.T) {
			t.Parallel()
			reg := newRegistry(t, r)
			srv := mockgraph.New(t)
			source := reg.host + "/entrapim/entrapim"
			tf := newWorkdir(t, cli, source, nil, srv, reg.caPEM)
			out := tf.Must(0, tf.env, "init", "-input=false")
			if !strings.Contains(out, "Installed "+source+" v"+r.version) || strings.Contains(out, "unauthenticated") {
				t.Errorf("init did not install and authenticate the release:\n%s", out)
			}
			lock := readFile(t, filepath.Join(tf.Dir, ".terraform.lock.hcl"))
			if !strings.Contains(lock, `"h1:`) || !strings.Contains(lock, `"zh:`+reg.zipSum) {
				t.Errorf("the lock file does not pin the release's hashes:\n%s", lock)
			}
			tf.plans()

			for tamper, why := range map[string]string{"archive": "checksum", "signature": "signature", "key": "signature"} {
				reg.tamper.Store(tamper)
				bad := newWorkdir(t, cli, source, nil, srv, reg.caPEM)
				if out, code := bad.Run(bad.env, "init", "-input=false"); code == 0 || !strings.Contains(strings.ToLower(out), why) {
					t.Errorf("init with a tampered %s: exit %d, want a failure naming the %s:\n%s", tamper, code, why, out)
				}
			}
		})
	}
}

// TestAccReleaseMirror installs the release from a filesystem mirror, as
// a team that vets binaries does (no signature there: the mirror is
// trusted), and plans with it.
func TestAccReleaseMirror(t *testing.T) {
	r := built(t)
	for _, cli := range clis(t) {
		t.Run(filepath.Base(cli), func(t *testing.T) {
			t.Parallel()
			host := "registry.terraform.io"
			if strings.Contains(filepath.Base(cli), "tofu") {
				host = "registry.opentofu.org"
			}
			mirror := t.TempDir()
			dir := filepath.Join(mirror, host, "entrapim", "entrapim")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, r.zip()), []byte(readFile(t, r.file(r.zip()))), 0o644); err != nil {
				t.Fatal(err)
			}
			srv := mockgraph.New(t)
			rc := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["%s/entrapim/entrapim"]
  }
  direct {
    exclude = ["%s/entrapim/entrapim"]
  }
}
`, mirror, host, host)
			tf := newWorkdir(t, cli, "entrapim/entrapim", []byte(rc), srv)
			if out := tf.Must(0, tf.env, "init", "-input=false"); !strings.Contains(out, "v"+r.version) {
				t.Errorf("init did not install the release from the mirror:\n%s", out)
			}
			tf.plans()
		})
	}
}

// clis are the CLIs to install with: Terraform and, when given, OpenTofu.
func clis(t *testing.T) []string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	out := []string{os.Getenv("TF_ACC_TERRAFORM_PATH")}
	if out[0] == "" {
		out[0] = "terraform"
	}
	if tofu := os.Getenv("ENTRAPIM_TOFU"); tofu != "" {
		out = append(out, tofu)
	}
	return out
}

// registry serves the release through the provider registry protocol.
type registry struct {
	host, zipSum string
	caPEM        []byte
	// tamper is "archive" or "signature" to serve that file altered, or
	// "key" to offer another key than the one that signed.
	tamper atomic.Value
	// otherKey is the armoured public key of another signer.
	otherKey string
}

func newRegistry(t *testing.T, r release) *registry {
	t.Helper()
	reg := &registry{zipSum: sha256File(t, r.file(r.zip())), otherKey: otherKey(t)}
	reg.tamper.Store("")
	out, err := gpg(r, "--armor", "--export")
	if err != nil {
		t.Fatalf("exporting the signing key: %v\n%s", err, out)
	}
	armor := out
	fpr, err := gpg(r, "--with-colons", "--list-keys")
	if err != nil {
		t.Fatal(err)
	}
	keyID := ""
	for _, line := range strings.Split(fpr, "\n") {
		if f := strings.Split(line, ":"); len(f) > 9 && f[0] == "fpr" {
			keyID = f[9][len(f[9])-16:]
			break
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/terraform.json", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]string{"providers.v1": "/v1/providers/"})
	})
	mux.HandleFunc("GET /v1/providers/entrapim/entrapim/versions", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]any{"versions": []any{map[string]any{"version": r.version, "protocols": []string{"6.0"},
			"platforms": []any{map[string]string{"os": runtime.GOOS, "arch": runtime.GOARCH}}}}})
	})
	mux.HandleFunc("GET /v1/providers/entrapim/entrapim/{version}/download/{os}/{arch}", func(w http.ResponseWriter, req *http.Request) {
		if req.PathValue("version") != r.version || req.PathValue("os") != runtime.GOOS || req.PathValue("arch") != runtime.GOARCH {
			http.NotFound(w, req)
			return
		}
		key := armor
		if reg.tamper.Load() == "key" {
			key = reg.otherKey
		}
		writeJSON(w, map[string]any{
			"protocols": []string{"6.0"}, "os": runtime.GOOS, "arch": runtime.GOARCH,
			"filename": r.zip(), "download_url": "/files/" + r.zip(),
			"shasums_url": "/files/" + r.sums(), "shasums_signature_url": "/files/" + r.sums() + ".sig",
			"shasum": reg.zipSum,
			"signing_keys": map[string]any{"gpg_public_keys": []any{map[string]string{
				"key_id": keyID, "ascii_armor": key, "trust_signature": "", "source": "entrapim", "source_url": "https://example.invalid/security"}}},
		})
	})
	mux.HandleFunc("GET /files/{name}", func(w http.ResponseWriter, req *http.Request) {
		name := req.PathValue("name")
		if strings.ContainsAny(name, "/\\") || !strings.HasPrefix(name, project+"_") {
			http.NotFound(w, req)
			return
		}
		b, err := os.ReadFile(r.file(name))
		if err != nil {
			http.NotFound(w, req)
			return
		}
		if tamper := reg.tamper.Load(); tamper == "archive" && name == r.zip() || tamper == "signature" && strings.HasSuffix(name, ".sig") {
			b = bytes.Clone(b)
			b[len(b)/2] ^= 0xff
		}
		_, _ = w.Write(b)
	})
	srv := httptest.NewUnstartedServer(mux)
	cert, caPEM := serverCertificate(t)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	reg.host, reg.caPEM = "localhost:"+port, caPEM
	return reg
}

// workdir is a Terraform working directory with a CLI configuration of its
// own (no dev_overrides) whose provider signs in to the simulated tenant srv.
type workdir struct {
	*acctest.CLI
	srv *mockgraph.Server
	env map[string]string
}

func newWorkdir(t *testing.T, cli, source string, rc []byte, srv *mockgraph.Server, cas ...[]byte) *workdir {
	t.Helper()
	dir := t.TempDir()
	main := fmt.Sprintf(`terraform {
  required_providers {
    entrapim = {
      source  = %q
      version = %q
    }
  }
}

provider "entrapim" {}

data "entrapim_alerts" "all" {}

output "alert_types" {
  value = sort([for a in data.entrapim_alerts.all.alerts : a.alert_type])
}
`, source, os.Getenv("RELEASE_VERSION"))
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	id, secret := srv.ReadWriteClient()
	return &workdir{CLI: acctest.NewCLI(t, cli, dir, rc, append(cas, srv.CACertPEM())...), srv: srv, env: map[string]string{
		"ARM_TENANT_ID": srv.TenantID(), "ARM_CLIENT_ID": id, "ARM_CLIENT_SECRET": secret,
		"ENTRAPIM_GRAPH_ENDPOINT": srv.GraphEndpoint(), "ENTRAPIM_AUTHORITY_HOST": srv.AuthorityHost(),
	}}
}

// plans runs a plan with the installed provider and checks that it read
// the simulated tenant.
func (w *workdir) plans() {
	w.T.Helper()
	w.srv.ResetRequests()
	out := w.Must(0, w.env, "plan", "-input=false")
	if !strings.Contains(out, "TooManyGlobalAdminsAssignedToTenantAlert") || len(w.srv.GraphRequests()) == 0 {
		w.T.Errorf("the installed provider did not read the simulated tenant:\n%s", out)
	}
}

// gpg runs gpg with r's keyring and returns its standard output, or its
// standard error with the error.
func gpg(r release, args ...string) (string, error) {
	cmd := exec.Command("gpg", append([]string{"--batch"}, args...)...)
	cmd.Env = append(os.Environ(), "GNUPGHOME="+r.gnupgHome)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stderr.String(), err
	}
	return stdout.String(), nil
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(readFile(t, path)))
	return hex.EncodeToString(sum[:])
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// serverCertificate returns a certificate for localhost signed by a new CA,
// and the CA's PEM.
func serverCertificate(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "release-check registry CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
}

// otherKey returns the armoured public key of a new signer, not the one
// that signed the release.
func otherKey(t *testing.T) string {
	t.Helper()
	// Under /tmp, not t.TempDir(): gpg-agent's socket path must fit in 108
	// bytes, and TMPDIR plus the test's name may not.
	home, err := os.MkdirTemp("/tmp", "entrapim-gnupg-other.") //nolint:usetesting // see above
	if err != nil {
		t.Fatal(err)
	}
	r := release{gnupgHome: home}
	t.Cleanup(func() {
		_ = exec.Command("gpgconf", "--homedir", home, "--kill", "all").Run()
		_ = os.RemoveAll(home)
	})
	if out, err := gpg(r, "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", "Someone Else <other@example.invalid>", "rsa3072", "sign", "1d"); err != nil {
		t.Fatalf("another key: %v\n%s", err, out)
	}
	out, err := gpg(r, "--armor", "--export")
	if err != nil {
		t.Fatalf("exporting another key: %v\n%s", err, out)
	}
	return out
}
