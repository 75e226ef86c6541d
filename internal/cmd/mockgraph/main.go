// Command mockgraph runs the simulated Microsoft Graph tenant standalone,
// for the demo and for people trying the provider without a real tenant.
//
// It prints one JSON line on stdout when ready, with the Graph endpoint,
// the authority host, the tenant id, the read-write, read-only and
// alerts-only clients and the CA file (a temporary one, removed on exit,
// unless -ca-file names it), then serves until SIGINT or SIGTERM. Logs go to stderr.
//
// Usage:
//
//	mockgraph [-listen 127.0.0.1:0] [-ca-file PATH] [-ca-cert PATH -ca-key PATH] [-seed FILE] [-latency 100ms] [-tenants N]
//	mockgraph -make-ca -ca-cert PATH -ca-key PATH
//	          [-fault [after-]kind[:route[:rate[:count]]]]... [-page-size N] [-scan-duration D] [-rand-seed N] [-quiet]
//	          [-daily-scan skips-dismissed|reactivates] [-refresh-reactivates dismissed|with-incidents]
//	          [-remediated-incidents linger-until-scan|vanish] [-expanded-incidents whole|paged]
//	          [-threshold-ranges portal|unchecked] [-permission-errors directory|pim]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// ready is the JSON line printed on stdout once the server listens: the
// endpoints, the CA file and the first tenant's clients, and with
// -tenants N > 1 every tenant's clients in Tenants.
type ready struct {
	GraphEndpoint string `json:"graph_endpoint"`
	AuthorityHost string `json:"authority_host"`
	tenantClients
	CAFile  string          `json:"ca_file"`
	Tenants []tenantClients `json:"tenants,omitempty"`
}

// tenantClients are one tenant's id and clients.
type tenantClients struct {
	TenantID             string `json:"tenant_id"`
	ClientID             string `json:"client_id"`
	ClientSecret         string `json:"client_secret"`
	ReadOnlyClientID     string `json:"read_only_client_id"`
	ReadOnlyClientSecret string `json:"read_only_client_secret"`
	// The alerts-only client may read and write alerts but not read who
	// holds a role, so the provider's Global Administrator guard refuses
	// to remediate with it.
	AlertsOnlyClientID     string `json:"alerts_only_client_id"`
	AlertsOnlyClientSecret string `json:"alerts_only_client_secret"`
}

// clientsOf returns the tenant's id and clients.
func clientsOf(s *mockgraph.Server) tenantClients {
	c := tenantClients{TenantID: s.TenantID()}
	c.ClientID, c.ClientSecret = s.ReadWriteClient()
	c.ReadOnlyClientID, c.ReadOnlyClientSecret = s.ReadOnlyClient()
	c.AlertsOnlyClientID, c.AlertsOnlyClientSecret = s.AlertsOnlyClient()
	return c
}

// faultFlags collects repeated -fault flags.
type faultFlags []mockgraph.Fault

func (f *faultFlags) String() string { return fmt.Sprint(len(*f), " faults") }

func (f *faultFlags) Set(v string) error {
	fault, err := mockgraph.ParseFault(v)
	if err != nil {
		return err
	}
	*f = append(*f, fault)
	return nil
}

func main() {
	logger := log.New(os.Stderr, "mockgraph: ", log.LstdFlags|log.Lmicroseconds)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, logger)
	stop()
	if err != nil {
		logger.Print(err)
		os.Exit(1)
	}
}

// run starts the server, prints the ready line on stdout and serves until
// ctx is done.
func run(ctx context.Context, args []string, stdout io.Writer, logger *log.Logger) error {
	fs := flag.NewFlagSet("mockgraph", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on")
	caFile := fs.String("ca-file", "", "where to write the CA certificate (PEM); default a temporary file")
	caCert := fs.String("ca-cert", "", "sign the server certificate with this CA certificate (PEM; with -ca-key) instead of a new CA, so many simulators share one")
	caKey := fs.String("ca-key", "", "the private key of -ca-cert (PEM)")
	makeCA := fs.Bool("make-ca", false, "write a new CA to -ca-cert and -ca-key, for simulators that share it, and exit")
	seedFile := fs.String("seed", "", "tenant model to load (JSON); default the embedded realistic tenant")
	latency := fs.Duration("latency", 0, "latency added to every Graph request, e.g. 100ms")
	pageSize := fs.Int("page-size", 100, "server-driven page size of incident lists")
	scanDuration := fs.Duration("scan-duration", 5*time.Second, "how long a refresh operation runs before PIM completes it")
	variantOptions := mockgraph.VariantFlags(fs)
	randSeed := fs.Uint64("rand-seed", 0, "seed of the fault-rate random source (0 = random)")
	tenants := fs.Int("tenants", 1, "how many tenants to serve, each with its own tenant id, model and clients (the ready line lists them)")
	quiet := fs.Bool("quiet", false, "do not log requests")
	var faults faultFlags
	fs.Var(&faults, "fault", "inject a fault: [after-]kind[:route[:rate[:count]]], e.g. throttle:alerts.list:0.5 or after-drop:incidents.remediate (after-: once the request took effect; repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}

	variants, err := variantOptions()
	if err != nil {
		return err
	}
	opts := append([]mockgraph.Option{
		mockgraph.WithListenAddr(*listen), mockgraph.WithLatency(*latency),
		mockgraph.WithPageSize(*pageSize), mockgraph.WithScanDuration(*scanDuration), mockgraph.WithTenants(*tenants),
	}, variants...)
	if !*quiet {
		opts = append(opts, mockgraph.WithLogger(logger))
	}
	if *randSeed != 0 {
		opts = append(opts, mockgraph.WithRandSeed(*randSeed))
	}
	if (*caCert == "") != (*caKey == "") {
		return errors.New("-ca-cert and -ca-key go together")
	}
	if *makeCA {
		if *caCert == "" {
			return errors.New("-make-ca needs -ca-cert and -ca-key")
		}
		ca, err := mockgraph.NewCA()
		if err != nil {
			return err
		}
		return ca.WriteFiles(*caCert, *caKey)
	}
	if *caCert != "" {
		ca, err := mockgraph.LoadCA(*caCert, *caKey)
		if err != nil {
			return fmt.Errorf("-ca-cert/-ca-key: %w", err)
		}
		opts = append(opts, mockgraph.WithCA(ca))
	}
	if *seedFile != "" {
		seed, err := mockgraph.LoadSeed(*seedFile)
		if err != nil {
			return err
		}
		opts = append(opts, mockgraph.WithSeed(seed))
	}
	s, err := mockgraph.Start(opts...)
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}
	defer s.Close()
	for _, f := range faults {
		logger.Printf("fault %s: %s on route %q (rate %v, count %d)", s.AddFault(f), f.Kind, f.Route, f.Rate, f.Count)
	}

	path, err := writeCA(*caFile, s.CACertPEM())
	if err != nil {
		return err
	}
	if *caFile == "" {
		// A temporary CA file is the simulator's own: it goes when the
		// simulator stops.
		defer func() { _ = os.Remove(path) }()
	}
	r := ready{GraphEndpoint: s.GraphEndpoint(), AuthorityHost: s.AuthorityHost(), tenantClients: clientsOf(s), CAFile: path}
	if tenants := s.Tenants(); len(tenants) > 1 {
		for _, t := range tenants {
			r.Tenants = append(r.Tenants, clientsOf(t))
		}
	}
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode ready line: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return fmt.Errorf("write ready line: %w", err)
	}
	logger.Printf("serving %d tenant(s), the first %s, at %s (control API, first tenant: %s/_simulator/)", len(s.Tenants()), s.TenantID(), s.GraphEndpoint(), s.GraphEndpoint())

	<-ctx.Done()
	logger.Print("shutting down")
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		logger.Print("requests still running after 10s; exiting anyway")
	}
	return nil
}

// checkLoopback refuses non-loopback listen addresses: the control API has
// no authentication.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip == nil || !ip.IsLoopback() {
		return errors.New("-listen must be a loopback address such as 127.0.0.1:0 (the control API has no authentication)")
	}
	return nil
}

// writeCA writes the CA certificate to path (or a new temporary file).
func writeCA(path string, pem []byte) (string, error) {
	if path == "" {
		f, err := os.CreateTemp("", "mockgraph-ca-*.pem")
		if err != nil {
			return "", fmt.Errorf("create CA file: %w", err)
		}
		path = f.Name()
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("create CA file: %w", err)
		}
	}
	if err := os.WriteFile(path, pem, 0o644); err != nil {
		return "", fmt.Errorf("write CA file: %w", err)
	}
	return path, nil
}
