// Command bench measures Graph requests, wall time and provider memory of
// terraform plan and apply across many simulated tenants, with the read
// snapshot on and off, and prints Markdown tables. make bench runs it
// through .ci/bench.sh, which builds the provider and the simulator first.
//
// Usage:
//
//	bench -terraform PATH -provider-dir DIR -simulator PATH -work DIR
//	      [-tenants 1,10,50] [-latency 100ms] [-parallelism N] [-floor=true] [-out FILE]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
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
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts bench.Options
	fs.StringVar(&opts.Terraform, "terraform", "terraform", "path of the Terraform CLI")
	fs.StringVar(&opts.ProviderDir, "provider-dir", "", "directory holding the built terraform-provider-entrapim")
	fs.StringVar(&opts.Simulator, "simulator", "", "path of the built mockgraph command")
	fs.StringVar(&opts.WorkDir, "work", "", "directory for configurations, states and CA files")
	tenants := fs.String("tenants", "1,10,50", "comma-separated tenant counts")
	fs.DurationVar(&opts.Latency, "latency", 100*time.Millisecond, "latency the simulators add to every Graph request")
	fs.IntVar(&opts.Parallelism, "parallelism", 0, "terraform -parallelism (0: Terraform's default)")
	fs.BoolVar(&opts.Floor, "floor", true, "also measure the largest tenant count without latency (snapshot on)")
	timeout := fs.Duration("timeout", 30*time.Minute, "overall time limit")
	out := fs.String("out", "", "also write the Markdown tables to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if opts.ProviderDir == "" || opts.Simulator == "" || opts.WorkDir == "" {
		return fmt.Errorf("-provider-dir, -simulator and -work are required")
	}
	for _, s := range strings.Split(*tenants, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 200 {
			return fmt.Errorf("-tenants: %q is not a tenant count from 1 to 200", s)
		}
		opts.Tenants = append(opts.Tenants, n)
	}
	opts.Progress = stderr

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	rep, err := bench.Run(ctx, opts)
	if err != nil {
		return err
	}
	if err := rep.WriteMarkdown(stdout); err != nil {
		return err
	}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		if err := rep.WriteMarkdown(f); err != nil {
			_ = f.Close()
			return err
		}
		return f.Close()
	}
	return nil
}
