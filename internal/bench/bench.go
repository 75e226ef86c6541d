// Package bench measures what a Terraform run of the provider costs: Graph
// requests, wall time, provider processes, memory and CPU of `terraform
// plan` (the refresh of an applied baseline) and `terraform apply` (from
// scratch) across many tenants, reached two ways: one provider alias per
// tenant, or one provider configuration with a tenant_id on every resource.
//
// It drives the real Terraform CLI and the built provider binary (through
// dev_overrides in a CLI configuration of its own) against one
// internal/cmd/mockgraph process serving every tenant of a scenario
// (-tenants N), with latency added to every Graph request, counted per
// tenant through its request log (its loopback control API). The provider
// processes trust the simulator's CA through SSL_CERT_FILE. Everything runs
// on loopback; nothing is downloaded. The bench does not import the
// simulator package: it is a separate program, as the simulator is for
// tests and its own command.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Options configures Run.
type Options struct {
	// Terraform is the path of the Terraform CLI.
	Terraform string
	// ProviderDir holds the built provider binary, terraform-provider-entrapim.
	ProviderDir string
	// Simulator is the path of the built internal/cmd/mockgraph.
	Simulator string
	// WorkDir receives the configurations, states and CA files.
	WorkDir string
	// Tenants are the tenant counts to measure, for example 10, 50 and 200.
	Tenants []int
	// Modes are the ways of reaching the tenants to measure at each count.
	Modes []Mode
	// AliasesMax is the most tenants the aliases mode is measured at: it
	// starts two provider processes per tenant at once, about 40 MiB each.
	// Zero means no limit.
	AliasesMax int
	// Snapshots are the read_snapshot settings to measure.
	Snapshots []bool
	// Latency is added by the simulators to every Graph request.
	Latency time.Duration
	// Parallelism is passed to terraform as -parallelism when positive;
	// Terraform's default (10) otherwise.
	Parallelism int
	// PollEvery is how often provider memory is polled.
	PollEvery time.Duration
	// Floor adds a run of the largest tenant count in each mode with the
	// snapshot on and no added latency: what Terraform and the provider
	// cost without any wait for Graph.
	Floor bool
	// Progress receives one line per step; nil for none.
	Progress io.Writer
}

// Result is one measured Terraform command.
type Result struct {
	// Operation is "plan" (refreshing plan of the applied baseline) or
	// "apply" (apply from scratch, its plan included).
	Operation string
	Tenants   int
	Mode      Mode
	Snapshot  bool
	// Latency is what the simulators added to every Graph request.
	Latency time.Duration
	Wall    time.Duration
	// CPU is the user and system time of Terraform and the provider
	// processes together; Memory.CPU is the providers' share.
	CPU time.Duration
	// Reads and Writes are Graph requests over all tenants; ReadsByRoute
	// counts the reads by the simulator's route names.
	Reads, Writes int
	ReadsByRoute  map[string]int
	// MinPerTenant and MaxPerTenant are the fewest and the most Graph
	// requests one tenant received.
	MinPerTenant, MaxPerTenant int
	// Identity counts token and metadata requests (not Graph requests) by
	// route.
	Identity map[string]int
	// PeakWrites is the most writes that arrived within one latency
	// interval, i.e. were in flight together.
	PeakWrites int
	Memory     Memory
}

// Requests is Reads + Writes.
func (r Result) Requests() int { return r.Reads + r.Writes }

// Report is everything Run measured.
type Report struct {
	Options   Options
	Terraform string // `terraform version` first line
	Machine   string
	Results   []Result
	Startup   Startup
}

// Run measures every tenant count in every mode and snapshot setting.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.PollEvery <= 0 {
		opts.PollEvery = 25 * time.Millisecond
	}
	rep := &Report{Options: opts, Machine: machine()}
	if v, err := terraformVersion(ctx, opts); err == nil {
		rep.Terraform = v
	}
	rc := filepath.Join(opts.WorkDir, "terraformrc")
	if err := os.WriteFile(rc, []byte(cliConfig(opts.ProviderDir)), 0o644); err != nil {
		return nil, err
	}
	for _, n := range opts.Tenants {
		for _, mode := range opts.modesAt(n) {
			for _, snapshot := range opts.Snapshots {
				results, err := scenario(ctx, opts, rc, n, mode, snapshot)
				if err != nil {
					return rep, fmt.Errorf("%d tenants, %s, snapshot %s: %w", n, mode, onOff(snapshot), err)
				}
				rep.Results = append(rep.Results, results...)
			}
		}
	}
	if opts.Floor && len(opts.Tenants) > 0 && opts.Latency > 0 {
		floor := opts
		floor.Latency = 0
		n := slices.Max(opts.Tenants)
		for _, mode := range opts.modesAt(n) {
			results, err := scenario(ctx, floor, rc, n, mode, true)
			if err != nil {
				return rep, fmt.Errorf("%d tenants, %s, without latency: %w", n, mode, err)
			}
			rep.Results = append(rep.Results, results...)
		}
	}
	s, err := startupScenario(ctx, opts, rc)
	if err != nil {
		return rep, fmt.Errorf("start-up: %w", err)
	}
	rep.Startup = s
	return rep, nil
}

// modesAt returns the modes measured at n tenants.
func (o Options) modesAt(n int) []Mode {
	var modes []Mode
	for _, m := range o.Modes {
		if m != Aliases || o.AliasesMax <= 0 || n <= o.AliasesMax {
			modes = append(modes, m)
		}
	}
	return modes
}

// scenario applies the baseline to n fresh tenants, then plans it.
func scenario(ctx context.Context, opts Options, rc string, n int, mode Mode, snapshot bool) ([]Result, error) {
	dir := filepath.Join(opts.WorkDir, fmt.Sprintf("tenants-%d-%s-snapshot-%s-latency-%s", n, mode, onOff(snapshot), opts.Latency))
	// A fresh directory: the apply starts without state.
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	opts.progress("%d tenants, %s, snapshot %s: starting a simulator of %d tenants (latency %s)", n, mode, onOff(snapshot), n, opts.Latency)
	sim, err := startSimulator(ctx, opts.Simulator, filepath.Join(dir, "ca.pem"), n, opts.Latency)
	if err != nil {
		return nil, err
	}
	defer sim.stop()
	tenants := sim.info.tenants()
	cfg := config{mode: mode, graphEndpoint: sim.info.GraphEndpoint, authorityHost: sim.info.AuthorityHost, tenants: tenants, snapshot: snapshot}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg.render()), 0o644); err != nil {
		return nil, err
	}
	env := terraformEnv(rc, sim.info.CAFile)

	var results []Result
	for _, op := range []struct {
		name string
		args []string
		exit int
	}{
		{"apply", []string{"apply", "-auto-approve", "-input=false", "-no-color"}, 0},
		// -detailed-exitcode: 0 = no changes, the applied baseline.
		{"plan", []string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}, 0},
	} {
		if err := sim.resetLogs(ctx); err != nil {
			return nil, err
		}
		args := op.args
		if opts.Parallelism > 0 {
			args = append(slices.Clone(args), fmt.Sprintf("-parallelism=%d", opts.Parallelism))
		}
		opts.progress("  terraform %s", strings.Join(args, " "))
		r, err := terraform(ctx, opts, dir, env, args...)
		if err != nil {
			return nil, err
		}
		if r.Exit != op.exit {
			return nil, fmt.Errorf("terraform %s exited %d, want %d:\n%s", op.name, r.Exit, op.exit, tail(r.Output, 40))
		}
		logs, err := sim.logs(ctx)
		if err != nil {
			return nil, err
		}
		res := count(logs, tenants, opts.Latency)
		res.Operation, res.Tenants, res.Mode, res.Snapshot, res.Latency = op.name, n, mode, snapshot, opts.Latency
		res.Wall, res.CPU, res.Memory = r.Wall, r.CPU, r.Memory
		opts.progress("    %s: %d Graph requests (%d reads, %d writes; %d-%d per tenant), wall %s, CPU %s (providers %s), %d provider processes, concurrent RSS %.0f MiB",
			op.name, res.Requests(), res.Reads, res.Writes, res.MinPerTenant, res.MaxPerTenant, r.Wall.Round(time.Millisecond), r.CPU.Round(10*time.Millisecond),
			res.Memory.CPU, res.Memory.Processes, mib(res.Memory.ConcurrentKiB))
		results = append(results, res)
	}
	return results, nil
}

// startupScenario measures the provider's start-up against one tenant.
func startupScenario(ctx context.Context, opts Options, rc string) (Startup, error) {
	dir := filepath.Join(opts.WorkDir, "startup")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Startup{}, err
	}
	sim, err := startSimulator(ctx, opts.Simulator, filepath.Join(dir, "ca.pem"), 1, opts.Latency)
	if err != nil {
		return Startup{}, err
	}
	defer sim.stop()
	cfg := config{mode: Aliases, graphEndpoint: sim.info.GraphEndpoint, authorityHost: sim.info.AuthorityHost, tenants: sim.info.tenants(), snapshot: true}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg.render()), 0o644); err != nil {
		return Startup{}, err
	}
	opts.progress("provider start-up: handshake and terraform providers schema -json")
	return measureStartup(ctx, opts, dir, terraformEnv(rc, sim.info.CAFile))
}

// count sums one command's request log over the tenants.
func count(log []request, tenants []tenantClient, latency time.Duration) Result {
	res := Result{ReadsByRoute: map[string]int{}, Identity: map[string]int{}}
	perTenant := map[string]int{}
	var writes []time.Time
	for _, r := range log {
		if identityRoutes[r.Route] {
			res.Identity[r.Route]++
			continue
		}
		perTenant[strings.ToLower(r.Tenant)]++
		if r.Write {
			res.Writes++
			writes = append(writes, r.Time)
		} else {
			res.Reads++
			res.ReadsByRoute[r.Route]++
		}
	}
	for i, t := range tenants {
		c := perTenant[strings.ToLower(t.TenantID)]
		if i == 0 {
			res.MinPerTenant = c
		}
		res.MinPerTenant, res.MaxPerTenant = min(res.MinPerTenant, c), max(res.MaxPerTenant, c)
	}
	res.PeakWrites = peakWithin(writes, latency)
	return res
}

// peakWithin returns the most times that fall within one window of length d.
func peakWithin(times []time.Time, d time.Duration) int {
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	peak, lo := 0, 0
	for hi := range times {
		for times[hi].Sub(times[lo]) >= max(d, time.Millisecond) {
			lo++
		}
		peak = max(peak, hi-lo+1)
	}
	return peak
}

func terraformVersion(ctx context.Context, opts Options) (string, error) {
	r, err := terraform(ctx, opts, opts.WorkDir, terraformEnv(os.DevNull, os.DevNull), "version")
	if err != nil {
		return "", err
	}
	if r.Exit != 0 {
		return "", errors.New(r.Output)
	}
	first, _, _ := strings.Cut(r.Output, "\n")
	return first, nil
}

// machine describes the host: CPUs, memory and OS.
func machine() string {
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if fields := strings.Fields(line); len(fields) >= 2 && fields[0] == "MemTotal:" {
				var kib int64
				if _, err := fmt.Sscan(fields[1], &kib); err == nil {
					mem = fmt.Sprintf(", %.0f GiB", float64(kib)/(1<<20))
				}
			}
		}
	}
	return fmt.Sprintf("%d CPUs%s, %s/%s, %s", runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, format+"\n", args...)
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
