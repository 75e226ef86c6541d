package examples_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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

// cli runs the Terraform CLI in one working directory with an environment
// of its own: nothing of the process environment except PATH, so no ARM_*
// or TF_* setting of the developer's shell leaks in.
type cli struct {
	t    *testing.T
	dir  string
	base []string
}

// newCLI prepares a CLI for the configuration in dir whose provider
// processes trust the CAs of servers.
func newCLI(t *testing.T, dir string, servers ...*mockgraph.Server) *cli {
	t.Helper()
	home := t.TempDir()
	rc := filepath.Join(home, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "registry.terraform.io/entrapim/entrapim" = %[1]q
    "registry.opentofu.org/entrapim/entrapim" = %[1]q
  }
  direct {}
}
`, providerBinaryDir(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	var cas []byte
	for _, s := range servers {
		cas = append(cas, s.CACertPEM()...)
	}
	caFile := filepath.Join(home, "ca.pem")
	if err := os.WriteFile(caFile, cas, 0o600); err != nil {
		t.Fatal(err)
	}
	return &cli{t: t, dir: dir, base: []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + os.TempDir(),
		"TF_CLI_CONFIG_FILE=" + rc,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"SSL_CERT_FILE=" + caFile,
	}}
}

// run runs terraform with args (plus -no-color after the subcommand) and
// the extra environment; it returns the combined output and the exit code.
func (c *cli) run(env map[string]string, args ...string) (string, int) {
	c.t.Helper()
	return c.runInput("", env, args...)
}

// runInput is run with stdin.
func (c *cli) runInput(stdin string, env map[string]string, args ...string) (string, int) {
	c.t.Helper()
	cmd := c.command(env, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Stdin = strings.NewReader(stdin)
	start := time.Now()
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		c.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	c.t.Logf("terraform %s: exit %d (%s)", strings.Join(args, " "), code, time.Since(start).Round(time.Millisecond))
	return out.String(), code
}

// command is terraform with args (plus -no-color after the subcommand)
// in the working directory, with the CLI's environment and env.
func (c *cli) command(env map[string]string, args ...string) *exec.Cmd {
	full := args
	if !slices.Contains(args, "-no-color") {
		full = append([]string{args[0], "-no-color"}, args[1:]...)
	}
	cmd := exec.Command(terraformPath(), full...)
	cmd.Dir = c.dir
	cmd.Env = append([]string(nil), c.base...)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// must runs terraform and fails the test unless it exits with want.
func (c *cli) must(want int, env map[string]string, args ...string) string {
	c.t.Helper()
	out, code := c.run(env, args...)
	if code != want {
		c.t.Fatalf("terraform %s: exit code %d, want %d\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// writeVars writes a tfvars JSON file into the working directory.
func (c *cli) writeVars(name string, vars map[string]any) {
	c.t.Helper()
	b, err := json.MarshalIndent(vars, "", "  ")
	if err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.dir, name), b, 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// planChanges returns the resource changes of the saved plan file other
// than no-ops and reads, by address.
func (c *cli) planChanges(env map[string]string, planFile string) map[string][]string {
	c.t.Helper()
	out := c.must(0, env, "show", "-json", planFile)
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		c.t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	changes := map[string][]string{}
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Actions) == 1 && (rc.Change.Actions[0] == "no-op" || rc.Change.Actions[0] == "read") {
			continue
		}
		changes[rc.Address] = rc.Change.Actions
	}
	return changes
}

// outputs returns terraform output -json as values by name.
func (c *cli) outputs(env map[string]string) map[string]any {
	c.t.Helper()
	out := c.must(0, env, "output", "-json")
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		c.t.Fatalf("terraform output -json: %v\n%s", err, out)
	}
	values := map[string]any{}
	for k, v := range raw {
		values[k] = v.Value
	}
	return values
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
