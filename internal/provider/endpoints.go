package provider

import (
	"sort"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// cloudEndpoints are the authority and Graph hosts of one national cloud.
type cloudEndpoints struct {
	AuthorityHost string
	GraphEndpoint string
}

// environments maps the `environment` setting to its endpoints. The names
// are those of the azuread provider.
var environments = map[string]cloudEndpoints{
	"public":       {AuthorityHost: "https://login.microsoftonline.com/", GraphEndpoint: "https://graph.microsoft.com"},
	"usgovernment": {AuthorityHost: "https://login.microsoftonline.us/", GraphEndpoint: "https://graph.microsoft.us"},
	"dod":          {AuthorityHost: "https://login.microsoftonline.us/", GraphEndpoint: "https://dod-graph.microsoft.us"},
	"china":        {AuthorityHost: "https://login.chinacloudapi.cn/", GraphEndpoint: "https://microsoftgraph.chinacloudapi.cn"},
}

// environmentNames returns the valid `environment` values, sorted.
func environmentNames() []string {
	out := make([]string, 0, len(environments))
	for k := range environments {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// isKnownAuthorityHost reports whether host is the authority of a national
// cloud, where Entra instance discovery works.
func isKnownAuthorityHost(authority string) bool {
	for _, e := range environments {
		if strings.EqualFold(strings.TrimSuffix(e.AuthorityHost, "/"), strings.TrimSuffix(authority, "/")) {
			return true
		}
	}
	return false
}

// authorityURL returns an authority host override, checked by validate, as
// azidentity wants it: with a trailing slash.
func authorityURL(raw string) string {
	u, err := graph.ParseEndpoint(raw, true)
	if err != nil {
		return raw
	}
	return u.String() + "/"
}
