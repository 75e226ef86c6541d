package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// providerSource is the provider's registry address, overridden by
// dev_overrides in the bench's CLI configuration.
const providerSource = "registry.terraform.io/entrapim/entrapim"

// baselineConfig renders the Terraform configuration of a scenario: one
// provider alias per simulated tenant and, per tenant, the 14-resource
// baseline (7 entrapim_alert_configuration, 7 entrapim_alert).
func baselineConfig(sims []simulatorInfo, snapshot bool) string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    entrapim = {
      source = "entrapim/entrapim"
    }
  }
}
`)
	for i, s := range sims {
		alias := fmt.Sprintf("t%d", i)
		fmt.Fprintf(&b, `
provider "entrapim" {
  alias          = %q
  graph_endpoint = %q
  authority_host = %q
  tenant_id      = %q
  client_id      = %q
  client_secret  = %q
  read_snapshot  = %t
}
`, alias, s.GraphEndpoint, s.AuthorityHost, s.TenantID, s.ClientID, s.ClientSecret, snapshot)
		fmt.Fprintf(&b, `
resource "entrapim_alert_configuration" "%[1]s_ga" {
  provider   = entrapim.%[1]s
  alert_type = "TooManyGlobalAdminsAssignedToTenantAlert"
  too_many_global_admins = {
    global_admin_count_threshold                       = 4
    percentage_of_global_admins_out_of_roles_threshold = 20
  }
}

resource "entrapim_alert_configuration" "%[1]s_renewals" {
  provider   = entrapim.%[1]s
  alert_type = "SequentialActivationRenewalsAlert"
  sequential_activation_renewals = {
    sequential_activation_counter_threshold = 5
    time_interval_between_activations       = "PT1H"
  }
}

resource "entrapim_alert_configuration" "%[1]s_stale" {
  provider   = entrapim.%[1]s
  alert_type = "StaleSignInAlert"
  stale_sign_in = {
    duration = "P45D"
  }
}

resource "entrapim_alert_configuration" "%[1]s_redundant" {
  provider   = entrapim.%[1]s
  alert_type = "RedundantAssignmentAlert"
  redundant_assignment = {
    duration = "P20D"
  }
}
`, alias)
		// The other resources differ only in their type and one argument.
		type simple struct{ resourceType, alertType, argument string }
		var simples []simple
		for _, at := range []string{"InvalidLicenseAlert", "NoMfaOnRoleActivationAlert", "RolesAssignedOutsidePimAlert"} {
			simples = append(simples, simple{"entrapim_alert_configuration", at, "enabled = true"})
		}
		for _, at := range alertTypes {
			simples = append(simples, simple{"entrapim_alert", at, "active = false"})
		}
		for _, r := range simples {
			fmt.Fprintf(&b, `
resource %q "%s_%s" {
  provider   = entrapim.%s
  alert_type = %q
  %s
}
`, r.resourceType, alias, strings.ToLower(r.alertType), alias, r.alertType, r.argument)
		}
	}
	return b.String()
}

// alertTypes are the seven alert types of the catalogue, spelled as Graph
// does.
var alertTypes = []string{
	"InvalidLicenseAlert", "NoMfaOnRoleActivationAlert", "RedundantAssignmentAlert", "RolesAssignedOutsidePimAlert",
	"SequentialActivationRenewalsAlert", "StaleSignInAlert", "TooManyGlobalAdminsAssignedToTenantAlert",
}

// cliConfig is a Terraform CLI configuration whose dev_overrides point the
// provider at dir; nothing is ever downloaded.
func cliConfig(dir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, providerSource, dir)
}

// terraformEnv is the environment of the Terraform runs: the process's,
// without settings that could change what the provider or Terraform do
// (ARM_*, ENTRAPIM_*, TF_*, SSL_CERT_*), plus the bench's own.
func terraformEnv(cliConfigFile, caBundle string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "ARM_"), strings.HasPrefix(name, "ENTRAPIM_"), strings.HasPrefix(name, "TF_"),
			strings.HasPrefix(name, "SSL_CERT_"), name == "CHECKPOINT_DISABLE":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+cliConfigFile,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		// The provider processes trust every simulator's CA.
		"SSL_CERT_FILE="+caBundle,
	)
}

// run is one timed Terraform command.
type run struct {
	Wall time.Duration
	// CPU is the user and system time of Terraform and every process it
	// started and waited for (the provider processes).
	CPU    time.Duration
	Memory Memory
	Exit   int
	Output string // combined stdout and stderr, for errors
}

// terraform runs the Terraform CLI with args in dir and polls the memory of
// the provider processes it starts.
func terraform(ctx context.Context, opts Options, dir string, env []string, args ...string) (run, error) {
	cmd := exec.CommandContext(ctx, opts.Terraform, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run{}, err
	}
	poller := newMemPoller(cmd.Process.Pid, filepath.Join(opts.ProviderDir, providerBinary), opts.PollEvery)
	err := cmd.Wait()
	r := run{Wall: time.Since(start), Memory: poller.stop(), Output: out.String()}
	if ps := cmd.ProcessState; ps != nil {
		r.CPU = ps.UserTime() + ps.SystemTime()
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.Exit = exit.ExitCode()
	case err != nil:
		return r, err
	}
	return r, nil
}
