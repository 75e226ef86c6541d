// Command terraform-provider-entrapim serves the entrapim Terraform provider
// over plugin protocol 6.
package main

import (
	"flag"
	"log"
	"os"
	rdebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
)

// version is set by goreleaser through -ldflags.
var version = "dev"

// gcPercent is the garbage collector's GOGC unless the environment sets
// GOGC. A provider process lives for one Terraform walk and keeps little
// (the Graph clients and read snapshots of its tenants), while the
// framework allocates a lot per request: with Go's default of 100 it
// collected so often that collection was about a quarter of the provider's
// CPU time. make bench, plan of 200 tenants with per-resource tenant_id:
// provider CPU 11.2 -> 6.6 s, concurrent provider memory 63 -> 114 MiB.
const gcPercent = 400

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()
	if _, set := os.LookupEnv("GOGC"); !set {
		rdebug.SetGCPercent(gcPercent)
	}

	// As providerserver.Serve does, with the framework's server wrapped by
	// provider.NewServer, which lets go of each request's context once the
	// request is answered.
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		// What Terraform would drop unread is not written.
		provider.QuietUnshownLogs(os.LookupEnv, os.Setenv)
	}
	if err := tf6server.Serve("registry.terraform.io/entrapim/entrapim", provider.NewServer(provider.New(version)), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
