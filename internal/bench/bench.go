// Package bench measures what a Terraform run of the provider costs: Graph
// requests, wall time and provider memory of `terraform plan` (the refresh of
// an applied baseline) and `terraform apply` (from scratch) across many
// tenants, with the read snapshot on and off.
//
// It drives the real Terraform CLI and the built provider binary (through
// dev_overrides in a CLI configuration of its own) against simulated
// tenants: one internal/cmd/mockgraph process per tenant, with
// latency added to every Graph request, counted through each simulator's
// request log (its loopback control API). Each tenant is a provider alias
// with graph_endpoint, authority_host, tenant_id, client_id and
// client_secret; the simulators' server certificates share one CA, which the
// provider processes trust through SSL_CERT_FILE. Everything runs on loopback; nothing is
// downloaded. The bench does not import the simulator package: it is a
// separate program, as the simulator is for tests and its own command.
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
	// Tenants are the tenant counts to measure, for example 1, 10 and 50.
	Tenants []int
	// Latency is added by the simulators to every Graph request.
	Latency time.Duration
	// Parallelism is passed to terraform as -parallelism when positive;
	// Terraform's default (10) otherwise.
	Parallelism int
	// PollEvery is how often provider memory is polled.
	PollEvery time.Duration
	// Floor adds a run of the largest tenant count with the snapshot on and
	// no added latency: what Terraform and the provider cost without any
	// wait for Graph.
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
	// MaxPerTenant is the most Graph requests one tenant received.
	MaxPerTenant int
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

// Run measures every tenant count with the snapshot on and off.
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
		for _, snapshot := range []bool{true, false} {
			results, err := scenario(ctx, opts, rc, n, snapshot)
			if err != nil {
				return rep, fmt.Errorf("%d tenants, snapshot %s: %w", n, onOff(snapshot), err)
			}
			rep.Results = append(rep.Results, results...)
		}
	}
	if opts.Floor && len(opts.Tenants) > 0 && opts.Latency > 0 {
		floor := opts
		floor.Latency = 0
		n := slices.Max(opts.Tenants)
		results, err := scenario(ctx, floor, rc, n, true)
		if err != nil {
			return rep, fmt.Errorf("%d tenants without latency: %w", n, err)
		}
		rep.Results = append(rep.Results, results...)
	}
	s, err := startupScenario(ctx, opts, rc)
	if err != nil {
		return rep, fmt.Errorf("start-up: %w", err)
	}
	rep.Startup = s
	return rep, nil
}

// scenario applies the baseline to n fresh tenants, then plans it.
func scenario(ctx context.Context, opts Options, rc string, n int, snapshot bool) ([]Result, error) {
	dir := filepath.Join(opts.WorkDir, fmt.Sprintf("tenants-%d-snapshot-%s-latency-%s", n, onOff(snapshot), opts.Latency))
	// A fresh directory: the apply starts without state.
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	opts.progress("%d tenants, snapshot %s: starting %d simulators (latency %s)", n, onOff(snapshot), n, opts.Latency)
	f, err := startFleet(ctx, opts.Simulator, dir, n, opts.Latency)
	if err != nil {
		return nil, err
	}
	defer f.stop()
	infos := make([]simulatorInfo, n)
	for i, s := range f.sims {
		infos[i] = s.info
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(baselineConfig(infos, snapshot)), 0o644); err != nil {
		return nil, err
	}
	env := terraformEnv(rc, f.bundle)

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
		if err := f.resetLogs(ctx); err != nil {
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
		logs, err := f.logs(ctx)
		if err != nil {
			return nil, err
		}
		res := count(logs, opts.Latency)
		res.Operation, res.Tenants, res.Snapshot, res.Latency = op.name, n, snapshot, opts.Latency
		res.Wall, res.CPU, res.Memory = r.Wall, r.CPU, r.Memory
		opts.progress("    %s: %d Graph requests (%d reads, %d writes), wall %s, CPU %s (providers %s), %d provider processes, peak RSS %.1f MiB",
			op.name, res.Requests(), res.Reads, res.Writes, r.Wall.Round(time.Millisecond), r.CPU.Round(10*time.Millisecond),
			res.Memory.CPU, res.Memory.Processes, mib(res.Memory.MaxPeakKiB))
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
	f, err := startFleet(ctx, opts.Simulator, dir, 1, opts.Latency)
	if err != nil {
		return Startup{}, err
	}
	defer f.stop()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(baselineConfig([]simulatorInfo{f.sims[0].info}, true)), 0o644); err != nil {
		return Startup{}, err
	}
	opts.progress("provider start-up: handshake and terraform providers schema -json")
	return measureStartup(ctx, opts, dir, terraformEnv(rc, f.bundle))
}

// count sums the request logs of one command's tenants.
func count(logs [][]request, latency time.Duration) Result {
	res := Result{ReadsByRoute: map[string]int{}, Identity: map[string]int{}}
	var writes []time.Time
	for _, log := range logs {
		perTenant := 0
		for _, r := range log {
			if identityRoutes[r.Route] {
				res.Identity[r.Route]++
				continue
			}
			perTenant++
			if r.Write {
				res.Writes++
				writes = append(writes, r.Time)
			} else {
				res.Reads++
				res.ReadsByRoute[r.Route]++
			}
		}
		res.MaxPerTenant = max(res.MaxPerTenant, perTenant)
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
