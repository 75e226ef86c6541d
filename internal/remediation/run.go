package remediation

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
)

// Which removals are counted together at plan time. Terraform gives a
// provider no id of the run it is part of, but it starts every provider
// process of a run itself: one per provider configuration (alias) and
// graph walk, each a direct child of the terraform (or tofu) process, with
// Terraform's plugin handshake cookie in its environment (hashicorp/
// go-plugin client.go; Terraform internal/command/meta_providers.go). So
// the processes of one run share their parent, and a run is named by the
// parent's process id and start time (the start time keeps a later
// process that reuses the id apart). A provider that was not started by
// Terraform (debugging, or the testing framework's in-process provider)
// is its own run: nonce tells its runs apart.

// handshakeCookie is the environment variable Terraform and OpenTofu set
// for the provider processes they start.
const handshakeCookie = "TF_PLUGIN_MAGIC_COOKIE"

// ThisRun returns the key of the run this provider process is part of.
// Configure calls it once per provider configuration; outside Terraform
// each call is a run of its own.
func ThisRun() string {
	if os.Getenv(handshakeCookie) != "" {
		ppid := os.Getppid()
		return "terraform-" + strconv.Itoa(ppid) + "-" + processStart(ppid)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "process-" + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b)
}
