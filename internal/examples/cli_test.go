package examples_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// Some examples cannot run with the in-process provider of the testing
// framework: with reattached providers Terraform sends every provider
// configuration (every alias) to the one provider process, so the last
// ConfigureProvider wins for all aliases (terraform-plugin-framework issue
// 490). Those examples run here as users run them: the Terraform CLI with
// the provider binary installed through dev_overrides, one provider process
// per alias, each trusting the simulators' CAs through SSL_CERT_FILE.

var (
	buildOnce   sync.Once
	providerBin string // directory holding terraform-provider-entrapim
	buildErr    error
)

// providerBinaryDir builds the provider binary once per test run and
// returns the directory holding it.
func providerBinaryDir(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() { providerBin, buildErr = buildProvider() })
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return providerBin
}

// buildProvider builds terraform-provider-entrapim into a new directory that
// TestMain removes after the tests. It has no *testing.T because the binary
// outlives the first test that asks for it.
func buildProvider() (string, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "entrapim-examples-provider-")
	if err != nil {
		return "", err
	}
	cleanups = append(cleanups, func() { _ = os.RemoveAll(dir) })
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-entrapim"), ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build of the provider: %v\n%s", err, out)
	}
	return dir, nil
}

// cleanups run after all tests (TestMain).
var cleanups []func()

// terraformPath is the Terraform CLI the acceptance tests use.
func terraformPath() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}

// requireAcc skips tests that run Terraform unless TF_ACC is set, as the
// testing framework does for its own tests.
func requireAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	if acctest.Live() {
		t.Skip("simulator only: runs the example against simulated tenants it starts and inspects in process")
	}
}

// cli is the CLI under test in one working directory.
type cli = acctest.CLI

// newCLI prepares the CLI under test for the configuration in dir, with
// the provider binary installed through dev_overrides and provider
// processes that trust the CAs of servers.
func newCLI(t *testing.T, dir string, servers ...*mockgraph.Server) *cli {
	t.Helper()
	rc := fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "registry.terraform.io/entrapim/entrapim" = %[1]q
    "registry.opentofu.org/entrapim/entrapim" = %[1]q
  }
  direct {}
}
`, providerBinaryDir(t))
	var cas [][]byte
	for _, s := range servers {
		cas = append(cas, s.CACertPEM())
	}
	return acctest.NewCLI(t, terraformPath(), dir, rc, cas...)
}

// copyExamples copies examples/<rel> for each rel into a new temporary
// directory, keeping their relative layout (so module sources such as
// "../baseline-module" resolve), and returns that directory.
func copyExamples(t *testing.T, rels ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, rel := range rels {
		src := examplesDir(t, rel)
		dst := filepath.Join(root, rel)
		if err := os.MkdirAll(dst, 0o700); err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}
