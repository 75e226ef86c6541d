package auth

import (
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/provider/config"
)

// TestKnownAuthorityHost: instance discovery stays on for the authorities
// of the national clouds, in either spelling, and off for any other host
// (a proxy, the simulated tenant), which login.microsoftonline.com cannot
// vouch for.
func TestKnownAuthorityHost(t *testing.T) {
	t.Parallel()
	for name, cloud := range config.Clouds {
		for _, host := range []string{cloud.AuthorityHost, cloud.AuthorityHost[:len(cloud.AuthorityHost)-1]} {
			if !isKnownAuthorityHost(host) {
				t.Errorf("%s: %s is not known", name, host)
			}
		}
	}
	for _, host := range []string{"https://127.0.0.1:8443/", "https://login.example.com/"} {
		if isKnownAuthorityHost(host) {
			t.Errorf("%s is known", host)
		}
	}
}
