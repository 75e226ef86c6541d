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

// environments maps the `environment` setting (lower case) to its
// endpoints: the names and aliases the azuread provider accepts, and the
// hosts of its go-azure-sdk environments (hashicorp/go-azure-sdk,
// sdk/environments: azure_public.go, azure_gov.go, azure_china.go).
var environments = map[string]cloudEndpoints{
	"global":         publicCloud,
	"public":         publicCloud,
	"usgovernmentl4": usGovernmentL4,
	"usgovernment":   usGovernmentL4,
	"usgovernmentl5": usGovernmentL5,
	"dod":            usGovernmentL5,
	"china":          {AuthorityHost: "https://login.chinacloudapi.cn/", GraphEndpoint: "https://microsoftgraph.chinacloudapi.cn"},
}

var (
	publicCloud    = cloudEndpoints{AuthorityHost: "https://login.microsoftonline.com/", GraphEndpoint: "https://graph.microsoft.com"}
	usGovernmentL4 = cloudEndpoints{AuthorityHost: "https://login.microsoftonline.us/", GraphEndpoint: "https://graph.microsoft.us"}
	usGovernmentL5 = cloudEndpoints{AuthorityHost: "https://login.microsoftonline.us/", GraphEndpoint: "https://dod-graph.microsoft.us"}
)

// defaultEnvironment is the cloud when `environment` is not set.
const defaultEnvironment = "global"

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
