// Command terraform-provider-entrapim serves the entrapim Terraform provider
// over plugin protocol 6.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/entrapim/terraform-provider-entrapim/internal/gctune"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
)

// version is set by goreleaser through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()
	// GOGC 400 once the process is busy, unless the environment sets GOGC.
	_, gogcSet := os.LookupEnv("GOGC")
	tuner := gctune.New(gogcSet)

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
	if err := tf6server.Serve("registry.terraform.io/entrapim/entrapim", provider.NewServer(provider.New(version), tuner.Request), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
