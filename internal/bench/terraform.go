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

// Mode is how a configuration reaches its tenants.
type Mode string

const (
	// Aliases is one provider alias per tenant, each resource naming its
	// tenant's alias: Terraform starts a provider process per alias.
	Aliases Mode = "aliases"
	// PerResource is one provider configuration and, on every resource,
	// tenant_id overriding the provider's: one provider process for all
	// tenants.
	PerResource Mode = "per-resource"
)

// Modes are the modes the bench knows, in report order.
var Modes = []Mode{Aliases, PerResource}

// config is what a scenario's Terraform configuration is rendered from.
type config struct {
	mode                         Mode
	graphEndpoint, authorityHost string
	tenants                      []tenantClient
	snapshot                     bool
}

// render returns the Terraform configuration of c: per tenant the
// 14-resource baseline (7 entrapim_alert_configuration, 7 entrapim_alert),
// reached through one alias per tenant or through one provider
// configuration and each resource's tenant_id. The output is as
// `terraform fmt` writes it.
func (c config) render() string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    entrapim = {
      source = "entrapim/entrapim"
    }
  }
}
`)
	switch c.mode {
	case Aliases:
		for i, t := range c.tenants {
			alias := fmt.Sprintf("t%d", i)
			c.writeProvider(&b, alias, t)
			for _, r := range baseline {
				writeResource(&b, r, alias+"_"+r.name, [][2]string{{"provider", "entrapim." + alias}})
			}
		}
	case PerResource:
		// The provider's own tenant is the first; every resource overrides
		// it, as a module with for_each over the tenants would.
		c.writeProvider(&b, "", c.tenants[0])
		b.WriteString("\nlocals {\n  tenants = toset([\n")
		for _, t := range c.tenants {
			fmt.Fprintf(&b, "    %q,\n", t.TenantID)
		}
		b.WriteString("  ])\n}\n")
		for _, r := range baseline {
			writeResource(&b, r, r.name, [][2]string{{"for_each", "local.tenants"}, {"tenant_id", "each.key"}})
		}
	default:
		panic(fmt.Sprintf("bench: unknown mode %q", c.mode))
	}
	return b.String()
}

// writeProvider writes a provider block for tenant t, an alias unless
// alias is empty.
func (c config) writeProvider(b *strings.Builder, alias string, t tenantClient) {
	var args [][2]string
	if alias != "" {
		args = append(args, [2]string{"alias", fmt.Sprintf("%q", alias)})
	}
	args = append(args,
		[2]string{"graph_endpoint", fmt.Sprintf("%q", c.graphEndpoint)},
		[2]string{"authority_host", fmt.Sprintf("%q", c.authorityHost)},
		[2]string{"tenant_id", fmt.Sprintf("%q", t.TenantID)},
		[2]string{"client_id", fmt.Sprintf("%q", t.ClientID)},
		[2]string{"client_secret", fmt.Sprintf("%q", t.ClientSecret)},
		[2]string{"read_snapshot", fmt.Sprint(c.snapshot)},
	)
	b.WriteString("\nprovider \"entrapim\" {\n")
	writeAligned(b, args)
	b.WriteString("}\n")
}

// baselineResource is one resource of a tenant's baseline: its type, its
// name (prefixed with the alias in the aliases mode) and its arguments
// after alert_type.
type baselineResource struct {
	resourceType, name, alertType, body string
}

// baseline is the 14 resources of one tenant.
var baseline = func() []baselineResource {
	rs := []baselineResource{
		{"entrapim_alert_configuration", "ga", "TooManyGlobalAdminsAssignedToTenantAlert", `too_many_global_admins = {
    global_admin_count_threshold                       = 4
    percentage_of_global_admins_out_of_roles_threshold = 20
  }`},
		{"entrapim_alert_configuration", "renewals", "SequentialActivationRenewalsAlert", `sequential_activation_renewals = {
    sequential_activation_counter_threshold = 5
    time_interval_between_activations       = "PT1H"
  }`},
		{"entrapim_alert_configuration", "stale", "StaleSignInAlert", `stale_sign_in = {
    duration = "P45D"
  }`},
		{"entrapim_alert_configuration", "redundant", "RedundantAssignmentAlert", `redundant_assignment = {
    duration = "P20D"
  }`},
	}
	for _, at := range []string{"InvalidLicenseAlert", "NoMfaOnRoleActivationAlert", "RolesAssignedOutsidePimAlert"} {
		rs = append(rs, baselineResource{"entrapim_alert_configuration", "config_" + strings.ToLower(at), at, "enabled = true"})
	}
	for _, at := range alertTypes {
		rs = append(rs, baselineResource{"entrapim_alert", "alert_" + strings.ToLower(at), at, "active = false"})
	}
	return rs
}()

// writeResource writes r as a resource named name whose first arguments
// are meta (provider, or for_each and tenant_id).
func writeResource(b *strings.Builder, r baselineResource, name string, meta [][2]string) {
	fmt.Fprintf(b, "\nresource %q %q {\n", r.resourceType, name)
	writeAligned(b, append(meta, [2]string{"alert_type", fmt.Sprintf("%q", r.alertType)}))
	fmt.Fprintf(b, "\n  %s\n}\n", r.body)
}

// writeAligned writes one-line arguments with their "=" aligned, as
// terraform fmt does.
func writeAligned(b *strings.Builder, args [][2]string) {
	width := 0
	for _, a := range args {
		width = max(width, len(a[0]))
	}
	for _, a := range args {
		fmt.Fprintf(b, "  %-*s = %s\n", width, a[0], a[1])
	}
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
