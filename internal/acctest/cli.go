package acctest

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// CLI runs a Terraform or OpenTofu CLI in one working directory with an
// environment of its own: nothing of the process environment except PATH,
// so no ARM_* or TF_* setting of the developer's shell leaks in. The tests
// that run examples as users run them and the release tests share it.
type CLI struct {
	T    *testing.T
	Path string // the CLI binary
	Dir  string // the working directory
	base []string
}

// NewCLI prepares the CLI at path for the configuration in dir, with rc as
// its CLI configuration file (TF_CLI_CONFIG_FILE) and provider processes
// that trust the PEM certificates of cas (SSL_CERT_FILE).
func NewCLI(t *testing.T, path, dir string, rc []byte, cas ...[]byte) *CLI {
	t.Helper()
	home := t.TempDir()
	rcFile := filepath.Join(home, "terraformrc")
	if err := os.WriteFile(rcFile, rc, 0o600); err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(home, "ca.pem")
	if err := os.WriteFile(caFile, bytes.Join(cas, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	return &CLI{T: t, Path: path, Dir: dir, base: []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + os.TempDir(),
		"TF_CLI_CONFIG_FILE=" + rcFile,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"SSL_CERT_FILE=" + caFile,
	}}
}

// Run runs the CLI with args (plus -no-color after the subcommand) and the
// extra environment; it returns the combined output and the exit code.
func (c *CLI) Run(env map[string]string, args ...string) (string, int) {
	c.T.Helper()
	return c.RunInput("", env, args...)
}

// RunInput is Run with stdin.
func (c *CLI) RunInput(stdin string, env map[string]string, args ...string) (string, int) {
	c.T.Helper()
	cmd := c.Command(env, args...)
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
		c.T.Fatalf("%s %s: %v", filepath.Base(c.Path), strings.Join(args, " "), err)
	}
	c.T.Logf("%s %s: exit %d (%s)", filepath.Base(c.Path), strings.Join(args, " "), code, time.Since(start).Round(time.Millisecond))
	return out.String(), code
}

// Command is the CLI with args (plus -no-color after the subcommand) in
// the working directory, with the CLI's environment and env.
func (c *CLI) Command(env map[string]string, args ...string) *exec.Cmd {
	full := args
	if !slices.Contains(args, "-no-color") {
		full = append([]string{args[0], "-no-color"}, args[1:]...)
	}
	cmd := exec.Command(c.Path, full...)
	cmd.Dir = c.Dir
	cmd.Env = slices.Clone(c.base)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// Must runs the CLI and fails the test unless it exits with want.
func (c *CLI) Must(want int, env map[string]string, args ...string) string {
	c.T.Helper()
	out, code := c.Run(env, args...)
	if code != want {
		c.T.Fatalf("%s %s: exit code %d, want %d\n%s", filepath.Base(c.Path), strings.Join(args, " "), code, want, out)
	}
	return out
}

// WriteVars writes a tfvars JSON file into the working directory.
func (c *CLI) WriteVars(name string, vars map[string]any) {
	c.T.Helper()
	b, err := json.MarshalIndent(vars, "", "  ")
	if err != nil {
		c.T.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.Dir, name), b, 0o600); err != nil {
		c.T.Fatal(err)
	}
}

// PlanChanges returns the resource changes of the saved plan file other
// than no-ops and reads, by address.
func (c *CLI) PlanChanges(env map[string]string, planFile string) map[string][]string {
	c.T.Helper()
	out := c.Must(0, env, "show", "-json", planFile)
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		c.T.Fatalf("show -json: %v\n%s", err, out)
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

// Outputs returns output -json as values by name.
func (c *CLI) Outputs(env map[string]string) map[string]any {
	c.T.Helper()
	out := c.Must(0, env, "output", "-json")
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		c.T.Fatalf("output -json: %v\n%s", err, out)
	}
	values := map[string]any{}
	for k, v := range raw {
		values[k] = v.Value
	}
	return values
}
