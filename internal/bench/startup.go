package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// providerBinary is the provider executable's name in Options.ProviderDir.
const providerBinary = "terraform-provider-entrapim"

// Startup is how long the provider takes to become ready.
type Startup struct {
	// Handshake is the median time from exec to the go-plugin handshake
	// line (the gRPC server listens), over Runs starts; HandshakeMax the
	// slowest.
	Handshake, HandshakeMax time.Duration
	Runs                    int
	// Schema is the median wall time of `terraform providers schema -json`
	// for a one-tenant configuration: Terraform's own start, one provider
	// start and its GetProviderSchema.
	Schema time.Duration
}

// handshakeEnv makes the provider binary serve as Terraform starts it.
var handshakeEnv = []string{
	"TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
	"PLUGIN_PROTOCOL_VERSIONS=6",
}

// measureHandshake starts the provider binary n times and times each start
// until its handshake line.
func measureHandshake(ctx context.Context, binary string, n int) (median, slowest time.Duration, err error) {
	var times []time.Duration
	for range n {
		d, err := handshakeOnce(ctx, binary)
		if err != nil {
			return 0, 0, err
		}
		times = append(times, d)
	}
	slices.Sort(times)
	return times[len(times)/2], times[len(times)-1], nil
}

func handshakeOnce(ctx context.Context, binary string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary)
	cmd.Env = append(os.Environ(), handshakeEnv...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		return 0, fmt.Errorf("the provider printed no handshake line: %v", sc.Err())
	}
	d := time.Since(start)
	if !strings.HasPrefix(sc.Text(), "1|6|") {
		return 0, fmt.Errorf("unexpected handshake line %q", sc.Text())
	}
	return d, nil
}

// measureSchema times `terraform providers schema -json` in dir n times.
func measureSchema(ctx context.Context, opts Options, dir string, env []string, n int) (time.Duration, error) {
	var times []time.Duration
	for range n {
		r, err := terraform(ctx, opts, dir, env, "providers", "schema", "-json")
		if err != nil {
			return 0, err
		}
		if r.Exit != 0 {
			return 0, errors.New("terraform providers schema failed:\n" + r.Output)
		}
		times = append(times, r.Wall)
	}
	slices.Sort(times)
	return times[len(times)/2], nil
}

// measureStartup measures the provider's start-up with a one-tenant
// configuration written into dir.
func measureStartup(ctx context.Context, opts Options, dir string, env []string) (Startup, error) {
	const runs = 10
	var s Startup
	var err error
	s.Runs = runs
	if s.Handshake, s.HandshakeMax, err = measureHandshake(ctx, filepath.Join(opts.ProviderDir, providerBinary), runs); err != nil {
		return s, err
	}
	s.Schema, err = measureSchema(ctx, opts, dir, env, 5)
	return s, err
}
