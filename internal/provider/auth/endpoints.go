package auth

import (
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider/config"
)

// Endpoints returns the Graph endpoint and the authority host the
// configuration asks for: those of its cloud, unless graph_endpoint or
// authority_host override them.
func Endpoints(c *config.Config) (graphEndpoint, authorityHost string) {
	cloud := c.Cloud()
	graphEndpoint, authorityHost = cloud.GraphEndpoint, cloud.AuthorityHost
	if c.GraphEndpoint.IsSet() {
		graphEndpoint = c.GraphEndpoint.Value // graph.New checks it again
	}
	if c.AuthorityHost.IsSet() {
		authorityHost = authorityURL(c.AuthorityHost.Value)
	}
	return graphEndpoint, authorityHost
}

// isKnownAuthorityHost reports whether host is the authority of a national
// cloud, where Entra instance discovery works.
func isKnownAuthorityHost(authority string) bool {
	for _, e := range config.Clouds {
		if strings.EqualFold(strings.TrimSuffix(e.AuthorityHost, "/"), strings.TrimSuffix(authority, "/")) {
			return true
		}
	}
	return false
}

// authorityURL returns an authority host override, checked by
// config.Validate, as azidentity wants it: with a trailing slash.
func authorityURL(raw string) string {
	u, err := graph.ParseEndpoint(raw, true)
	if err != nil {
		return raw
	}
	return u.String() + "/"
}
