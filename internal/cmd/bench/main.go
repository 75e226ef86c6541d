// Command bench measures Graph requests, wall time, provider processes,
// memory and CPU of terraform plan and apply across many simulated tenants,
// reached through one provider alias per tenant and through one provider
// configuration with a tenant_id on every resource, and prints Markdown
// tables. make bench runs it through .ci/bench.sh, which builds the
// provider and the simulator first.
//
// Usage:
//
//	bench -terraform PATH -provider-dir DIR -simulator PATH -work DIR
//	      [-tenants 10,50,200] [-modes aliases,per-resource] [-aliases-max 200]
//	      [-snapshot on|off|on,off] [-latency 100ms] [-parallelism N] [-floor] [-out FILE]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		log.New(os.Stderr, "bench: ", 0).Print(err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opts, timeout, out, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	opts.Progress = stderr

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rep, runErr := bench.Run(ctx, opts)
	if runErr != nil && (rep == nil || len(rep.Results) == 0) {
		return runErr
	}
	// A run that stopped part way (the time limit, a failed command) still
	// reports what it measured, then fails.
	if err := write(rep, stdout, out); err != nil {
		return err
	}
	if runErr != nil {
		return fmt.Errorf("stopped after the results above: %w", runErr)
	}
	return nil
}

// write writes rep's tables to stdout and, when out is not empty, to the
// file out.
func write(rep *bench.Report, stdout io.Writer, out string) error {
	if err := rep.WriteMarkdown(stdout); err != nil {
		return err
	}
	if out == "" {
		return nil
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := rep.WriteMarkdown(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// parseFlags reads the command line: the bench's options, the overall time
// limit and the file to write the tables to ("" for none).
func parseFlags(args []string, stderr io.Writer) (opts bench.Options, timeout time.Duration, out string, err error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.Terraform, "terraform", "terraform", "path of the Terraform CLI")
	fs.StringVar(&opts.ProviderDir, "provider-dir", "", "directory holding the built terraform-provider-entrapim")
	fs.StringVar(&opts.Simulator, "simulator", "", "path of the built mockgraph command")
	fs.StringVar(&opts.WorkDir, "work", "", "directory for configurations, states and CA files")
	tenants := fs.String("tenants", "10,50,200", "comma-separated tenant counts (the apply of 1000 in the per-resource mode wrote 9,560 of its 13,000 changes in 28 minutes on 2 cores and slowed as it went: Terraform's own apply of 14,000 instances; raise -timeout for it)")
	modes := fs.String("modes", "aliases,per-resource", "comma-separated modes: aliases (one provider alias per tenant), per-resource (one provider configuration, tenant_id on every resource)")
	fs.IntVar(&opts.AliasesMax, "aliases-max", 200, "measure the aliases mode only up to this many tenants (it runs two provider processes of about 40 MiB per tenant at once; 0: no limit)")
	snapshots := fs.String("snapshot", "on", "read_snapshot settings to measure: on, off or on,off")
	fs.DurationVar(&opts.Latency, "latency", 100*time.Millisecond, "latency the simulator adds to every Graph request")
	fs.IntVar(&opts.Parallelism, "parallelism", 0, "terraform -parallelism (0: Terraform's default)")
	fs.BoolVar(&opts.Floor, "floor", false, "also measure the largest tenant count of each mode without latency (snapshot on)")
	timeoutFlag := fs.Duration("timeout", 60*time.Minute, "overall time limit")
	outFlag := fs.String("out", "", "also write the Markdown tables to this file")
	if err := fs.Parse(args); err != nil {
		return opts, 0, "", err
	}
	if opts.ProviderDir == "" || opts.Simulator == "" || opts.WorkDir == "" {
		return opts, 0, "", fmt.Errorf("-provider-dir, -simulator and -work are required")
	}
	for _, s := range list(*tenants) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxTenants {
			return opts, 0, "", fmt.Errorf("-tenants: %q is not a tenant count from 1 to %d", s, maxTenants)
		}
		opts.Tenants = append(opts.Tenants, n)
	}
	for _, s := range list(*modes) {
		if !slices.Contains(bench.Modes, bench.Mode(s)) {
			return opts, 0, "", fmt.Errorf("-modes: %q is not a mode (%v)", s, bench.Modes)
		}
		opts.Modes = append(opts.Modes, bench.Mode(s))
	}
	for _, s := range list(*snapshots) {
		switch s {
		case "on", "off":
			opts.Snapshots = append(opts.Snapshots, s == "on")
		default:
			return opts, 0, "", fmt.Errorf("-snapshot: %q is neither on nor off", s)
		}
	}
	if len(opts.Tenants) == 0 || len(opts.Modes) == 0 || len(opts.Snapshots) == 0 {
		return opts, 0, "", fmt.Errorf("-tenants, -modes and -snapshot need at least one value each")
	}
	return opts, *timeoutFlag, *outFlag, nil
}

// maxTenants bounds -tenants: one simulator serves them all, and the ready
// line and each request log grow with them.
const maxTenants = 5000

// list splits a comma-separated flag value, trimming spaces.
func list(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
